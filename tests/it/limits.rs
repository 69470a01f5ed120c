//! Limits as errors and linear costs: display text in memory linear
//! in its length, limits on pages and story length, and proofs that refuse absurd
//! resolutions and never show stale pages.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_broadsheet")
}

/// A one-story inside page in its own folder; `headline` goes in the front matter.
fn scratch(name: &str, headline: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("limits-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("story.txt"),
        format!("+++\nheadline = \"{headline}\"\n+++\n正文。\n"),
    )
    .unwrap();
    let layout = repo().join("layouts/hengyang-broadsheet.toml");
    let toml = format!(
        "layout = {:?}\n[issue]\npaper = \"衡阳日报\"\ndate = 2022-02-08\nnumber = 1\n\
         [[page]]\ntemplate = \"inside\"\n[[page.story]]\narticle = \"story.txt\"\n\
         area = {{ col = 1, cols = 8, row = 4, rows = 95 }}\n",
        layout.to_str().unwrap()
    );
    std::fs::write(dir.join("issue.toml"), toml).unwrap();
    dir
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A 10,000-character headline used to take 0.9 GB (the shaped paragraph was cloned
/// for each of its lines); run under a 300 MB address-space limit it must now succeed.
#[cfg(target_os = "linux")]
#[test]
fn a_ten_thousand_character_headline_sets_in_bounded_memory() {
    let text: String = "衡阳市民欢度春节街头巷尾年味浓"
        .chars()
        .cycle()
        .take(10_000)
        .collect();
    let dir = scratch("headline", &text);
    let o = Command::new("sh")
        .env(
            "XDG_CACHE_HOME",
            crate::common::scratch_root().join("cache"),
        )
        .arg("-c")
        .arg("ulimit -v 300000; exec \"$0\" render \"$1\" -o \"$2\" --allow-overset")
        .arg(bin())
        .arg(dir.join("issue.toml"))
        .arg(dir.join("out.pdf"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn story_length_and_page_count_are_limited() {
    let dir = scratch("chars", "标题");
    let o = crate::common::broadsheet()
        .args(["dump", "--max-story-chars", "2"])
        .arg(dir.join("issue.toml"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("story.txt: error: story `story` has 5 characters; the limit is 2"),
        "{}",
        stderr(&o)
    );
    let o = crate::common::broadsheet()
        .args(["dump", "--max-pages", "1", "--allow-overset"])
        .arg(repo().join("fixtures/jumps/issue.toml"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("pages; the limit is 1"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn absurd_proof_resolutions_are_refused() {
    let dir = scratch("dpi", "标题");
    for (dpi, want) in [("100000", "out of range"), ("600", "million pixels")] {
        let o = crate::common::broadsheet()
            .args(["proof", "--allow-overset", "--dpi", dpi, "-o"])
            .arg(dir.join("proofs"))
            .arg(dir.join("issue.toml"))
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{dpi}: {}", stderr(&o));
        assert!(stderr(&o).contains(want), "{}", stderr(&o));
        assert!(!dir.join("proofs/page-1.png").exists());
    }
}

/// Needs poppler's pdftoppm (CI installs poppler-utils); fails if it is missing.
#[test]
#[ignore = "conformance: needs poppler-utils (scripts/conformance)"]
fn proof_clears_its_stale_pages() {
    let dir = scratch("stale", "标题");
    let proofs = dir.join("proofs");
    std::fs::create_dir_all(&proofs).unwrap();
    std::fs::write(proofs.join("page-7.png"), b"stale").unwrap();
    std::fs::write(proofs.join("notes.txt"), b"mine").unwrap();
    let o = crate::common::broadsheet()
        .args(["proof", "--allow-overset", "--dpi", "10", "-o"])
        .arg(&proofs)
        .arg(dir.join("issue.toml"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("wrote 1 page proofs"), "{}", stderr(&o));
    assert!(proofs.join("page-1.png").is_file());
    assert!(!proofs.join("page-7.png").exists(), "stale page left");
    assert!(proofs.join("notes.txt").is_file());
}

/// A headline block taller than its frame is overset: an error at the story (the
/// report counts its lines), and with `--allow-overset` nothing of it is printed below
/// the frame — not over the story beneath, not off the page.
#[test]
fn a_headline_taller_than_its_frame_is_overset_and_stays_inside() {
    let text: String = "衡阳市民欢度春节街头巷尾年味浓"
        .chars()
        .cycle()
        .take(100)
        .collect();
    let dir = scratch("tall-headline", &text);
    let issue = dir.join("issue.toml");
    let toml = std::fs::read_to_string(&issue).unwrap().replace(
        "cols = 8, row = 4, rows = 95",
        "cols = 2, row = 10, rows = 6",
    );
    std::fs::write(&issue, toml).unwrap();
    let strict = broadsheet::layout_issue(&issue, &broadsheet::RenderOptions::default());
    let err = match strict {
        Ok(_) => panic!("a headline taller than its frame was accepted"),
        Err(e) => e.to_string(),
    };
    assert!(
        err.contains("issue.toml:10:8: error: story `story` is overset: its headline block needs 39 body lines, its frame on page 1 has 5"),
        "{err}"
    );
    let laid = broadsheet::layout_issue(
        &issue,
        &broadsheet::RenderOptions {
            allow_overset: true,
            ..Default::default()
        },
    )
    .unwrap();
    let story = &laid.report.stories[0];
    assert!(story.head_overset_lines > 0, "{story:?}");
    let g = &laid.issue.layout.grid;
    let bottom = g.row_y(10) + 6.0 * g.line_pitch;
    let head_lines: Vec<f64> = laid.document.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            broadsheet::page::Item::Text(l)
                if matches!(l.role, broadsheet::page::Role::Head { .. }) =>
            {
                Some(l.baseline)
            }
            _ => None,
        })
        .collect();
    assert!(!head_lines.is_empty());
    assert!(
        head_lines.iter().all(|&b| b <= bottom),
        "{head_lines:?} below {bottom}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The pdftoppm processes whose command line names `dir` (read from /proc).
#[cfg(target_os = "linux")]
fn pdftoppm_for(dir: &Path) -> Vec<u32> {
    let needle = dir.to_string_lossy().into_owned();
    std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/cmdline")).is_ok_and(|c| {
                let c = String::from_utf8_lossy(&c);
                c.starts_with("pdftoppm") && c.contains(&needle)
            })
        })
        .collect()
}

/// SIGINT to `proof` while pdftoppm is drawing the pages: the run ends and takes
/// pdftoppm with it (no process left writing page images).
#[cfg(target_os = "linux")]
#[test]
#[ignore = "conformance: needs poppler-utils (scripts/conformance)"]
fn an_interrupted_proof_leaves_no_pdftoppm_running() {
    let dir = scratch("interrupt", "春节假期");
    let proofs = dir.join("proofs");
    let mut child = crate::common::broadsheet()
        .args(["proof", "--dpi", "600", "--max-megapixels", "200", "-o"])
        .arg(&proofs)
        .arg(dir.join("issue.toml"))
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while pdftoppm_for(&proofs).is_empty() {
        assert!(
            started.elapsed().as_secs() < 60,
            "pdftoppm never started: {:?}",
            child.try_wait()
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let kill = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130));
    let stopped = std::time::Instant::now();
    while !pdftoppm_for(&proofs).is_empty() {
        assert!(
            stopped.elapsed().as_secs() < 5,
            "pdftoppm still running after the proof was interrupted"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
