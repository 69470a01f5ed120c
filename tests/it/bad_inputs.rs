//! The bad-input corpus: every `fixtures/bad/<case>/` is run through
//! the CLI and must exit with the code and print the messages its `expected.txt` gives,
//! without changing any file of the case. See `fixtures/bad/README.md`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Default)]
struct Expected {
    args: Option<String>,
    exit: Option<i32>,
    stderr: Vec<String>,
    absent: Vec<String>,
    errors: Option<usize>,
}

fn parse(text: &str) -> Expected {
    let mut e = Expected::default();
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) = line
            .split_once(": ")
            .unwrap_or_else(|| panic!("bad line {line}"));
        match key {
            "args" => e.args = Some(value.to_string()),
            "exit" => e.exit = Some(value.parse().unwrap()),
            "stderr" => e.stderr.push(value.to_string()),
            "absent" => e.absent.push(value.to_string()),
            "errors" => e.errors = Some(value.parse().unwrap()),
            other => panic!("unknown key {other}"),
        }
    }
    e
}

/// Every regular file under `dir` (not following symlinks) with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let ft = entry.file_type().unwrap();
        if ft.is_dir() {
            out.extend(snapshot(&entry.path()));
        } else if ft.is_file() {
            out.insert(entry.path(), std::fs::read(entry.path()).unwrap());
        }
    }
    out
}

fn run_case(dir: &Path) -> Result<(), String> {
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    let expected = parse(&std::fs::read_to_string(dir.join("expected.txt")).unwrap());
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("bad-{name}"));
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).unwrap();
    let args = expected
        .args
        .clone()
        .unwrap_or_else(|| "render issue.toml -o {out}/out.pdf".into());
    let args: Vec<String> = args
        .split_whitespace()
        .map(|a| a.replace("{out}", out.to_str().unwrap()))
        .collect();
    let before = snapshot(dir);
    let o = crate::common::broadsheet()
        .args(&args)
        .current_dir(dir)
        .output()
        .unwrap();
    let after = snapshot(dir);
    // Put back anything a regression changed, then report it.
    for (p, bytes) in &before {
        if after.get(p) != Some(bytes) {
            std::fs::write(p, bytes).unwrap();
        }
    }
    let stderr = String::from_utf8_lossy(&o.stderr);
    let mut problems = Vec::new();
    if before != after {
        problems.push("files of the case were changed".to_string());
    }
    if let Some(code) = expected.exit {
        if o.status.code() != Some(code) {
            problems.push(format!("exit {:?}, expected {code}", o.status.code()));
        }
    }
    for want in &expected.stderr {
        if !stderr.contains(want.as_str()) {
            problems.push(format!("missing in stderr: {want}"));
        }
    }
    for not in &expected.absent {
        if stderr.contains(not.as_str()) {
            problems.push(format!("unexpected in stderr: {not}"));
        }
    }
    if let Some(n) = expected.errors {
        let got = stderr.matches("error:").count();
        if got != n {
            problems.push(format!("{got} errors, expected {n}"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{name} ({}): {}\n--- stderr ---\n{stderr}",
            args.join(" "),
            problems.join("; ")
        ))
    }
}

#[test]
fn every_bad_input_case() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/bad");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("expected.txt").is_file())
        .collect();
    cases.sort();
    assert!(cases.len() >= 15, "only {} cases", cases.len());
    let failures: Vec<String> = cases.iter().filter_map(|c| run_case(c).err()).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
