//! A photo: its box over the area (a grey placeholder until pictures are placed; a
//! photo that names a file is reported, never silently left as a placeholder) and the
//! caption set under it in the caption style.

use crate::diag::{Diagnostic, Diagnostics};
use crate::geom::Rect;
use crate::layout::display::{set_display, DisplayAt};
use crate::layout::furniture::{area_rect, Placed};
use crate::layout::setter::{Origin, Setter};
use crate::page::{BoxItem, BoxRole, Frame, FrameKind, Furniture, Role};
use crate::spec::{Issue, Photo};

/// Place photo number `index` of a page.
pub fn photo(
    issue: &Issue,
    ph: &Photo,
    index: usize,
    setter: &mut Setter,
) -> Result<(Placed, Option<Diagnostic>), Diagnostics> {
    let layout = &issue.layout;
    let g = &layout.grid;
    let rect = area_rect(issue, &ph.area);
    let origin = Origin {
        file: &issue.path,
        what: "a photo caption".into(),
    };
    let locate =
        |e: Vec<Diagnostic>| Diagnostics(e.into_iter().map(|d| d.located(&ph.loc)).collect());
    let at = |top: f64| DisplayAt {
        style: layout.roles.caption,
        role: Role::Furniture(Furniture::Caption(index)),
        x: rect.x,
        width: rect.w,
        top,
    };
    // Set the caption first to know how many lines it takes.
    let probe = set_display(setter, layout, at(0.0), None, &ph.caption, &origin).map_err(locate)?;
    let cap_rows = probe.rows;
    if cap_rows.saturating_add(2) > ph.area.rows {
        return Err(Diagnostic::error(format!(
            "a photo's area ({} lines) is too small for its {cap_rows}-line caption",
            ph.area.rows
        ))
        .located(&ph.loc)
        .into());
    }
    let cap_row = ph.area.last_row() + 1 - cap_rows;
    let block = set_display(
        setter,
        layout,
        at(g.row_y(cap_row)),
        None,
        &ph.caption,
        &origin,
    )
    .map_err(locate)?;
    let inset = (g.line_pitch - g.char_size) / 2.0;
    let img = Rect::new(
        rect.x,
        rect.y + inset,
        rect.w,
        g.row_y(cap_row) - rect.y - 2.0 * inset,
    );
    let note = ph.asset.and_then(|a| issue.assets.get(a.0)).map(|a| {
        Diagnostic::warning(format!(
            "photo `{}` is not placed yet (pictures are not supported): a grey placeholder is printed in its place",
            a.path.display()
        ))
        .located(&a.loc)
    });
    Ok((
        Placed {
            frame: Frame {
                kind: FrameKind::Photo,
                story: None,
                rect,
                columns: Vec::new(),
            },
            boxes: vec![BoxItem {
                rect: img,
                style: layout.paint.photo_placeholder.clone(),
                role: BoxRole::Photo { asset: ph.asset },
                frame: 0,
            }],
            lines: block.lines,
            rules: Vec::new(),
        },
        note,
    ))
}
