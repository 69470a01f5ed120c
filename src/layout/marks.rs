//! Crop marks (裁切线) at the four trim corners, drawn in the slug outside the bleed in
//! registration colour (all four inks), so the plant can trim every separation.

use crate::geom::mm;
use crate::layout::furniture::band::rule;
use crate::page::Rule;
use crate::spec::Issue;

/// Eight lines, two per corner, starting at the bleed and stopping 1 mm short of the
/// media edge.
pub fn crop_marks(issue: &Issue) -> Vec<Rule> {
    let l = &issue.layout;
    let (w, h) = (l.trim_width, l.trim_height);
    let near = l.bleed;
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
