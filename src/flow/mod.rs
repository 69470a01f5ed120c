//! Stage 4, flow: fill every story's frames with lines.
//!
//! Steps: [`jumps`] numbers the jumps ①②… per source page → for each story,
//! [`body`] prepares its paragraphs as a line stream → [`story`] fills the first frame
//! (headline block, columns on the baseline grid, photo wrap) and each continuation
//! frame, closing a frame that continues with a jump line and balancing the last →
//! overset and underset are reported in a [`FlowReport`].

pub mod body;
pub mod display;
pub mod jumps;
pub mod model;
pub mod setter;
pub mod story;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::diag::{Diagnostic, Diagnostics};
use crate::linebreak::{BreakReason, Paragraph};
use crate::spec::{Issue, Style};
pub use model::{Column, FlowPage, Frame, FrameKind, SetGlyph, SetLine};
use setter::{Origin, Setter};
use story::{fill_frame, FrameJob};

/// Underset threshold: a story's last frame may leave this many empty body lines per
/// column before it is reported.
pub const UNDERSET_LINES_PER_COLUMN: usize = 3;

/// What flowing the issue produced.
#[derive(Debug, Clone)]
pub struct Flowed {
    pub pages: Vec<FlowPage>,
    pub report: FlowReport,
    /// Warnings (underset, empty continuation) and errors (overset).
    pub diags: Diagnostics,
    /// Page on which each article begins (for teaser references).
    pub first_page: BTreeMap<usize, u32>,
}

/// Machine-readable flow report (written as JSON beside the PDF on request).
#[derive(Debug, Clone, Default, Serialize)]
pub struct FlowReport {
    pub stories: Vec<StoryReport>,
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
}

/// Flow every story of the issue. The error is returned for what stops layout (a
/// character no font has, in any story: all are collected first); overset is reported in
/// `Flowed::diags` for the caller to decide (`--allow-overset`).
pub fn flow_issue(issue: &Issue) -> Result<Flowed, Diagnostics> {
    let mut setter = Setter::new(&issue.fonts);
    let serials = jumps::number_jumps(issue);
    let mut pages: Vec<FlowPage> = issue
        .pages
        .iter()
        .map(|p| FlowPage {
            number: p.number,
            frames: Vec::new(),
        })
        .collect();
    let mut diags = Diagnostics::new();
    let mut hard = Diagnostics::new();
    let mut report = FlowReport::default();
    let mut first_page = BTreeMap::new();
    let style = |name: &str| -> Result<&Style, Diagnostics> {
        issue.layout.style(name).ok_or_else(|| {
            Diagnostic::error(format!("layout has no style `{name}`"))
                .in_file(&issue.path)
                .into()
        })
    };
    let body_style = style("body")?;
    let jump_style = style("jump")?;

    for page in &issue.pages {
        for (si, placement) in page.stories.iter().enumerate() {
            if placement.is_continuation {
                continue;
            }
            let Some(article) = issue.articles.get(placement.article) else {
                continue;
            };
            first_page.insert(placement.article, page.number);
            // Prepare paragraphs once.
            let mut paras: Vec<Paragraph> = Vec::new();
            let mut errors = Vec::new();
            for (pi, text) in article.paragraphs.iter().enumerate() {
                let origin = Origin {
                    file: &article.path,
                    what: format!("article `{}`, paragraph {}", article.id, pi + 1),
                };
                match setter.prepare(body_style, text, &[], &origin) {
                    Ok(p) => paras.push(p),
                    Err(e) => errors.extend(e),
                }
            }
            let head_origin = Origin {
                file: &article.path,
                what: format!("article `{}`, front matter", article.id),
            };
            if !errors.is_empty() {
                // Missing glyphs stop layout (after every story is checked), overset
                // does not: `hard` is returned as the error.
                hard.extend(Diagnostics(errors));
                continue;
            }
            let mut stream = body::BodyStream::new(&paras);
            let mut story_report = StoryReport {
                id: article.id.clone(),
                ..StoryReport::default()
            };

            // The chain of frames: this one, then each continuation.
            let mut chain = vec![(page.number, si)];
            let mut next = placement.continues_to;
            while let Some((p, i)) = next {
                chain.push((p, i));
                next = issue
                    .pages
                    .get(p as usize - 1)
                    .and_then(|pg| pg.stories.get(i))
                    .and_then(|s| s.continues_to);
                if chain.len() > issue.pages.len() {
                    break;
                }
            }
            let mut last_empty = 0;
            // Body lines broken inside a unit or overflowing: (paragraph, text, measure, why).
            let mut forced = Vec::new();
            for (k, &(pnum, idx)) in chain.iter().enumerate() {
                let Some(pg) = issue.pages.get(pnum as usize - 1) else {
                    continue;
                };
                let Some(pl) = pg.stories.get(idx) else {
                    continue;
                };
                let mut head: Vec<(&Style, String)> = Vec::new();
                if k == 0 {
                    for (name, text) in [
                        ("kicker", &article.kicker),
                        ("headline", &article.headline),
                        ("subhead", &article.subhead),
                        ("byline", &article.byline),
                    ] {
                        if !text.is_empty() {
                            head.push((style(name)?, text.clone()));
                        }
                    }
                } else if !pl.cont_headline.is_empty() {
                    head.push((style("cont-headline")?, pl.cont_headline.clone()));
                }
                let jump_out = pl.continues_to.and_then(|(to, _)| {
                    serials
                        .get(&(pnum, idx))
                        .map(|&n| jumps::jump_to_text(to, n))
                });
                let jump_in = if k > 0 && !stream.is_done() {
                    chain.get(k - 1).and_then(|&(from, fi)| {
                        serials
                            .get(&(from, fi))
                            .map(|&n| jumps::jump_from_text(from, n))
                    })
                } else {
                    None
                };
                let reserved = match pg.template {
                    crate::spec::Template::Front => issue.layout.masthead_lines,
                    crate::spec::Template::Inside => issue.layout.folio_lines,
                };
                let space_above = if pl.area.row > reserved + 1 && !head.is_empty() {
                    issue.layout.grid.space_above_headline
                } else {
                    0
                };
                let photos = pg
                    .photos
                    .iter()
                    .filter(|ph| pl.area.overlaps(&ph.area))
                    .collect();
                let job = FrameJob {
                    label: article.id.clone(),
                    area: pl.area,
                    columns: pl.columns,
                    headline_columns: pl.headline_columns,
                    head,
                    jump_in,
                    jump_out,
                    space_above,
                    photos,
                    continuation: k > 0,
                };
                let filled = fill_frame(
                    issue,
                    &mut setter,
                    &job,
                    &mut stream,
                    body_style,
                    jump_style,
                    &article.paragraphs,
                    &head_origin,
                )
                .map_err(Diagnostics)?;
                story_report.body_lines += filled
                    .frame
                    .columns
                    .iter()
                    .map(|c| c.lines.iter().filter(|l| l.paragraph.is_some()).count())
                    .sum::<usize>();
                story_report.pages.push(pnum);
                for line in filled.frame.columns.iter().flat_map(|c| &c.lines) {
                    if let (Some(pi), BreakReason::Emergency | BreakReason::Overflow) =
                        (line.paragraph, line.reason)
                    {
                        forced.push((pi, line.source.clone(), line.measure, line.reason));
                    }
                    if let Some(pi) = line.paragraph {
                        diags.extend(looseness_warnings(article, pi, line, body_style));
                    }
                }
                last_empty = filled.empty_slots;
                if let Some(fp) = pages.get_mut(pnum as usize - 1) {
                    fp.frames.push(filled.frame);
                }
            }
            story_report.empty_lines = last_empty;
            diags.extend(forced_break_warnings(
                article,
                &paras,
                &forced,
                body_style.size,
            ));

            // Overset: whatever the stream still holds.
            if !stream.is_done() {
                let (chars, first) = stream.rest_text(&article.paragraphs);
                let width = story::story_columns(issue, &placement.area, placement.columns).0;
                let lines = stream.count_lines(width);
                story_report.overset_lines = lines;
                story_report.overset_chars = chars;
                story_report.overset_text = first.clone();
                diags.push(
                    Diagnostic::error(format!(
                        "story `{}` is overset: {chars} characters ({lines} lines) do not fit, starting “{first}…”",
                        article.id
                    ))
                    .in_file(&article.path)
                    .with_hint("enlarge the story's area, add a continuation (continues_on), or cut the text; `--allow-overset` renders anyway"),
                );
            } else {
                let cols = chain
                    .last()
                    .and_then(|&(p, i)| issue.pages.get(p as usize - 1)?.stories.get(i))
                    .map_or(1, |s| s.columns as usize);
                if last_empty > UNDERSET_LINES_PER_COLUMN * cols {
                    diags.push(
                        Diagnostic::warning(format!(
                            "story `{}` is underset: {last_empty} body lines of its last frame are empty",
                            article.id
                        ))
                        .in_file(&article.path),
                    );
                }
                if chain.len() > 1 && story_report.pages.len() == chain.len() {
                    // Continuation frames that received no body line.
                    let used_cont = pages
                        .iter()
                        .flat_map(|p| &p.frames)
                        .filter(|f| f.kind == FrameKind::Continuation && f.label == article.id)
                        .any(|f| {
                            f.columns
                                .iter()
                                .any(|c| c.lines.iter().any(|l| l.paragraph.is_some()))
                        });
                    if !used_cont {
                        diags.push(
                            Diagnostic::warning(format!(
                                "story `{}` fits on page {}; its continuation is empty",
                                article.id, page.number
                            ))
                            .in_file(&issue.path),
                        );
                    }
                }
            }
            report.stories.push(story_report);
        }
    }
    diags.extend(Diagnostics(setter.take_warnings()));
    diags.extend(Diagnostics(issue.fonts.warnings().to_vec()));
    if hard.has_errors() {
        hard.extend(diags);
        return Err(hard);
    }
    Ok(Flowed {
        pages,
        report,
        diags,
        first_page,
    })
}

/// Letterspaced lines and lines over the style's looseness limits (issue 11), one
/// warning each, naming the story, the paragraph (1-based) and the line's text.
fn looseness_warnings(
    article: &crate::spec::Article,
    pi: usize,
    line: &SetLine,
    style: &crate::spec::Style,
) -> Diagnostics {
    let problems = crate::linebreak::looseness::line_problems(
        &line.text,
        line.source.start,
        &line.adjustments,
        line.size,
        &style.composition.looseness,
    );
    Diagnostics(
        problems
            .into_iter()
            .map(|p| {
                Diagnostic::warning(format!("story `{}`, paragraph {}: {p}", article.id, pi + 1))
                    .in_file(&article.path)
            })
            .collect(),
    )
}

/// Warnings for body lines that end inside an inseparable ([`BreakReason::Emergency`],
/// cjk-rules.md §2.1 step 4: a word, URL or letter/digit run wider than the column is
/// broken between letters, no hyphen) or stick out of the column
/// ([`BreakReason::Overflow`]: one character wider than the column). One warning per
/// broken unit, naming the story, the paragraph (1-based) and the word.
fn forced_break_warnings(
    article: &crate::spec::Article,
    paras: &[Paragraph],
    lines: &[(usize, std::ops::Range<usize>, f64, BreakReason)],
    em: f64,
) -> Diagnostics {
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for (pi, source, measure, reason) in lines {
        let Some(para) = paras.get(*pi) else {
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
