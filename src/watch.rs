//! `broadsheet watch`: render an issue, then render it again whenever one of its files
//! changes (`issue.toml`, the layout, an article, a font, a picture, the output
//! profile), replacing the PDF atomically. A round that fails keeps the last good PDF.
//!
//! Changes are found by polling the files' modification time and length (every
//! `poll`, 100 ms by default): an issue has a few dozen files, and polling needs no
//! crate (a file-notification crate would bring 6–40 more into the build). A change is
//! acted on once the files have stayed the same for one more poll (an editor's save is
//! often several writes). Each round lays the whole issue out again (about 0.2 s for
//! the 8-page sample, release build).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use crate::diag::{Diagnostic, Diagnostics};
use crate::outputs::{check_outputs, Output, Target};
use crate::RenderOptions;

/// What one round did.
#[derive(Debug)]
pub struct Round {
    /// 1 for the first render.
    pub number: u32,
    /// The files whose change started the round (none for the first).
    pub changed: Vec<PathBuf>,
    pub outcome: Result<Written, Diagnostics>,
    pub elapsed: Duration,
}

/// A PDF written by a round.
#[derive(Debug)]
pub struct Written {
    pub pages: usize,
    pub bytes: usize,
    /// Stories overset (the PDF is written anyway, as `--allow-overset`).
    pub overset: usize,
    pub warnings: Diagnostics,
}

/// Each file's modification time and length (`None`: missing or unreadable).
type Stamps = Vec<(PathBuf, Option<(SystemTime, u64)>)>;

fn stamps(files: &[PathBuf]) -> Stamps {
    files
        .iter()
        .map(|f| {
            let meta = std::fs::metadata(f).ok();
            let stamp = meta.and_then(|m| Some((m.modified().ok()?, m.len())));
            (f.clone(), stamp)
        })
        .collect()
}

fn changed(old: &Stamps, new: &Stamps) -> Vec<PathBuf> {
    new.iter()
        .filter(|(f, s)| old.iter().find(|(g, _)| g == f).map(|(_, t)| t) != Some(s))
        .map(|(f, _)| f.clone())
        .collect()
}

/// Lay out `issue`, write the PDF to `out` (atomically), and return what was written
/// with the issue's files (only `issue.toml` when it could not be read).
pub fn render_round(
    issue: &Path,
    out: &Path,
    opts: &RenderOptions,
) -> (Result<Written, Diagnostics>, Vec<PathBuf>) {
    let laid = match crate::lay_out(issue, opts) {
        Ok(laid) => laid,
        Err(d) => return (Err(d), vec![issue.to_path_buf()]),
    };
    let inputs = laid.issue.input_files();
    let written = write_round(&laid, out, &inputs);
    (written, inputs)
}

fn write_round(laid: &crate::Laid, out: &Path, inputs: &[PathBuf]) -> Result<Written, Diagnostics> {
    let pdf = Output {
        what: "the PDF",
        target: Target::File(out.to_path_buf()),
    };
    check_outputs(&[pdf], inputs)?;
    let bytes = crate::write_issue_pdf(laid)?;
    let (bytes, preflight) = crate::honour_claim(laid, bytes, false)?;
    crate::pdf::write_file_atomic(out, &bytes)?;
    let mut warnings = laid.diags.clone();
    warnings.extend(preflight);
    Ok(Written {
        pages: laid.document.pages.len(),
        bytes: bytes.len(),
        overset: laid.overset.iter().filter(|d| d.is_error()).count(),
        warnings,
    })
}

/// Render `issue` to `out`, then again after each change of its files, calling `report`
/// after every round; stops when `report` returns `false`.
pub fn watch(
    issue: &Path,
    out: &Path,
    opts: &RenderOptions,
    poll: Duration,
    mut report: impl FnMut(&Round) -> bool,
) {
    let opts = RenderOptions {
        allow_overset: true,
        ..opts.clone()
    };
    let mut number = 0;
    let mut files = vec![issue.to_path_buf()];
    let mut changes = Vec::new();
    loop {
        number += 1;
        let started = Instant::now();
        let before = stamps(&files);
        let (outcome, inputs) = render_round(issue, out, &opts);
        // Keep watching what is known when a round cannot read the issue.
        if outcome.is_ok() || inputs.len() > 1 {
            files = inputs;
        }
        let round = Round {
            number,
            changed: std::mem::take(&mut changes),
            outcome,
            elapsed: started.elapsed(),
        };
        if !report(&round) {
            return;
        }
        // Files changed while the round ran count as a change now (when the round
        // learnt of new files, they are watched from here).
        let mut last = if before.iter().map(|(f, _)| f).eq(files.iter()) {
            before
        } else {
            stamps(&files)
        };
        loop {
            std::thread::sleep(poll);
            let now = stamps(&files);
            let moved = changed(&last, &now);
            if moved.is_empty() && !changes.is_empty() {
                break;
            }
            for f in moved {
                if !changes.contains(&f) {
                    changes.push(f);
                }
            }
            last = now;
        }
    }
}

/// The line `watch` prints for a round.
pub fn round_line(round: &Round, base: &Path) -> String {
    let names: Vec<String> = round
        .changed
        .iter()
        .map(|f| f.strip_prefix(base).unwrap_or(f).display().to_string())
        .collect();
    let what = if names.is_empty() {
        "first render".to_string()
    } else {
        format!("{} changed", names.join(", "))
    };
    let secs = round.elapsed.as_secs_f64();
    match &round.outcome {
        Ok(w) => format!(
            "round {}: {what}: {} pages, {} bytes in {secs:.2} s; {} overset, {} warnings",
            round.number,
            w.pages,
            w.bytes,
            w.overset,
            w.warnings.len()
        ),
        Err(d) => format!(
            "round {}: {what}: not written ({} errors; the last PDF is kept)",
            round.number,
            d.iter().filter(|d| d.is_error()).count()
        ),
    }
}

/// Problems of a round to print after its line: the errors, or the overset.
pub fn round_problems(round: &Round) -> Vec<&Diagnostic> {
    match &round.outcome {
        Ok(w) => w
            .warnings
            .iter()
            .filter(|d| d.message.contains("overset"))
            .collect(),
        Err(d) => d.iter().filter(|d| d.is_error()).collect(),
    }
}
