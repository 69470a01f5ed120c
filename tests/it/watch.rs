//! `broadsheet watch`: the first render, a re-render after an article is edited (here
//! until its story is overset: the PDF is written and the overset reported), a broken
//! edit that keeps the last PDF, and the mend; the binary is driven as an editor would.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;
use std::sync::mpsc;
use std::time::Duration;

use crate::common;

/// One page, one story of 2 columns × 20 lines set from `a.txt`.
pub const ISSUE: &str =
    "layout = \"layouts/hengyang-broadsheet.toml\"\n[issue]\npaper = \"衡阳日报\"\n\
     date = 2022-02-08\nnumber = 1\n[[page]]\ntemplate = \"inside\"\n[[page.story]]\n\
     article = \"a.txt\"\narea = { col = 1, cols = 2, row = 4, rows = 20 }\n";

pub const ARTICLE: &str =
    "+++\nheadline = \"春节假期\"\n+++\n衡阳市民欢度春节，街头巷尾年味浓。\n\n第二段。\n";

/// Kills the watcher when the test ends, passed or not.
pub struct Child(pub std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A `broadsheet watch issue.toml` running in `dir`, with the lines it prints.
pub struct Watcher {
    _child: Child,
    lines: mpsc::Receiver<String>,
    /// Standard error, read too (a full pipe would stop the watcher), kept for messages.
    errors: mpsc::Receiver<String>,
}

impl Watcher {
    /// Start `watch issue.toml --poll-ms 50` and `more` in `dir`.
    pub fn start(dir: &Path, more: &[&str]) -> Watcher {
        Watcher::polling(dir, "50", more)
    }

    /// Start `watch issue.toml --poll-ms {poll_ms}` and `more` in `dir`.
    pub fn polling(dir: &Path, poll_ms: &str, more: &[&str]) -> Watcher {
        let mut child = Child(
            crate::common::broadsheet()
                .args(["watch", "issue.toml", "--poll-ms", poll_ms])
                .args(more)
                .current_dir(dir)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap(),
        );
        let lines = lines_of(child.0.stdout.take().unwrap());
        let errors = lines_of(child.0.stderr.take().unwrap());
        Watcher {
            _child: child,
            lines,
            errors,
        }
    }

    /// The next line of standard output (a minute at most).
    pub fn next(&self) -> String {
        self.lines
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|e| {
                let said: Vec<String> = self.errors.try_iter().collect();
                panic!("no line from the watcher ({e}); it said: {said:?}")
            })
    }

    /// The next round line (skipping the live view's own lines).
    pub fn round(&self) -> String {
        loop {
            let line = self.next();
            if line.starts_with("round ") {
                return line;
            }
        }
    }
}

/// The lines `from` gives, as they come, on a channel (read by a thread of their own).
pub fn lines_of(from: impl std::io::Read + Send + 'static) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(from).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

#[test]
fn watch_renders_again_after_an_edit_and_keeps_the_pdf_on_a_broken_one() {
    let dir = common::scratch_dir("watch", "edit", &[]);
    std::fs::write(dir.join("a.txt"), ARTICLE).unwrap();
    std::fs::write(dir.join("issue.toml"), ISSUE).unwrap();
    let pdf = dir.join("issue.pdf");
    let watcher = Watcher::start(&dir, &[]);
    let next = || watcher.round();

    let first = next();
    assert!(
        first.starts_with("round 1: first render: 1 pages"),
        "{first}"
    );
    assert!(first.contains("0 overset"), "{first}");
    let first_pdf = std::fs::read(&pdf).unwrap();

    // An edit that overfills the story's 2 × 20-line area.
    std::fs::write(
        dir.join("a.txt"),
        ARTICLE.replace("第二段。", &"第二段很长。".repeat(200)),
    )
    .unwrap();
    let second = next();
    assert!(
        second.starts_with("round 2: a.txt changed: 1 pages"),
        "{second}"
    );
    assert!(second.contains("1 overset"), "{second}");
    let second_pdf = std::fs::read(&pdf).unwrap();
    assert_ne!(first_pdf, second_pdf);

    // A broken edit: the front matter is not closed. The PDF stays as it was.
    std::fs::write(dir.join("a.txt"), "+++\nheadline = \"x\"\n").unwrap();
    let third = next();
    assert!(
        third.starts_with("round 3: a.txt changed: not written"),
        "{third}"
    );
    assert_eq!(std::fs::read(&pdf).unwrap(), second_pdf);

    // Mended: the article is watched still, and the first PDF comes back.
    std::fs::write(dir.join("a.txt"), ARTICLE).unwrap();
    let fourth = next();
    assert!(
        fourth.starts_with("round 4: a.txt changed: 1 pages"),
        "{fourth}"
    );
    assert_eq!(std::fs::read(&pdf).unwrap(), first_pdf);
    drop(watcher);
}

/// `-o -` is refused (exit code 2): standard output carries the round lines. (Waited
/// for with a deadline: a watcher that accepted it would run until killed.)
#[test]
fn watch_refuses_standard_output_for_the_pdf() {
    let dir = common::scratch_dir("watch", "stdout", &[]);
    let mut child = Child(
        crate::common::broadsheet()
            .args(["watch", "../../issue.toml", "-o", "-"])
            .current_dir(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.0.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "watch -o - kept running"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(2));
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.0.stderr.take().unwrap(), &mut stderr).unwrap();
    assert!(
        stderr.contains("`watch` writes the PDF to a file"),
        "{stderr}"
    );
    assert!(!dir.join("-").exists());
}

/// The pictures `watch` keeps between rounds: an unchanged file is taken from the memo
/// (the same bytes, not read into a new buffer and checked again) and the PDF is the
/// same as without it; a file replaced by another picture, or by a damaged one, is
/// checked again.
#[test]
fn unchanged_pictures_are_not_checked_again_and_changed_ones_are() {
    use broadsheet::RenderOptions;
    use broadsheet::RoundMemo;
    let dir = common::scratch_dir("watch", "memo", &[]);
    std::fs::write(dir.join("a.txt"), ARTICLE).unwrap();
    let photos = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/hengyang-2022-02-08/photos");
    // A CMYK photo over the ink limit: prepared (held to the limit) with a warning.
    std::fs::copy(photos.join("p6-opera.jpg"), dir.join("p.jpg")).unwrap();
    std::fs::write(
        dir.join("issue.toml"),
        format!(
            "{ISSUE}[[page.photo]]\narea = {{ col = 3, cols = 5, row = 70, rows = 8 }}\n\
             caption = \"图\"\nfile = \"p.jpg\"\n"
        ),
    )
    .unwrap();
    let issue = dir.join("issue.toml");
    let opts = RenderOptions::default();
    let pdf =
        |laid: &broadsheet::Laid| broadsheet::write_issue_pdf(laid, &Default::default()).unwrap();
    let mut memo = RoundMemo::default();
    let first = broadsheet::lay_out_with(&issue, &opts, Some(&mut memo)).unwrap();
    let second = broadsheet::lay_out_with(&issue, &opts, Some(&mut memo)).unwrap();
    let fresh = broadsheet::lay_out(&issue, &opts).unwrap();
    assert_eq!(first.document.pictures.len(), 1);
    let bytes = |l: &broadsheet::Laid| l.document.pictures[0].bytes.clone();
    assert!(std::sync::Arc::ptr_eq(&bytes(&first), &bytes(&second)));
    assert!(!std::sync::Arc::ptr_eq(&bytes(&first), &bytes(&fresh)));
    assert!(pdf(&second) == pdf(&fresh), "the memo changed the PDF");
    assert_eq!(second.document.prepared.len(), 1);
    assert_eq!(second.diags.to_string(), fresh.diags.to_string());
    assert!(
        second.diags.to_string().contains("total area coverage"),
        "{}",
        second.diags
    );

    // Another picture under the same name: read and checked again.
    std::fs::copy(photos.join("p3-lanterns.jpg"), dir.join("p.jpg")).unwrap();
    let third = broadsheet::lay_out_with(&issue, &opts, Some(&mut memo)).unwrap();
    assert!(!std::sync::Arc::ptr_eq(&bytes(&second), &bytes(&third)));
    assert_ne!(
        third.document.pictures[0].info,
        second.document.pictures[0].info
    );
    assert!(pdf(&third) == pdf(&broadsheet::lay_out(&issue, &opts).unwrap()));

    // A damaged one (cut in half): the check fails as it would without the memo.
    let whole = std::fs::read(dir.join("p.jpg")).unwrap();
    std::fs::write(dir.join("p.jpg"), &whole[..whole.len() / 2]).unwrap();
    let damaged = broadsheet::lay_out_with(&issue, &opts, Some(&mut memo)).unwrap_err();
    let without = broadsheet::lay_out(&issue, &opts).unwrap_err();
    assert_eq!(damaged.to_string(), without.to_string());
    assert!(damaged.to_string().contains("p.jpg"), "{damaged}");
    // Mended: the memo of the last good round still serves.
    std::fs::write(dir.join("p.jpg"), &whole).unwrap();
    let mended = broadsheet::lay_out_with(&issue, &opts, Some(&mut memo)).unwrap();
    assert!(std::sync::Arc::ptr_eq(&bytes(&third), &bytes(&mended)));
}

/// A save is seen when the system says a folder changed, not at the next poll: with a
/// poll of ten minutes, an article saved the way many editors save (a new file renamed
/// over the old one) and then the issue file edited in place each start a round at
/// once.
#[test]
fn a_save_is_seen_without_waiting_for_the_poll() {
    let dir = common::scratch_dir("watch", "events", &[]);
    std::fs::write(dir.join("a.txt"), ARTICLE).unwrap();
    std::fs::write(dir.join("issue.toml"), ISSUE).unwrap();
    let watcher = Watcher::polling(&dir, "600000", &[]);
    let round = || watcher.round();
    assert!(round().starts_with("round 1: first render"));
    let tmp = dir.join(".a.txt.swp");
    std::fs::write(&tmp, ARTICLE.replace("第二段。", "第二段，改过。")).unwrap();
    std::fs::rename(&tmp, dir.join("a.txt")).unwrap();
    let second = round();
    assert!(second.starts_with("round 2: a.txt changed"), "{second}");
    std::fs::write(
        dir.join("issue.toml"),
        ISSUE.replace("number = 1", "number = 2"),
    )
    .unwrap();
    let third = round();
    assert!(third.starts_with("round 3: issue.toml changed"), "{third}");
}

/// The stories `watch` keeps between rounds: a round with nothing changed flows no
/// story again; after an edit to one article (a story that jumps to page 2) only
/// that story is flowed again; after a change to a page's areas every story is. Each
/// time, the pages, messages and PDF are those of laying out afresh.
#[test]
fn only_the_story_of_an_edited_article_is_flowed_again() {
    use broadsheet::{Laid, RenderOptions, RoundMemo};
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = common::scratch_dir("watch", "flow-memo", &[]);
    let articles = root.join("fixtures/hengyang-2022-02-08/articles");
    std::fs::create_dir(dir.join("articles")).unwrap();
    for entry in std::fs::read_dir(&articles).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join("articles").join(path.file_name().unwrap())).unwrap();
    }
    let sample = std::fs::read_to_string(root.join("issue.toml"))
        .unwrap()
        .replace("fixtures/hengyang-2022-02-08/articles/", "articles/");
    std::fs::write(dir.join("issue.toml"), &sample).unwrap();
    let issue = dir.join("issue.toml");
    let opts = RenderOptions::default();
    let mut memo = RoundMemo::default();
    // Laid out with the memo, then afresh: the same pages, messages and PDF.
    let round = |memo: &mut RoundMemo| {
        let kept = broadsheet::lay_out_with(&issue, &opts, Some(memo)).unwrap();
        let fresh = broadsheet::lay_out(&issue, &opts).unwrap();
        let dump = |l: &Laid| broadsheet::dump::dump_document(&l.document);
        assert_eq!(dump(&kept), dump(&fresh));
        assert_eq!(kept.diags.to_string(), fresh.diags.to_string());
        let pdf = |l: &Laid| broadsheet::write_issue_pdf(l, &Default::default()).unwrap();
        assert!(pdf(&kept) == pdf(&fresh), "the memo changed the PDF");
        (kept.issue.stories.len(), dump(&kept))
    };
    let (stories, first) = round(&mut memo);
    assert!(stories > 20, "{stories}");
    assert_eq!(memo.flow.counts(), (0, stories));
    let (_, again) = round(&mut memo);
    assert_eq!(memo.flow.counts(), (stories, 0));
    assert_eq!(again, first);

    // A paragraph more at the head of a story that jumps to page 2: its lines on both
    // pages move.
    let private = dir.join("articles/p1-private.txt");
    let text = std::fs::read_to_string(&private).unwrap();
    let (front, body) = text.rsplit_once("+++\n").unwrap();
    let added = "记者注意到，与会企业家普遍看好今年的发展前景。";
    std::fs::write(&private, format!("{front}+++\n{added}\n\n{body}")).unwrap();
    let (_, edited) = round(&mut memo);
    assert_eq!(memo.flow.counts(), (stories - 1, 1));
    assert!(edited.contains("普遍看好"), "the edit is not set");
    assert_ne!(edited, first);

    // The lead's area a row shorter: every story is flowed again.
    let shorter = sample.replacen("rows = 23 }", "rows = 22 }", 1);
    assert_ne!(shorter, sample);
    std::fs::write(&issue, shorter).unwrap();
    round(&mut memo);
    assert_eq!(memo.flow.counts(), (0, stories));
}
