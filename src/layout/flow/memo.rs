//! What each story's flow gave in the last layout, for `watch`: after an edit to one
//! article, only that article's story is flowed again.
//!
//! A story's flow reads the issue's layout, fonts, pages, stories and pictures' places
//! (its chain of frames, the photos its frames wrap, its jump serials, which come from
//! the pages) and its own article — no other story's ([`super::flow_range`]). Its
//! fallback-font warnings also depend on which fallbacks were reported before it
//! ([`crate::layout::setter::Setter::reported_only`]). So while the issue but for its
//! articles is the same as in the last layout, a story whose article is the same,
//! flowed after the same reported fallbacks, gives what it gave then, frame for frame:
//! the memo hands that back instead of setting it again. Anything else about the
//! issue that changed (the layout file, a page's areas, a font) empties the memo.

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::Diagnostics;
use crate::layout::setter::FallbackWarning;
use crate::spec::{Article, Issue};

use super::Flowed;

/// The last layout's stories, by story index (see the module doc).
#[derive(Default)]
pub struct FlowMemo {
    /// The issue the stories were flowed for, without its articles.
    context: Option<Issue>,
    kept: BTreeMap<usize, Kept>,
    /// Stories taken from the memo and stories flowed, in the last layout.
    counts: (usize, usize),
}

/// One story's flow and what it was flowed from.
pub(crate) struct Kept {
    pub(crate) article: Article,
    pub(crate) reported: BTreeSet<(String, char)>,
    pub(crate) flowed: Flowed,
    /// What stopped it (a character no font has), if anything.
    pub(crate) hard: Diagnostics,
    pub(crate) warnings: Vec<FallbackWarning>,
}

impl FlowMemo {
    /// Start a layout of `issue` (the issue as set, its areas decided): the stories
    /// kept stay only if everything but the articles is as it was.
    pub(crate) fn begin(&mut self, issue: &Issue) {
        let same = self
            .context
            .as_ref()
            .is_some_and(|c| same_but_articles(c, issue));
        if !same {
            self.kept.clear();
            self.context = Some(without_articles(issue));
        }
        self.counts = (0, 0);
    }

    /// Story `i`'s flow (frames and report, what stopped it, its fallback warnings)
    /// when it was flowed from the same article after the same reported fallbacks.
    pub(crate) fn recall(
        &mut self,
        i: usize,
        article: &Article,
        reported: &BTreeSet<(String, char)>,
    ) -> Option<(Flowed, Diagnostics, Vec<FallbackWarning>)> {
        let kept = self
            .kept
            .get(&i)
            .filter(|k| k.article == *article && k.reported == *reported)
            .map(|k| (k.flowed.clone(), k.hard.clone(), k.warnings.clone()));
        match kept {
            Some(_) => self.counts.0 += 1,
            None => self.counts.1 += 1,
        }
        kept
    }

    /// Keep story `i`'s flow for the next layout.
    pub(crate) fn keep(&mut self, i: usize, kept: Kept) {
        self.kept.insert(i, kept);
    }

    /// In the last layout: how many stories came from the memo, and how many were
    /// flowed.
    pub fn counts(&self) -> (usize, usize) {
        self.counts
    }
}

/// The issue without its articles' text: what every story's flow reads besides its own
/// article.
fn without_articles(issue: &Issue) -> Issue {
    Issue {
        path: issue.path.clone(),
        info: issue.info.clone(),
        layout: issue.layout.clone(),
        fonts: issue.fonts.clone(),
        articles: Vec::new(),
        stories: issue.stories.clone(),
        assets: issue.assets.clone(),
        pages: issue.pages.clone(),
        editions: Vec::new(),
        warnings: Diagnostics::new(),
    }
}

/// `a` and `b` are the same issue but for their articles (the fonts compared by
/// [`crate::text::FontBook::same_faces`], not byte for byte).
fn same_but_articles(a: &Issue, b: &Issue) -> bool {
    a.path == b.path
        && a.info == b.info
        && a.layout == b.layout
        && a.fonts.same_faces(&b.fonts)
        && a.stories == b.stories
        && a.assets == b.assets
        && a.pages == b.pages
}
