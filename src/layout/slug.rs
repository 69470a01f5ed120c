//! The slug line (版边信息): one line of job information above the trim, outside the
//! bleed, that is cut away with the margin: paper, date, issue number, page and
//! section, the printing condition, and the plate names C M Y K, each set in its own
//! ink so that every separation shows which plate it is.
//!
//! Drawn only when the layout defines a `slug` style. It starts a body line's pitch
//! beyond the crop marks' start (bleed + `[output] mark_offset_mm`), between the corner
//! marks, so it never reaches into the BleedBox (ISO 15930-7: marks and job information
//! belong outside the BleedBox).

use crate::diag::Diagnostics;
use crate::geom::{mm, Cmyk, Rect};
use crate::layout::display::{set_display, DisplayAt};
use crate::layout::furniture::Placed;
use crate::layout::setter::{Origin, Setter};
use crate::page::{Frame, FrameKind, Furniture, Role};
use crate::spec::{Issue, IssuePage};

/// Name of the layout style that switches the slug line on.
pub const SLUG_STYLE: &str = "slug";

/// Distance of the slug text from the left and right trim edges (clear of the marks).
const SIDE_MM: f64 = 20.0;

/// The plate names and their inks.
const PLATES: [(&str, Cmyk); 4] = [
    ("C", Cmyk::new(1.0, 0.0, 0.0, 0.0)),
    ("M", Cmyk::new(0.0, 1.0, 0.0, 0.0)),
    ("Y", Cmyk::new(0.0, 0.0, 1.0, 0.0)),
    ("K", Cmyk::BLACK),
];

/// The slug line of `page`, or `None` when the layout has no `slug` style.
pub fn slug(
    issue: &Issue,
    page: &IssuePage,
    setter: &mut Setter,
) -> Result<Option<Placed>, Diagnostics> {
    let l = &issue.layout;
    let Some(style_id) = l.style_id(SLUG_STYLE) else {
        return Ok(None);
    };
    let style = l.style(style_id);
    let g = &l.grid;
    let info = &issue.info;
    let origin = Origin {
        file: &issue.path,
        what: format!("the slug line of page {}", page.number),
    };
    let height = g.line_pitch * f64::from(style.lines.max(1));
    let top = -(l.bleed + l.output.mark_offset + height);
    let left = mm(SIDE_MM);
    let plates_width = style.size * 2.0 * PLATES.len() as f64;
    let plates_x = l.trim_width - mm(SIDE_MM) - plates_width;
    let text =
        crate::spec::wording::slug_text(info, page.number, &page.section, &l.output.identifier);
    let role = Role::Furniture(Furniture::Slug);
    let at = DisplayAt {
        style: style_id,
        role,
        x: left,
        width: plates_x - left - style.size,
        top,
    };
    let mut lines = set_display(setter, l, at, None, &text, &origin)?.lines;
    for (i, (name, ink)) in PLATES.iter().enumerate() {
        let at = DisplayAt {
            style: style_id,
            role,
            x: plates_x + style.size * 2.0 * i as f64,
            width: style.size * 2.0,
            top,
        };
        let block = set_display(setter, l, at, None, name, &origin)?;
        // Each plate name in its own ink (a process colour: it knocks out).
        lines.extend(block.lines.into_iter().map(|mut line| {
            line.color = *ink;
            line.overprint = *ink == Cmyk::BLACK;
            line
        }));
    }
    Ok(Some(Placed {
        frame: Frame {
            kind: FrameKind::Slug,
            story: None,
            rect: Rect::new(left, top, l.trim_width - 2.0 * left, height),
            columns: Vec::new(),
        },
        boxes: Vec::new(),
        images: Vec::new(),
        lines,
        rules: Vec::new(),
    }))
}
