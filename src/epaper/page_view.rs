//! The e-paper's page views and its index.

use std::fmt::Write;

use super::html::{head, masthead, END};
use super::{page_file, story_file};
use crate::geom::Rect;
use crate::live::svg::{escape, num, page_svg_with, rect_open, Draw, Outlines};
use crate::page::{Document, FrameKind, HeadPart, Item, Page, Role};
use crate::spec::StoryId;

/// A clickable region of a page: where it is, where it leads, what it says.
#[derive(Debug, Clone, PartialEq)]
pub struct Region {
    pub rect: Rect,
    pub href: String,
    pub title: String,
    /// `story` (a story's frame), `ad` (a supplied PDF ad) or `jump` (a jump line).
    pub class: &'static str,
    /// The region's id (a story frame's, so a jump line can lead to it).
    pub id: Option<String>,
}

/// The id of frame `k`'s region on its page.
pub fn frame_anchor(k: usize) -> String {
    format!("f{k}")
}

/// A story's headline as one line (its 主题 lines joined; the id when it has none).
pub fn headline(doc: &Document, story: StoryId) -> String {
    match doc.copy.get(story.0) {
        Some(c) if !c.headline.is_empty() => c.headline.clone(),
        _ => doc.story_name(story).to_string(),
    }
}

/// The regions of `page`: each story frame (to the story's page), each supplied PDF ad
/// (to its file), then each jump line (to the frame of the story's other half on its
/// page).
pub fn regions(doc: &Document, page: &Page) -> Vec<Region> {
    let mut out = Vec::new();
    for (k, f) in page.frames.iter().enumerate() {
        let Some(story) = f.story else { continue };
        if !matches!(f.kind, FrameKind::Story | FrameKind::Continuation) {
            continue;
        }
        let mut title = headline(doc, story);
        if f.kind == FrameKind::Continuation {
            title.push_str("（续）");
        }
        out.push(Region {
            rect: f.rect,
            href: story_file(doc, story),
            title,
            class: "story",
            id: Some(frame_anchor(k)),
        });
    }
    for item in &page.items {
        let Item::Image(im) = item else { continue };
        if let Some(file) = super::supplied_pdf_file(doc, im.asset.0) {
            out.push(Region {
                rect: im.clip,
                href: file,
                title: "广告（PDF）".to_string(),
                class: "ad",
                id: None,
            });
        }
    }
    for item in &page.items {
        let Item::Text(l) = item else { continue };
        let Role::Jump { story, out: going } = l.role else {
            continue;
        };
        let Some((number, k)) = other_half(doc, page.number, story, going) else {
            continue;
        };
        out.push(Region {
            rect: Rect {
                x: l.x,
                y: l.baseline - l.size,
                w: l.width.max(l.size),
                h: l.size * 1.3,
            },
            href: format!("{}#{}", page_file(number), frame_anchor(k)),
            title: l.text.clone(),
            class: "jump",
            id: None,
        });
    }
    out
}

/// Where a jump from page `from` leads: the story's next frame on a later page
/// (`going` out) or its frame on the nearest earlier page (coming in): that page's
/// number and the frame's index.
fn other_half(doc: &Document, from: u32, story: StoryId, going: bool) -> Option<(u32, usize)> {
    let frame_on = |p: &Page| {
        p.frames.iter().position(|f| {
            f.story == Some(story) && matches!(f.kind, FrameKind::Story | FrameKind::Continuation)
        })
    };
    let found = |p: &Page| frame_on(p).map(|k| (p.number, k));
    if going {
        doc.pages.iter().filter(|p| p.number > from).find_map(found)
    } else {
        doc.pages
            .iter()
            .rev()
            .filter(|p| p.number < from)
            .find_map(found)
    }
}

/// The regions as an SVG layer drawn over the page.
fn overlay(regions: &[Region]) -> String {
    let mut s = String::from(r#"<g class="regions">"#);
    for r in regions {
        let _ = write!(s, r#"<a href="{}" class="{}""#, escape(&r.href), r.class);
        if let Some(id) = &r.id {
            let _ = write!(s, r#" id="{id}""#);
        }
        let _ = write!(s, "><title>{}</title>", escape(&r.title));
        rect_open(&mut s, r.rect);
        s.push_str("/></a>");
    }
    s.push_str("</g>");
    s
}

/// A page's view: the page image with its regions, the way to the pages before and
/// after, and the stories on it.
pub fn page_html(doc: &Document, page: &Page, outlines: &Outlines) -> String {
    let regions = regions(doc, page);
    let href = |asset: usize| super::picture_file(doc, asset).unwrap_or_default();
    let layer = overlay(&regions);
    let draw = Draw {
        marks: &[],
        picture_href: &href,
        overlay: &layer,
        name_supplied_pdfs: false,
    };
    let svg = page_svg_with(doc, page, &draw, outlines);
    let name = page.name();
    let mut s = head(doc, &name, &doc.language, "page-view");
    s.push_str(&masthead(doc));
    s.push_str("<nav class=\"pages\">");
    let i = doc.pages.iter().position(|p| p.number == page.number);
    let prev = i
        .and_then(|i| i.checked_sub(1))
        .and_then(|i| doc.pages.get(i));
    let next = i.and_then(|i| doc.pages.get(i + 1));
    neighbour(&mut s, prev, "prev");
    let _ = write!(s, "<h1>{}</h1>", escape(&name));
    neighbour(&mut s, next, "next");
    s.push_str("</nav>\n<main>\n");
    let _ = writeln!(
        s,
        "<div class=\"sheet\" data-page=\"{}\">{svg}</div>",
        page.number
    );
    s.push_str("<aside><h2>本版稿件</h2><ul>");
    for r in regions.iter().filter(|r| r.class == "story") {
        let _ = write!(
            s,
            "<li><a href=\"{}\">{}</a></li>",
            escape(&r.href),
            escape(&r.title)
        );
    }
    s.push_str("</ul></aside>\n</main>\n");
    s.push_str(END);
    s
}

/// The link to the page before (`prev`) or after (`next`), or an empty place.
fn neighbour(s: &mut String, page: Option<&Page>, rel: &str) {
    let Some(p) = page else {
        s.push_str("<span></span>");
        return;
    };
    let name = escape(&p.name());
    let text = if rel == "prev" {
        format!("‹ {name}")
    } else {
        format!("{name} ›")
    };
    let _ = write!(
        s,
        "<a rel=\"{rel}\" href=\"{}\">{text}</a>",
        page_file(p.number)
    );
}

/// The index: every page's thumbnail and name, each leading to its view.
pub fn index_html(doc: &Document) -> String {
    let mut s = head(doc, "版面导航", &doc.language, "index");
    s.push_str(&masthead(doc));
    s.push_str("<main>\n<ol class=\"thumbs\">\n");
    for page in &doc.pages {
        let name = escape(&page.name());
        let _ = writeln!(
            s,
            "<li><a href=\"{}\"><img src=\"thumbs/page-{}.svg\" alt=\"{name}\" width=\"{}\" height=\"{}\"><span>{name}</span></a></li>",
            page_file(page.number),
            page.number,
            num(doc.trim_width / 5.0),
            num(doc.trim_height / 5.0)
        );
    }
    s.push_str("</ol>\n</main>\n");
    s.push_str(END);
    s
}

/// Whether a line is a headline line (主题) — the thumbnails draw those darker.
pub fn is_headline(role: Role) -> bool {
    matches!(
        role,
        Role::Head {
            part: HeadPart::Headline | HeadPart::ContHeadline,
            ..
        }
    )
}
