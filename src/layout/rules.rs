//! Rules between stories (正线): a thin horizontal rule where one item sits directly
//! above another, a thin vertical rule in the gutter where two items sit side by side.
//! Boxed items (ads, teasers) carry their own frame and get no extra rule.

use crate::layout::furniture::band::rule;
use crate::page::Rule;
use crate::spec::{Area, Issue, IssuePage};

/// Rules between the page's stories and unboxed photos.
pub fn between_items(issue: &Issue, page: &IssuePage) -> Vec<Rule> {
    let g = &issue.layout.grid;
    let style = &issue.layout.paint.between;
    // Unboxed items: stories and photos that are not inside a story.
    let mut areas: Vec<Area> = page.stories.iter().map(|s| s.area).collect();
    for ph in &page.photos {
        if !page.stories.iter().any(|s| s.area.overlaps(&ph.area)) {
            areas.push(ph.area);
        }
    }
    let mut out = Vec::new();
    for a in &areas {
        for b in &areas {
            // b directly below a.
            if b.row == a.last_row() + 1 {
                let c0 = a.col.max(b.col);
                let c1 = a.last_col().min(b.last_col());
                if c0 <= c1 {
                    let y = g.row_y(b.row);
                    out.push(rule(
                        g.col_x(c0),
                        y,
                        g.col_x(c1) + g.column_width(),
                        y,
                        style,
                    ));
                }
            }
            // b directly right of a.
            if b.col == a.last_col() + 1 {
                let r0 = a.row.max(b.row);
                let r1 = a.last_row().min(b.last_row());
                if r0 <= r1 {
                    let x = g.col_x(b.col) - g.gutter() / 2.0;
                    let inset = (g.line_pitch - g.char_size) / 2.0;
                    out.push(rule(
                        x,
                        g.row_y(r0) + inset,
                        x,
                        g.row_y(r1 + 1) - inset,
                        style,
                    ));
                }
            }
        }
    }
    out
}
