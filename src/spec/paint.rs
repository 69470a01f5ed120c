//! The house defaults for rules and boxes: line widths, colours and overprint, decided
//! here (in the resolved layout) and carried by every rule and box of the page
//! description, so the pdf stage only writes what it is given.

use crate::geom::Cmyk;
use crate::spec::model::{BoxStyle, PaintStyles, RuleStyle};

/// Registration colour: 100 % of every ink, for marks every separation must carry.
pub const REGISTRATION: Cmyk = Cmyk::new(1.0, 1.0, 1.0, 1.0);

/// Grey of a photo placeholder (30 % K).
const PHOTO_GREY: Cmyk = Cmyk::grey(0.3);

fn rule(name: &str, width: f64, color: Cmyk) -> RuleStyle {
    RuleStyle {
        name: name.into(),
        width,
        color,
        overprint: false,
        dash: None,
    }
}

fn frame(name: &str, fill: Option<Cmyk>, width: f64) -> BoxStyle {
    BoxStyle {
        name: name.into(),
        fill,
        stroke: Some((Cmyk::BLACK, width)),
        overprint: false,
    }
}

/// The rule and box styles of a layout; `between_width` is `grid.rule_pt`.
pub fn house_paint(between_width: f64) -> PaintStyles {
    PaintStyles {
        between: rule("between", between_width, Cmyk::BLACK),
        crop_mark: rule("crop-mark", 0.25, REGISTRATION),
        photo_placeholder: frame("photo-placeholder", Some(PHOTO_GREY), 0.5),
        ad_frame: frame("ad-frame", None, 1.0),
        teaser_frame: frame("teaser-frame", None, 0.5),
    }
}
