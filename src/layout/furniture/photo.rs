//! A photo: its picture over the area (fitted, checked for resolution; a grey
//! placeholder only when no file is given) and the caption, followed by the credit,
//! set under it in the caption style over as many lines as they need.

use crate::diag::{Diagnostic, Diagnostics};
use crate::geom::Rect;
use crate::layout::display::{set_display, DisplayAt};
use crate::layout::furniture::picture::place_image;
use crate::layout::furniture::{area_rect, Placed};
use crate::layout::setter::{Origin, Setter};
use crate::page::{BoxItem, BoxRole, Frame, FrameKind, Furniture, Role};
use crate::pictures::Picture;
use crate::spec::{Issue, Photo};

/// Place photo number `index` of a page.
pub fn photo(
    issue: &Issue,
    pictures: &[Picture],
    ph: &Photo,
    index: usize,
    setter: &mut Setter,
) -> Result<(Placed, Diagnostics), Diagnostics> {
    let layout = &issue.layout;
    let g = &layout.grid;
    let rect = area_rect(issue, &ph.area);
    let origin = Origin {
        file: &issue.path,
        what: "a photo caption".into(),
    };
    let locate = |e: Diagnostics| Diagnostics(e.into_iter().map(|d| d.located(&ph.loc)).collect());
    let at = |top: f64| DisplayAt {
        style: layout.roles.caption,
        role: Role::Furniture(Furniture::Caption(index)),
        x: rect.x,
        width: rect.w,
        top,
    };
    let (parts, cap_rows) = caption_parts(setter, layout, ph, &at(0.0), &origin).map_err(locate)?;
    let min_picture = layout.pictures.min_picture_lines;
    if cap_rows.saturating_add(min_picture) > ph.area.rows {
        return Err(Diagnostic::error(format!(
            "a photo's area ({} lines) is too small for its {cap_rows}-line caption and {min_picture} lines of picture (the layout's [pictures] min_picture_lines)",
            ph.area.rows
        ))
        .located(&ph.loc)
        .into());
    }
    let cap_row = ph.area.last_row() + 1 - cap_rows;
    let mut lines = Vec::new();
    let mut row = cap_row;
    for part in &parts {
        let block =
            set_display(setter, layout, at(g.row_y(row)), None, part, &origin).map_err(locate)?;
        row += block.rows;
        lines.extend(block.lines);
    }
    let inset = (g.line_pitch - g.char_size) / 2.0;
    let img = Rect::new(
        rect.x,
        rect.y + inset,
        rect.w,
        g.row_y(cap_row) - rect.y - 2.0 * inset,
    );
    let (boxes, images, notes) = match ph.asset {
        Some(id) => {
            let (item, notes) = place_image(issue, pictures, id, &ph.fit, img, "photo")?;
            (Vec::new(), vec![item], notes)
        }
        None => (
            vec![BoxItem {
                rect: img,
                style: layout.paint.photo_placeholder.clone(),
                role: BoxRole::Photo { asset: None },
            }],
            Vec::new(),
            Diagnostics::new(),
        ),
    };
    Ok((
        Placed {
            frame: Frame {
                kind: FrameKind::Photo,
                story: None,
                rect,
                columns: Vec::new(),
            },
            boxes,
            images,
            lines,
            rules: Vec::new(),
        },
        notes,
    ))
}

/// The caption and the credit as set: one text when the credit runs on after the
/// caption (separated by the layout's `[furniture] credit_gap`) without being broken,
/// else the two one under the other; with the body lines they take at `at`.
fn caption_parts(
    setter: &mut Setter,
    layout: &crate::spec::Layout,
    ph: &Photo,
    at: &DisplayAt,
    origin: &Origin<'_>,
) -> Result<(Vec<String>, u32), Diagnostics> {
    let joined = match (ph.caption.is_empty(), ph.credit.is_empty()) {
        (_, true) => ph.caption.clone(),
        (true, false) => ph.credit.clone(),
        (false, false) => format!("{}{}{}", ph.caption, layout.wording.credit_gap, ph.credit),
    };
    // Set the joined text first to know how many lines it takes.
    let probe = set_display(setter, layout, *at, None, &joined, origin)?;
    let credit_whole = probe
        .lines
        .last()
        .is_some_and(|l| l.text.ends_with(ph.credit.as_str()));
    if ph.caption.is_empty() || ph.credit.is_empty() || credit_whole {
        return Ok((vec![joined], probe.rows));
    }
    let mut rows = 0u32;
    for part in [&ph.caption, &ph.credit] {
        let b = set_display(setter, layout, *at, None, part, origin)?;
        rows = rows.saturating_add(b.rows);
    }
    Ok((vec![ph.caption.clone(), ph.credit.clone()], rows))
}
