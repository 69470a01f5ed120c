//! What the live page view marks on a page: the frame where a story runs out of room
//! (its overset, from the flow report) and the body lines justified past the body
//! style's looseness limits (the lines `render` warns about).

use crate::geom::Rect;
use crate::linebreak::looseness::line_problems;
use crate::page::{FrameKind, Item, Page, Role};
use crate::Laid;

/// One mark on a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub kind: MarkKind,
    /// Where, in page coordinates (points from the trim box's top-left, y down).
    pub rect: Rect,
    /// The story's id.
    pub story: String,
    /// The short label drawn on the page.
    pub label: String,
    /// The whole explanation (the mark's tooltip).
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkKind {
    /// A story's text or headline block does not fit: its last frame.
    Overset,
    /// A body line spread past the looseness limits (or letterspaced).
    Loose,
}

/// The marks of `page`.
pub fn page_marks(laid: &Laid, page: &Page) -> Vec<Mark> {
    let mut out = overset_marks(laid, page);
    out.extend(loose_marks(laid, page));
    out
}

/// The last frame on `page` of each overset story whose chain ends on this page.
fn overset_marks(laid: &Laid, page: &Page) -> Vec<Mark> {
    let doc = &laid.document;
    let mut out = Vec::new();
    for story in &laid.report.stories {
        let over = story.overset_lines > 0 || story.head_overset_lines > 0;
        if !over || story.pages.last() != Some(&page.number) {
            continue;
        }
        let frame = page.frames.iter().rev().find(|f| {
            matches!(f.kind, FrameKind::Story | FrameKind::Continuation)
                && f.story.is_some_and(|s| doc.story_name(s) == story.id)
        });
        let Some(frame) = frame else { continue };
        let label = if story.overset_chars > 0 {
            format!(
                "overset {}: {} lines, {} characters",
                story.id, story.overset_lines, story.overset_chars
            )
        } else {
            format!(
                "overset {}: headline block {} lines short",
                story.id, story.head_overset_lines
            )
        };
        let note = if story.overset_text.is_empty() {
            label.clone()
        } else {
            format!("{label}; not set: “{}…”", story.overset_text)
        };
        out.push(Mark {
            kind: MarkKind::Overset,
            rect: frame.rect,
            story: story.id.clone(),
            label,
            note,
        });
    }
    out
}

/// Body lines over the body style's looseness limits, as `render` warns of them.
fn loose_marks(laid: &Laid, page: &Page) -> Vec<Mark> {
    let layout = &laid.issue.layout;
    let limits = &layout.style(layout.roles.body).composition.looseness;
    let mut out = Vec::new();
    for item in &page.items {
        let Item::Text(line) = item else { continue };
        let Role::Body { story, .. } = line.role else {
            continue;
        };
        let problems = line_problems(
            &line.text,
            line.source.start,
            &line.adjustments,
            line.size,
            limits,
        );
        if problems.is_empty() {
            continue;
        }
        let name = laid.document.story_name(story).to_string();
        out.push(Mark {
            kind: MarkKind::Loose,
            rect: Rect::new(
                line.x,
                line.baseline - line.size * 0.9,
                line.measure,
                line.size * 1.1,
            ),
            label: "loose".into(),
            note: format!("story `{name}`: {}", problems.join("; ")),
            story: name,
        });
    }
    out
}
