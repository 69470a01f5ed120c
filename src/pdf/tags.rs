//! The tagged PDF (ISO 32000-1 §14.8): a logical structure tree over the pages' content,
//! so that a reader's reflow, a screen reader and an archive's text extraction read each
//! story whole and in order instead of guessing it from glyph positions.
//!
//! - Every page item is either *content* — a marked-content sequence with an `/MCID`
//!   (§14.7.4) that belongs to one structure element — or an *artifact* (§14.8.2.2):
//!   the masthead and folios (`/Pagination`), jump lines and a continuation's short
//!   headline (`/Pagination`: they repeat what the structure already joins), rules,
//!   boxes, emphasis dots and printer's marks (`/Layout`, `/Page`), and ads unless the
//!   layout makes them figures (`[furniture] tag_ads`).
//! - The tree: one `Document` element; under it, in the reading order of the pages
//!   (each page's frames top to bottom, then left to right), an `Art` per story where it
//!   begins, holding *all* of the story — its headline block, then its blocks in the
//!   copy's order across every frame and jump —, a `Figure` (its caption as `/Alt`) and
//!   `Caption` per photo (inside the story's `Art` when the photo sits in the story's
//!   frame), a teaser, an ad when it is a figure.
//! - Roles: the headline is `H1`; kicker (引题), subhead (副题) and byline are
//!   `Kicker`, `Subhead` and `Byline`, mapped to `P`; paragraphs `P`; intertitles (小标题)
//!   `H2`; editor's notes (编者按) `EditorsNote`, mapped to `BlockQuote`, and quotations
//!   `BlockQuote`; a list is `L` of `LI`, each with its number in `Lbl` and its text in
//!   `LBody` (§14.8.4.3.3); a poem's title `PoemTitle` (→ `H2`), its author line
//!   `PoemAuthor` and its verse lines `Verse` (→ `P`); a teaser `Teaser` (→ `P`). The
//!   custom roles are in the tree's `/RoleMap` (§14.7.3).
//! - A story in another language than the paper's has its `/Lang` (§14.9.2) on its `Art`.
//! - Each content sequence of a text line also carries the `/ActualText` the line reads
//!   as (`actual_text`), so a tool that reads the tree and one that reads the page both
//!   get the copy.
//!
//! The plan is made page by page ([`Tagger::page`]), each page from itself and the
//! Document's copy, before the page's content stream is written; the content writer
//! asks it how to mark each item. [`Tagger::finish`] gives the tree.

use std::collections::BTreeMap;

use pdf_writer::{Name, Pdf, Ref, TextStr};

use super::navigation::frames_in_reading_order;
use crate::page::{BoxRole, Document, FrameKind, Furniture, HeadPart, Item, Page, Role, StoryCopy};
use crate::spec::{BlockKind, StoryId};

/// The custom structure types and the standard type each stands for (`/RoleMap`).
pub const ROLE_MAP: &[(&str, &str)] = &[
    ("Kicker", "P"),
    ("Subhead", "P"),
    ("Byline", "P"),
    ("EditorsNote", "BlockQuote"),
    ("PoemTitle", "H2"),
    ("PoemAuthor", "P"),
    ("Verse", "P"),
    ("Teaser", "P"),
];

/// How one page item is marked in its content stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Part of the structure: marked with the element's type and this MCID.
    Content { tag: &'static str, mcid: i32 },
    /// Not part of the text's structure (§14.8.2.2), of this artifact type.
    Artifact(ArtifactKind),
}

/// The artifact types of ISO 32000-1 Table 330.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArtifactKind {
    /// Running heads, folios, jump lines.
    Pagination,
    /// Rules, boxes, emphasis dots: typographic ornament.
    Layout,
    /// Printer's marks and the slug outside the trim.
    Page,
}

impl ArtifactKind {
    pub fn name(self) -> &'static [u8] {
        match self {
            ArtifactKind::Pagination => b"Pagination",
            ArtifactKind::Layout => b"Layout",
            ArtifactKind::Page => b"Page",
        }
    }
}

/// One structure element.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    /// Its structure type (`/S`): a standard one or one of [`ROLE_MAP`].
    pub tag: &'static str,
    /// Its parent element (`None`: the `Document` element).
    pub parent: Option<usize>,
    pub kids: Vec<Kid>,
    /// Alternate description (`/Alt`), for a figure.
    pub alt: Option<String>,
    /// Language (`/Lang`) when it is not the document's.
    pub lang: Option<String>,
}

/// A child of an element: another element, or a marked-content sequence on a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kid {
    Element(usize),
    Content { page: usize, mcid: i32 },
}

/// The structure of a whole document: its elements and each page's parent tree entry.
/// How each page item is marked comes page by page from [`Tagger::page`].
#[derive(Debug, Clone, PartialEq)]
pub struct Tagging {
    /// The elements; children of the `Document` element are in [`Tagging::top`].
    pub elements: Vec<Element>,
    /// The `Document` element's children, in reading order.
    pub top: Vec<usize>,
    /// For every page, the element each MCID belongs to (the page's `/ParentTree`
    /// entry), indexed by MCID. One for every text line of the issue: 4 bytes each (an
    /// issue's elements are far fewer than `u32::MAX`).
    pub parents: Vec<Vec<u32>>,
}

/// Where a content item belongs, before MCIDs are numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Owner {
    Head(StoryId, HeadOrder),
    /// A block's text (`LBody` for a list item).
    Block(StoryId, usize),
    /// A list item's label (`Lbl`).
    Label(StoryId, usize),
    /// Frame `k` of page `p`: a photo's figure, its caption, a teaser, an ad.
    Figure(usize, usize),
    Caption(usize, usize),
    Teaser(usize, usize),
}

/// The parts of a headline block in reading order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum HeadOrder {
    Kicker,
    Headline,
    Subhead,
    Byline,
}

/// Plans the structure page by page, in page order, from each page alone: a story's
/// `Art` is made with an element for every part of its copy where the story is first
/// met, and the parts that get no content on any page are left out at the end
/// ([`Tagger::finish`]), so no page has to wait for the pages after it.
pub struct Tagger<'d> {
    doc: &'d Document,
    b: Builder,
    parents: Vec<Vec<u32>>,
}

impl<'d> Tagger<'d> {
    /// `doc` gives the stories' copy and whether ads are figures; its pages are not read.
    pub fn new(doc: &'d Document) -> Self {
        Tagger {
            doc,
            b: Builder::default(),
            parents: Vec::new(),
        }
    }

    /// How each item of `page`, the document's page `p` (the next one), is marked;
    /// `texts` is what each of its text lines reads as (for the alternate descriptions
    /// of figures).
    pub fn page(&mut self, p: usize, page: &Page, texts: &[Option<String>]) -> Vec<Mark> {
        let owners = owners_of(self.doc, p, page);
        // The elements, in reading order.
        for k in frames_in_reading_order(page) {
            self.b.frame(self.doc, page, texts, p, k);
        }
        // Number the page's content in paint order, and give it to its element.
        let mut marks = Vec::with_capacity(page.items.len());
        let mut parents = Vec::new();
        let mut content = Vec::new();
        let frame_of: Vec<Option<usize>> = page.items_with_frames().map(|(f, _)| f).collect();
        for (i, item) in page.items.iter().enumerate() {
            let owner = owners.get(i).copied().flatten();
            match owner.and_then(|o| self.b.index.get(&o).copied()) {
                Some(e) => {
                    let mcid = i32::try_from(parents.len()).unwrap_or(i32::MAX);
                    let element = u32::try_from(e).unwrap_or(u32::MAX);
                    parents.push(element);
                    content.push(Pending {
                        element,
                        order: u32::try_from(line_order(item)).unwrap_or(u32::MAX),
                        mcid,
                    });
                    let tag = self.b.elements.get(e).map_or("Span", |el| el.tag);
                    marks.push(Mark::Content { tag, mcid });
                }
                None => {
                    let frame = frame_of.get(i).copied().flatten();
                    marks.push(Mark::Artifact(artifact_kind(page, frame, item)));
                }
            }
        }
        // Held to the end: no room to spare.
        parents.shrink_to_fit();
        content.shrink_to_fit();
        self.parents.push(parents);
        self.b.content.push((p, content));
        marks
    }

    /// The structure of every page planned: the parts of the stories' copy that got no
    /// content left out.
    pub fn finish(mut self) -> Tagging {
        self.b.attach_content();
        let (elements, top, renumber) = self.b.pruned();
        let parents = self
            .parents
            .into_iter()
            .map(|mut p| {
                for e in &mut p {
                    let new = renumber.get(*e as usize).copied().flatten();
                    *e = new.and_then(|n| u32::try_from(n).ok()).unwrap_or(*e);
                }
                p
            })
            .collect();
        Tagging {
            elements,
            top,
            parents,
        }
    }
}

/// Where each item of page `p` belongs (`None`: an artifact).
fn owners_of(doc: &Document, p: usize, page: &Page) -> Vec<Option<Owner>> {
    page.items_with_frames()
        .map(|(frame, item)| {
            let kind = frame.and_then(|k| page.frames.get(k)).map(|f| f.kind);
            let k = frame.unwrap_or(0);
            match item {
                Item::Text(l) => match l.role {
                    Role::Body {
                        story, paragraph, ..
                    } => Some(Owner::Block(story, paragraph)),
                    Role::Label { story, paragraph } => Some(Owner::Label(story, paragraph)),
                    Role::Head { story, part } => head_order(part).map(|h| Owner::Head(story, h)),
                    Role::Jump { .. } => None,
                    Role::Furniture(f) => match f {
                        Furniture::Caption(_) => Some(Owner::Caption(p, k)),
                        Furniture::Teaser(_) => Some(Owner::Teaser(p, k)),
                        Furniture::AdLabel(_) | Furniture::AdText(_) => {
                            doc.ads_are_figures.then_some(Owner::Figure(p, k))
                        }
                        Furniture::Masthead(_) | Furniture::Folio(_) | Furniture::Slug => None,
                    },
                },
                Item::Image(_) => match kind {
                    Some(FrameKind::Photo) => Some(Owner::Figure(p, k)),
                    Some(FrameKind::Ad) => doc.ads_are_figures.then_some(Owner::Figure(p, k)),
                    _ => None,
                },
                Item::Box(b) => match b.role {
                    BoxRole::Photo { .. } => Some(Owner::Figure(p, k)),
                    BoxRole::Ad { .. } => doc.ads_are_figures.then_some(Owner::Figure(p, k)),
                    _ => None,
                },
                Item::Rule(_) => None,
            }
        })
        .collect()
}

fn head_order(part: HeadPart) -> Option<HeadOrder> {
    match part {
        HeadPart::Kicker => Some(HeadOrder::Kicker),
        HeadPart::Headline => Some(HeadOrder::Headline),
        HeadPart::Subhead => Some(HeadOrder::Subhead),
        HeadPart::Byline => Some(HeadOrder::Byline),
        // A continuation's short headline repeats the story's: furniture of the jump.
        HeadPart::ContHeadline => None,
    }
}

/// The order of a content item within its element: a body line by its line number,
/// everything else by paint order (0).
fn line_order(item: &Item) -> usize {
    match item {
        Item::Text(l) => match l.role {
            Role::Body { line, .. } => line,
            _ => 0,
        },
        _ => 0,
    }
}

/// The artifact type of an item outside the structure; `frame` is its frame's index.
fn artifact_kind(page: &Page, frame: Option<usize>, item: &Item) -> ArtifactKind {
    let in_slug = frame
        .and_then(|k| page.frames.get(k))
        .is_some_and(|f| f.kind == FrameKind::Slug);
    match item {
        Item::Text(_) if in_slug => ArtifactKind::Page,
        Item::Text(_) => ArtifactKind::Pagination,
        _ => ArtifactKind::Layout,
    }
}

/// Builds the elements in reading order.
#[derive(Default)]
struct Builder {
    elements: Vec<Element>,
    /// Elements made for a part of a story's copy (headline block, blocks, list
    /// labels and their lists), left out at the end if no content comes to them.
    optional: Vec<bool>,
    top: Vec<usize>,
    /// The element each owner's content goes to.
    index: BTreeMap<Owner, usize>,
    /// Stories whose `Art` is made.
    arts: BTreeMap<StoryId, usize>,
    /// Content found on each page for each element, with its order (attached at the
    /// end), by page.
    content: Vec<(usize, Vec<Pending>)>,
}

/// A page's marked content waiting for its element: one for every text line of the
/// issue, so held in 12 bytes (an issue's elements and lines are far fewer than
/// `u32::MAX`: memory would run out first).
#[derive(Clone, Copy)]
struct Pending {
    element: u32,
    /// Its order within the element ([`line_order`]).
    order: u32,
    mcid: i32,
}

impl Builder {
    fn add(&mut self, tag: &'static str, parent: Option<usize>) -> usize {
        let e = self.elements.len();
        self.elements.push(Element {
            tag,
            parent,
            kids: Vec::new(),
            alt: None,
            lang: None,
        });
        self.optional.push(false);
        match parent.and_then(|p| self.elements.get_mut(p)) {
            Some(parent) => parent.kids.push(Kid::Element(e)),
            None => self.top.push(e),
        }
        e
    }

    /// Add an element to a story's `Art` after its headline block and the figures
    /// already there (a photo in the story's frame comes before its text), or at the
    /// top level.
    fn add_after_head(&mut self, tag: &'static str, parent: Option<usize>) -> usize {
        let e = self.add(tag, parent);
        let Some(p) = parent else { return e };
        let at = self.elements.get(p).map_or(0, |art| {
            art.kids
                .iter()
                .take_while(|k| match k {
                    Kid::Element(c) => self.elements.get(*c).is_some_and(|c| {
                        matches!(
                            c.tag,
                            "Kicker" | "H1" | "Subhead" | "Byline" | "Figure" | "Caption"
                        ) && **k != Kid::Element(e)
                    }),
                    Kid::Content { .. } => false,
                })
                .count()
        });
        if let Some(art) = self.elements.get_mut(p) {
            art.kids.retain(|k| *k != Kid::Element(e));
            art.kids.insert(at.min(art.kids.len()), Kid::Element(e));
        }
        e
    }

    /// The elements of frame `k` of page `p`, in reading order.
    fn frame(&mut self, doc: &Document, page: &Page, texts: &[Option<String>], p: usize, k: usize) {
        let Some(frame) = page.frames.get(k) else {
            return;
        };
        match frame.kind {
            FrameKind::Story | FrameKind::Continuation => {
                if let Some(story) = frame.story {
                    self.art(doc, story);
                }
            }
            FrameKind::Photo => {
                // A photo inside a story's frame belongs to the story.
                let host = page
                    .frames
                    .iter()
                    .filter(|f| matches!(f.kind, FrameKind::Story | FrameKind::Continuation))
                    .find(|f| f.rect.contains(&frame.rect))
                    .and_then(|f| f.story);
                let parent = host.map(|s| self.art(doc, s));
                let figure = self.add_after_head("Figure", parent);
                self.index.insert(Owner::Figure(p, k), figure);
                let caption = frame_text(page, texts, k, |r| {
                    matches!(r, Role::Furniture(Furniture::Caption(_)))
                });
                if let Some(el) = self.elements.get_mut(figure) {
                    el.alt = (!caption.is_empty()).then_some(caption.clone());
                }
                if !caption.is_empty() {
                    let c = self.add_after_head("Caption", parent);
                    self.index.insert(Owner::Caption(p, k), c);
                }
            }
            FrameKind::Ad if doc.ads_are_figures => {
                let figure = self.add("Figure", None);
                self.index.insert(Owner::Figure(p, k), figure);
                let text = frame_text(page, texts, k, |r| {
                    matches!(
                        r,
                        Role::Furniture(Furniture::AdLabel(_) | Furniture::AdText(_))
                    )
                });
                if let Some(el) = self.elements.get_mut(figure) {
                    el.alt = (!text.is_empty()).then_some(text);
                }
            }
            FrameKind::Teaser => {
                let t = self.add("Teaser", None);
                self.index.insert(Owner::Teaser(p, k), t);
            }
            FrameKind::Ad | FrameKind::Masthead | FrameKind::Folio | FrameKind::Slug => {}
        }
    }

    /// The story's `Art` with an element for each part of its headline block and each
    /// of its blocks (made the first time one of its frames is met); the parts that get
    /// no content are left out at the end ([`Builder::pruned`]).
    fn art(&mut self, doc: &Document, story: StoryId) -> usize {
        if let Some(&e) = self.arts.get(&story) {
            return e;
        }
        let art = self.add("Art", None);
        self.arts.insert(story, art);
        let copy = doc.copy.get(story.0);
        if let (Some(el), Some(copy)) = (self.elements.get_mut(art), copy) {
            el.lang = copy.language.clone();
        }
        for (h, tag) in [
            (HeadOrder::Kicker, "Kicker"),
            (HeadOrder::Headline, "H1"),
            (HeadOrder::Subhead, "Subhead"),
            (HeadOrder::Byline, "Byline"),
        ] {
            let e = self.add_optional(tag, Some(art));
            self.index.insert(Owner::Head(story, h), e);
        }
        let blocks = copy.map_or(0, |c| c.blocks.len());
        let mut list: Option<usize> = None;
        for b in 0..blocks {
            let kind = copy.and_then(|c| c.blocks.get(b)).map(|c| c.kind);
            if let Some(BlockKind::ListItem { .. }) = kind {
                let l = match list {
                    Some(l) if continues_list(copy, b) => l,
                    _ => self.add_optional("L", Some(art)),
                };
                list = Some(l);
                let li = self.add_optional("LI", Some(l));
                let lbl = self.add_optional("Lbl", Some(li));
                self.index.insert(Owner::Label(story, b), lbl);
                let body = self.add_optional("LBody", Some(li));
                self.index.insert(Owner::Block(story, b), body);
                continue;
            }
            list = None;
            let e = self.add_optional(block_tag(kind), Some(art));
            self.index.insert(Owner::Block(story, b), e);
        }
        art
    }

    /// [`Builder::add`] an element for a part of a story's copy.
    fn add_optional(&mut self, tag: &'static str, parent: Option<usize>) -> usize {
        let e = self.add(tag, parent);
        if let Some(o) = self.optional.get_mut(e) {
            *o = true;
        }
        e
    }

    /// The elements without the parts of copy that got no content (nor any of their
    /// children), renumbered in order; the top elements; and each old number's new one.
    fn pruned(self) -> (Vec<Element>, Vec<usize>, Vec<Option<usize>>) {
        let n = self.elements.len();
        // Children are made after their parents: one pass from the last element up.
        let mut keep = vec![false; n];
        for e in (0..n).rev() {
            let Some(el) = self.elements.get(e) else {
                continue;
            };
            let kids = el.kids.iter().any(|k| match *k {
                Kid::Content { .. } => true,
                Kid::Element(c) => keep.get(c).copied().unwrap_or(false),
            });
            keep[e] = kids || !self.optional.get(e).copied().unwrap_or(false);
        }
        let mut renumber = vec![None; n];
        let mut next = 0;
        for (e, k) in keep.iter().enumerate() {
            if *k {
                renumber[e] = Some(next);
                next += 1;
            }
        }
        let new = |e: usize| renumber.get(e).copied().flatten();
        let elements = self
            .elements
            .into_iter()
            .zip(&keep)
            .filter(|(_, k)| **k)
            .map(|(mut el, _)| {
                el.parent = el.parent.and_then(new);
                el.kids = el
                    .kids
                    .iter()
                    .filter_map(|k| match *k {
                        Kid::Element(c) => new(c).map(Kid::Element),
                        content => Some(content),
                    })
                    .collect();
                el
            })
            .collect();
        let top = self.top.iter().filter_map(|&e| new(e)).collect();
        (elements, top, renumber)
    }

    /// Give each element its content: page by page, in line order, then paint order
    /// (MCIDs are numbered in paint order). Each element's kids are made room for
    /// once, and each page's list let go when it is attached.
    fn attach_content(&mut self) {
        let mut content = std::mem::take(&mut self.content);
        content.sort_by_key(|(page, _)| *page);
        let mut counts = vec![0usize; self.elements.len()];
        for c in content.iter().flat_map(|(_, list)| list) {
            if let Some(n) = counts.get_mut(c.element as usize) {
                *n += 1;
            }
        }
        for (el, n) in self.elements.iter_mut().zip(counts) {
            el.kids.reserve_exact(n);
        }
        for (page, mut list) in content {
            list.sort_unstable_by_key(|c| (c.element, c.order, c.mcid));
            for c in list {
                if let Some(el) = self.elements.get_mut(c.element as usize) {
                    el.kids.push(Kid::Content { page, mcid: c.mcid });
                }
            }
        }
    }
}

/// Block `b` is a list item right after another (the same list).
fn continues_list(copy: Option<&StoryCopy>, b: usize) -> bool {
    let kind = |i: usize| copy.and_then(|c| c.blocks.get(i)).map(|c| c.kind);
    match (b.checked_sub(1).and_then(kind), kind(b)) {
        (
            Some(BlockKind::ListItem { number: before }),
            Some(BlockKind::ListItem { number: now }),
        ) => before.is_some() == now.is_some(),
        _ => false,
    }
}

/// The structure type of a block.
fn block_tag(kind: Option<BlockKind>) -> &'static str {
    match kind {
        Some(BlockKind::Intertitle) => "H2",
        Some(BlockKind::Note) => "EditorsNote",
        Some(BlockKind::Quote) => "BlockQuote",
        Some(BlockKind::PoemTitle) => "PoemTitle",
        Some(BlockKind::PoemAuthor) => "PoemAuthor",
        Some(BlockKind::Verse { .. }) => "Verse",
        Some(BlockKind::ListItem { .. }) => "LBody",
        Some(BlockKind::Paragraph) | None => "P",
    }
}

/// The text of frame `k`'s lines of the given roles, as they read, joined.
fn frame_text(
    page: &Page,
    texts: &[Option<String>],
    k: usize,
    role: impl Fn(Role) -> bool,
) -> String {
    page.items_with_frames()
        .enumerate()
        .filter(|(_, (f, _))| *f == Some(k))
        .filter_map(|(i, (_, item))| match item {
            Item::Text(l) if role(l.role) => Some(
                texts
                    .get(i)
                    .and_then(Option::as_deref)
                    .unwrap_or(&l.text)
                    .to_string(),
            ),
            _ => None,
        })
        .collect()
}

/// The objects of the structure tree: the ids it needs from the page writer.
pub struct TreeIds {
    pub root: Ref,
    /// One per element, then the `Document` element.
    pub elements: Vec<Ref>,
    pub document: Ref,
    /// Each page's `/ParentTree` array.
    pub parent_arrays: Vec<Ref>,
}

impl TreeIds {
    pub fn new(tagging: &Tagging, alloc: &mut impl FnMut() -> Ref) -> TreeIds {
        TreeIds {
            root: alloc(),
            document: alloc(),
            elements: tagging.elements.iter().map(|_| alloc()).collect(),
            parent_arrays: tagging.parents.iter().map(|_| alloc()).collect(),
        }
    }
}

/// Write the structure tree root, its elements and the parent tree. `pages`: the page
/// objects, in order.
pub fn write_tree(pdf: &mut Pdf, tagging: &Tagging, ids: &TreeIds, pages: &[Ref]) {
    let element_ref = |e: usize| ids.elements.get(e).copied().unwrap_or(ids.document);
    {
        let mut root = pdf
            .indirect(ids.root)
            .start::<pdf_writer::writers::StructTreeRoot>();
        root.children().item(ids.document);
        {
            let mut tree = root.parent_tree();
            let mut nums = tree.nums();
            for (p, id) in ids.parent_arrays.iter().enumerate() {
                nums.insert(i32::try_from(p).unwrap_or(i32::MAX), *id);
            }
        }
        root.parent_tree_next_key(i32::try_from(pages.len()).unwrap_or(i32::MAX));
        let mut roles = root.role_map();
        for (custom, standard) in ROLE_MAP {
            roles.pair(Name(custom.as_bytes()), Name(standard.as_bytes()));
        }
    }
    {
        let mut doc = pdf
            .indirect(ids.document)
            .start::<pdf_writer::writers::StructElement>();
        doc.custom_kind(Name(b"Document")).parent(ids.root);
        let mut kids = doc.children();
        for &e in &tagging.top {
            kids.struct_element(element_ref(e));
        }
    }
    for (e, el) in tagging.elements.iter().enumerate() {
        let mut w = pdf
            .indirect(element_ref(e))
            .start::<pdf_writer::writers::StructElement>();
        w.custom_kind(Name(el.tag.as_bytes()));
        w.parent(el.parent.map_or(ids.document, element_ref));
        // `/Pg`: the page of its first content, so content kids on it are bare MCIDs.
        let home = el.kids.iter().find_map(|k| match k {
            Kid::Content { page, .. } => Some(*page),
            Kid::Element(_) => None,
        });
        if let Some(pg) = home.and_then(|p| pages.get(p)) {
            w.page(*pg);
        }
        if let Some(alt) = &el.alt {
            w.alt(TextStr(alt));
        }
        if let Some(lang) = &el.lang {
            w.lang(TextStr(lang));
        }
        let mut kids = w.children();
        for kid in &el.kids {
            match *kid {
                Kid::Element(c) => {
                    kids.struct_element(element_ref(c));
                }
                Kid::Content { page, mcid } if Some(page) == home => {
                    kids.marked_content_id(mcid);
                }
                Kid::Content { page, mcid } => {
                    let mut r = kids.marked_content_ref();
                    if let Some(pg) = pages.get(page) {
                        r.page(*pg);
                    }
                    r.marked_content_id(mcid);
                }
            }
        }
    }
    for (p, parents) in tagging.parents.iter().enumerate() {
        if let Some(id) = ids.parent_arrays.get(p) {
            pdf.indirect(*id)
                .array()
                .items(parents.iter().map(|&e| element_ref(e as usize)));
        }
    }
}
