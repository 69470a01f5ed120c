//! Golden page images: the sample issue rasterised at low resolution (poppler's
//! pdftoppm, grey) and compared with `tests/golden/pages/page-N.png` with a tolerance.
//! They catch what the text dump cannot: a font not drawn, a box or colour wrong.
//!
//! Bless with `UPDATE_GOLDEN=1 bash scripts/conformance proof_images` (a conformance test: it needs pdftoppm).

use crate::common;

use std::path::Path;

use broadsheet::proof::{compare, rasterize, read_png};
use broadsheet::RenderOptions;

/// Resolution of the golden images: small files, still enough to see every block.
const DPI: u32 = 12;
/// Mean absolute difference (0–255) allowed per pixel.
const MAX_MEAN: f64 = 1.5;
/// Fraction of pixels allowed to differ by more than 64 levels.
const MAX_BIG: f64 = 0.004;

#[test]
#[ignore = "conformance: needs poppler-utils (scripts/conformance)"]
fn sample_pages_match_golden_images() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    if std::process::Command::new("pdftoppm")
        .arg("-v")
        .output()
        .is_err()
    {
        panic!(
            "pdftoppm is not installed (apt-get install poppler-utils; scripts/conformance does)"
        );
    }
    let (_, bytes) =
        broadsheet::render_issue(Path::new("issue.toml"), &RenderOptions::default()).unwrap();
    let dir = common::scratch_root().join(format!("broadsheet-proof-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let pdf = dir.join("sample.pdf");
    std::fs::write(&pdf, bytes).unwrap();
    let pages = rasterize(&pdf, &dir, DPI, true).unwrap();
    assert_eq!(pages.len(), 8);
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let golden_dir = Path::new("tests/golden/pages");
    let mut failures = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let golden = golden_dir.join(format!("page-{}.png", i + 1));
        if update {
            std::fs::copy(page, &golden).unwrap();
            continue;
        }
        let got = read_png(page).unwrap();
        let want = read_png(&golden).unwrap_or_else(|e| panic!("{e}\nbless with UPDATE_GOLDEN=1"));
        match compare(&got, &want) {
            Some((mean, big)) if mean <= MAX_MEAN && big <= MAX_BIG => {}
            Some((mean, big)) => failures.push(format!(
                "page {}: mean difference {mean:.2} (max {MAX_MEAN}), {:.2}% of pixels far off (max {:.2}%); see {}",
                i + 1,
                big * 100.0,
                MAX_BIG * 100.0,
                page.display()
            )),
            None => failures.push(format!("page {}: size changed", i + 1)),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The tolerance is tight enough to tell two different pages apart.
#[test]
fn tolerance_discriminates_pages() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let a = read_png(Path::new("tests/golden/pages/page-2.png")).unwrap();
    let b = read_png(Path::new("tests/golden/pages/page-3.png")).unwrap();
    let (mean, big) = compare(&a, &b).unwrap();
    assert!(mean > MAX_MEAN || big > MAX_BIG, "mean {mean}, big {big}");
}

/// Proofs made on several threads of one process at once (the tests do, a server
/// might): each run waits for its own pdftoppm and gets its own pages. (Each run once
/// took the one slot for "the" child, and a run whose child another had reaped waited
/// for ever.)
#[test]
#[ignore = "conformance: needs poppler-utils (scripts/conformance)"]
fn proofs_on_several_threads_each_finish() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let (_, bytes) = broadsheet::render_issue(Path::new("issue.toml"), &RenderOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let dir = common::scratch_root().join("proof-threads");
    std::fs::create_dir_all(&dir).unwrap();
    let pdf = dir.join("issue.pdf");
    std::fs::write(&pdf, bytes).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    for t in 0..3 {
        let (tx, pdf, out) = (tx.clone(), pdf.clone(), dir.join(format!("run-{t}")));
        std::thread::spawn(move || {
            let _ = tx.send(rasterize(&pdf, &out, 6, true).map(|pages| pages.len()));
        });
    }
    for _ in 0..3 {
        let pages = rx
            .recv_timeout(std::time::Duration::from_secs(120))
            .expect("a proof run never finished")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(pages, 8);
    }
    let _ = std::fs::remove_dir_all(&dir);
}
