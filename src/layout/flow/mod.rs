//! The flow half of layout: fill every story's chain of frames with lines.
//!
//! Steps: [`jumps`] numbers the jumps ①②… per source page → for each story,
//! [`blocks`] prepares its article's blocks and [`body`] makes them a stream of entries
//! → [`frame`] fills each frame of its chain (headline block, [`columns`] on the
//! baseline grid, photo wrap, entries packed with their keeps by [`pack`], [`notes`]
//! frames, jump lines; [`balance`] in the last) → [`report`] collects overset, underset
//! and forced breaks.

pub mod balance;
pub mod blocks;
pub mod body;
pub mod columns;
pub mod frame;
pub mod jumps;
pub mod memo;
pub mod notes;
pub mod pack;
pub mod report;

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, Diagnostics};
use crate::layout::setter::{Origin, Setter};
use crate::page::{FrameKind, HeadPart, Role};
use crate::spec::wording::{fill_reference, jump_mark};
use crate::spec::{Article, Issue, IssuePage, Story, StoryId, StoryPlacement, StyleId};
use frame::{fill_frame, FilledFrame, FrameJob};
pub use report::{FlowReport, StoryReport};

/// What flowing the issue produced.
#[derive(Clone)]
pub struct Flowed {
    /// The filled story frames of each page (index = page number − 1), in the order
    /// they were filled.
    pub pages: Vec<Vec<FilledFrame>>,
    pub report: FlowReport,
    /// Warnings (underset, empty continuation, forced breaks) and errors (overset).
    pub diags: Diagnostics,
}

impl Flowed {
    /// Nothing flowed yet, for the pages of `issue`.
    pub fn for_pages(issue: &Issue) -> Flowed {
        Flowed {
            pages: issue.pages.iter().map(|_| Vec::new()).collect(),
            report: FlowReport::default(),
            diags: Diagnostics::new(),
        }
    }

    /// Add `later`, the stories flowed after these: its frames after these on each
    /// page, its report and messages after these.
    pub fn take_in(&mut self, later: Flowed) {
        for (all, frames) in self.pages.iter_mut().zip(later.pages) {
            all.extend(frames);
        }
        self.report.stories.extend(later.report.stories);
        self.diags.extend(later.diags);
    }
}

/// Flow the stories `range` of the issue (the error: what stops layout — a character
/// no font has — in any of them: all are collected first; overset is reported in
/// `Flowed::diags` for the caller to decide, `--allow-overset`). `serials`: the jumps'
/// numbers ([`jumps::number_jumps`]).
///
/// Stories are independent of each other, so they are flowed on `threads` threads
/// (fewer when there are fewer stories), each with its own [`Setter::sibling`]: a
/// thread that is free takes the next story, the longest first, and what each story
/// gave is put together in story order. The frames, report and messages are those of
/// one thread flowing the stories in turn: each story's fallback-font warnings are
/// made as if it came right after what `setter` set ([`Setter::reported_only`]) and go
/// into `setter` in story order ([`Setter::absorb_warnings`]), for the caller to take.
///
/// With a `memo` (`watch`), a story it holds for the same article, after the same
/// reported fallbacks, is taken from it instead of being flowed again, and every story
/// flowed is kept in it ([`memo::FlowMemo`]); the result is the same.
pub fn flow_range(
    issue: &Issue,
    setter: &mut Setter,
    range: std::ops::Range<usize>,
    serials: &BTreeMap<(u32, usize), u32>,
    threads: usize,
    mut memo: Option<&mut memo::FlowMemo>,
) -> Result<(Flowed, Diagnostics), Diagnostics> {
    let reported = setter.fallbacks_reported();
    let mut recalled = Vec::new();
    let mut order: Vec<(usize, &Story)> = Vec::new();
    for (i, story) in issue
        .stories
        .iter()
        .enumerate()
        .take(range.end)
        .skip(range.start)
    {
        let kept = memo.as_deref_mut().and_then(|m| {
            let article = issue.articles.get(story.article)?;
            m.recall(i, article, &reported)
        });
        match kept {
            Some((flowed, hard, warnings)) => recalled.push((i, flowed, hard, warnings)),
            None => order.push((i, story)),
        }
    }
    // Longest first (a stable sort: equal ones in story order), so that no thread is
    // left with a long story at the end while the others wait.
    order.sort_by_key(|&(_, s)| std::cmp::Reverse(story_weight(issue, s)));
    let siblings: Vec<Setter> = (0..threads.clamp(1, order.len().max(1)))
        .map(|_| setter.sibling())
        .collect();
    let mut stories = crate::threads::map_queued_with(&order, siblings, |sibling, &(i, story)| {
        sibling.reported_only(&reported);
        let mut flowed = Flowed::for_pages(issue);
        let hard = flow_story(issue, sibling, StoryId(i), story, serials, &mut flowed)
            .err()
            .unwrap_or_default();
        (i, flowed, hard, sibling.take_keyed_warnings())
    })
    .ok_or_else(|| {
        Diagnostics(vec![Diagnostic::error(
            "layout failed (a flow thread stopped)",
        )])
    })?;
    if let Some(m) = memo {
        for (i, flowed, hard, warnings) in &stories {
            let Some(story) = issue.stories.get(*i) else {
                continue;
            };
            let Some(article) = issue.articles.get(story.article) else {
                continue;
            };
            m.keep(
                *i,
                memo::Kept {
                    article: article.clone(),
                    reported: reported.clone(),
                    flowed: flowed.clone(),
                    hard: hard.clone(),
                    warnings: warnings.clone(),
                },
            );
        }
    }
    stories.extend(recalled);
    stories.sort_by_key(|&(i, ..)| i);
    let mut flowed = Flowed::for_pages(issue);
    let mut hard = Diagnostics::new();
    for (_, story, story_hard, warnings) in stories {
        flowed.take_in(story);
        hard.extend(story_hard);
        setter.absorb_warnings(warnings);
    }
    Ok((flowed, hard))
}

/// How much setting a story takes, to share stories out between threads: the bytes of
/// its article's text.
fn story_weight(issue: &Issue, story: &Story) -> usize {
    issue.articles.get(story.article).map_or(0, |a| {
        a.blocks.iter().map(|b| b.text.len()).sum::<usize>() + a.headline.len()
    })
}

/// Flow one story through its chain of frames and report it: prepare its blocks, fill
/// each frame in turn from one stream of body entries, then report what is left over
/// (overset) or left empty (underset).
fn flow_story(
    issue: &Issue,
    setter: &mut Setter,
    id: StoryId,
    story: &Story,
    serials: &BTreeMap<(u32, usize), u32>,
    flowed: &mut Flowed,
) -> Result<(), Diagnostics> {
    let article = &issue.articles[story.article];
    let paras = blocks::prepare_blocks(issue, setter, article)?;
    let head_origin = Origin {
        file: &article.path,
        what: format!("article `{}`, front matter", article.id),
    };
    let mut stream = body::BodyStream::new(&paras);
    let mut chain = ChainReport {
        report: StoryReport {
            id: story.id.clone(),
            ..StoryReport::default()
        },
        forced: Vec::new(),
        last_empty: 0,
        empty_continuation: None,
    };
    let mut frames = Vec::with_capacity(story.parts.len());
    for (k, part) in story.parts.iter().enumerate() {
        let Some(placed) = issue.part(id, k) else {
            continue;
        };
        let pl = placed.1;
        let job = frame_job(issue, id, story, k, placed, serials, !stream.is_done());
        let filled = fill_frame(issue, setter, &job, &mut stream, &paras, &head_origin)?;
        chain.record(issue, article, k, part.page, pl, &filled, &mut flowed.diags);
        frames.push((part.page, filled));
    }
    mark_break_spaces(&mut frames);
    for (page, filled) in frames {
        if let Some(frames) = flowed.pages.get_mut(page as usize - 1) {
            frames.push(filled);
        }
    }
    chain.report.empty_lines = chain.last_empty;
    let body_size = issue.layout.style(issue.layout.roles.body).size;
    flowed.diags.extend(report::forced_break_warnings(
        article,
        &paras,
        &chain.forced,
        body_size,
    ));
    if stream.is_done() {
        flowed
            .diags
            .0
            .extend(underset_warnings(issue, id, story, &chain));
    } else {
        flowed
            .diags
            .push(overset_error(issue, id, &stream, &mut chain.report));
    }
    flowed.report.stories.push(chain.report);
    Ok(())
}

/// Mark each body line of a story's chain whose break took a space of the copy: the
/// next line of its paragraph, in this frame or a later one, starts after the line's
/// source ends ([`crate::page::TextLine::break_space`]).
fn mark_break_spaces(frames: &mut [(u32, FilledFrame)]) {
    let starts: BTreeMap<(usize, usize), usize> = frames
        .iter()
        .flat_map(|(_, f)| &f.lines)
        .filter_map(|l| match l.role {
            Role::Body {
                paragraph, line, ..
            } => Some(((paragraph, line), l.source.start)),
            _ => None,
        })
        .collect();
    for l in frames.iter_mut().flat_map(|(_, f)| &mut f.lines) {
        if let Role::Body {
            paragraph, line, ..
        } = l.role
        {
            l.break_space = starts
                .get(&(paragraph, line + 1))
                .is_some_and(|&next| next > l.source.end);
        }
    }
}

/// What the frames of one story's chain added up to, frame by frame.
struct ChainReport {
    report: StoryReport,
    /// Body lines broken inside a unit or overflowing, in every frame.
    forced: Vec<frame::ForcedBreak>,
    /// Empty body lines of the last frame filled.
    last_empty: usize,
    /// The first continuation that got no body line, and where it is declared.
    empty_continuation: Option<(usize, crate::diag::Loc)>,
}

impl ChainReport {
    /// Add frame `k` of the chain (on `page`, placed as `pl`): its lines, its headline
    /// overset (an error) and its loose lines (warnings).
    #[allow(clippy::too_many_arguments)] // one frame's facts, each from its own place
    fn record(
        &mut self,
        issue: &Issue,
        article: &Article,
        k: usize,
        page: u32,
        pl: &StoryPlacement,
        filled: &FilledFrame,
        diags: &mut Diagnostics,
    ) {
        self.report.body_lines += filled.body_lines;
        self.report.pages.push(page);
        if let Some((needed, has)) = filled.head_overset {
            self.report.head_overset_lines += needed - has;
            diags.push(
                Diagnostic::error(format!(
                    "story `{}` is overset: its headline block needs {needed} body lines, its frame on page {page} has {has}; the lines below the frame are not printed",
                    article.id
                ))
                .located(&pl.loc)
                .with_hint("shorten the headline, give it more columns (headline_columns) or the story more rows; `--allow-overset` renders anyway"),
            );
        }
        self.forced.extend(filled.forced.iter().cloned());
        let limits = &issue
            .layout
            .style(issue.layout.roles.body)
            .composition
            .looseness;
        diags.extend(report::looseness_warnings(article, &filled.lines, limits));
        self.last_empty = filled.empty_slots;
        if k > 0 && filled.body_lines == 0 && self.empty_continuation.is_none() {
            self.empty_continuation = Some((k, pl.loc.clone()));
        }
    }
}

/// What frame `k` of `story`, placed on `page` as `pl`, is asked to hold: the headline
/// block (the article's on the first part, the continuation headline after), the jump
/// lines (out to the next part's page; in from the previous one while `more_text` is
/// left), the space above the headline and the photos inside its area.
pub(crate) fn frame_job<'a>(
    issue: &'a Issue,
    id: StoryId,
    story: &Story,
    k: usize,
    (page, pl): (&'a IssuePage, &'a StoryPlacement),
    serials: &BTreeMap<(u32, usize), u32>,
    more_text: bool,
) -> FrameJob<'a> {
    let article = &issue.articles[story.article];
    let part = &story.parts[k];
    let roles = &issue.layout.roles;
    let cont_headline = pl.cont_headline.as_str();
    let head: Vec<(StyleId, HeadPart, &str)> = if k == 0 {
        [
            (roles.kicker, HeadPart::Kicker, article.kicker.as_str()),
            (roles.headline, HeadPart::Headline, &article.headline),
            (roles.subhead, HeadPart::Subhead, &article.subhead),
            (roles.byline, HeadPart::Byline, &article.byline),
        ]
        .into_iter()
        .filter(|(_, _, t)| !t.is_empty())
        .collect()
    } else if !cont_headline.is_empty() {
        vec![(roles.cont_headline, HeadPart::ContHeadline, cont_headline)]
    } else {
        Vec::new()
    };
    // Jump lines are numbered on the page the jump starts from.
    let wording = &issue.layout.wording;
    let jump_out = story.parts.get(k + 1).and_then(|next| {
        serials
            .get(&(part.page, part.index))
            .map(|&n| fill_reference(&wording.jump_out, next.page, &jump_mark(n)))
    });
    let jump_in = (k > 0 && more_text)
        .then(|| story.parts.get(k - 1))
        .flatten()
        .and_then(|prev| {
            serials
                .get(&(prev.page, prev.index))
                .map(|&n| fill_reference(&wording.jump_in, prev.page, &jump_mark(n)))
        });
    let space_above = if head.is_empty() {
        0
    } else {
        issue
            .layout
            .space_above_headline(page.template, pl.area.row)
    };
    FrameJob {
        story: id,
        kind: if k == 0 {
            FrameKind::Story
        } else {
            FrameKind::Continuation
        },
        area: pl.area,
        columns: pl.columns,
        headline_columns: pl.headline_columns,
        head,
        jump_in,
        jump_out,
        space_above,
        photos: page
            .photos
            .iter()
            .filter(|ph| pl.area.overlaps(&ph.area))
            .collect(),
    }
}

/// The overset error of a story whose stream still holds text after its last frame,
/// recorded in its report too.
fn overset_error(
    issue: &Issue,
    id: StoryId,
    stream: &body::BodyStream<'_>,
    report: &mut StoryReport,
) -> Diagnostic {
    let article = &issue.articles[issue.story(id).article];
    let (chars, first) = stream.rest_text();
    let first_area = issue.part(id, 0).map(|(_, pl)| (pl.area, pl.columns));
    let lines = first_area.map_or(0, |(area, columns)| {
        let width = columns::story_columns(issue, &area, columns).0;
        stream.count_lines(width)
    });
    report.overset_lines = lines;
    report.overset_chars = chars;
    report.overset_text = first.clone();
    Diagnostic::error(format!(
        "story `{}` is overset: {chars} characters ({lines} lines) do not fit, starting “{first}…”",
        article.id
    ))
    .in_file(&article.path)
    .with_hint("enlarge the story's area, add a continuation (continues_on), or cut the text; `--allow-overset` renders anyway")
}

/// The warnings of a story that fits: its last frame left more empty lines per column
/// than the layout's `[article] underset_lines`, or a continuation got no text.
fn underset_warnings(
    issue: &Issue,
    id: StoryId,
    story: &Story,
    chain: &ChainReport,
) -> Diagnostics {
    let article = &issue.articles[story.article];
    let mut out = Diagnostics::new();
    let cols = story
        .parts
        .len()
        .checked_sub(1)
        .and_then(|last| issue.part(id, last))
        .map_or(1, |(_, pl)| pl.columns as usize);
    let per_column = issue.layout.article.underset_lines as usize;
    if chain.last_empty > per_column.saturating_mul(cols) {
        out.push(
            Diagnostic::warning(format!(
                "story `{}` is underset: {} body lines of its last frame are empty",
                article.id, chain.last_empty
            ))
            .in_file(&article.path),
        );
    }
    if let Some((k, loc)) = &chain.empty_continuation {
        let before = story.parts.get(k - 1).map_or(0, |p| p.page);
        out.push(
            Diagnostic::warning(format!(
                "story `{}` fits on page {before}; its continuation is empty",
                article.id
            ))
            .located(loc),
        );
    }
    out
}
