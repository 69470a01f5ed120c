//! Preflight: `broadsheet check FILE.pdf` and `broadsheet check ISSUE.toml`, the checks a
//! night editor runs before the pages go to the plant.
//!
//! - [`pdf`] checks any PDF (ours or a supplied ad) against the PDF/X-4 requirements
//!   (ISO 15930-7) the plant's preflight looks at: output intent and profile, XMP
//!   identification, dates, page boxes and their nesting, embedded fonts, no encryption,
//!   no forbidden actions or annotations;
//! - [`content`] walks the page content for what is painted: colour spaces, total area
//!   coverage, the registration colour, small text in several inks, transparency,
//!   white objects set to overprint;
//! - [`issue`] lays an issue out and reports everything `render` would refuse or warn
//!   about (overset, missing glyphs, placeholders).
//!
//! Every check has an id and a one-line description; the report lists each with the
//! findings it produced, as text or JSON. Exit codes: 0 passed, 1 errors, 2 could not
//! run.

mod actions;
pub mod content;
mod content_objects;
mod content_ops;
mod content_state;
mod document;
mod fonts;
mod hints;
mod image_ink;
pub mod issue;
pub mod pdf;
mod xmp;

use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use crate::diag::Diagnostic;
use crate::pdf_read::PdfBytes;
use crate::spec::output::OutputCondition;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Warning,
    Error,
}

/// One problem found by a check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub level: Level,
    /// 1-based page number, when the finding is about one page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    pub message: String,
    /// How to fix it, when there is a way to say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The XObject (resource name on the page) the finding is inside, as the message
    /// ends `(in /Fm4p1)`: the engine names a supplied ad's page `Fm{asset}p{page}` and
    /// a picture `Im{asset}`, so `render` can name the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub object: Option<String>,
}

/// One check: what it verifies and what it found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckResult {
    pub id: &'static str,
    pub title: &'static str,
    pub findings: Vec<Finding>,
}

impl CheckResult {
    /// Passed: no error (warnings allowed).
    pub fn passed(&self) -> bool {
        self.findings.iter().all(|f| f.level != Level::Error)
    }
}

/// The result of a preflight.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The file checked.
    pub file: String,
    /// "pdf" or "issue".
    pub kind: &'static str,
    pub passed: bool,
    pub checks: Vec<CheckResult>,
}

impl Report {
    fn new(file: &Path, kind: &'static str, checks: Vec<CheckResult>) -> Report {
        Report {
            file: file.display().to_string(),
            kind,
            passed: checks.iter().all(CheckResult::passed),
            checks,
        }
    }

    /// The check with this id.
    pub fn check(&self, id: &str) -> Option<&CheckResult> {
        self.checks.iter().find(|c| c.id == id)
    }

    /// Every error message, `id: message` (for tests and summaries).
    pub fn errors(&self) -> Vec<String> {
        self.checks
            .iter()
            .flat_map(|c| {
                c.findings
                    .iter()
                    .filter(|f| f.level == Level::Error)
                    .map(move |f| format!("{}: {}", c.id, f.message))
            })
            .collect()
    }

    /// The human-readable report: one line per check, findings indented under it.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{} ({})", self.file, self.kind);
        for c in &self.checks {
            let status = if !c.passed() {
                "FAIL"
            } else if c.findings.is_empty() {
                "ok  "
            } else {
                "warn"
            };
            let _ = writeln!(out, "  {status} {:<16} {}", c.id, c.title);
            for f in &c.findings {
                let level = match f.level {
                    Level::Error => "error",
                    Level::Warning => "warning",
                };
                let page = f.page.map(|p| format!("page {p}: ")).unwrap_or_default();
                let _ = writeln!(out, "         {level}: {page}{}", f.message);
                if let Some(hint) = &f.hint {
                    let _ = writeln!(out, "           hint: {hint}");
                }
            }
        }
        let verdict = if self.passed { "passed" } else { "FAILED" };
        let errors = self.errors().len();
        let _ = writeln!(out, "preflight {verdict} ({errors} errors)");
        out
    }

    /// The report as pretty JSON.
    pub fn json(&self) -> Result<String, Diagnostic> {
        serde_json::to_string_pretty(self)
            .map_err(|e| Diagnostic::error(format!("failed to write the report as JSON ({e})")))
    }
}

/// The limits of the checks on a PDF: a newspaper preflight's (modelled on the kinds
/// of limit the Ghent Workgroup's newspaper variant sets: total ink, multi-ink and
/// reversed text, line width, image resolution, spot colours); the layout's `[output]`
/// sets them for its own PDFs.
#[derive(Debug, Clone, PartialEq)]
pub struct PreflightLimits {
    /// Total area coverage limit, percent.
    pub tac_percent: f64,
    /// Smallest text size allowed in more than one ink, points.
    pub min_multi_ink_text: f64,
    /// Thinnest stroke inside the BleedBox, points (0: not checked).
    pub min_line_width: f64,
    /// Smallest white (reversed) text, points.
    pub min_reversed_text: f64,
    /// Lowest effective resolution of a continuous-tone image, ppi (0: not checked).
    pub min_image_ppi: f64,
    /// Spot colours may be painted.
    pub allow_spot: bool,
    /// Not a limit: where the ink of a CMYK image measured in an earlier run is kept
    /// (the picture cache, `pictures::cache`), by the image's very bytes. It never
    /// changes a finding.
    pub ink_cache: Option<crate::pictures::cache::PictureCache>,
}

impl Default for PreflightLimits {
    fn default() -> Self {
        PreflightLimits::of(&OutputCondition::default())
    }
}

impl PreflightLimits {
    /// The limits a layout's `[output]` sets.
    pub fn of(out: &OutputCondition) -> Self {
        PreflightLimits {
            tac_percent: out.tac_percent,
            min_multi_ink_text: out.min_multi_ink_text,
            min_line_width: out.min_line_width,
            min_reversed_text: out.min_reversed_text,
            min_image_ppi: out.min_image_ppi,
            allow_spot: out.allow_spot,
            ink_cache: None,
        }
    }
}

/// Check a file: a PDF (a `%PDF-` header in the first 1024 bytes, or a `.pdf` name) or
/// an issue spec (anything else). `Err` means the check could not run (unreadable
/// file, a `.pdf` that cannot be read as PDF).
pub fn check_path(
    path: &Path,
    limits: &PreflightLimits,
    opts: &crate::RenderOptions,
) -> Result<Report, Diagnostic> {
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(format!("failed to read file ({e})")).in_file(path))?;
    let header = bytes
        .get(..bytes.len().min(1024))
        .is_some_and(|head| head.windows(5).any(|w| w == b"%PDF-"));
    let named_pdf = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    if header || named_pdf {
        Ok(Report::new(
            path,
            "pdf",
            pdf::check_pdf(std::sync::Arc::new(PdfBytes::Owned(bytes)), limits)?,
        ))
    } else {
        Ok(Report::new(path, "issue", issue::check_issue(path, opts)))
    }
}

/// Check PDF bytes (for tests and callers that hold the file in memory).
pub fn check_pdf_bytes(
    name: &Path,
    bytes: &[u8],
    limits: &PreflightLimits,
) -> Result<Report, Diagnostic> {
    check_pdf_shared(
        name,
        std::sync::Arc::new(PdfBytes::Owned(bytes.to_vec())),
        limits,
    )
}

/// [`check_pdf_bytes`] on bytes it may keep while it reads them, without a copy (a
/// render's PDF, preflighted before it is put in place: in memory, or its temporary
/// file mapped).
pub fn check_pdf_shared(
    name: &Path,
    bytes: std::sync::Arc<PdfBytes>,
    limits: &PreflightLimits,
) -> Result<Report, Diagnostic> {
    Ok(Report::new(name, "pdf", pdf::check_pdf(bytes, limits)?))
}

/// A finding builder shared by the check modules.
pub(crate) fn error(page: Option<u32>, message: impl Into<String>) -> Finding {
    Finding {
        level: Level::Error,
        page,
        message: message.into(),
        hint: None,
        object: None,
    }
}

pub(crate) fn warning(page: Option<u32>, message: impl Into<String>) -> Finding {
    Finding {
        level: Level::Warning,
        page,
        message: message.into(),
        hint: None,
        object: None,
    }
}
