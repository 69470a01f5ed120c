//! Stage 4, layout: one stage, two halves, one output — the [`crate::page::Document`].
//!
//! Steps: [`flow`] fills every story's chain of frames (headline blocks, columns on the
//! baseline grid, jumps, balancing, overset) → for each page, [`furniture`] sets the
//! masthead or folio, photos, ads and teasers → [`rules`] draws the rules between
//! neighbouring items → [`marks`] adds crop marks → the page builder puts frames and
//! items in paint order. Text is set through [`setter`] (shape + prepare), [`display`]
//! (headline-like blocks) and [`place`] (a broken line onto the page). Every colour,
//! width and overprint decision is taken here; the stages after it only read.

pub mod display;
pub mod flow;
pub mod furniture;
pub mod item_errors;
pub mod makeup;
pub mod marks;
pub mod place;
pub mod rules;
pub mod setter;
pub mod slug;

use std::collections::BTreeMap;

use crate::diag::Diagnostics;
use crate::page::{
    BoxItem, CopyBlock, Document, Frame, ImageItem, Item, Page, Rule, StoryCopy, TextLine,
};
use crate::pictures::Picture;
use crate::spec::{Issue, IssuePage, PageTemplate};
use flow::{FlowReport, Flowed};
use furniture::Placed;
use setter::Setter;

/// What laying out an issue produced.
#[derive(Debug, Clone)]
pub struct LaidOut {
    pub document: Document,
    pub report: FlowReport,
    /// Warnings, and errors the caller may tolerate (overset, pages the make-up step
    /// could not fit).
    pub diags: Diagnostics,
    /// The issue as set, when the make-up step decided areas the spec left open.
    pub made_up: Option<Issue>,
}

/// Lay out the whole issue into its page description. The error is for what stops
/// layout (missing glyphs, furniture that does not fit); overset is in `diags`.
pub fn layout_issue(issue: &Issue, pictures: Vec<Picture>) -> Result<LaidOut, Diagnostics> {
    let threads = crate::threads::threads_for(crate::threads::MAX_THREADS);
    layout_issue_on(issue, pictures, threads)
}

/// [`layout_issue`], flowing stories on `threads` threads (the result is the same for
/// any number).
pub fn layout_issue_on(
    issue: &Issue,
    pictures: Vec<Picture>,
    threads: usize,
) -> Result<LaidOut, Diagnostics> {
    layout_issue_with(issue, pictures, threads, None)
}

/// [`layout_issue_on`], taking the stories whose flow cannot have changed from `memo`
/// ([`lay_out_pages_with`]).
pub fn layout_issue_with(
    issue: &Issue,
    pictures: Vec<Picture>,
    threads: usize,
    memo: Option<&mut flow::memo::FlowMemo>,
) -> Result<LaidOut, Diagnostics> {
    let mut document = document_without_pages(issue, pictures);
    let mut pages = Vec::with_capacity(issue.pages.len());
    let laid = lay_out_pages_with(issue, &document, threads, memo, &mut |p| {
        pages.push(p);
        Ok(())
    })?;
    document.pages = pages;
    Ok(LaidOut {
        document,
        report: laid.report,
        diags: laid.diags,
        made_up: laid.made_up,
    })
}

/// What laying out the pages gave besides the pages: [`LaidOut`] without its document.
#[derive(Debug, Clone)]
pub struct PagesLaidOut {
    pub report: FlowReport,
    pub diags: Diagnostics,
    pub made_up: Option<Issue>,
}

/// How many pages ahead of the page being composed stories are flowed, once a story
/// of that page needs flowing: batches of stories big enough to share out between
/// threads (32 stories of the 400-page benchmark).
const FLOW_AHEAD: u32 = 7;

/// Lay out the pages of `issue` one after the other, handing each to `sink` as soon as
/// it is composed, so a caller that writes it and lets it go holds one page at a time
/// (and the frames of stories that jump ahead) instead of the whole issue. `doc`:
/// [`document_without_pages`] of the issue, whose pictures the pages place.
///
/// Stories are flowed in the order they begin, in batches a few pages ahead of the
/// page being composed (`FLOW_AHEAD`); a story's later parts wait for their page. Pages,
/// report and messages are those of flowing every story first and composing every page
/// after: a story that cannot be set (a character no font has) fails the layout with
/// the errors of all stories, and a page that cannot be composed with those of all
/// pages; `sink` gets no page after the first error. An error from `sink` stops the
/// layout.
pub fn lay_out_pages(
    issue: &Issue,
    doc: &Document,
    threads: usize,
    sink: &mut dyn FnMut(Page) -> Result<(), Diagnostics>,
) -> Result<PagesLaidOut, Diagnostics> {
    lay_out_pages_with(issue, doc, threads, None, sink)
}

/// [`lay_out_pages`], taking the stories whose flow cannot have changed since the last
/// layout from `memo` ([`flow::memo::FlowMemo`], kept by `watch` between rounds); the
/// pages, report and messages are the same.
pub fn lay_out_pages_with(
    issue: &Issue,
    doc: &Document,
    threads: usize,
    mut memo: Option<&mut flow::memo::FlowMemo>,
    sink: &mut dyn FnMut(Page) -> Result<(), Diagnostics>,
) -> Result<PagesLaidOut, Diagnostics> {
    let mut setter = Setter::new(&issue.fonts);
    let made_up = makeup::make_up(issue, &mut setter)?;
    let issue = made_up.as_ref().map_or(issue, |m| &m.issue);
    if let Some(m) = memo.as_deref_mut() {
        m.begin(issue);
    }
    // Furniture is set with a setter of its own, whose fallback warnings come after the
    // stories' (as when every story is flowed first).
    let mut furniture = setter.sibling();
    let mut stories = StoryFlow::new(issue, threads);
    let (mut notes, mut errors) = (Diagnostics::new(), Diagnostics::new());
    for (k, page) in issue.pages.iter().enumerate() {
        stories.flow_for(issue, &mut setter, page.number, memo.as_deref_mut())?;
        let frames = stories.frames_of(k);
        if stories.hard.has_errors() {
            continue;
        }
        let composed = compose_page(
            issue,
            &doc.pictures,
            page,
            frames,
            &mut furniture,
            &mut notes,
        );
        match composed {
            Ok(p) if !errors.has_errors() => sink(p)?,
            Ok(_) => {}
            Err(e) => errors.extend(e),
        }
    }
    stories.flow_for(issue, &mut setter, u32::MAX, memo)?;
    let StoryFlow { flow, hard, .. } = stories;
    let Flowed {
        mut report,
        mut diags,
        ..
    } = flow;
    diags.extend(setter.take_warnings());
    if hard.has_errors() {
        return Err(Diagnostics(hard.0.into_iter().chain(diags.0).collect()));
    }
    if errors.has_errors() {
        return Err(errors);
    }
    if let Some(m) = &made_up {
        report.makeup = m.report.clone();
        diags.0.splice(0..0, m.diags.0.iter().cloned());
    }
    diags.extend(notes);
    setter.absorb(furniture);
    diags.extend(setter.take_warnings());
    diags.extend(issue.fonts.warnings().clone());
    Ok(PagesLaidOut {
        report,
        diags,
        made_up: made_up.map(|m| m.issue.clone()),
    })
}

/// The stories of an issue flowed in batches as the pages need them, and the frames
/// waiting for their page.
struct StoryFlow {
    serials: BTreeMap<(u32, usize), u32>,
    /// The page each story begins on, in story order.
    firsts: Vec<u32>,
    /// The stories `..flowed_to` are flowed.
    flowed_to: usize,
    /// The stories flowed: the filled frames of each page (by index) not composed yet,
    /// and the report and messages, in story order.
    flow: Flowed,
    /// What stops the layout (a story that cannot be set).
    hard: Diagnostics,
    threads: usize,
}

impl StoryFlow {
    fn new(issue: &Issue, threads: usize) -> StoryFlow {
        StoryFlow {
            serials: flow::jumps::number_jumps(issue),
            firsts: issue
                .stories
                .iter()
                .map(|s| s.parts.first().map_or(0, |p| p.page))
                .collect(),
            flowed_to: 0,
            flow: Flowed::for_pages(issue),
            hard: Diagnostics::new(),
            threads,
        }
    }

    /// When a story that begins on page `number` (or before) is not flowed yet, flow
    /// every story that begins by [`FLOW_AHEAD`] pages later (stories are in the order
    /// they begin: up to the last one that does; any before it that begins later only
    /// waits longer).
    fn flow_for(
        &mut self,
        issue: &Issue,
        setter: &mut Setter,
        number: u32,
        memo: Option<&mut flow::memo::FlowMemo>,
    ) -> Result<(), Diagnostics> {
        let needed = self
            .firsts
            .get(self.flowed_to)
            .is_some_and(|&f| f <= number);
        if !needed {
            return Ok(());
        }
        let horizon = number.saturating_add(FLOW_AHEAD);
        let end = (self.flowed_to..self.firsts.len())
            .rev()
            .find(|&i| self.firsts.get(i).is_some_and(|&f| f <= horizon))
            .map_or(self.flowed_to, |i| i + 1);
        let (batch, hard) = flow::flow_range(
            issue,
            setter,
            self.flowed_to..end,
            &self.serials,
            self.threads,
            memo,
        )?;
        self.flow.take_in(batch);
        self.hard.extend(hard);
        self.flowed_to = end;
        Ok(())
    }

    /// The frames of page index `k`, taken.
    fn frames_of(&mut self, k: usize) -> Vec<flow::frame::FilledFrame> {
        self.flow
            .pages
            .get_mut(k)
            .map(std::mem::take)
            .unwrap_or_default()
    }
}

/// The Document of `issue` without its pages (they come from [`lay_out_pages`]): what
/// every page refers to — fonts, pictures, styles, each story's copy — and the output
/// condition; no date, no prepared pictures yet.
pub fn document_without_pages(issue: &Issue, pictures: Vec<Picture>) -> Document {
    let info = &issue.info;
    let layout = &issue.layout;
    Document {
        title: crate::spec::wording::issue_name(info),
        trim_width: layout.trim_width,
        trim_height: layout.trim_height,
        bleed: layout.bleed,
        slug: layout.slug,
        stories: issue.stories.iter().map(|s| s.id.clone()).collect(),
        copy: issue.stories.iter().map(|s| story_copy(issue, s)).collect(),
        pictures,
        prepared: BTreeMap::new(),
        styles: layout.styles.iter().map(|s| s.name.clone()).collect(),
        fonts: issue.fonts.clone(),
        output: layout.output.clone(),
        date: None,
        language: layout.wording.language.clone(),
        ads_are_figures: layout.wording.ads_are_figures,
        pages: Vec::new(),
    }
}

/// A story's copy for the Document: its article's headline block and blocks.
fn story_copy(issue: &Issue, story: &crate::spec::Story) -> StoryCopy {
    let Some(a) = issue.articles.get(story.article) else {
        return StoryCopy::default();
    };
    StoryCopy {
        kicker: a.kicker.clone(),
        headline: a.headline.clone(),
        subhead: a.subhead.clone(),
        byline: a.byline.clone(),
        blocks: a
            .blocks
            .iter()
            .map(|b| CopyBlock {
                kind: b.kind,
                text: b.text.clone(),
                inlines: b.inlines.clone(),
            })
            .collect(),
        language: a.language.clone(),
    }
}

/// One page: the band, the story frames, photos, ads, teasers, then the rules and crop
/// marks, in that paint order.
fn compose_page(
    issue: &Issue,
    pictures: &[Picture],
    page: &IssuePage,
    stories: Vec<flow::frame::FilledFrame>,
    setter: &mut Setter,
    diags: &mut Diagnostics,
) -> Result<Page, Diagnostics> {
    let label =
        crate::spec::wording::fill_reference(&issue.layout.wording.page_label, page.number, "");
    let mut b = PageBuilder::new(page.number, label, page.section.clone());
    let kind = match page.template {
        PageTemplate::Front => furniture::band::BandKind::Masthead,
        PageTemplate::Inside => furniture::band::BandKind::Folio,
    };
    let (band, note) = furniture::band::band(issue, pictures, page, kind, setter)?;
    diags.0.extend(note);
    let mut rules = Vec::new();
    rules.extend(b.add(band));
    for f in stories {
        rules.extend(f.rules);
        b.add_frame(f.frame, f.boxes, Vec::new(), f.lines);
    }
    for (i, ph) in page.photos.iter().enumerate() {
        let (placed, note) = furniture::photo::photo(issue, pictures, ph, i, setter)
            .map_err(item_errors::in_item(page.number, "photo", i))?;
        diags.0.extend(note);
        rules.extend(b.add(placed));
    }
    for (i, ad) in page.ads.iter().enumerate() {
        let (placed, note) = furniture::ad::ad(issue, pictures, ad, i, setter)
            .map_err(item_errors::in_item(page.number, "ad", i))?;
        diags.0.extend(note);
        rules.extend(b.add(placed));
    }
    for (i, t) in page.teasers.iter().enumerate() {
        let teaser = furniture::teaser::teaser(issue, t, i, setter)
            .map_err(item_errors::in_item(page.number, "teaser", i))?;
        rules.extend(b.add(teaser));
    }
    if let Some(placed) = slug::slug(issue, page, setter)? {
        rules.extend(b.add(placed));
    }
    rules.extend(rules::between_items(issue, page));
    rules.extend(marks::crop_marks(issue));
    rules.extend(marks::registration_marks(issue));
    b.items.extend(rules.into_iter().map(Item::Rule));
    Ok(b.finish())
}

/// Builds a page: each frame with its boxes and lines, in paint order.
struct PageBuilder {
    number: u32,
    label: String,
    section: String,
    frames: Vec<Frame>,
    items: Vec<Item>,
    frame_items: Vec<std::ops::Range<usize>>,
}

impl PageBuilder {
    fn new(number: u32, label: String, section: String) -> Self {
        PageBuilder {
            number,
            label,
            section,
            frames: Vec::new(),
            items: Vec::new(),
            frame_items: Vec::new(),
        }
    }

    /// Add a frame with its pictures, boxes, then its lines, as one run of items.
    fn add_frame(
        &mut self,
        frame: Frame,
        boxes: Vec<BoxItem>,
        images: Vec<ImageItem>,
        lines: Vec<TextLine>,
    ) {
        let start = self.items.len();
        self.frames.push(frame);
        self.items.extend(images.into_iter().map(Item::Image));
        self.items.extend(boxes.into_iter().map(Item::Box));
        self.items.extend(lines.into_iter().map(Item::Text));
        self.frame_items.push(start..self.items.len());
    }

    /// Add a piece of furniture; returns its rules (painted after every frame).
    fn add(&mut self, placed: Placed) -> Vec<Rule> {
        self.add_frame(placed.frame, placed.boxes, placed.images, placed.lines);
        placed.rules
    }

    fn finish(mut self) -> Page {
        // Every page is kept until the PDF is written: without the growth's slack.
        self.items.shrink_to_fit();
        Page {
            number: self.number,
            label: self.label,
            section: self.section,
            frames: self.frames,
            items: self.items,
            frame_items: self.frame_items,
        }
    }
}
