//! Helpers shared by the integration tests.

use std::path::PathBuf;

/// Every fixture issue: the sample (`issue.toml`) and each `fixtures/*/issue.toml`, in
/// name order, as paths relative to the crate root (which becomes the current folder).
pub fn fixture_issues() -> Vec<PathBuf> {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let mut out = vec![PathBuf::from("issue.toml")];
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("fixtures")
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path().join("issue.toml")))
        .filter(|p| p.is_file())
        .collect();
    dirs.sort();
    out.extend(dirs);
    out
}
