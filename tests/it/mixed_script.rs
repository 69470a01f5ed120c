//! Mixed Chinese–Latin wire copy: the fixtures `fixtures/mixed-*` laid out
//! with the real fonts, measured line by line. Latin words and digit runs keep their
//! natural spacing (CLReq "Handling Western Text in Chinese Text"; docs/cjk-rules.md §2.2,
//! §4): no body line may spread two Western characters apart.
//!
//! `cargo test --test it mixed_script -- --nocapture` prints, per fixture, the share of body
//! lines that letterspace Latin or digits, end in a hyphenated word or inside a path or
//! URL, and the worst gap of any justified line.

use std::path::Path;

use broadsheet::linebreak::{AdjustmentKind, BreakReason};
use broadsheet::page::{Item, Role, TextLine};
use broadsheet::RenderOptions;

const FIXTURES: &[&str] = &["mixed-tech", "mixed-finance", "mixed-sports", "mixed-13"];

/// A character of a Latin word, number, path or URL (not a space).
fn western(c: char) -> bool {
    c.is_ascii_graphic()
}

#[derive(Debug, Default)]
struct Stats {
    lines: usize,
    letterspaced: Vec<String>,
    hyphenated: usize,
    path_breaks: usize,
    /// Worst extra space at one gap of a non-final line, em, and that line's text.
    worst_gap: (f64, String),
}

/// Body lines of an issue, grouped by story and in reading order.
fn body_lines(issue: &Path) -> Vec<Vec<TextLine>> {
    let laid = broadsheet::layout_issue(issue, &RenderOptions::default()).unwrap();
    let mut stories: Vec<(StoryKey, Vec<TextLine>)> = Vec::new();
    for page in &laid.document.pages {
        for item in &page.items {
            let Item::Text(line) = item else { continue };
            let Role::Body { story, .. } = line.role else {
                continue;
            };
            let key = format!("{story:?}");
            match stories.iter_mut().find(|s| s.0 == key) {
                Some(s) => s.1.push(line.clone()),
                None => stories.push((key, vec![line.clone()])),
            }
        }
    }
    stories
        .into_iter()
        .map(|(_, mut lines)| {
            lines.sort_by_key(|l| match l.role {
                Role::Body {
                    paragraph, line, ..
                } => (paragraph, line),
                _ => (0, 0),
            });
            lines
        })
        .collect()
}

type StoryKey = String;

fn paragraph(line: &TextLine) -> Option<usize> {
    match line.role {
        Role::Body { paragraph, .. } => Some(paragraph),
        _ => None,
    }
}

/// The character at paragraph byte offset `at` of a line, and the one after it.
fn chars_at(line: &TextLine, at: usize) -> (Option<char>, Option<char>) {
    let rel = at.checked_sub(line.source.start).unwrap_or(usize::MAX);
    let mut it = line.text.get(rel..).into_iter().flat_map(|s| s.chars());
    (it.next(), it.next())
}

fn measure(issue: &Path) -> Stats {
    let mut st = Stats::default();
    for story in body_lines(issue) {
        for (k, line) in story.iter().enumerate() {
            st.lines += 1;
            let next = story.get(k + 1).filter(|n| paragraph(n) == paragraph(line));
            // Extra space per gap, summed per position.
            let mut gaps: Vec<(usize, f64)> = Vec::new();
            for adj in &line.adjustments {
                if adj.kind == AdjustmentKind::Letterspace {
                    st.letterspaced.push(line.text.clone());
                }
                if !matches!(
                    adj.kind,
                    AdjustmentKind::Stretch | AdjustmentKind::Letterspace
                ) {
                    continue;
                }
                if let (Some(a), Some(b)) = chars_at(line, adj.at) {
                    if western(a) && western(b) && adj.kind == AdjustmentKind::Stretch {
                        st.letterspaced.push(line.text.clone());
                    }
                }
                match gaps.iter_mut().find(|g| g.0 == adj.at) {
                    Some(g) => g.1 += adj.amount,
                    None => gaps.push((adj.at, adj.amount)),
                }
            }
            st.letterspaced.dedup();
            let worst = gaps.iter().map(|g| g.1 / line.size).fold(0.0, f64::max);
            if worst > st.worst_gap.0 {
                st.worst_gap = (worst, line.text.clone());
            }
            let Some(next) = next else { continue };
            let (last, first) = (line.text.chars().last(), next.text.chars().next());
            let inside_word = last.is_some_and(western) && first.is_some_and(western);
            if line.reason == BreakReason::Hyphen {
                st.hyphenated += 1;
            } else if inside_word
                && last.is_some_and(|c| matches!(c, '/' | '.' | '-' | '_' | '@' | '?' | '&' | '='))
            {
                st.path_breaks += 1;
            }
        }
    }
    st
}

fn pct(k: usize, n: usize) -> f64 {
    100.0 * k as f64 / n.max(1) as f64
}

#[test]
fn mixed_script_fixtures_keep_latin_natural() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let mut total = 0;
    let mut spaced = Vec::new();
    for name in FIXTURES {
        let st = measure(&Path::new("fixtures").join(name).join("issue.toml"));
        println!(
            "{name}: {} body lines; letterspaced {} ({:.1} %), hyphenated {} ({:.1} %), path/URL breaks {} ({:.1} %), worst gap {:.2} em “{}”",
            st.lines,
            st.letterspaced.len(),
            pct(st.letterspaced.len(), st.lines),
            st.hyphenated,
            pct(st.hyphenated, st.lines),
            st.path_breaks,
            pct(st.path_breaks, st.lines),
            st.worst_gap.0,
            st.worst_gap.1
        );
        assert!(st.lines > 30, "{name}: only {} body lines", st.lines);
        total += st.lines;
        spaced.extend(st.letterspaced);
    }
    println!(
        "all: {total} lines, letterspaced {} ({:.2} %)",
        spaced.len(),
        pct(spaced.len(), total)
    );
    assert!(
        pct(spaced.len(), total) < 0.5,
        "lines letterspacing Latin or digits: {spaced:#?}"
    );
}
