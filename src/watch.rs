//! `broadsheet watch`: render an issue, then render it again whenever one of its files
//! changes (`issue.toml`, the layout, an article, a font, a picture, the output
//! profile), replacing the PDF atomically. A round that fails keeps the last good PDF.
//!
//! Changes are found by comparing the files' modification time and length. The loop
//! looks again as soon as the operating system says something changed in one of the
//! files' folders (`Waker`: inotify on Linux, through the `notify` crate), and every
//! `poll` (100 ms by default) in any case, for folders whose changes raise no event (a
//! network share). A change is acted on once the files have stayed the same for
//! [`SETTLE`] (or `poll`, if shorter): an editor's save is often several writes. Each
//! round lays the issue out again with what the last round left ([`RoundMemo`]): the
//! pictures whose bytes did not change (and below them the picture cache), and the
//! stories an edit cannot have changed — after an edit to one article only its story
//! is set again. That is about 0.01 s for the 8-page sample, and 0.04–0.09 s with the
//! PDF written and preflighted (release build). A [`Listener`] hears of each layout,
//! while its PDF is written (the live view, `crate::live`), and of each round.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use crate::diag::{Diagnostic, Diagnostics};
use crate::outputs::{check_outputs, Output, Target};
use crate::pdf::PdfOptions;
use crate::RenderOptions;
use crate::RoundMemo;

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
    /// The overset, one error per story (the PDF is written anyway, as
    /// `--allow-overset`).
    pub overset: Diagnostics,
    pub warnings: Diagnostics,
    /// How long the layout took (the rest of the round wrote and checked the PDF).
    pub layout: Duration,
    /// The stories flowed again, of all the issue's stories (the others were taken
    /// from the last round, [`crate::layout::flow::memo::FlowMemo`]).
    pub stories_set: (usize, usize),
}

/// How long the files must stay the same after a change before a round starts.
pub const SETTLE: Duration = Duration::from_millis(25);

/// Wakes the loop when something changes in the folders of the issue's files, so a
/// save is seen at once rather than at the next poll. It only wakes: the files' stamps
/// decide what changed. Without it (no watcher could be made, or its thread ended) the
/// loop just polls.
struct Waker {
    watcher: Option<notify::RecommendedWatcher>,
    events: std::sync::mpsc::Receiver<()>,
    dirs: Vec<PathBuf>,
}

impl Waker {
    fn new() -> Waker {
        let (tx, events) = std::sync::mpsc::channel();
        let watcher = notify::recommended_watcher(move |e: notify::Result<notify::Event>| {
            if e.is_ok() {
                let _ = tx.send(());
            }
        })
        .ok();
        Waker {
            watcher,
            events,
            dirs: Vec::new(),
        }
    }

    /// Watch the folders of `files` (each folder itself, not its subfolders: an editor
    /// that saves by writing a new file and renaming it over the old one is seen too).
    fn follow(&mut self, files: &[PathBuf]) {
        use notify::Watcher;
        let Some(w) = self.watcher.as_mut() else {
            return;
        };
        let mut dirs: Vec<PathBuf> = files
            .iter()
            .filter_map(|f| f.parent())
            .map(|d| {
                if d.as_os_str().is_empty() {
                    PathBuf::from(".")
                } else {
                    d.to_path_buf()
                }
            })
            .collect();
        dirs.sort();
        dirs.dedup();
        for d in &self.dirs {
            if !dirs.contains(d) {
                let _ = w.unwatch(d);
            }
        }
        for d in &dirs {
            if !self.dirs.contains(d) {
                let _ = w.watch(d, notify::RecursiveMode::NonRecursive);
            }
        }
        self.dirs = dirs;
    }

    /// Wait until something changes or `timeout` passes; the events waiting are taken.
    fn wait(&self, timeout: Duration) {
        match self.events.recv_timeout(timeout) {
            Ok(()) => while self.events.try_recv().is_ok() {},
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => std::thread::sleep(timeout),
        }
    }
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

/// The stamps to compare the next poll with: a file known before the round keeps its
/// stamp from then; a file the round learnt of (its first render, a new article) keeps
/// its stamp now, unless it was modified after the round started (then it has none,
/// so the next poll sees it changed). The margin allows for file times that lag the
/// clock by a tick.
fn since(before: &Stamps, files: &[PathBuf], round_start: SystemTime) -> Stamps {
    let margin = Duration::from_millis(20);
    let start = round_start.checked_sub(margin).unwrap_or(round_start);
    stamps(files)
        .into_iter()
        .map(|(f, now)| match before.iter().find(|(g, _)| *g == f) {
            Some((_, then)) => (f, *then),
            None if now.is_some_and(|(modified, _)| modified >= start) => (f, None),
            None => (f, now),
        })
        .collect()
}

fn changed(old: &Stamps, new: &Stamps) -> Vec<PathBuf> {
    new.iter()
        .filter(|(f, s)| old.iter().find(|(g, _)| g == f).map(|(_, t)| t) != Some(s))
        .map(|(f, _)| f.clone())
        .collect()
}

/// Lay out `issue` (taking unchanged pictures and stories from `memo`, the last
/// round's), hand the layout to `laid_out` on a thread of its own while the PDF is
/// written to `out` (atomically), and return what was written with the issue's files
/// (only `issue.toml` when it could not be read).
pub fn render_round(
    issue: &Path,
    out: &Path,
    opts: &RenderOptions,
    pdf: &PdfOptions,
    memo: &mut RoundMemo,
    laid_out: impl FnOnce(&crate::Laid) + Send,
) -> (Result<Written, Diagnostics>, Vec<PathBuf>) {
    let started = Instant::now();
    let laid = match crate::lay_out_with(issue, opts, Some(memo)) {
        Ok(laid) => laid,
        Err(d) => return (Err(d), vec![issue.to_path_buf()]),
    };
    let layout = started.elapsed();
    let inputs = laid.issue.input_files();
    let (kept, set) = memo.flow.counts();
    let stories_set = (set, kept + set);
    // The listener (the live view) takes the layout while the PDF is written.
    let written = std::thread::scope(|scope| {
        scope.spawn(|| laid_out(&laid));
        write_round(&laid, out, &inputs, (pdf, opts), layout)
    });
    (written.map(|w| Written { stories_set, ..w }), inputs)
}

fn write_round(
    laid: &crate::Laid,
    out: &Path,
    inputs: &[PathBuf],
    (pdf, opts): (&PdfOptions, &RenderOptions),
    layout: Duration,
) -> Result<Written, Diagnostics> {
    let target = Output {
        what: "the PDF",
        target: Target::File(out.to_path_buf()),
    };
    check_outputs(&[target], inputs)?;
    let bytes = crate::write_issue_pdf(laid, pdf)?;
    let (bytes, preflight) =
        crate::honour_claim(laid, bytes, false, pdf, opts.picture_cache.as_ref())?;
    crate::pdf::write_file_atomic(out, &bytes)?;
    let mut warnings = laid.diags.clone();
    warnings.extend(preflight);
    Ok(Written {
        pages: laid.document.pages.len(),
        bytes: bytes.len(),
        // Reported as `render --allow-overset` reports it: as warnings.
        overset: laid
            .overset
            .iter()
            .map(|d| Diagnostic {
                severity: crate::diag::Severity::Warning,
                ..d.clone()
            })
            .collect(),
        warnings,
        layout,
        stories_set: (0, 0),
    })
}

/// What [`watch`] tells its caller.
pub trait Listener: Send {
    /// Round `number` has laid the issue out; its PDF is being written meanwhile (on
    /// another thread).
    fn laid_out(&mut self, _number: u32, _laid: &crate::Laid) {}
    /// A round is over. Returning `false` stops the watch.
    fn round(&mut self, round: &Round) -> bool;
}

/// Render `issue` to `out`, then again after each change of its files, telling
/// `listener` of each layout and each round; stops when it says so.
pub fn watch(
    issue: &Path,
    out: &Path,
    opts: &RenderOptions,
    pdf: &PdfOptions,
    poll: Duration,
    listener: &mut impl Listener,
) {
    let opts = RenderOptions {
        allow_overset: true,
        ..opts.clone()
    };
    let mut number = 0;
    let mut files = vec![issue.to_path_buf()];
    let mut changes = Vec::new();
    // The pictures checked and prepared in the last round (unchanged files are not
    // decoded again) and the stories flowed (a story whose article is unchanged is not
    // set again).
    let mut memo = RoundMemo::with_disk(opts.picture_cache.clone());
    let mut waker = Waker::new();
    let settle = poll.min(SETTLE);
    loop {
        number += 1;
        let started = Instant::now();
        let round_start = SystemTime::now();
        let before = stamps(&files);
        let (outcome, inputs) = render_round(issue, out, &opts, pdf, &mut memo, |laid| {
            listener.laid_out(number, laid)
        });
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
        if !listener.round(&round) {
            return;
        }
        // Files changed while the round ran count as a change now.
        let mut last = since(&before, &files, round_start);
        waker.follow(&files);
        // When the stamps last moved: a round starts once they have stayed for `settle`.
        let mut moved_at: Option<Instant> = None;
        loop {
            waker.wait(moved_at.map_or(poll, |t| settle.saturating_sub(t.elapsed())));
            let now = stamps(&files);
            let moved = changed(&last, &now);
            if moved.is_empty() {
                if moved_at.is_some_and(|t| t.elapsed() >= settle) {
                    break;
                }
            } else {
                moved_at = Some(Instant::now());
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
            "round {}: {what}: {} pages, {} bytes in {secs:.2} s (layout {:.2} s, {} of {} stories set); {} overset, {} warnings",
            round.number,
            w.pages,
            w.bytes,
            w.layout.as_secs_f64(),
            w.stories_set.0,
            w.stories_set.1,
            w.overset.len(),
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
        Ok(w) => w.overset.iter().collect(),
        Err(d) => d.iter().filter(|d| d.is_error()).collect(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may panic
mod tests {
    use super::*;

    /// An article the round learnt of and that was saved again while the round ran
    /// (after it was read) is a change at the next poll; one saved before is not.
    #[test]
    fn a_file_saved_during_the_round_is_a_change() {
        let dir = std::env::temp_dir().join(format!("broadsheet-watch-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let old = dir.join("old.txt");
        let new = dir.join("new.txt");
        std::fs::write(&old, "x").unwrap();
        std::thread::sleep(Duration::from_millis(60));
        let round_start = SystemTime::now();
        std::thread::sleep(Duration::from_millis(30));
        std::fs::write(&new, "y").unwrap();
        let files = vec![old.clone(), new.clone()];
        let last = since(&Vec::new(), &files, round_start);
        let now = stamps(&files);
        assert_eq!(changed(&last, &now), vec![new.clone()]);
        // A file known before the round compares with its stamp from then.
        let before = vec![(old.clone(), None)];
        assert_eq!(
            changed(&since(&before, &files, round_start), &now),
            vec![old, new]
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
