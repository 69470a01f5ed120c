//! # broadsheet
//!
//! A typesetting engine for Chinese newspapers: a declarative TOML issue spec plus plain
//! article texts in, a print-ready PDF out.
//!
//! ## The pipeline
//!
//! Each stage is a module folder and a function from one typed value to the next:
//!
//! ```text
//! issue.toml, layouts/*.toml, articles/*.txt, fonts/
//!   → spec::resolve_issue      (spec/)      validated Issue: grid, styles, fonts, pages
//!   → text::shape_paragraph    (text/)      glyph ids, advances, clusters (rustybuzz)
//!   → linebreak::prepare       (linebreak/) Chinese line composition: kinsoku,
//!                                           punctuation compression, justification
//!   → flow::flow_issue         (flow/)      frames, columns on the baseline grid,
//!                                           balancing, jumps, overset
//!   → compose::compose_issue   (compose/)   masthead, folio, ads, photos, rules, marks
//!   → pdf::write_pdf           (pdf/)       PDF bytes; no layout decisions
//!   → dump::dump_pages         (dump/)      stable text dump for golden tests
//!   → check::check_path        (check/)     preflight of an issue or any PDF (PDF/X-4)
//! ```
//!
//! Start reading at [`render_issue`], then `flow/mod.rs`.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod check;
pub mod compose;
pub mod diag;
pub mod dump;
pub mod flow;
pub mod geom;
pub mod linebreak;
pub mod pdf;
pub mod proof;
pub mod spec;
pub mod text;

use std::path::Path;

use compose::{ComposedPage, Document};
use diag::Diagnostics;
use flow::FlowReport;

/// Options for [`layout_issue`] and [`render_issue`].
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Render even if some story is overset (the overset is still reported).
    pub allow_overset: bool,
}

/// An issue laid out: pages, the document for the pdf stage, and what was reported.
#[derive(Debug, Clone)]
pub struct Laid {
    pub issue: spec::Issue,
    pub pages: Vec<ComposedPage>,
    pub document: Document,
    pub report: FlowReport,
    /// Warnings (and errors tolerated by the options, like overset).
    pub diags: Diagnostics,
}

/// Read, validate and lay out an issue: every stage but the PDF.
pub fn layout_issue(path: &Path, opts: &RenderOptions) -> Result<Laid, Diagnostics> {
    let issue = spec::resolve_issue(path)?;
    let flowed = flow::flow_issue(&issue)?;
    let mut diags = flowed.diags.clone();
    if diags.has_errors() && !opts.allow_overset {
        return Err(diags);
    }
    // Tolerated errors become warnings in the result.
    for d in &mut diags.0 {
        d.severity = diag::Severity::Warning;
    }
    let (pages, document, furniture_warnings) = compose::compose_issue(&issue, &flowed)?;
    diags.extend(furniture_warnings);
    Ok(Laid {
        report: flowed.report.clone(),
        issue,
        pages,
        document,
        diags,
    })
}

/// Lay out an issue and write it as PDF bytes, dated at the issue's deadline.
pub fn render_issue(path: &Path, opts: &RenderOptions) -> Result<(Laid, Vec<u8>), Diagnostics> {
    render_issue_dated(path, opts, None)
}

/// Lay out an issue and write it as PDF bytes with the given document date (`None`:
/// the issue date at the layout's deadline, see [`pdf_options`]).
pub fn render_issue_dated(
    path: &Path,
    opts: &RenderOptions,
    date: Option<pdf::Timestamp>,
) -> Result<(Laid, Vec<u8>), Diagnostics> {
    let laid = layout_issue(path, opts)?;
    let pdf_opts = pdf_options(&laid.issue, date)?;
    let bytes = pdf::write_pdf(&laid.document, &laid.issue.fonts, &pdf_opts)?;
    Ok((laid, bytes))
}

/// The PDF options for an issue: the layout's output condition, and the document date
/// `date`, or else the issue date at the layout's `[output] deadline` in its UTC
/// offset, so the same issue always gets the same bytes.
pub fn pdf_options(
    issue: &spec::Issue,
    date: Option<pdf::Timestamp>,
) -> Result<pdf::PdfOptions, diag::Diagnostic> {
    let out = &issue.layout.output;
    let d = issue.info.date;
    let date = match date {
        Some(t) => t,
        None => pdf::Timestamp::new(
            (d.year, d.month, d.day),
            out.deadline,
            out.utc_offset_minutes,
        )
        .ok_or_else(|| {
            diag::Diagnostic::error("the issue date at the deadline is not a valid time")
                .in_file(&issue.path)
        })?,
    };
    Ok(pdf::PdfOptions {
        output: out.clone(),
        date: Some(date),
        parallel: true,
    })
}
