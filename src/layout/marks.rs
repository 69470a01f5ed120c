//! Crop marks (裁切线) at the four trim corners and registration crosses (套准线) at the
//! middle of the left, right and bottom edges (the top edge carries the slug line),
//! drawn in the slug in the registration colour (`/Separation /All`: every plate), so
//! the plant can trim every separation and check that the plates register.
//!
//! The marks lie strictly outside the BleedBox: they start the layout's
//! `[output] mark_offset_mm` beyond the bleed (ISO 15930-7 keeps marks outside
//! the BleedBox; a mark touching the bleed would print on the trimmed sheet's edge).

use crate::geom::mm;
use crate::layout::furniture::band::rule;
use crate::page::Rule;
use crate::spec::Issue;

/// Eight lines, two per corner, from the bleed plus the mark offset to 1 mm short of
/// the media edge. None when the slug is too narrow for them.
pub fn crop_marks(issue: &Issue) -> Vec<Rule> {
    let l = &issue.layout;
    let (w, h) = (l.trim_width, l.trim_height);
    let near = l.bleed + l.output.mark_offset;
    let far = l.bleed + l.slug - mm(1.0);
    if far <= near {
        return Vec::new();
    }
    let style = &l.paint.crop_mark;
    let mut out = Vec::new();
    for &(cx, sx) in &[(0.0, -1.0), (w, 1.0)] {
        for &(cy, sy) in &[(0.0, -1.0), (h, 1.0)] {
            // Horizontal mark on the trim line y = cy, outside in x.
            out.push(rule(cx + sx * near, cy, cx + sx * far, cy, style));
            // Vertical mark on x = cx, outside in y.
            out.push(rule(cx, cy + sy * near, cx, cy + sy * far, style));
        }
    }
    out
}

/// Half the arm length of a registration cross.
const CROSS_ARM_MM: f64 = 3.0;

/// Registration crosses: a horizontal and a vertical line, 6 mm each, centred one arm
/// beyond the crop marks' start, at the middle of the left, right and bottom edges.
/// None when the slug has no room for them.
pub fn registration_marks(issue: &Issue) -> Vec<Rule> {
    let l = &issue.layout;
    let (w, h) = (l.trim_width, l.trim_height);
    let arm = mm(CROSS_ARM_MM);
    let centre = l.bleed + l.output.mark_offset + arm;
    if centre + arm > l.bleed + l.slug - mm(1.0) {
        return Vec::new();
    }
    let style = &l.paint.crop_mark;
    let mut out = Vec::new();
    for (cx, cy) in [
        (-centre, h / 2.0),
        (w + centre, h / 2.0),
        (w / 2.0, h + centre),
    ] {
        out.push(rule(cx - arm, cy, cx + arm, cy, style));
        out.push(rule(cx, cy - arm, cx, cy + arm, style));
    }
    out
}
