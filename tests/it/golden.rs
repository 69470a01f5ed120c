//! Golden layout dumps: every fixture issue is laid out and its dump compared with the
//! checked-in file under `tests/golden/`. A mismatch prints a unified diff.
//!
//! Bless new output on purpose with `UPDATE_GOLDEN=1 cargo test --test it golden`, and
//! explain the diff in the commit message.

use std::path::{Path, PathBuf};

use broadsheet::RenderOptions;

/// Every fixture issue: the sample at the root and each `fixtures/*/issue.toml`.
fn fixture_issues() -> Vec<(String, PathBuf)> {
    let mut out = vec![("sample".to_string(), PathBuf::from("issue.toml"))];
    let mut dirs: Vec<_> = std::fs::read_dir("fixtures")
        .expect("fixtures/")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.join("issue.toml").is_file())
        .collect();
    dirs.sort();
    for d in dirs {
        let name = d.file_name().unwrap().to_string_lossy().into_owned();
        out.push((name, d.join("issue.toml")));
    }
    out
}

/// The dump of an issue plus its diagnostics (overset is allowed so it shows).
fn dump(issue: &Path) -> String {
    let opts = RenderOptions {
        allow_overset: true,
        ..Default::default()
    };
    match broadsheet::layout_issue(issue, &opts) {
        Ok(laid) => {
            let mut s = broadsheet::dump::dump_document(&laid.document);
            for d in &laid.diags.0 {
                s.push_str(&format!("diagnostic: {d}\n"));
            }
            s
        }
        Err(e) => format!("failed:\n{e}\n"),
    }
}

#[test]
fn golden_dumps() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    for (name, issue) in fixture_issues() {
        let got = dump(&issue);
        let golden = Path::new("tests/golden").join(format!("{name}.dump"));
        let want = std::fs::read_to_string(&golden).unwrap_or_default();
        if got == want {
            continue;
        }
        if update {
            std::fs::write(&golden, &got).unwrap();
            eprintln!("blessed {}", golden.display());
            continue;
        }
        let diff = similar::TextDiff::from_lines(&want, &got);
        let text = diff
            .unified_diff()
            .context_radius(2)
            .header(&golden.display().to_string(), "now")
            .to_string();
        let shown: String = text.lines().take(80).collect::<Vec<_>>().join("\n");
        failures.push(format!("{name}: layout changed\n{shown}"));
    }
    assert!(
        failures.is_empty(),
        "{}\n\nIf the change is intended: UPDATE_GOLDEN=1 cargo test --test it golden, and explain it in the commit message.",
        failures.join("\n\n")
    );
}

#[test]
fn dump_is_stable_across_runs() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let a = dump(Path::new("issue.toml"));
    let b = dump(Path::new("issue.toml"));
    assert_eq!(a, b);
    assert!(a.starts_with("page 1\n"));
}

/// Every file under `tests/golden/` belongs to a test: a `<name>.dump` to a fixture issue
/// (`golden_dumps`), a `pages/page-N.png` to a page of the sample (the conformance test
/// `proof_images`). A fixture removed or renamed leaves no stale golden file behind.
#[test]
fn no_golden_file_is_an_orphan() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let names: Vec<String> = fixture_issues().into_iter().map(|(n, _)| n).collect();
    let mut orphans = Vec::new();
    for entry in std::fs::read_dir("tests/golden").unwrap() {
        let path = entry.unwrap().path();
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            assert_eq!(file, "pages", "an unknown folder in tests/golden");
            continue;
        }
        let used = file
            .strip_suffix(".dump")
            .is_some_and(|n| names.iter().any(|m| m == n));
        if !used {
            orphans.push(file);
        }
    }
    let sample_pages = broadsheet::layout_issue(Path::new("issue.toml"), &Default::default())
        .unwrap()
        .document
        .pages
        .len();
    for entry in std::fs::read_dir("tests/golden/pages").unwrap() {
        let file = entry.unwrap().file_name().to_string_lossy().into_owned();
        let page = file
            .strip_prefix("page-")
            .and_then(|f| f.strip_suffix(".png"))
            .and_then(|n| n.parse::<usize>().ok());
        if !page.is_some_and(|n| (1..=sample_pages).contains(&n)) {
            orphans.push(format!("pages/{file}"));
        }
    }
    assert!(
        orphans.is_empty(),
        "golden files no test reads: {orphans:?}"
    );
}
