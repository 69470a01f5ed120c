//! Fuzzing the spec reader with proptest (stable Rust has no cargo-fuzz): random edits
//! of the sample `issue.toml` — a line deleted, duplicated or cut, a number changed, a
//! character inserted — must give either an issue or located errors, never a panic.

use std::path::{Path, PathBuf};

use broadsheet::RenderOptions;
use proptest::prelude::*;

fn sample() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("issue.toml")).unwrap()
}

#[derive(Debug, Clone)]
enum Edit {
    Delete(usize),
    Duplicate(usize),
    Cut(usize, usize),
    Number(usize, u32),
    Insert(usize, char),
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for e in edits {
        let n = lines.len().max(1);
        match *e {
            Edit::Delete(i) => {
                if !lines.is_empty() {
                    lines.remove(i % n);
                }
            }
            Edit::Duplicate(i) => {
                if let Some(l) = lines.get(i % n).cloned() {
                    lines.insert(i % n, l);
                }
            }
            Edit::Cut(i, at) => {
                if let Some(l) = lines.get_mut(i % n) {
                    let cut: String = l.chars().take(at % (l.chars().count() + 1)).collect();
                    *l = cut;
                }
            }
            Edit::Number(i, v) => {
                if let Some(l) = lines.get_mut(i % n) {
                    if let Some(pos) = l.find(|c: char| c.is_ascii_digit()) {
                        let end = l[pos..]
                            .find(|c: char| !c.is_ascii_digit())
                            .map_or(l.len(), |e| pos + e);
                        l.replace_range(pos..end, &v.to_string());
                    }
                }
            }
            Edit::Insert(i, c) => {
                if let Some(l) = lines.get_mut(i % n) {
                    let at = l
                        .char_indices()
                        .nth(l.chars().count() / 2)
                        .map_or(l.len(), |(b, _)| b);
                    l.insert(at, c);
                }
            }
        }
    }
    lines.join("\n")
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        any::<usize>().prop_map(Edit::Delete),
        any::<usize>().prop_map(Edit::Duplicate),
        (any::<usize>(), any::<usize>()).prop_map(|(i, a)| Edit::Cut(i, a)),
        (
            any::<usize>(),
            prop_oneof![Just(0u32), Just(1), Just(9), Just(100), Just(4_000_000_000)]
        )
            .prop_map(|(i, v)| Edit::Number(i, v)),
        (
            any::<usize>(),
            prop_oneof![
                Just('"'),
                Just('['),
                Just('='),
                Just('}'),
                Just('，'),
                Just('\u{0}')
            ]
        )
            .prop_map(|(i, c)| Edit::Insert(i, c)),
    ]
}

proptest! {
    #![proptest_config(crate::common::proptest_config(48))]

    #[test]
    fn edited_issue_never_panics(edits in proptest::collection::vec(edit(), 1..4)) {
        let text = apply(&sample(), &edits);
        let dir: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf();
        let path = dir.join(format!("fuzz-{}-{:x}.toml", std::process::id(), fxhash(&text)));
        std::fs::write(&path, &text).unwrap();
        let result = std::panic::catch_unwind(|| {
            broadsheet::layout_issue(&path, &RenderOptions { allow_overset: true, ..Default::default() }).map(|_| ())
        });
        std::fs::remove_file(&path).unwrap();
        let result = result.map_err(|_| TestCaseError::fail(format!("panicked on:\n{text}")))?;
        if let Err(diags) = result {
            prop_assert!(diags.has_errors());
            for d in &diags.0 {
                prop_assert!(d.file.is_some(), "error without a file: {d}");
            }
        }
    }
}

fn fxhash(s: &str) -> u64 {
    s.bytes().fold(0xcbf29ce484222325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100000001b3)
    })
}
