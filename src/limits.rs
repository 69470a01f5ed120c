//! Limits on the size of an issue, checked after the spec is read and before any
//! layout work, so an absurd input is a clear error rather than minutes of work or
//! gigabytes of memory. The defaults are generous (a daily has 4–48 pages and its
//! longest story a few thousand characters); `--max-pages` and `--max-story-chars`
//! change them.

use crate::diag::{Diagnostic, Diagnostics};
use crate::spec::Issue;

/// Limits a run enforces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Pages in one issue.
    pub max_pages: u32,
    /// Characters in one story: kicker, headline, subhead, byline and text together.
    pub max_story_chars: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_pages: 400,
            max_story_chars: 200_000,
        }
    }
}

/// Errors for every limit `issue` exceeds.
pub fn check_issue(issue: &Issue, limits: &Limits) -> Diagnostics {
    let mut diags = Diagnostics::new();
    if issue.pages.len() > limits.max_pages as usize {
        diags.push(
            Diagnostic::error(format!(
                "the issue has {} pages; the limit is {}",
                issue.pages.len(),
                limits.max_pages
            ))
            .in_file(&issue.path)
            .with_hint("raise it with --max-pages if the issue really is that long"),
        );
    }
    for a in &issue.articles {
        let chars: usize = [&a.kicker, &a.headline, &a.subhead, &a.byline]
            .into_iter()
            .map(String::as_str)
            .chain(a.texts())
            .map(|t| t.chars().count())
            .sum();
        if chars > limits.max_story_chars {
            diags.push(
                Diagnostic::error(format!(
                    "story `{}` has {chars} characters; the limit is {}",
                    a.id, limits.max_story_chars
                ))
                .in_file(&a.path)
                .with_hint("raise it with --max-story-chars, or check the file is an article"),
            );
        }
    }
    diags
}
