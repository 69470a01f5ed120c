//! The e-paper's story pages: a story whole, from its copy.

use std::fmt::Write;

use super::html::{head, inline_text, masthead, END};
use super::page_view::{frame_anchor, headline};
use super::{page_file, picture_file};
use crate::geom::Rect;
use crate::live::svg::escape;
use crate::page::{Document, FrameKind, Furniture, Item, Role};
use crate::spec::{BlockKind, StoryId};

/// A story's page: its headline block, its photos with their captions, every block of
/// its copy (overset text included: the e-paper is not limited by the page), and the
/// pages it is printed on.
pub fn story_html(doc: &Document, story: StoryId) -> String {
    let copy = doc.copy.get(story.0).cloned().unwrap_or_default();
    let title = headline(doc, story);
    let lang = copy.language.as_deref().unwrap_or(&doc.language);
    let mut s = head(doc, &title, lang, "story");
    s.push_str(&masthead(doc));
    s.push_str("<main>\n<article>\n<header>\n");
    let line = |s: &mut String, class: &str, text: &str| {
        if !text.is_empty() {
            let _ = writeln!(s, "<p class=\"{class}\">{}</p>", escape(text));
        }
    };
    line(&mut s, "kicker", &copy.kicker);
    let _ = writeln!(s, "<h1>{}</h1>", escape(&title));
    line(&mut s, "subhead", &copy.subhead);
    line(&mut s, "byline", &copy.byline);
    s.push_str("</header>\n");
    for (file, caption) in photos(doc, story) {
        let _ = write!(
            s,
            "<figure><img src=\"{}\" alt=\"{}\">",
            escape(&file),
            escape(&caption)
        );
        if !caption.is_empty() {
            let _ = write!(s, "<figcaption>{}</figcaption>", escape(&caption));
        }
        s.push_str("</figure>\n");
    }
    blocks(&mut s, &copy.blocks);
    s.push_str("</article>\n<nav class=\"printed\">见报版面：");
    for (number, k, name) in printed_on(doc, story) {
        let _ = write!(
            s,
            "<a href=\"{}#{}\">{}</a> ",
            page_file(number),
            frame_anchor(k),
            escape(&name)
        );
    }
    s.push_str("</nav>\n</main>\n");
    s.push_str(END);
    s
}

/// The blocks as HTML: paragraphs, intertitles, notes and quotations, lists (a run of
/// items of one kind is one list), poem titles, authors and verse lines.
fn blocks(s: &mut String, blocks: &[crate::page::CopyBlock]) {
    let mut list: Option<&str> = None;
    for b in blocks {
        let kind_of_list = match b.kind {
            BlockKind::ListItem { number: Some(_) } => Some("ol"),
            BlockKind::ListItem { number: None } => Some("ul"),
            _ => None,
        };
        if list.is_some() && list != kind_of_list {
            let _ = writeln!(s, "</{}>", list.unwrap_or("ul"));
            list = None;
        }
        if list.is_none() {
            if let Some(l) = kind_of_list {
                let _ = writeln!(s, "<{l}>");
                list = Some(l);
            }
        }
        let text = inline_text(&b.text, &b.inlines);
        let _ = match b.kind {
            BlockKind::Paragraph => writeln!(s, "<p>{text}</p>"),
            BlockKind::Intertitle => writeln!(s, "<h2>{text}</h2>"),
            BlockKind::Note => writeln!(s, "<blockquote class=\"note\"><p>{text}</p></blockquote>"),
            BlockKind::Quote => writeln!(s, "<blockquote><p>{text}</p></blockquote>"),
            BlockKind::ListItem { number } => match number {
                Some(n) => writeln!(s, "<li value=\"{n}\">{text}</li>"),
                None => writeln!(s, "<li>{text}</li>"),
            },
            BlockKind::PoemTitle => writeln!(s, "<h2 class=\"poem\">{text}</h2>"),
            BlockKind::PoemAuthor => writeln!(s, "<p class=\"author\">{text}</p>"),
            BlockKind::Verse { stanza_break, .. } => {
                let class = if stanza_break {
                    "verse stanza"
                } else {
                    "verse"
                };
                writeln!(s, "<p class=\"{class}\">{text}</p>")
            }
        };
    }
    if let Some(l) = list {
        let _ = writeln!(s, "</{l}>");
    }
}

/// The photos set inside the story's frames, each as its site file and its caption.
fn photos(doc: &Document, story: StoryId) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for page in &doc.pages {
        let frames: Vec<Rect> = page
            .frames
            .iter()
            .filter(|f| f.story == Some(story))
            .map(|f| f.rect)
            .collect();
        for (k, f) in page.frames.iter().enumerate() {
            if f.kind != FrameKind::Photo || !frames.iter().any(|r| r.contains(&f.rect)) {
                continue;
            }
            let mut file = None;
            let mut caption = String::new();
            for (at, item) in page.items_with_frames() {
                if at != Some(k) {
                    continue;
                }
                match item {
                    Item::Image(im) => file = picture_file(doc, im.asset.0),
                    Item::Text(l) if matches!(l.role, Role::Furniture(Furniture::Caption(_))) => {
                        caption.push_str(&l.text);
                    }
                    _ => {}
                }
            }
            if let Some(file) = file {
                out.push((file, caption));
            }
        }
    }
    out
}

/// The pages the story is printed on: page number, its frame's index, the page's name.
fn printed_on(doc: &Document, story: StoryId) -> Vec<(u32, usize, String)> {
    doc.pages
        .iter()
        .filter_map(|p| {
            let k = p.frames.iter().position(|f| {
                f.story == Some(story)
                    && matches!(f.kind, FrameKind::Story | FrameKind::Continuation)
            })?;
            Some((p.number, k, p.name()))
        })
        .collect()
}
