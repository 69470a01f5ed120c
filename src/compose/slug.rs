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
use crate::flow::display::set_display;
use crate::flow::setter::{Origin, Setter};
use crate::flow::{Frame, FrameKind};
use crate::geom::{mm, Cmyk, Rect};
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

/// The slug frame of `page`, or `None` when the layout has no `slug` style.
pub fn slug(
    issue: &Issue,
    page: &IssuePage,
    setter: &mut Setter,
) -> Result<Option<Frame>, Diagnostics> {
    let l = &issue.layout;
    let Some(style) = l.style(SLUG_STYLE) else {
        return Ok(None);
    };
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
    let mut text = format!(
        "{} {}-{:02}-{:02} 第{}号 · 第{}版 {}",
        info.paper,
        info.date.year,
        info.date.month,
        info.date.day,
        info.number,
        page.number,
        page.section
    );
    if !l.output.identifier.is_empty() {
        text.push_str(" · ");
        text.push_str(&l.output.identifier);
    }
    let mut lines = set_display(
        setter,
        g,
        style,
        &text,
        left,
        plates_x - left - style.size,
        top,
        &origin,
    )
    .map_err(Diagnostics)?
    .lines;
    for (i, (name, ink)) in PLATES.iter().enumerate() {
        let mut st = style.clone();
        st.color = *ink;
        let x = plates_x + style.size * 2.0 * i as f64;
        let block = set_display(setter, g, &st, name, x, style.size * 2.0, top, &origin)
            .map_err(Diagnostics)?;
        lines.extend(block.lines);
    }
    Ok(Some(Frame {
        kind: FrameKind::Slug,
        label: format!("slug {}", page.number),
        rect: Rect::new(left, top, l.trim_width - 2.0 * left, height),
        head: lines,
        columns: Vec::new(),
        boxes: Vec::new(),
    }))
}
