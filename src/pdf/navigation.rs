//! Finding one's way in the issue, for a reader's viewer and the archive: page labels in
//! the house's form (`/PageLabels`, ISO 32000-1 §12.4.2: each page's label is its
//! prefix, `第一版`), bookmarks — each page (its label and section) and, under it, the
//! stories on it in reading order, each opening at its frame (`/Outlines`, §12.3.3) —,
//! article threads — one per story, a bead per frame in reading order, across its
//! jumps, so a viewer's "follow article" goes from page 1 to the continuation
//! (`/Threads`, §12.4.3) — and the language of the text (`/Lang`, §14.9.2). PDF/X-4
//! (ISO 15930-7) allows them all.

use pdf_writer::writers::PageLabel;
use pdf_writer::{Name, Pdf, Rect, Ref, TextStr};

use super::boxes::PageFrame;
use crate::page::{Document, FrameKind, HeadPart, Item, Page, Role};
use crate::spec::StoryId;

/// A bookmark: its title and where it opens (page index, PDF x and y).
#[derive(Debug, Clone, PartialEq)]
pub struct Bookmark {
    pub title: String,
    pub page: usize,
    pub at: (f32, f32),
    pub children: Vec<Bookmark>,
}

/// The bookmark of page `i`: the page's (`第一版 要闻`, at the trim's top left), and
/// the stories on it (their frames top to bottom, left to right; a continuation marked
/// `（续）` unless it has its own headline). `heads`: each story's first headline, as
/// far as the pages up to this one have set it.
fn page_bookmark(
    doc: &Document,
    heads: &[String],
    frame: &PageFrame,
    (i, page): (usize, &Page),
) -> Bookmark {
    let stories: Vec<Bookmark> = frames_in_reading_order(page)
        .into_iter()
        .filter_map(|k| {
            let f = page.frames.get(k)?;
            if !matches!(f.kind, FrameKind::Story | FrameKind::Continuation) {
                return None;
            }
            let story = f.story?;
            let own = frame_headline(page, k);
            let title = match (own.is_empty(), f.kind) {
                (false, _) => own,
                (true, FrameKind::Continuation) => {
                    format!("{}（续）", story_title(doc, heads, story))
                }
                (true, _) => story_title(doc, heads, story),
            };
            let at = (frame.x(f.rect.x) as f32, frame.y(f.rect.y) as f32);
            Some(leaf(title, i, at))
        })
        .collect();
    Bookmark {
        title: page.name(),
        page: i,
        at: (frame.x(0.0) as f32, frame.y(0.0) as f32),
        children: stories,
    }
}

/// The indexes of `page`'s frames in reading order: top to bottom, then left to right
/// (by their top-left corners).
pub fn frames_in_reading_order(page: &Page) -> Vec<usize> {
    let mut order: Vec<usize> = (0..page.frames.len()).collect();
    order.sort_by(|&a, &b| {
        let (fa, fb) = (&page.frames[a].rect, &page.frames[b].rect);
        fa.y.total_cmp(&fb.y).then(fa.x.total_cmp(&fb.x))
    });
    order
}

fn leaf(title: String, page: usize, at: (f32, f32)) -> Bookmark {
    Bookmark {
        title,
        page,
        at,
        children: Vec::new(),
    }
}

/// The headline of frame `k` of `page`: its 主题 or continuation headline lines, joined
/// as one line (a space only between two Latin letters or digits).
fn frame_headline(page: &Page, k: usize) -> String {
    let lines = page
        .items_with_frames()
        .filter(|(f, _)| *f == Some(k))
        .filter_map(|(_, item)| match item {
            Item::Text(l)
                if matches!(
                    l.role,
                    Role::Head {
                        part: HeadPart::Headline | HeadPart::ContHeadline,
                        ..
                    }
                ) =>
            {
                Some(l.text.as_str())
            }
            _ => None,
        });
    let mut out = String::new();
    for line in lines {
        let joins_words = out
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric())
            && line
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric());
        if joins_words {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

/// Record the headline of each story whose first frame is on `page` in `heads`
/// (empty when it has none).
fn note_first_headlines(heads: &mut [String], page: &Page) {
    for (k, f) in page.frames.iter().enumerate() {
        if let (FrameKind::Story, Some(s)) = (f.kind, f.story) {
            if let Some(slot) = heads.get_mut(s.0) {
                *slot = frame_headline(page, k);
            }
        }
    }
}

/// A story's title: its headline, or its id when it has none.
fn story_title(doc: &Document, heads: &[String], story: StoryId) -> String {
    match heads.get(story.0) {
        Some(h) if !h.is_empty() => h.clone(),
        _ => doc.stories.get(story.0).cloned().unwrap_or_default(),
    }
}

/// What the catalog points to for navigation.
pub struct Navigation {
    /// The outline's root, when there is a bookmark.
    pub outline: Option<Ref>,
    /// One page label dictionary per page.
    pub labels: Vec<Ref>,
    /// The article threads, in story order.
    pub threads: Vec<Ref>,
}

/// A bead of a thread: its id, the index of its page, its rectangle in PDF space.
type Bead = (Ref, usize, Rect);

/// Page labels, bookmarks and article threads, gathered page by page as the pages are
/// written (a page lists its beads, `/B`, so their ids are given then), and written at
/// the end.
pub struct Nav {
    labels: Vec<String>,
    marks: Vec<Bookmark>,
    /// Each story's first headline (empty when it has none).
    heads: Vec<String>,
    /// Per story: its thread's id once a frame of it is met, and its beads in reading
    /// order.
    threads: Vec<Option<(Ref, Vec<Bead>)>>,
}

impl Nav {
    pub fn new(doc: &Document) -> Nav {
        Nav {
            labels: Vec::new(),
            marks: Vec::new(),
            heads: vec![String::new(); doc.stories.len()],
            threads: vec![None; doc.stories.len()],
        }
    }

    /// Take in page `i`: its label, its bookmark, a bead for each of its story frames
    /// (a thread for a story first met here). Returns the page's beads, for its `/B`.
    pub fn add_page(
        &mut self,
        doc: &Document,
        frame: &PageFrame,
        (i, page): (usize, &Page),
        bump: &mut impl FnMut() -> Ref,
    ) -> Vec<Ref> {
        self.labels.push(page.label.clone());
        note_first_headlines(&mut self.heads, page);
        self.marks
            .push(page_bookmark(doc, &self.heads, frame, (i, page)));
        let mut beads = Vec::new();
        for f in &page.frames {
            if !matches!(f.kind, FrameKind::Story | FrameKind::Continuation) {
                continue;
            }
            let Some(thread) = f.story.and_then(|s| self.threads.get_mut(s.0)) else {
                continue;
            };
            let (_, list) = thread.get_or_insert_with(|| (bump(), Vec::new()));
            let r = &f.rect;
            let rect = Rect::new(
                frame.x(r.x) as f32,
                frame.y(r.y + r.h) as f32,
                frame.x(r.x + r.w) as f32,
                frame.y(r.y) as f32,
            );
            let bead = bump();
            list.push((bead, i, rect));
            beads.push(bead);
        }
        beads
    }

    /// Write the page label dictionaries, the outline and the threads (pages at
    /// `page_ids`).
    pub fn write(
        self,
        pdf: &mut Pdf,
        doc: &Document,
        page_ids: &[Ref],
        bump: &mut impl FnMut() -> Ref,
    ) -> Navigation {
        let labels = self
            .labels
            .iter()
            .map(|label| {
                let id = bump();
                pdf.indirect(id).start::<PageLabel>().prefix(TextStr(label));
                id
            })
            .collect();
        let root = bump();
        let outline =
            write_items(pdf, &self.marks, root, page_ids, bump).map(|(first, last, count)| {
                pdf.outline(root).first(first).last(last).count(count);
                root
            });
        let mut threads = Vec::new();
        for (s, thread) in self.threads.iter().enumerate() {
            if let Some((id, beads)) = thread {
                let title = story_title(doc, &self.heads, StoryId(s));
                write_thread(pdf, (*id, &title), beads, page_ids);
                threads.push(*id);
            }
        }
        Navigation {
            outline,
            labels,
            threads,
        }
    }
}

/// Write `items` as siblings under `parent`, each with its children (all open); their
/// first and last ids and how many items they show in all (`None` for no items).
fn write_items(
    pdf: &mut Pdf,
    items: &[Bookmark],
    parent: Ref,
    page_ids: &[Ref],
    bump: &mut impl FnMut() -> Ref,
) -> Option<(Ref, Ref, i32)> {
    let ids: Vec<Ref> = items.iter().map(|_| bump()).collect();
    let mut shown = 0i32;
    for (k, (item, &id)) in items.iter().zip(&ids).enumerate() {
        let children = write_items(pdf, &item.children, id, page_ids, bump);
        let mut w = pdf.outline_item(id);
        w.title(TextStr(&item.title)).parent(parent);
        if let Some(prev) = k.checked_sub(1).and_then(|p| ids.get(p)) {
            w.prev(*prev);
        }
        if let Some(next) = ids.get(k + 1) {
            w.next(*next);
        }
        shown = shown.saturating_add(1);
        if let Some((first, last, count)) = children {
            w.first(first).last(last).count(count);
            shown = shown.saturating_add(count);
        }
        if let Some(page) = page_ids.get(item.page) {
            w.dest().page(*page).xyz(item.at.0, item.at.1, None);
        }
    }
    Some((*ids.first()?, *ids.last()?, shown))
}

/// Write a thread (its title, its first bead) and its beads, linked in a ring (`/N`
/// next, `/V` previous), each on its page (`page_ids`).
fn write_thread(pdf: &mut Pdf, (id, title): (Ref, &str), beads: &[Bead], page_ids: &[Ref]) {
    let (Some(first), Some(last)) = (beads.first(), beads.last()) else {
        return;
    };
    let mut thread = pdf.indirect(id).dict();
    thread.pair(Name(b"Type"), Name(b"Thread"));
    thread.pair(Name(b"F"), first.0);
    thread
        .insert(Name(b"I"))
        .dict()
        .pair(Name(b"Title"), TextStr(title));
    drop(thread);
    for (k, (bead, page, rect)) in beads.iter().enumerate() {
        let next = beads.get(k + 1).unwrap_or(first).0;
        let prev = k
            .checked_sub(1)
            .and_then(|p| beads.get(p))
            .unwrap_or(last)
            .0;
        let mut b = pdf.indirect(*bead).dict();
        b.pair(Name(b"Type"), Name(b"Bead"));
        b.pair(Name(b"T"), id);
        b.pair(Name(b"N"), next);
        b.pair(Name(b"V"), prev);
        if let Some(p) = page_ids.get(*page) {
            b.pair(Name(b"P"), *p);
        }
        b.pair(Name(b"R"), *rect);
    }
}
