//! What flowing reports: per story, where it went, how many lines, overset and underset
//! (the JSON of `render --report`), and warnings for lines broken by force.

use serde::Serialize;

use crate::diag::{Diagnostic, Diagnostics};
use crate::layout::flow::blocks::Prepared;
use crate::linebreak::BreakReason;

/// Machine-readable flow report (written as JSON beside the PDF on request).
#[derive(Debug, Clone, Default, Serialize)]
pub struct FlowReport {
    pub stories: Vec<StoryReport>,
    /// The areas the make-up step decided and the pages it could not fit (absent when
    /// the spec gives every area).
    #[serde(skip_serializing_if = "crate::layout::makeup::MakeupReport::is_empty")]
    pub makeup: crate::layout::makeup::MakeupReport,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct StoryReport {
    pub id: String,
    pub pages: Vec<u32>,
    pub body_lines: usize,
    /// Lines that fit nowhere.
    pub overset_lines: usize,
    pub overset_chars: usize,
    /// The first characters not set.
    pub overset_text: String,
    /// Empty body-line slots left in the story's last frame.
    pub empty_lines: usize,
    /// Body lines of headline blocks (kicker, headline, subhead, byline, continued
    /// headline) that did not fit their frames.
    pub head_overset_lines: u32,
}

/// Warnings for body lines that end inside an inseparable ([`BreakReason::Emergency`],
/// docs/cjk-rules.md §2.1 step 4: a word, URL or letter/digit run wider than the column is
/// broken between letters, no hyphen) or stick out of the column
/// ([`BreakReason::Overflow`]: one character wider than the column). One warning per
/// broken unit, naming the story, the paragraph (1-based) and the word.
pub fn forced_break_warnings(
    article: &crate::spec::Article,
    paras: &[Prepared],
    lines: &[(usize, std::ops::Range<usize>, f64, BreakReason)],
    em: f64,
) -> Diagnostics {
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for (pi, source, measure, reason) in lines {
        let Some(para) = paras.get(*pi).map(|p| &p.para) else {
            continue;
        };
        let unit = match reason {
            BreakReason::Emergency => para.unit_at(source.end),
            _ => source.clone(),
        };
        if !seen.insert((*pi, unit.start)) {
            continue;
        }
        let word: String = para
            .text()
            .get(unit)
            .unwrap_or("")
            .chars()
            .take(21)
            .collect();
        let word = if word.chars().count() > 20 {
            format!("{}…", word.chars().take(20).collect::<String>())
        } else {
            word
        };
        let cols = (measure / em.max(1e-9)).round();
        let what = match reason {
            BreakReason::Emergency => "and was broken inside (no hyphenation dictionary)",
            _ => "and overflows it (a single character cannot be broken)",
        };
        out.push(
            Diagnostic::warning(format!(
                "story `{}`, paragraph {}: “{word}” is wider than the {cols}-character column {what}",
                article.id,
                pi + 1
            ))
            .in_file(&article.path),
        );
    }
    Diagnostics(out)
}

/// Letterspaced body lines and body lines over the style's looseness limits,
/// one warning each, naming the story, the paragraph (1-based) and the line's text.
pub fn looseness_warnings(
    article: &crate::spec::Article,
    lines: &[crate::page::TextLine],
    limits: &crate::linebreak::Looseness,
) -> Diagnostics {
    let mut out = Vec::new();
    for line in lines {
        let crate::page::Role::Body { paragraph, .. } = line.role else {
            continue;
        };
        for p in crate::linebreak::looseness::line_problems(
            &line.text,
            line.source.start,
            &line.adjustments,
            line.size,
            limits,
        ) {
            out.push(
                Diagnostic::warning(format!(
                    "story `{}`, paragraph {}: {p}",
                    article.id,
                    paragraph + 1
                ))
                .in_file(&article.path),
            );
        }
    }
    Diagnostics(out)
}
