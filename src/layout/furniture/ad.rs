//! An ad block: its frame, the 广告 label in its top corner (《报纸出版管理规定》§38:
//! advertising is always marked), and the advertiser's text centred in the rest. A
//! supplied file is not placed yet and is reported as such.

use crate::diag::{Diagnostic, Diagnostics};
use crate::layout::furniture::{area_rect, inset_rect, Painter, Placed};
use crate::layout::setter::Setter;
use crate::page::{BoxItem, BoxRole, Frame, FrameKind, Furniture, Role};
use crate::spec::{Ad, Issue};

/// Place ad number `index` of a page.
pub fn ad(
    issue: &Issue,
    ad: &Ad,
    index: usize,
    setter: &mut Setter,
) -> Result<(Placed, Option<Diagnostic>), Diagnostics> {
    let layout = &issue.layout;
    let g = &layout.grid;
    let roles = &layout.roles;
    let rect = area_rect(issue, &ad.area);
    let a = ad.area;
    let mut p = Painter::new(issue, setter, &ad.loc, "an ad");
    // The label sits inside the frame: its measure ends half a character short of the
    // frame's right edge.
    let label_role = Role::Furniture(Furniture::AdLabel(index));
    p.text_in(
        roles.ad_label,
        label_role,
        None,
        &ad.label,
        a.col,
        a.cols,
        a.row,
        g.char_size / 2.0,
    )?;
    let text_role = Role::Furniture(Furniture::AdText(index));
    let needed = layout.style(roles.ad_title).lines.saturating_add(
        layout
            .style(roles.ad_text)
            .lines
            .saturating_mul(u32::try_from(ad.lines.len()).unwrap_or(u32::MAX)),
    );
    let mut row = a.row + a.rows.saturating_sub(needed) / 2;
    row += p.text(
        roles.ad_title,
        text_role,
        &ad.title,
        a.col,
        a.cols,
        row.max(a.row + 1),
    )?;
    for l in &ad.lines {
        row += p.text(roles.ad_text, text_role, l, a.col, a.cols, row)?;
    }
    if row > a.last_row() + 1 {
        return Err(Diagnostic::error(format!(
            "an ad's text needs {} lines but its area has {}",
            row - a.row,
            a.rows
        ))
        .located(&ad.loc)
        .into());
    }
    let note = ad.asset.and_then(|id| issue.assets.get(id.0)).map(|asset| {
        Diagnostic::warning(format!(
            "ad file `{}` is not placed yet (supplied ads are not supported): the ad's text is printed in its place",
            asset.path.display()
        ))
        .located(&asset.loc)
    });
    Ok((
        Placed {
            frame: Frame {
                kind: FrameKind::Ad,
                story: None,
                rect,
                columns: Vec::new(),
            },
            boxes: vec![BoxItem {
                rect: inset_rect(issue, rect),
                style: layout.paint.ad_frame.clone(),
                role: BoxRole::Ad { asset: ad.asset },
                frame: 0,
            }],
            lines: p.lines,
            rules: Vec::new(),
        },
        note,
    ))
}
