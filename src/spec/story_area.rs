//! A story's `area`, whole or partly left to the make-up step (自动组版): `area` with
//! all four numbers (fixed), `area` without `rows` (the rows its text needs, from its
//! `row` down), or no `area` but `cols = N` / `cols = [min, max]` with `band`, `order`,
//! `min_rows`, `max_rows` (placed and sized by `crate::layout::makeup`).

use std::ops::Range;

use toml::Spanned;

use crate::diag::Diagnostics;
use crate::spec::load_toml::SourceFile;
use crate::spec::model::{Area, AutoPlace, Layout, PageBand, RowLimits, Sizing};
use crate::spec::raw::{AreaSpec, ColsSpec, StoryAreaSpec, StorySpec};

/// A story frame's area as read: the area (provisional unless `Sizing::Fixed`), how it
/// is decided, and the span messages point at.
pub struct StoryArea {
    pub area: Area,
    pub sizing: Sizing,
    pub span: Range<usize>,
}

/// Read a story's area and sizing keys; `None` (reported) when they are wrong.
/// `reserved`: the lines of the page's band; `index`: the story's place among the
/// page's `[[page.story]]` tables (its default `order`); `table`: a span inside the
/// story's table, for a story with neither `area` nor `cols`.
pub fn story_area(
    src: &SourceFile,
    layout: &Layout,
    s: &StorySpec,
    (reserved, index): (u32, usize),
    table: Range<usize>,
    diags: &mut Diagnostics,
) -> Option<StoryArea> {
    let before = diags.0.len();
    let g = &layout.grid;
    let limits = row_limits(src, s, g.lines, diags);
    let result = match (&s.area, &s.cols) {
        (Some(a), None) => given_area(src, layout, s, a, limits, diags),
        (None, Some(c)) => auto_place(src, layout, s, c, (reserved, index), limits, diags),
        (Some(_), Some(c)) => {
            diags.push(
                src.error_at(c.span(), "a story has either `area` or `cols`, not both")
                    .with_hint("`cols` alone lets the make-up step place the story"),
            );
            None
        }
        (None, None) => {
            diags.push(
                src.error_at(table, "a story needs `area = { col, cols, row, rows }` or `cols = N`")
                    .with_hint("leave out `rows` to give the story the rows its text needs; give `cols` alone to let the make-up step place it"),
            );
            None
        }
    };
    if diags.0.len() > before {
        return None;
    }
    if let (Some(r), Some(on)) = (&result, &s.continues_on) {
        if matches!(r.sizing, Sizing::Auto(_)) {
            diags.push(
                src.error_at(
                    on.span(),
                    "a story frame that continues on another page needs an `area` (its `rows` may be left out: it then takes all the rows free below it)",
                )
                .with_hint("what does not fit in the frame jumps, so the make-up step cannot size it from its text"),
            );
            return None;
        }
    }
    result
}

/// A story with an `area`: fixed, or with its `rows` left to its text (`band` and
/// `order` are for stories without one).
fn given_area(
    src: &SourceFile,
    layout: &Layout,
    s: &StorySpec,
    a: &Spanned<StoryAreaSpec>,
    limits: Option<RowLimits>,
    diags: &mut Diagnostics,
) -> Option<StoryArea> {
    for (key, span) in [
        ("band", s.band.as_ref().map(|b| b.span())),
        ("order", s.order.as_ref().map(|o| o.span())),
    ] {
        if let Some(span) = span {
            diags.push(
                src.error_at(span, format!("`{key}` is for a story without `area`"))
                    .with_hint("the make-up step places a story given `cols` only"),
            );
        }
    }
    let spec = *a.get_ref();
    if spec.rows.is_some() {
        if let Some(span) = s.min_rows.as_ref().or(s.max_rows.as_ref()) {
            diags.push(src.error_at(
                span.span(),
                "`min_rows` and `max_rows` are for a story whose `rows` are left out",
            ));
        }
    }
    // Without `rows`, the provisional area is the story's first row.
    let cells = AreaSpec {
        col: spec.col,
        cols: spec.cols,
        row: spec.row,
        rows: spec.rows.unwrap_or(1),
    };
    let area = check_area(src, layout, &cells, a.span(), diags)?;
    let sizing = match spec.rows {
        Some(_) => Sizing::Fixed,
        None => Sizing::Rows(limits?),
    };
    Some(StoryArea {
        area,
        sizing,
        span: a.span(),
    })
}

/// A story given only `cols` (and `band`, `order`): placed by the make-up step; its
/// provisional area is the top-left cell of the page below the band.
fn auto_place(
    src: &SourceFile,
    layout: &Layout,
    s: &StorySpec,
    c: &Spanned<ColsSpec>,
    (reserved, index): (u32, usize),
    limits: Option<RowLimits>,
    diags: &mut Diagnostics,
) -> Option<StoryArea> {
    let g = &layout.grid;
    if let Some(columns) = &s.columns {
        diags.push(
            src.error_at(
                columns.span(),
                "`columns` (变栏) is for a story with an `area`",
            )
            .with_hint("a story placed by the make-up step has one text column per grid column"),
        );
    }
    let cols = cols_range(src, c, g.columns, diags)?;
    let band = match &s.band {
        None => None,
        Some(b) => Some(page_band(src, b, diags)?),
    };
    let order = s.order.as_ref().map_or_else(
        || u32::try_from(index).unwrap_or(u32::MAX).saturating_add(1),
        |o| *o.get_ref(),
    );
    let area = Area::checked(1, cols.0, reserved.saturating_add(1).min(g.lines), 1)?;
    Some(StoryArea {
        area,
        sizing: Sizing::Auto(AutoPlace {
            cols,
            band,
            order,
            rows: limits?,
        }),
        span: c.span(),
    })
}

/// `min_rows` (default 1) and `max_rows` (default the grid's lines), checked.
fn row_limits(
    src: &SourceFile,
    s: &StorySpec,
    lines: u32,
    diags: &mut Diagnostics,
) -> Option<RowLimits> {
    let min = s.min_rows.as_ref().map_or(1, |m| *m.get_ref());
    let max = s.max_rows.as_ref().map_or(lines, |m| *m.get_ref());
    let span = s
        .max_rows
        .as_ref()
        .or(s.min_rows.as_ref())
        .map(|m| m.span());
    if min == 0 || min > max || max > lines {
        if let Some(span) = span {
            diags.push(src.error_at(
                span,
                format!("`min_rows` and `max_rows` must satisfy 1 ≤ min_rows ≤ max_rows ≤ {lines} (the grid's lines)"),
            ));
        }
        return None;
    }
    Some(RowLimits { min, max })
}

/// `cols = N` or `cols = [min, max]`, within the grid's columns.
fn cols_range(
    src: &SourceFile,
    c: &Spanned<ColsSpec>,
    columns: u32,
    diags: &mut Diagnostics,
) -> Option<(u32, u32)> {
    let range = match c.get_ref() {
        ColsSpec::One(n) => Some((*n, *n)),
        ColsSpec::Range(v) => match v.as_slice() {
            [a, b] => Some((*a, *b)),
            _ => None,
        },
    };
    match range {
        Some((a, b)) if a >= 1 && a <= b && b <= columns => Some((a, b)),
        _ => {
            diags.push(src.error_at(
                c.span(),
                format!("`cols` is a number of grid columns (1–{columns}) or a range `[min, max]` within it"),
            ));
            None
        }
    }
}

fn page_band(src: &SourceFile, b: &Spanned<String>, diags: &mut Diagnostics) -> Option<PageBand> {
    match b.get_ref().as_str() {
        "top" => Some(PageBand::Top),
        "middle" => Some(PageBand::Middle),
        "bottom" => Some(PageBand::Bottom),
        other => {
            diags.push(
                src.error_at(b.span(), format!("unknown band `{other}`"))
                    .with_hint("expected `top`, `middle` or `bottom`"),
            );
            None
        }
    }
}

/// Check an area against the grid: 1-based, not empty, no overflow, inside the grid.
/// `None` (reported) when it is not.
pub fn check_area(
    src: &SourceFile,
    layout: &Layout,
    s: &AreaSpec,
    span: Range<usize>,
    diags: &mut Diagnostics,
) -> Option<Area> {
    let g = &layout.grid;
    if s.col == 0 || s.row == 0 || s.cols == 0 || s.rows == 0 {
        diags.push(src.error_at(span, "area values are 1-based and must be at least 1"));
        return None;
    }
    let inside = Area::checked(s.col, s.cols, s.row, s.rows)
        .filter(|area| area.last_col() <= g.columns && area.last_row() <= g.lines);
    if inside.is_none() {
        let last = |start: u32, n: u32| {
            u64::from(start) + u64::from(n) - 1 // in u64: cannot overflow
        };
        diags.push(src.error_at(
            span,
            format!(
                "area (columns {}–{}, lines {}–{}) is outside the {}-column × {}-line grid",
                s.col,
                last(s.col, s.cols),
                s.row,
                last(s.row, s.rows),
                g.columns,
                g.lines
            ),
        ));
    }
    inside
}
