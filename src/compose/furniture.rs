//! Page furniture: the page-1 masthead (报头), the folio (报眉) on inside pages, photos
//! with captions, ads (always labelled 广告) and teasers (导读) whose page references
//! are resolved from where the story actually landed.

use crate::compose::calendar::{date_zh, lunar_zh, weekday};
use crate::diag::{Diagnostic, Diagnostics};
use crate::flow::display::set_display;
use crate::flow::jumps::chinese_numeral;
use crate::flow::setter::{Origin, Setter};
use crate::flow::{Frame, FrameKind, SetLine};
use crate::geom::Rect;
use crate::spec::{Ad, Align, Area, Issue, IssuePage, Photo, Style, Teaser};

/// Rules drawn by furniture: (x0, y0, x1, y1, width).
pub type RuleSpec = (f64, f64, f64, f64, f64);

fn style<'a>(issue: &'a Issue, name: &str) -> Result<&'a Style, Diagnostics> {
    issue.layout.style(name).ok_or_else(|| {
        Diagnostic::error(format!("layout has no style `{name}`"))
            .in_file(&issue.path)
            .into()
    })
}

/// A helper to set display text on the page grid of one page.
struct Painter<'a, 'f> {
    issue: &'a Issue,
    setter: &'a mut Setter<'f>,
    origin: Origin<'a>,
    lines: Vec<SetLine>,
}

impl<'a, 'f> Painter<'a, 'f> {
    fn new(issue: &'a Issue, setter: &'a mut Setter<'f>, what: impl Into<String>) -> Self {
        Painter {
            issue,
            setter,
            origin: Origin {
                file: &issue.path,
                what: what.into(),
            },
            lines: Vec::new(),
        }
    }

    /// Set `text` in `style` over base columns `col..col+cols` starting at body line `row`.
    fn text(
        &mut self,
        style: &str,
        text: &str,
        col: u32,
        cols: u32,
        row: u32,
    ) -> Result<u32, Diagnostics> {
        self.text_aligned(style, None, text, col, cols, row)
    }

    /// Like [`Painter::text`], with the style's alignment replaced by `align`.
    fn text_aligned(
        &mut self,
        style: &str,
        align: Option<Align>,
        text: &str,
        col: u32,
        cols: u32,
        row: u32,
    ) -> Result<u32, Diagnostics> {
        let g = &self.issue.layout.grid;
        let owned;
        let mut st = style_of(self.issue, style)?;
        if let Some(a) = align {
            let mut o = st.clone();
            o.align = a;
            owned = o;
            st = &owned;
        }
        let block = set_display(
            self.setter,
            g,
            st,
            text,
            g.col_x(col),
            g.span_width(cols),
            g.row_y(row),
            &self.origin,
        )
        .map_err(Diagnostics)?;
        self.lines.extend(block.lines);
        Ok(block.rows)
    }
}

fn style_of<'a>(issue: &'a Issue, name: &str) -> Result<&'a Style, Diagnostics> {
    style(issue, name)
}

/// The page-1 masthead band: 报名, English name, sponsors, CN, publisher, date with
/// weekday and lunar date, 今日N版, 总期号, website and hotlines; a 文武线 (thick and thin
/// rule) under it.
pub fn masthead(issue: &Issue, setter: &mut Setter) -> Result<(Frame, Vec<RuleSpec>), Diagnostics> {
    let info = &issue.info;
    let g = &issue.layout.grid;
    let band = issue.layout.masthead_lines;
    let mut p = Painter::new(issue, setter, "the masthead ([issue])");
    let m = issue.layout.masthead;
    // 报名, English name under it.
    let (t, sp, dl) = (m.title, m.sponsors, m.dateline);
    let title_rows = p.text("masthead-title", &info.paper, t.col, t.cols, t.row)?;
    let mut title_end = t.row + title_rows;
    title_end += p.text("masthead-en", &info.paper_en, t.col, t.cols, title_end)?;
    // Sponsors, CN, publisher.
    let mut row = sp.row;
    for s in &info.sponsors {
        row += p.text("masthead-item", s, sp.col, sp.cols, row)?;
    }
    if !info.cn.is_empty() {
        row += p.text(
            "masthead-item",
            "国内统一连续出版物号",
            sp.col,
            sp.cols,
            row,
        )?;
        row += p.text("masthead-item", &info.cn, sp.col, sp.cols, row)?;
    }
    if !info.publisher.is_empty() {
        row += p.text("masthead-item", &info.publisher, sp.col, sp.cols, row)?;
    }
    let sponsors_end = row;
    // Date with weekday and lunar date, pages, number, website, hotlines.
    let item =
        |p: &mut Painter, text: &str, row: u32| p.text("masthead-item", text, dl.col, dl.cols, row);
    let mut row = dl.row;
    row += item(
        &mut p,
        &format!("{} {}", date_zh(info.date), weekday(info.date)),
        row,
    )?;
    if let Some(lunar) = lunar_zh(info.date) {
        row += item(&mut p, &lunar, row)?;
    }
    row += 1;
    let pages = issue.pages.len() as u32;
    row += item(&mut p, &format!("今日{}版", chinese_numeral(pages)), row)?;
    row += item(&mut p, &format!("第{}号", info.number), row)?;
    row += 1;
    if !info.website.is_empty() {
        row += item(&mut p, &info.website, row)?;
    }
    for h in &info.hotlines {
        row += item(&mut p, h, row)?;
    }
    // The band's last line stays blank above the rules.
    let needed = row.max(sponsors_end).max(title_end);
    if needed > band {
        return Err(Diagnostic::error(format!(
            "the masthead needs {} body lines but the front template gives it {band}",
            needed
        ))
        .in_file(&issue.path)
        .with_hint("raise [template.front] masthead_lines in the layout, or move its blocks")
        .into());
    }
    // 文武线 under the band, and a thin rule between the 报名 and the items.
    let y = g.row_y(band);
    let x0 = g.left;
    let x1 = g.left + g.width();
    let rules = vec![
        (x0, y + 2.0, x1, y + 2.0, 2.5),
        (x0, y + 6.0, x1, y + 6.0, 0.5),
        (
            g.col_x(sp.col) - g.gutter() / 2.0,
            g.row_y(2),
            g.col_x(sp.col) - g.gutter() / 2.0,
            g.row_y(band - 1),
            0.5,
        ),
    ];
    let frame = Frame {
        kind: FrameKind::Masthead,
        label: "masthead".into(),
        rect: Rect::new(g.left, g.top, g.width(), f64::from(band) * g.line_pitch),
        head: p.lines,
        columns: Vec::new(),
        boxes: Vec::new(),
    };
    Ok((frame, rules))
}

/// The folio (报眉) of an inside page: 第N版 and section on the outer edge, paper and
/// date in the middle, credits on the inner edge; a rule under it.
pub fn folio(
    issue: &Issue,
    page: &IssuePage,
    setter: &mut Setter,
) -> Result<(Frame, Vec<RuleSpec>), Diagnostics> {
    let info = &issue.info;
    let g = &issue.layout.grid;
    let band = issue.layout.folio_lines;
    let mut p = Painter::new(issue, setter, format!("the folio of page {}", page.number));
    let even = page.number % 2 == 0;
    // Outer edge: left on even pages, right on odd pages.
    let (outer, inner) = if even { (1, 7) } else { (7, 1) };
    let page_label = format!("第{}版", chinese_numeral(page.number));
    let section_col = if even { 3 } else { 5 };
    p.text("folio-page", &page_label, outer, 2, 1)?;
    p.text("folio-page", &page.section, section_col, 2, 1)?;
    let mid = if even { 5 } else { 3 };
    p.text("folio", &info.paper, mid, 2, 1)?;
    p.text(
        "folio",
        &format!("{} {}", date_zh(info.date), weekday(info.date)),
        mid,
        2,
        2,
    )?;
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
        row += p.text_aligned("folio", Some(align), c, inner, 2, row)?;
    }
    if row > band + 1 {
        return Err(Diagnostic::error(format!(
            "the folio of page {} needs more than {band} lines",
            page.number
        ))
        .in_file(&issue.path)
        .into());
    }
    let y = g.row_y(band) + g.line_pitch / 2.0;
    let rules = vec![(g.left, y, g.left + g.width(), y, 1.5)];
    let frame = Frame {
        kind: FrameKind::Folio,
        label: format!("folio {}", page.number),
        rect: Rect::new(g.left, g.top, g.width(), f64::from(band) * g.line_pitch),
        head: p.lines,
        columns: Vec::new(),
        boxes: Vec::new(),
    };
    Ok((frame, rules))
}

fn area_rect(issue: &Issue, a: &Area) -> Rect {
    let g = &issue.layout.grid;
    Rect::new(
        g.col_x(a.col),
        g.row_y(a.row),
        g.span_width(a.cols),
        f64::from(a.rows) * g.line_pitch,
    )
}

/// A photo: a grey placeholder box over the area, the caption under it.
pub fn photo(issue: &Issue, ph: &Photo, setter: &mut Setter) -> Result<Frame, Diagnostics> {
    let g = &issue.layout.grid;
    let rect = area_rect(issue, &ph.area);
    let origin = Origin {
        file: &issue.path,
        what: "a photo caption".into(),
    };
    let st = style(issue, "caption")?;
    // Set the caption first to know how many lines it takes.
    let probe = set_display(setter, g, st, &ph.caption, rect.x, rect.w, 0.0, &origin)
        .map_err(Diagnostics)?;
    let cap_rows = probe.rows;
    if cap_rows + 2 > ph.area.rows {
        return Err(Diagnostic::error(format!(
            "a photo's area ({} lines) is too small for its {cap_rows}-line caption",
            ph.area.rows
        ))
        .in_file(&issue.path)
        .into());
    }
    let cap_row = ph.area.last_row() + 1 - cap_rows;
    let block = set_display(
        setter,
        g,
        st,
        &ph.caption,
        rect.x,
        rect.w,
        g.row_y(cap_row),
        &origin,
    )
    .map_err(Diagnostics)?;
    let inset = (g.line_pitch - g.char_size) / 2.0;
    let img = Rect::new(
        rect.x,
        rect.y + inset,
        rect.w,
        g.row_y(cap_row) - rect.y - 2.0 * inset,
    );
    Ok(Frame {
        kind: FrameKind::Photo,
        label: "photo".into(),
        rect,
        head: block.lines,
        columns: Vec::new(),
        boxes: vec![img],
    })
}

/// An ad block: a frame, the 广告 label in its top corner, the advertiser's text.
pub fn ad(issue: &Issue, ad: &Ad, setter: &mut Setter) -> Result<Frame, Diagnostics> {
    let g = &issue.layout.grid;
    let rect = area_rect(issue, &ad.area);
    let inset = (g.line_pitch - g.char_size) / 2.0;
    let frame_rect = Rect::new(rect.x, rect.y + inset, rect.w, rect.h - 2.0 * inset);
    let mut p = Painter::new(issue, setter, "an ad");
    p.text(
        "ad-label",
        &ad.label,
        ad.area.col,
        ad.area.cols,
        ad.area.row,
    )?;
    // Shrink the label's measure by a character so it sits inside the frame.
    if let Some(l) = p.lines.last_mut() {
        let dx = -g.char_size / 2.0;
        for gl in &mut l.glyphs {
            gl.x += dx;
        }
    }
    let title_style = style(issue, "ad-title")?;
    let text_style = style(issue, "ad-text")?;
    let needed = title_style.lines + text_style.lines * ad.lines.len() as u32;
    let mut row = ad.area.row + (ad.area.rows.saturating_sub(needed)) / 2;
    row += p.text(
        "ad-title",
        &ad.title,
        ad.area.col,
        ad.area.cols,
        row.max(ad.area.row + 1),
    )?;
    for l in &ad.lines {
        row += p.text("ad-text", l, ad.area.col, ad.area.cols, row)?;
    }
    if row > ad.area.last_row() + 1 {
        return Err(Diagnostic::error(format!(
            "an ad's text needs {} lines but its area has {}",
            row - ad.area.row,
            ad.area.rows
        ))
        .in_file(&issue.path)
        .into());
    }
    Ok(Frame {
        kind: FrameKind::Ad,
        label: ad.label.clone(),
        rect,
        head: p.lines,
        columns: Vec::new(),
        boxes: vec![frame_rect],
    })
}

/// A teaser: `人勤春来早 春来奋力跑 >>> 详见第二版 >>>`, the page filled in from where the
/// story landed.
pub fn teaser(
    issue: &Issue,
    t: &Teaser,
    landed: Option<u32>,
    setter: &mut Setter,
) -> Result<Frame, Diagnostics> {
    let Some(page) = landed else {
        return Err(Diagnostic::error(format!(
            "a teaser points at a story that was not placed (“{}”)",
            t.text
        ))
        .in_file(&issue.path)
        .into());
    };
    let g = &issue.layout.grid;
    let rect = area_rect(issue, &t.area);
    // The title on its own line(s), the page reference on the next: the reference is
    // never split from its arrows (cjk-rules.md §6.5).
    let reference = format!(">>> 详见第{}版 >>>", chinese_numeral(page));
    let st = style(issue, "teaser")?;
    let mut p = Painter::new(issue, setter, "a teaser");
    let row = t.area.row + t.area.rows.saturating_sub(st.lines * 2) / 2;
    let rows = p.text("teaser", &t.text, t.area.col, t.area.cols, row)?;
    let more = p.text("teaser", &reference, t.area.col, t.area.cols, row + rows)?;
    if row + rows + more > t.area.last_row() + 1 {
        return Err(Diagnostic::error("a teaser's text does not fit its area")
            .in_file(&issue.path)
            .into());
    }
    let inset = (g.line_pitch - g.char_size) / 2.0;
    Ok(Frame {
        kind: FrameKind::Teaser,
        label: "teaser".into(),
        rect,
        head: p.lines,
        columns: Vec::new(),
        boxes: vec![Rect::new(
            rect.x,
            rect.y + inset,
            rect.w,
            rect.h - 2.0 * inset,
        )],
    })
}
