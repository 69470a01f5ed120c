//! Preflight of an issue spec: everything `render` would refuse or warn about, then the
//! PDF checks on the file `render` would write.
//!
//! - `spec`: the issue, layout and articles resolve and lay out (TOML errors, missing
//!   files, unknown styles, characters no font has, broken links: every diagnostic
//!   `render` prints, with its file:line:col);
//! - `overset`: no story has text left over (render refuses overset unless
//!   `--allow-overset`);
//! - `makeup` (only for an issue with areas left to the make-up step): every page it
//!   arranges fits, each problem with what to cut, widen or move;
//! - `placeholders`: photos and ads printed as grey placeholder boxes because they have
//!   no file — errors, as `render --final` refuses them, read from the same picture
//!   report;
//! - `warnings`: the other warnings of the layout;
//! - then every check of [`super::pdf`] on the rendered PDF — those of the PDF/X claim
//!   (`output-intent`, `xmp`) only when the layout claims a standard, as `render` does.
//!
//! The issue is laid out with the options `render` is given (`--root`, the limits), and
//! strictly: markup an article sets as literal text is an error here.

use std::path::Path;

use super::pdf::result;
use super::{error, warning, CheckResult, Finding, PreflightLimits};
use crate::diag::{Diagnostic, Diagnostics};
use crate::report::picture_report;
use crate::spec::output::Standard;
use crate::{lay_out, pdf, Laid, RenderOptions};

/// The checks that test a PDF/X claim: left out for a layout that claims none.
const CLAIM_CHECKS: &[&str] = &["output-intent", "xmp"];

/// Run the issue checks on `issue.toml` at `path`, laid out with `opts` (its roots and
/// limits; overset is tolerated and reported by its own check, literal markup is an
/// error).
pub fn check_issue(path: &Path, opts: &RenderOptions) -> Vec<CheckResult> {
    let opts = RenderOptions {
        allow_overset: true,
        strict: true,
        ..opts.clone()
    };
    let laid = match lay_out(path, &opts) {
        Ok(l) => l,
        Err(diags) => {
            return vec![result(
                "spec",
                "the issue resolves and lays out",
                from_diags(&diags),
            )]
        }
    };
    let mut checks = vec![result(
        "spec",
        "the issue resolves and lays out",
        Vec::new(),
    )];
    checks.push(overset_check(&laid));
    if !laid.report.makeup.is_empty() {
        checks.push(makeup_check(&laid));
    }
    checks.push(placeholder_check(&laid));
    // Overset was tolerated above and is reported by its own check.
    let others: Vec<Finding> = laid.other_warnings().map(finding_of).collect();
    checks.push(result("warnings", "the layout's other warnings", others));
    checks.extend(rendered_checks(&laid, &opts));
    checks
}

/// `overset`: every story whose text or headline block is left over, as errors.
fn overset_check(laid: &Laid) -> CheckResult {
    let mut overset = Vec::new();
    for s in &laid.report.stories {
        let page = s.pages.last().copied();
        if s.head_overset_lines > 0 {
            overset.push(error(
                s.pages.first().copied(),
                format!(
                    "story `{}` has a headline block {} body lines taller than its frame",
                    s.id, s.head_overset_lines
                ),
            ));
        }
        if s.overset_lines > 0 {
            overset.push(error(
                page,
                format!(
                    "story `{}` is overset by {} lines ({} characters, from “{}”)",
                    s.id, s.overset_lines, s.overset_chars, s.overset_text
                ),
            ));
        }
    }
    result("overset", "no story has text left over", overset)
}

/// `makeup`: every page the make-up step could not fit, as errors saying what to do.
fn makeup_check(laid: &Laid) -> CheckResult {
    let problems = laid
        .report
        .makeup
        .problems
        .iter()
        .map(|p| error(Some(p.page), p.message.clone()))
        .collect();
    result(
        "makeup",
        "every page the make-up step arranges fits",
        problems,
    )
}

/// `placeholders`: every photo and ad without its file, as errors.
fn placeholder_check(laid: &Laid) -> CheckResult {
    let placeholders: Vec<Finding> = picture_report(&laid.issue, &laid.document)
        .placeholders
        .iter()
        .map(|p| {
            error(
                Some(p.page),
                format!(
                    "the {} at {} has no file: it prints as a placeholder box (render --final refuses it)",
                    p.what, p.at
                ),
            )
        })
        .collect();
    result("placeholders", "every photo and ad is placed", placeholders)
}

/// The PDF checks on the PDF `render` would write (the PDF/X claim's only when the
/// layout claims a standard), or a failed `render` check when it cannot be written.
fn rendered_checks(laid: &Laid, opts: &RenderOptions) -> Vec<CheckResult> {
    let out = &laid.document.output;
    let limits = PreflightLimits {
        ink_cache: opts.picture_cache.clone(),
        ..PreflightLimits::of(out)
    };
    let rendered = pdf::write_pdf(&laid.document, &pdf::PdfOptions::default());
    let claims = out.standard != Standard::None;
    match rendered.and_then(|bytes| {
        super::pdf::check_pdf(
            std::sync::Arc::new(crate::pdf_read::PdfBytes::Owned(bytes)),
            &limits,
        )
    }) {
        Ok(pdf_checks) => pdf_checks
            .into_iter()
            .filter(|c| claims || !CLAIM_CHECKS.contains(&c.id))
            .collect(),
        Err(d) => vec![result(
            "render",
            "the PDF can be written",
            vec![error(None, d.to_string())],
        )],
    }
}

fn from_diags(diags: &Diagnostics) -> Vec<Finding> {
    diags.0.iter().map(finding_of).collect()
}

/// A diagnostic as a finding: its place and message, and its own hint when it has one.
fn finding_of(d: &Diagnostic) -> Finding {
    let mut f = if d.is_error() {
        error(None, d.located_message())
    } else {
        warning(None, d.located_message())
    };
    if !d.hints.is_empty() {
        f.hint = Some(d.hints.join("; "));
    }
    f
}
