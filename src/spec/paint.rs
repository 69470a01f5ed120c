//! The house defaults for rules and boxes: line widths, colours and overprint, decided
//! here (in the resolved layout) and carried by every rule and box of the page
//! description, so the pdf stage only writes what it is given.
//!
//! Overprint: 100 K rules, and boxes that paint nothing but 100 K, overprint like black
//! text (a hairline that knocks out shows white fringes when the plates are slightly
//! out of register); anything in colour or a tint knocks out. Crop marks are in the
//! registration colour (`/Separation /All`), which prints on every plate.

use crate::geom::{Cmyk, Paint};
use crate::spec::model::{BoxStyle, PaintStyles, RuleStyle};

/// Whether a rule of this colour overprints by default: only 100 K.
pub fn overprints(color: Paint) -> bool {
    color == Paint::Process(Cmyk::BLACK)
}

/// Whether a box overprints by default: when everything it paints is 100 K.
pub fn box_overprints(fill: Option<Cmyk>, stroke: Option<(Cmyk, f64)>) -> bool {
    fill.is_none_or(|c| c == Cmyk::BLACK) && stroke.is_none_or(|(c, _)| c == Cmyk::BLACK)
}

/// Grey of a photo placeholder (30 % K).
const PHOTO_GREY: Cmyk = Cmyk::grey(0.3);

fn rule(name: &str, width: f64, color: Paint) -> RuleStyle {
    RuleStyle {
        name: name.into(),
        width,
        color,
        overprint: overprints(color),
        dash: None,
    }
}

fn frame(name: &str, fill: Option<Cmyk>, width: f64) -> BoxStyle {
    let stroke = Some((Cmyk::BLACK, width));
    BoxStyle {
        name: name.into(),
        fill,
        stroke,
        overprint: box_overprints(fill, stroke),
    }
}

/// The rule and box styles of a layout; `between_width` is `grid.rule_pt`.
pub fn house_paint(between_width: f64) -> PaintStyles {
    PaintStyles {
        between: rule("between", between_width, Paint::Process(Cmyk::BLACK)),
        crop_mark: rule("crop-mark", 0.25, Paint::Registration),
        photo_placeholder: frame("photo-placeholder", Some(PHOTO_GREY), 0.5),
        ad_frame: frame("ad-frame", None, 1.0),
        teaser_frame: frame("teaser-frame", None, 0.5),
        ad_label_ground: BoxStyle {
            name: "ad-label-ground".into(),
            fill: Some(Cmyk::WHITE),
            stroke: None,
            overprint: false,
        },
        note_box: frame("note-box", None, 0.5),
    }
}
