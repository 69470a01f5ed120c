//! The folio (报眉) of an inside page: 第N版 and the section on the outer edge, paper
//! and date in the middle, the credits on the inner edge (mirrored on even and odd
//! pages); a rule under the band.

use crate::diag::{Diagnostic, Diagnostics};
use crate::geom::Rect;
use crate::layout::flow::jumps::chinese_numeral;
use crate::layout::furniture::calendar::{date_zh, weekday};
use crate::layout::furniture::masthead::rule;
use crate::layout::furniture::{Painter, Placed};
use crate::layout::setter::Setter;
use crate::page::{Frame, FrameKind, Furniture, Role};
use crate::spec::{Align, Issue, IssuePage};

/// Set the folio of `page` (an inside page).
pub fn folio(issue: &Issue, page: &IssuePage, setter: &mut Setter) -> Result<Placed, Diagnostics> {
    let info = &issue.info;
    let layout = &issue.layout;
    let g = &layout.grid;
    let roles = &layout.roles;
    let band = layout.folio_lines;
    let mut p = Painter::new(
        issue,
        setter,
        &page.loc,
        format!("the folio of page {}", page.number),
    );
    let page_role = Role::Furniture(Furniture::FolioPage);
    let folio_role = Role::Furniture(Furniture::Folio);
    let even = page.number % 2 == 0;
    // Outer edge: left on even pages, right on odd pages.
    let (outer, inner) = if even { (1, 7) } else { (7, 1) };
    let page_label = format!("第{}版", chinese_numeral(page.number));
    let section_col = if even { 3 } else { 5 };
    p.text(roles.folio_page, page_role, &page_label, outer, 2, 1)?;
    p.text(
        roles.folio_page,
        page_role,
        &page.section,
        section_col,
        2,
        1,
    )?;
    let mid = if even { 5 } else { 3 };
    p.text(roles.folio, folio_role, &info.paper, mid, 2, 1)?;
    let date = format!("{} {}", date_zh(info.date), weekday(info.date));
    p.text(roles.folio, folio_role, &date, mid, 2, 2)?;
    // Credits on two lines: 责任编辑 and 美术编辑, then 校对; flush to the inner edge.
    let credit = |k: &str, n: &str| {
        if n.is_empty() {
            String::new()
        } else {
            format!("{k} {n}")
        }
    };
    let first = [
        credit("责任编辑", &page.editor),
        credit("美术编辑", &page.art_editor),
    ]
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join("  ");
    let credits = [first, credit("校对", &page.proofreader)];
    let align = if even { Align::Right } else { Align::Left };
    let mut row = 1;
    for c in credits.iter().filter(|c| !c.is_empty()) {
        row += p.text_in(roles.folio, folio_role, Some(align), c, inner, 2, row, 0.0)?;
    }
    if row > band + 1 {
        return Err(Diagnostic::error(format!(
            "the folio of page {} needs more than {band} lines",
            page.number
        ))
        .located(&page.loc)
        .into());
    }
    let y = g.row_y(band) + g.line_pitch / 2.0;
    Ok(Placed {
        frame: Frame {
            kind: FrameKind::Folio,
            story: None,
            rect: Rect::new(g.left, g.top, g.width(), f64::from(band) * g.line_pitch),
            columns: Vec::new(),
        },
        boxes: Vec::new(),
        images: Vec::new(),
        lines: p.lines,
        rules: vec![rule(g.left, y, g.left + g.width(), y, &layout.paint.folio)],
    })
}
