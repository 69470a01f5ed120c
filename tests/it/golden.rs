//! Golden layout dumps: every fixture issue is laid out and its dump compared with the
//! checked-in file under `tests/golden/`. A mismatch prints a unified diff.
//!
//! Bless new output on purpose with `UPDATE_GOLDEN=1 cargo test --test golden`, and
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
        "{}\n\nIf the change is intended: UPDATE_GOLDEN=1 cargo test --test golden, and explain it in the commit message.",
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
