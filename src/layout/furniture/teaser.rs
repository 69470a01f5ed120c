//! A teaser (导读): `人勤春来早 春来奋力跑` then `>>> 详见第二版 >>>`, the page taken
//! from where the story begins, in a frame.

use crate::diag::{Diagnostic, Diagnostics};
use crate::layout::furniture::{area_rect, inset_rect, Painter, Placed};
use crate::layout::setter::Setter;
use crate::page::{BoxItem, BoxRole, Frame, FrameKind, Furniture, Role};
use crate::spec::wording::fill_reference;
use crate::spec::{Issue, Teaser};

/// Place teaser number `index` of a page.
pub fn teaser(
    issue: &Issue,
    t: &Teaser,
    index: usize,
    setter: &mut Setter,
) -> Result<Placed, Diagnostics> {
    let layout = &issue.layout;
    let Some(page) = issue.story(t.story).parts.first().map(|p| p.page) else {
        return Err(Diagnostic::error(format!(
            "a teaser points at a story that was not placed (“{}”)",
            t.text
        ))
        .located(&t.loc)
        .into());
    };
    let rect = area_rect(issue, &t.area);
    // The title on its own line(s), the page reference on the next: the reference is
    // never split from its arrows (docs/cjk-rules.md §6.5).
    let reference = fill_reference(&layout.wording.teaser_ref, page, "");
    let style = layout.roles.teaser;
    let role = Role::Furniture(Furniture::Teaser(index));
    let mut p = Painter::new(issue, setter, &t.loc, "a teaser");
    let a = t.area;
    let row = a.row
        + a.rows
            .saturating_sub(layout.style(style).lines.saturating_mul(2))
            / 2;
    let rows = p.text(style, role, &t.text, a.col, a.cols, row)?;
    let more = p.text(style, role, &reference, a.col, a.cols, row + rows)?;
    if row + rows + more > a.last_row() + 1 {
        return Err(Diagnostic::error("a teaser's text does not fit its area")
            .located(&t.loc)
            .into());
    }
    Ok(Placed {
        frame: Frame {
            kind: FrameKind::Teaser,
            story: None,
            rect,
            columns: Vec::new(),
        },
        boxes: vec![BoxItem {
            rect: inset_rect(issue, rect),
            style: layout.paint.teaser_frame.clone(),
            role: BoxRole::Teaser,
        }],
        images: Vec::new(),
        lines: p.lines,
        rules: Vec::new(),
    })
}
