//! Helpers shared by the integration tests (the modules of tests/it).
#![allow(dead_code)]

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

/// This test process's scratch folder, `broadsheet-tests-{pid}` in the temp dir: every
/// scratch file and folder of the tests goes inside it, and it is removed when the
/// process exits (C `atexit`, which the test harness's exit runs), whether the tests
/// passed or not.
pub fn scratch_root() -> PathBuf {
    static ROOT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    ROOT.get_or_init(|| {
        extern "C" fn remove() {
            let _ = std::fs::remove_dir_all(root_path());
        }
        extern "C" {
            fn atexit(f: extern "C" fn()) -> std::ffi::c_int;
        }
        let dir = root_path();
        std::fs::create_dir_all(&dir).unwrap();
        #[allow(unsafe_code)] // the one call into libc: removing the scratch folder at exit
        // SAFETY: `atexit` only records the function pointer; `remove` is a plain
        // `extern "C"` function that does not unwind.
        unsafe {
            atexit(remove);
        }
        dir
    })
    .clone()
}

fn root_path() -> PathBuf {
    std::env::temp_dir().join(format!("broadsheet-tests-{}", std::process::id()))
}

/// A fresh scratch folder `{kind}-{name}` in [`scratch_root`], with the
/// repository's `layouts`, `fonts`, `fixtures` and `profiles` linked in (all but those
/// in `except`, which the caller fills itself).
pub fn scratch_dir(kind: &str, name: &str, except: &[&str]) -> PathBuf {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = scratch_root().join(format!("{kind}-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for link in ["layouts", "fonts", "fixtures", "profiles"] {
        if except.contains(&link) {
            std::fs::create_dir_all(dir.join(link)).unwrap();
            continue;
        }
        #[cfg(unix)]
        std::os::unix::fs::symlink(root.join(link), dir.join(link)).unwrap();
    }
    dir
}

/// Write the picture tests' issue into `dir`: one front page with the lead story, a
/// photo inside it and an ad, each taking the given `file = …` line (or none), then
/// `extra` TOML; returns the issue's path.
pub fn picture_issue(
    dir: &std::path::Path,
    layout: &str,
    photo: &str,
    ad: &str,
    extra: &str,
) -> PathBuf {
    let issue = format!(
        r#"layout = "{layout}"
[issue]
paper = "衡阳日报"
date = 2022-02-08
number = 18079
[[page]]
template = "front"
[[page.story]]
article = "fixtures/hengyang-2022-02-08/articles/p1-lead.txt"
area = {{ col = 1, cols = 6, row = 14, rows = 40 }}
[[page.photo]]
area = {{ col = 5, cols = 2, row = 14, rows = 12 }}
caption = "图片说明"
{photo}
[[page.ad]]
area = {{ col = 1, cols = 8, row = 77, rows = 23 }}
title = "广告标题"
{ad}
{extra}
"#
    );
    let p = dir.join("issue.toml");
    std::fs::write(&p, issue).unwrap();
    p
}

/// `fixtures/blocks` (the same article in a 3 × 13 and a 2 × 20 story) with every
/// article's blocks replaced by `blocks`: article layout tests build the blocks
/// themselves, independent of the article format.
pub fn blocks_issue(blocks: Vec<broadsheet::spec::BodyBlock>) -> broadsheet::spec::Issue {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let mut issue =
        broadsheet::spec::resolve_issue(std::path::Path::new("fixtures/blocks/issue.toml"))
            .unwrap();
    for a in &mut issue.articles {
        a.blocks = blocks.clone();
    }
    issue
}

/// Where a line's first glyph starts (its x when it has none).
pub fn x0(l: &broadsheet::page::TextLine) -> f64 {
    l.glyphs.first().map_or(l.x, |g| g.x)
}

/// The mean RGB of a `w × h` pixel patch of page 1 at 72 dpi, from pdftoppm.
pub fn patch(pdf: &std::path::Path, x: f64, y: f64, w: u32, h: u32) -> [f64; 3] {
    let out = pdf.with_extension("patch");
    let px = |v: f64| format!("{}", v.round() as i64);
    let o = std::process::Command::new("pdftoppm")
        .args([
            "-r",
            "72",
            "-f",
            "1",
            "-l",
            "1",
            "-x",
            &px(x),
            "-y",
            &px(y),
            "-W",
            &w.to_string(),
            "-H",
            &h.to_string(),
            "-png",
            "-singlefile",
            pdf.to_str().unwrap(),
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap_or_else(|e| panic!("pdftoppm is needed for this test (poppler-utils): {e}"));
    assert!(o.status.success(), "pdftoppm failed: {o:?}");
    let file = std::fs::File::open(format!("{}.png", out.display())).unwrap();
    let mut reader = png::Decoder::new(std::io::BufReader::new(file))
        .read_info()
        .unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.color_type, png::ColorType::Rgb);
    let mut sum = [0.0; 3];
    let n = (buf.len() / 3) as f64;
    for p in buf.chunks_exact(3) {
        for (s, v) in sum.iter_mut().zip(p) {
            *s += f64::from(*v);
        }
    }
    sum.map(|s| s / n)
}
pub mod pdf;

/// The house layout (`layouts/hengyang-broadsheet.toml`) as TOML text after `edit` has
/// changed its table: tests change layout keys through the TOML structure, not by
/// editing the text. Its relative paths (`../fonts/…`) stay as they are, so the result
/// belongs in a `layouts/` folder of a [`scratch_dir`].
pub fn house_layout_with(edit: impl FnOnce(&mut toml::Table)) -> String {
    layout_with("hengyang-broadsheet", edit)
}

/// The layout `layouts/{name}.toml` as TOML text after `edit` has changed its table
/// (see [`house_layout_with`]).
pub fn layout_with(name: &str, edit: impl FnOnce(&mut toml::Table)) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("layouts")
        .join(format!("{name}.toml"));
    let mut table: toml::Table = std::fs::read_to_string(path).unwrap().parse().unwrap();
    edit(&mut table);
    toml::to_string(&table).unwrap()
}

/// The sub-table `key` of `table`, created when missing.
pub fn table_mut<'t>(table: &'t mut toml::Table, key: &str) -> &'t mut toml::Table {
    table
        .entry(key)
        .or_insert_with(|| toml::Value::Table(toml::Table::new()))
        .as_table_mut()
        .unwrap()
}

/// The configuration of a property test: `cases` generated inputs from a fixed seed, so
/// `cargo test` checks the same inputs on every machine and run (a failure is never a
/// coin toss in CI). To explore other inputs, set `PROPTEST_RNG_SEED=<u64>`; a failure
/// found is saved under `tests/proptest-regressions/` and checked before new inputs.
pub fn proptest_config(cases: u32) -> proptest::test_runner::Config {
    let mut config = proptest::test_runner::Config {
        cases,
        ..proptest::test_runner::Config::default()
    };
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        config.rng_seed = proptest::test_runner::RngSeed::Fixed(0x6272_6f61_6473_6874);
    }
    config
}

/// The `broadsheet` binary as a command whose font cache (the user's cache folder by
/// default) is inside this process's scratch folder, so tests leave nothing behind.
pub fn broadsheet() -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_broadsheet"));
    cmd.env("XDG_CACHE_HOME", scratch_root().join("cache"));
    cmd
}
