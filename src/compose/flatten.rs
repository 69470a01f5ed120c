//! Flattening composed pages into the [`Document`] for the pdf stage: each set line
//! becomes glyph runs (one per font), frames' boxes become boxes, rules stay rules.

use crate::compose::page::{BoxItem, BoxRole, Document, GlyphRun, Item, Page, PlacedGlyph};
use crate::compose::ComposedPage;
use crate::flow::{FrameKind, SetLine};
use crate::geom::Cmyk;
use crate::spec::Issue;

/// Grey of a photo placeholder.
const PHOTO_GREY: Cmyk = Cmyk::grey(0.3);

pub fn document(issue: &Issue, pages: &[ComposedPage]) -> Document {
    let info = &issue.info;
    let title = format!(
        "{} {}-{:02}-{:02} 第{}号",
        info.paper, info.date.year, info.date.month, info.date.day, info.number
    );
    Document {
        title,
        trim_width: issue.layout.trim_width,
        trim_height: issue.layout.trim_height,
        bleed: issue.layout.bleed,
        slug: issue.layout.slug,
        pages: pages.iter().map(page).collect(),
    }
}

fn page(p: &ComposedPage) -> Page {
    let mut items = Vec::new();
    for f in &p.frames {
        for b in &f.boxes {
            let (fill, stroke, role) = match f.kind {
                FrameKind::Photo => (Some(PHOTO_GREY), Some((Cmyk::BLACK, 0.5)), BoxRole::Photo),
                FrameKind::Ad => (None, Some((Cmyk::BLACK, 1.0)), BoxRole::Ad),
                _ => (None, Some((Cmyk::BLACK, 0.5)), BoxRole::Frame),
            };
            items.push(Item::Box(BoxItem {
                rect: *b,
                fill,
                stroke,
                role,
            }));
        }
        for l in f.head.iter().chain(f.columns.iter().flat_map(|c| &c.lines)) {
            runs(l, &mut items);
        }
    }
    for r in &p.rules {
        items.push(Item::Rule(r.clone()));
    }
    Page {
        number: p.number,
        items,
    }
}

/// Split a line into runs of one font.
fn runs(line: &SetLine, out: &mut Vec<Item>) {
    let mut current: Option<GlyphRun> = None;
    for g in &line.glyphs {
        let same = current.as_ref().is_some_and(|r| r.font == g.font);
        if !same {
            if let Some(run) = current.take() {
                out.push(Item::Text(run));
            }
            current = Some(GlyphRun {
                font: g.font,
                size: line.size,
                color: line.color,
                text: String::new(),
                baseline: line.baseline,
                glyphs: Vec::new(),
            });
        }
        if let Some(run) = current.as_mut() {
            let start = run.text.len();
            run.text.push_str(&g.text);
            run.glyphs.push(PlacedGlyph {
                id: g.id,
                x: g.x,
                y_offset: g.y_offset,
                advance: g.advance,
                text: start..run.text.len(),
            });
        }
    }
    if let Some(run) = current {
        out.push(Item::Text(run));
    }
}
