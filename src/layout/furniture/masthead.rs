//! The page-1 masthead band (报头): 报名 with the English name under it, sponsors, CN
//! number and publisher, then the date with weekday and 农历, 今日N版, 总期号, website
//! and hotlines, each block where the layout's `[template.front]` puts it; a 文武线
//! (thick and thin rule) under the band and a thin divider between 报名 and the items.

use crate::diag::{Diagnostic, Diagnostics};
use crate::geom::Rect;
use crate::layout::flow::jumps::chinese_numeral;
use crate::layout::furniture::calendar::{date_zh, lunar_zh, weekday};
use crate::layout::furniture::{Painter, Placed};
use crate::layout::setter::Setter;
use crate::page::{Frame, FrameKind, Furniture, Role, Rule};
use crate::spec::{Issue, IssuePage, RuleStyle};

/// Set the masthead of `page` (a front page).
pub fn masthead(
    issue: &Issue,
    page: &IssuePage,
    setter: &mut Setter,
) -> Result<Placed, Diagnostics> {
    let info = &issue.info;
    let layout = &issue.layout;
    let g = &layout.grid;
    let band = layout.masthead_lines;
    let roles = &layout.roles;
    let mut p = Painter::new(issue, setter, &page.loc, "the masthead ([issue])");
    let m = &layout.masthead;
    let title_role = Role::Furniture(Furniture::MastheadTitle);
    let item_role = Role::Furniture(Furniture::MastheadItem);
    // 报名, English name under it.
    let (t, sp, dl) = (m.title.cell, m.sponsors.cell, m.dateline.cell);
    let title_rows = p.text(
        roles.masthead_title,
        title_role,
        &info.paper,
        t.col,
        t.cols,
        t.row,
    )?;
    let mut title_end = t.row + title_rows;
    title_end += p.text(
        roles.masthead_en,
        title_role,
        &info.paper_en,
        t.col,
        t.cols,
        title_end,
    )?;
    // Sponsors, CN, publisher.
    let item = roles.masthead_item;
    let mut row = sp.row;
    for s in &info.sponsors {
        row += p.text(item, item_role, s, sp.col, sp.cols, row)?;
    }
    if !info.cn.is_empty() {
        row += p.text(
            item,
            item_role,
            "国内统一连续出版物号",
            sp.col,
            sp.cols,
            row,
        )?;
        row += p.text(item, item_role, &info.cn, sp.col, sp.cols, row)?;
    }
    if !info.publisher.is_empty() {
        row += p.text(item, item_role, &info.publisher, sp.col, sp.cols, row)?;
    }
    let sponsors_end = row;
    // Date with weekday and lunar date, pages, number, website, hotlines.
    let mut date_items = vec![format!("{} {}", date_zh(info.date), weekday(info.date))];
    date_items.extend(lunar_zh(info.date));
    let pages = u32::try_from(issue.pages.len()).unwrap_or(u32::MAX);
    let numbers = [
        format!("今日{}版", chinese_numeral(pages)),
        format!("第{}号", info.number),
    ];
    let contact: Vec<&String> = std::iter::once(&info.website)
        .filter(|w| !w.is_empty())
        .chain(&info.hotlines)
        .collect();
    let mut row = dl.row;
    for text in &date_items {
        row += p.text(item, item_role, text, dl.col, dl.cols, row)?;
    }
    row += 1;
    for text in &numbers {
        row += p.text(item, item_role, text, dl.col, dl.cols, row)?;
    }
    row += 1;
    for text in contact {
        row += p.text(item, item_role, text, dl.col, dl.cols, row)?;
    }
    // The band's last line stays blank above the rules.
    let needed = row.max(sponsors_end).max(title_end);
    if needed > band {
        return Err(Diagnostic::error(format!(
            "the masthead needs {needed} body lines but the front template gives it {band}"
        ))
        .located(&m.title.loc)
        .with_hint("raise [template.front] masthead_lines in the layout, or move its blocks")
        .into());
    }
    // 文武线 under the band, and a thin rule between the 报名 and the items.
    let y = g.row_y(band);
    let (x0, x1) = (g.left, g.left + g.width());
    let divider_x = g.col_x(sp.col) - g.gutter() / 2.0;
    let paint = &layout.paint;
    let rules = vec![
        rule(x0, y + 2.0, x1, y + 2.0, &paint.masthead_thick),
        rule(x0, y + 6.0, x1, y + 6.0, &paint.masthead_thin),
        rule(
            divider_x,
            g.row_y(2),
            divider_x,
            g.row_y(band.saturating_sub(1)),
            &paint.masthead_divider,
        ),
    ];
    Ok(Placed {
        frame: Frame {
            kind: FrameKind::Masthead,
            story: None,
            rect: Rect::new(g.left, g.top, g.width(), f64::from(band) * g.line_pitch),
            columns: Vec::new(),
        },
        boxes: Vec::new(),
        images: Vec::new(),
        lines: p.lines,
        rules,
    })
}

/// A rule from (x0, y0) to (x1, y1) in `style`.
pub(crate) fn rule(x0: f64, y0: f64, x1: f64, y1: f64, style: &RuleStyle) -> Rule {
    Rule {
        x0,
        y0,
        x1,
        y1,
        style: style.clone(),
    }
}
