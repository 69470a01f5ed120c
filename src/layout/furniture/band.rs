//! A furniture band from the layout file: the page-1 masthead (报头) or an inside
//! page's folio (报眉). Each block of the band sets its items one under another from its
//! cell, filling the template fields from the issue and the page; blocks and rules are
//! mirrored on even pages when the band asks for it; every line must stay inside the
//! band and above the band's rules below it, else a located error.

use crate::diag::{Diagnostic, Diagnostics};
use crate::geom::Rect;
use crate::layout::furniture::calendar::{lunar_zh, weekday};
use crate::layout::furniture::{Painter, Placed};
use crate::layout::setter::Setter;
use crate::page::ImageItem;
use crate::page::{Frame, FrameKind, Furniture, Role, Rule};
use crate::pictures::{Picture, PictureInfo};
use crate::spec::template::{format_date, Field, Segment, Template, DEFAULT_DATE_FORMAT};
use crate::spec::wording::han_number;
use crate::spec::{Align, AssetId, Band, BandItem, Cell, Issue, IssuePage, RulePlace, RuleStyle};

/// Which band a page carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BandKind {
    Masthead,
    Folio,
}

/// The values of template fields for one page.
pub struct Values<'a> {
    issue: &'a Issue,
    page: &'a IssuePage,
    lunar: Option<String>,
}

impl<'a> Values<'a> {
    pub fn new(issue: &'a Issue, page: &'a IssuePage) -> Self {
        Values {
            issue,
            page,
            lunar: lunar_zh(issue.info.date),
        }
    }

    /// A scalar field's value ("" when not given); list fields give their entries.
    fn get(&self, field: Field, format: Option<&str>) -> Vec<String> {
        let info = &self.issue.info;
        let page = self.page;
        let pages = u32::try_from(self.issue.pages.len()).unwrap_or(u32::MAX);
        let one = |s: &str| vec![s.to_string()];
        match field {
            Field::Paper => one(&info.paper),
            Field::PaperEn => one(&info.paper_en),
            Field::Date => {
                let d = info.date;
                one(&format_date(
                    d.year,
                    d.month,
                    d.day,
                    format.unwrap_or(DEFAULT_DATE_FORMAT),
                ))
            }
            Field::Weekday => one(weekday(info.date)),
            Field::Lunar => one(self.lunar.as_deref().unwrap_or("")),
            Field::Pages => vec![pages.to_string()],
            Field::PagesCn => vec![han_number(pages)],
            Field::Number => vec![info.number.to_string()],
            Field::Cn => one(&info.cn),
            Field::Publisher => one(&info.publisher),
            Field::Website => one(&info.website),
            Field::Sponsors => info.sponsors.clone(),
            Field::Hotlines => info.hotlines.clone(),
            Field::Weather => one(&info.weather),
            Field::Page => vec![crate::spec::template::page_number(page.number, format)],
            Field::PageCn => vec![han_number(page.number)],
            Field::Section => one(&page.section),
            Field::Editor => one(&page.editor),
            Field::ArtEditor => one(&page.art_editor),
            Field::Proofreader => one(&page.proofreader),
            // Not band fields (jump lines; plate file names): the band refuses them.
            Field::Mark
            | Field::PaperCode
            | Field::Sheet
            | Field::Colour
            | Field::Zone
            | Field::Version => one(""),
        }
    }

    /// Whether a field has a value.
    fn present(&self, field: Field) -> bool {
        self.get(field, None).iter().any(|v| !v.is_empty())
    }

    /// The lines a part gives: none when it uses fields and all are empty; one per entry
    /// of a list field.
    fn expand(&self, t: &Template) -> Vec<String> {
        let has_fields = t.fields().next().is_some();
        if has_fields && !t.fields().any(|f| self.present(f)) {
            return Vec::new();
        }
        let entries = t.list_field().map(|f| self.get(f, None));
        let fill = |entry: Option<&str>| {
            let mut out = String::new();
            for seg in &t.segments {
                match seg {
                    Segment::Text(s) => out.push_str(s),
                    Segment::Field(f, _) if f.is_list() => out.push_str(entry.unwrap_or("")),
                    Segment::Field(f, fmt) => out.push_str(&self.get(*f, fmt.as_deref()).concat()),
                }
            }
            out
        };
        match entries {
            Some(list) => list
                .iter()
                .filter(|e| !e.is_empty())
                .map(|e| fill(Some(e)))
                .collect(),
            None => vec![fill(None)],
        }
    }
}

/// Set the band of `page`.
pub fn band(
    issue: &Issue,
    pictures: &[Picture],
    page: &IssuePage,
    kind: BandKind,
    setter: &mut Setter,
) -> Result<(Placed, Option<Diagnostic>), Diagnostics> {
    let layout = &issue.layout;
    let g = &layout.grid;
    let band: &Band = match kind {
        BandKind::Masthead => &layout.masthead,
        BandKind::Folio => &layout.folio,
    };
    let mirror = band.mirror_even && page.number.is_multiple_of(2);
    let values = Values::new(issue, page);
    let what = match kind {
        BandKind::Masthead => "the masthead ([issue])".to_string(),
        BandKind::Folio => format!("the folio of page {}", page.number),
    };
    let mut p = Painter::new(issue, setter, &page.loc, what);
    let mut lunar_used = false;
    let mut images = Vec::new();
    for (bi, block) in band.blocks.iter().enumerate() {
        let cell = if mirror {
            mirrored(block.cell, g.columns)
        } else {
            block.cell
        };
        let at = BlockAt {
            cell,
            align: block.align.map(|a| if mirror { flipped(a) } else { a }),
            role: Role::Furniture(match kind {
                BandKind::Masthead => Furniture::Masthead(bi),
                BandKind::Folio => Furniture::Folio(bi),
            }),
        };
        let set = set_block(&mut p, &values, pictures, block, &at)?;
        lunar_used |= set.lunar_used;
        images.extend(set.images);
        block_fits(issue, band, kind, block, cell, set.end_row)?;
    }
    let rules = band
        .rules
        .iter()
        .map(|r| band_rule(issue, r.place, &r.style, mirror))
        .collect();
    let note = (lunar_used && values.lunar.is_none()).then(|| lunar_note(issue, page));
    if let Some(n) = note.as_ref().filter(|n| n.is_error()) {
        return Err(n.clone().into());
    }
    Ok((
        Placed {
            frame: Frame {
                kind: match kind {
                    BandKind::Masthead => FrameKind::Masthead,
                    BandKind::Folio => FrameKind::Folio,
                },
                story: None,
                rect: Rect::new(
                    g.left,
                    g.top,
                    g.width(),
                    f64::from(band.lines) * g.line_pitch,
                ),
                columns: Vec::new(),
            },
            boxes: Vec::new(),
            images,
            lines: p.lines,
            rules,
        },
        note,
    ))
}

/// Where a block of the band is set: its cell and alignment (mirrored on even pages
/// when the band asks for it) and the role of its lines.
struct BlockAt {
    cell: Cell,
    align: Option<Align>,
    role: Role,
}

/// What setting one block gave.
struct SetBlock {
    /// The body line below its last item.
    end_row: u32,
    /// Its artwork, placed.
    images: Vec<ImageItem>,
    /// Whether one of its items asks for the 农历 date.
    lunar_used: bool,
}

/// Set the items of `block` one under another from its cell: text items from the
/// issue's and the page's values (an item whose `when` field is empty is left out),
/// gaps, and artwork fitted in its lines.
fn set_block(
    p: &mut Painter<'_, '_>,
    values: &Values<'_>,
    pictures: &[Picture],
    block: &crate::spec::Block,
    at: &BlockAt,
) -> Result<SetBlock, Diagnostics> {
    let issue = p.issue;
    let g = &issue.layout.grid;
    let (cell, align) = (at.cell, at.align);
    let mut set = SetBlock {
        end_row: cell.row,
        images: Vec::new(),
        lunar_used: false,
    };
    for item in &block.items {
        match item {
            BandItem::Gap(n) => set.end_row = set.end_row.saturating_add(*n),
            BandItem::Artwork {
                asset,
                page: art_page,
                lines,
                loc,
            } => {
                let area = Rect::new(
                    g.col_x(cell.col),
                    g.row_y(set.end_row),
                    g.span_width(cell.cols),
                    f64::from(*lines) * g.line_pitch,
                );
                let art = ArtworkAt {
                    asset: AssetId(*asset),
                    page: *art_page,
                    area,
                    align,
                };
                set.images.push(artwork(pictures, art, loc)?);
                set.end_row = set.end_row.saturating_add(*lines);
            }
            BandItem::Text {
                style,
                parts,
                sep,
                when,
                ..
            } => {
                if when.is_some_and(|f| !values.present(f)) {
                    continue;
                }
                set.lunar_used |= parts.iter().any(|t| t.fields().any(|f| f == Field::Lunar));
                for text in item_lines(values, parts, sep) {
                    let row = set.end_row;
                    set.end_row +=
                        p.text_in(*style, at.role, align, &text, cell.col, cell.cols, row, 0.0)?;
                }
            }
        }
    }
    Ok(set)
}

/// A block must end inside the band and above any rule across the band below its top
/// (`end_row`: the body line below its last item); else an error at the block.
fn block_fits(
    issue: &Issue,
    band: &Band,
    kind: BandKind,
    block: &crate::spec::Block,
    cell: Cell,
    end_row: u32,
) -> Result<(), Diagnostics> {
    let g = &issue.layout.grid;
    let top = g.row_y(cell.row);
    let end = g.row_y(end_row);
    let limit = band
        .rules
        .iter()
        .filter_map(|r| match r.place {
            RulePlace::Across { row, offset } => Some(g.row_y(row) + offset),
            RulePlace::Gutter { .. } => None,
        })
        .filter(|&y| y > top)
        .fold(g.row_y(band.lines + 1), f64::min);
    if end <= limit + 0.01 {
        return Ok(());
    }
    Err(Diagnostic::error(format!(
        "this {} block needs {} body lines from line {} but only {} fit in the band",
        match kind {
            BandKind::Masthead => "masthead",
            BandKind::Folio => "folio",
        },
        end_row - cell.row,
        cell.row,
        ((limit - top) / g.line_pitch).floor()
    ))
    .located(&block.loc)
    .with_hint("raise the band's lines (masthead_lines / folio_lines), move the block, or shorten its items")
    .into())
}

/// The 农历 date asked for but outside the calendar's range: a warning (the item is
/// left out), or an error when the layout says `lunar_out_of_range = "error"`.
fn lunar_note(issue: &Issue, page: &IssuePage) -> Diagnostic {
    let d = issue.info.date;
    let date = format!("{}-{:02}-{:02}", d.year, d.month, d.day);
    if issue.layout.wording.lunar_error {
        Diagnostic::error(format!(
            "the 农历 date of {date} is outside the calendar's range (1901–2100)"
        ))
        .with_hint("the layout's [furniture] lunar_out_of_range = \"error\" makes this an error")
    } else {
        Diagnostic::warning(format!(
            "the 农历 date of {date} is outside the calendar's range (1901–2100): the {{lunar}} item is left out"
        ))
    }
    .located(&page.loc)
}

/// The lines of a text item: each part expanded, empty parts left out, joined by `sep`;
/// a list part gives one line per entry.
fn item_lines(values: &Values<'_>, parts: &[Template], sep: &str) -> Vec<String> {
    if let [only] = parts {
        return values.expand(only);
    }
    let joined: Vec<String> = parts
        .iter()
        .filter_map(|t| values.expand(t).into_iter().next())
        .filter(|s| !s.is_empty())
        .collect();
    if joined.is_empty() {
        Vec::new()
    } else {
        vec![joined.join(sep)]
    }
}

/// A cell mirrored across the type area (for even pages).
fn mirrored(c: Cell, columns: u32) -> Cell {
    let last = c.col.saturating_add(c.cols).saturating_sub(1);
    Cell {
        col: columns.saturating_sub(last).saturating_add(1),
        ..c
    }
}

fn flipped(a: Align) -> Align {
    match a {
        Align::Left => Align::Right,
        Align::Right => Align::Left,
        other => other,
    }
}

/// A band rule on the page.
fn band_rule(issue: &Issue, place: RulePlace, style: &RuleStyle, mirror: bool) -> Rule {
    let g = &issue.layout.grid;
    let (x0, y0, x1, y1) = match place {
        RulePlace::Across { row, offset } => {
            let y = g.row_y(row) + offset;
            (g.left, y, g.left + g.width(), y)
        }
        RulePlace::Gutter { col, from, to } => {
            let col = if mirror {
                g.columns.saturating_add(2).saturating_sub(col)
            } else {
                col
            };
            let x = g.col_x(col) - g.gutter() / 2.0;
            (x, g.row_y(from), x, g.row_y(to))
        }
    };
    rule(x0, y0, x1, y1, style)
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

/// Where a band's artwork goes: the asset, its page, the block's area for it and the
/// block's alignment.
struct ArtworkAt {
    asset: AssetId,
    page: u32,
    area: Rect,
    align: Option<Align>,
}

/// Band artwork (e.g. the nameplate): a PDF page fitted whole inside its area, keeping
/// its proportions (centred, or flush left/right by the block's alignment); a picture
/// is fitted the same way (`contain`).
fn artwork(
    pictures: &[Picture],
    at: ArtworkAt,
    loc: &crate::diag::Loc,
) -> Result<ImageItem, Diagnostics> {
    let err = |msg: String| -> Diagnostics { Diagnostic::error(msg).located(loc).into() };
    let Some(picture) = pictures.get(at.asset.0) else {
        return Err(err("a band's artwork was not read".into()));
    };
    let (w, h) = match &picture.info {
        PictureInfo::Pdf(pdf) => {
            let Some(pg) = usize::try_from(at.page)
                .ok()
                .and_then(|n| n.checked_sub(1))
                .and_then(|i| pdf.pages.get(i))
            else {
                return Err(err(format!(
                    "artwork `{}` has {} page(s); `page = {}` is not one of them",
                    picture.name,
                    pdf.pages.len(),
                    at.page
                )));
            };
            if !pg.unembedded_fonts.is_empty() {
                return Err(err(format!(
                    "artwork `{}` uses fonts that are not embedded: {}",
                    picture.name,
                    pg.unembedded_fonts.join(", ")
                )));
            }
            (pg.width(), pg.height())
        }
        _ => match picture.displayed_pixels() {
            Some((pw, ph)) => (f64::from(pw), f64::from(ph)),
            None => return Err(err(format!("artwork `{}` has no size", picture.name))),
        },
    };
    if !(w > 0.0 && h > 0.0) {
        return Err(err(format!("artwork `{}` has an empty page", picture.name)));
    }
    let area = at.area;
    let scale = (area.w / w).min(area.h / h);
    let (pw, ph) = (w * scale, h * scale);
    let x = match at.align {
        Some(Align::Left) => area.x,
        Some(Align::Right) => area.right() - pw,
        _ => area.x + (area.w - pw) / 2.0,
    };
    let placed = Rect::new(x, area.y + (area.h - ph) / 2.0, pw, ph);
    Ok(ImageItem {
        asset: at.asset,
        clip: placed,
        placed,
        page: at.page,
        ppi: None,
    })
}
