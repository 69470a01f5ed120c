//! When a page cannot be made up, what to do about it — as a make-up editor says it:
//! "page 3 needs 14 more lines: cut about 180 characters from `transport`, or give
//! `transport` one more column, or move `brief` to page 4". Each [`Problem`] is an error
//! (exit 1) and data in `render --report`.

use serde::Serialize;

use crate::diag::{Diagnostic, Loc};
use crate::layout::makeup::grid::Room;
use crate::layout::makeup::measure::Trial;
use crate::layout::makeup::solve::Arrangement;
use crate::spec::{Issue, Sizing, StoryPlacement};

/// A page (or a story on it) the make-up step could not fit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub page: u32,
    /// `too much copy` or `short of copy`.
    pub kind: &'static str,
    /// Body lines missing (too much copy) or left empty (short of copy).
    pub lines: usize,
    /// What would make it fit, in the order an editor would try.
    pub remedies: Vec<Remedy>,
    /// The whole sentence (the error's message).
    pub message: String,
}

/// One thing an editor can do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Remedy {
    /// `cut`, `add`, `widen`, `move` or `bring`.
    pub action: &'static str,
    /// The story's id (empty for `bring`).
    pub story: String,
    /// Characters to cut or add, about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chars: Option<usize>,
    /// The page to move a story to, or bring one from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
}

impl Remedy {
    fn says(&self) -> String {
        let chars = self.chars.unwrap_or(0);
        let page = self.page.unwrap_or(0);
        match self.action {
            "cut" => format!("cut about {chars} characters from `{}`", self.story),
            "add" => format!("add about {chars} characters to `{}`", self.story),
            "widen" => format!("give `{}` one more column", self.story),
            "move" => format!("move `{}` to page {page}", self.story),
            _ => format!("bring a story or a photo from page {page}"),
        }
    }
}

impl Problem {
    /// The error, located at `loc` (the page, or the story).
    pub fn diagnostic(&self, loc: &Loc) -> Diagnostic {
        Diagnostic::error(self.message.clone())
            .located(loc)
            .with_hint("`broadsheet render --report` lists it as data (`makeup.problems`)")
    }

    fn new(
        page: u32,
        kind: &'static str,
        lines: usize,
        head: String,
        remedies: Vec<Remedy>,
    ) -> Self {
        // Cuts from several stories are one remedy: "cut … from `a` and … from `b`".
        let cuts: Vec<String> = remedies
            .iter()
            .filter(|r| r.action == "cut")
            .map(Remedy::says)
            .collect();
        let mut said: Vec<String> = Vec::new();
        if !cuts.is_empty() {
            said.push(cuts.join(" and "));
        }
        said.extend(
            remedies
                .iter()
                .filter(|r| r.action != "cut")
                .map(Remedy::says),
        );
        let message = if said.is_empty() {
            head
        } else {
            format!("{head}: {}", said.join(", or "))
        };
        Problem {
            page,
            kind,
            lines,
            remedies,
            message,
        }
    }
}

/// What the deepest search lacked: story `story` (index in the page's stories) at
/// `cols` columns left `lines` body lines (`chars` characters) unset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortfall {
    pub depth: usize,
    pub story: usize,
    pub cols: u32,
    pub lines: usize,
    pub chars: usize,
}

/// "1 more line", "14 more lines".
fn more_lines(n: usize) -> String {
    if n == 1 {
        String::from("1 more line")
    } else {
        format!("{n} more lines")
    }
}

fn story_id(work: &Issue, pl: &StoryPlacement) -> String {
    work.story(pl.story).id.clone()
}

/// The page's last story in reading order that the make-up step places and that is
/// not `except`: the one to move to the next page.
fn last_placed(work: &Issue, p: usize, except: Option<usize>) -> Option<&StoryPlacement> {
    let page = &work.pages[p];
    page.stories
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != except)
        .filter_map(|(_, s)| match &s.sizing {
            Sizing::Auto(a) if s.part == 0 => Some((a.order, s.spec_index, s)),
            _ => None,
        })
        .max_by_key(|(order, index, _)| (*order, *index))
        .filter(|(order, _, _)| *order > 1)
        .map(|(_, _, s)| s)
}

/// More copy than room: the story that fell short (cut it, widen it), or the last
/// story (move it to the next page).
pub fn too_much_copy(work: &Issue, p: usize, short: &[Shortfall]) -> Problem {
    let page = &work.pages[p];
    let number = page.number;
    let next = (p + 1 < work.pages.len()).then_some(number + 1);
    let columns = work.layout.grid.columns;
    let mut remedies = Vec::new();
    let lines = short.iter().map(|s| s.lines).sum();
    for s in short {
        if let Some(pl) = page.stories.get(s.story) {
            remedies.push(Remedy {
                action: "cut",
                story: story_id(work, pl),
                chars: Some(s.chars),
                page: None,
            });
        }
    }
    if let Some(pl) = short.first().and_then(|s| page.stories.get(s.story)) {
        let widest = match &pl.sizing {
            Sizing::Auto(a) => a.cols.1,
            _ => pl.area.cols,
        };
        if widest < columns {
            remedies.push(Remedy {
                action: "widen",
                story: story_id(work, pl),
                chars: None,
                page: None,
            });
        }
    }
    if let (Some(to), Some(pl)) = (next, last_placed(work, p, None)) {
        remedies.push(Remedy {
            action: "move",
            story: story_id(work, pl),
            chars: None,
            page: Some(to),
        });
    }
    let head = if lines > 0 {
        format!("page {number} needs {}", more_lines(lines))
    } else {
        format!("page {number} has no arrangement that fits its stories")
    };
    Problem::new(number, "too much copy", lines, head, remedies)
}

/// Every story placed, but a hole taller than `max_hole_lines` is left: the story above
/// the tallest hole (add to it, widen it), or a story from the next page.
pub fn short_of_copy(work: &Issue, p: usize, best: &Arrangement) -> Problem {
    let page = &work.pages[p];
    let number = page.number;
    let lines = best.empty_cells as usize;
    let per_line = work.layout.grid.column_chars as usize;
    let above = best
        .grid
        .above_hole(&best.placed)
        .or_else(|| best.placed.last().map(|(i, _)| *i));
    let mut remedies = Vec::new();
    if let Some(pl) = above.and_then(|i| page.stories.get(i)) {
        let id = story_id(work, pl);
        remedies.push(Remedy {
            action: "add",
            story: id.clone(),
            chars: Some(lines.saturating_mul(per_line)),
            page: None,
        });
        let widest = match &pl.sizing {
            Sizing::Auto(a) => a.cols.1,
            _ => pl.area.cols,
        };
        if widest < work.layout.grid.columns {
            remedies.push(Remedy {
                action: "widen",
                story: id,
                chars: None,
                page: None,
            });
        }
    }
    if p + 1 < work.pages.len() {
        remedies.push(Remedy {
            action: "bring",
            story: String::new(),
            chars: None,
            page: Some(number + 1),
        });
    }
    let head = format!(
        "page {number} is short of copy: {lines} body lines are left empty (up to {} in one column)",
        best.longest_hole
    );
    Problem::new(number, "short of copy", lines, head, remedies)
}

/// A story whose `rows` are left out does not fit above the next item.
pub fn short_story(
    work: &Issue,
    p: usize,
    pl: &StoryPlacement,
    room: &Room,
    rows: u32,
    trial: Option<Trial>,
) -> Problem {
    let number = work.pages[p].number;
    let id = story_id(work, pl);
    let (lines, chars) = trial.map_or((0, 0), |t| (t.left_lines, t.left_chars));
    let mut remedies = vec![Remedy {
        action: "cut",
        story: id.clone(),
        chars: Some(chars),
        page: None,
    }];
    if pl.area.last_col() < work.layout.grid.columns || pl.area.col > 1 {
        remedies.push(Remedy {
            action: "widen",
            story: id.clone(),
            chars: None,
            page: None,
        });
    }
    let below = if room.floor > work.layout.grid.lines {
        "the page's foot".to_string()
    } else {
        format!("the item at row {}", room.floor)
    };
    let head = format!(
        "story `{id}` on page {number} needs {} than the {rows} rows from row {} down to {below} hold",
        more_lines(lines),
        pl.area.row
    );
    Problem::new(number, "too much copy", lines, head, remedies)
}
