//! Huge, negative, overflowing and non-finite numbers in a spec are located errors,
//! never a placement off the page: areas (`col`, `cols`, `rows`), layout
//! sizes, indents, CMYK values, margins, NaN.

use crate::common;

use std::path::{Path, PathBuf};

use broadsheet::diag::Diagnostics;
use broadsheet::RenderOptions;

/// A scratch copy of the sample issue with `issue.toml` replaced and the layout edited
/// by `edit`.
fn scratch(name: &str, issue_toml: &str, edit: &dyn Fn(&str) -> String) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = common::scratch_root().join(format!("broadsheet-num-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("layouts")).unwrap();
    let layout = std::fs::read_to_string(root.join("layouts/hengyang-broadsheet.toml")).unwrap();
    let edited = edit(&layout);
    std::fs::write(dir.join("layouts/hengyang-broadsheet.toml"), edited).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(root.join("fonts"), dir.join("fonts")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(root.join("fixtures"), dir.join("fixtures")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(root.join("profiles"), dir.join("profiles")).unwrap();
    let p = dir.join("issue.toml");
    std::fs::write(&p, issue_toml).unwrap();
    p
}

const HEAD: &str = r#"layout = "layouts/hengyang-broadsheet.toml"
[issue]
paper = "衡阳日报"
date = 2022-02-08
number = 18079
[[page]]
template = "front"
"#;

fn story(area: &str) -> String {
    format!(
        "{HEAD}[[page.story]]\narticle = \"fixtures/hengyang-2022-02-08/articles/p1-lead.txt\"\narea = {area}\n"
    )
}

fn errors(path: &Path) -> Diagnostics {
    match broadsheet::layout_issue(path, &RenderOptions::default()) {
        Ok(_) => panic!("expected errors for {}", path.display()),
        Err(d) => d,
    }
}

/// The single error's message, file name and line:col.
fn one(d: &Diagnostics) -> (String, String, usize, usize) {
    assert_eq!(d.0.len(), 1, "{d}");
    let e = &d.0[0];
    let pos = e.pos.unwrap_or_else(|| panic!("not located: {d}"));
    let file = e
        .file
        .as_ref()
        .unwrap()
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    (e.message.clone(), file, pos.line, pos.col)
}

fn same(s: &str) -> String {
    s.to_string()
}

#[test]
fn huge_col_is_outside_the_grid_not_a_placement_at_5e11_pt() {
    let p = scratch(
        "col",
        &story("{ col = 4294967295, cols = 4, row = 14, rows = 20 }"),
        &same,
    );
    let (msg, file, line, col) = one(&errors(&p));
    assert_eq!(
        msg,
        "area (columns 4294967295–4294967298, lines 14–33) is outside the 8-column × 99-line grid"
    );
    assert_eq!((file.as_str(), line, col), ("issue.toml", 10, 8));
}

#[test]
fn huge_cols_does_not_wrap_or_allocate() {
    let p = scratch(
        "cols",
        &story("{ col = 2, cols = 4294967295, row = 14, rows = 20 }"),
        &same,
    );
    let (msg, _, line, _) = one(&errors(&p));
    assert_eq!(
        msg,
        "area (columns 2–4294967296, lines 14–33) is outside the 8-column × 99-line grid"
    );
    assert_eq!(line, 10);
}

#[test]
fn huge_rows_is_outside_the_grid() {
    let p = scratch(
        "rows",
        &story("{ col = 1, cols = 4, row = 14, rows = 4294967295 }"),
        &same,
    );
    let (msg, ..) = one(&errors(&p));
    assert!(msg.contains("lines 14–4294967308"), "{msg}");
}

#[test]
fn zero_area_values_are_errors() {
    let p = scratch(
        "zero",
        &story("{ col = 0, cols = 4, row = 14, rows = 20 }"),
        &same,
    );
    let (msg, ..) = one(&errors(&p));
    assert_eq!(msg, "area values are 1-based and must be at least 1");
}

#[test]
fn story_columns_overflow_is_checked() {
    let p = scratch(
        "columns",
        &format!(
            "{}columns = 4294967295\n",
            story("{ col = 1, cols = 4, row = 14, rows = 20 }")
        ),
        &same,
    );
    let (msg, ..) = one(&errors(&p));
    assert_eq!(
        msg,
        "story `columns` must be between 1 and twice the area's columns"
    );
}

/// Edit the body style's block of the layout.
fn body_style(key_value: &'static str) -> impl Fn(&str) -> String {
    move |l: &str| l.replacen("indent_em = 2.0\n", &format!("{key_value}\n"), 1)
}

/// The 1-based line of the first occurrence of `needle` in the layout after `edit`.
fn layout_line(edit: &dyn Fn(&str) -> String, needle: &str) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let layout = std::fs::read_to_string(root.join("layouts/hengyang-broadsheet.toml")).unwrap();
    edit(&layout)
        .lines()
        .position(|l| l.contains(needle))
        .unwrap()
        + 1
}

#[test]
fn negative_indent_is_an_error_at_its_value() {
    let edit = body_style("indent_em = -40");
    let p = scratch(
        "indent",
        &story("{ col = 1, cols = 4, row = 14, rows = 20 }"),
        &edit,
    );
    let (msg, file, line, col) = one(&errors(&p));
    assert_eq!(
        msg,
        "[style.body] indent_em must be a number from 0 to 20 (got -40)"
    );
    assert_eq!(file, "hengyang-broadsheet.toml");
    assert_eq!((line, col), (layout_line(&edit, "indent_em = -40"), 13));
}

#[test]
fn nan_and_zero_sizes_are_errors() {
    for (value, got) in [
        ("nan", "nan"),
        ("0.0", "0"),
        ("1e9", "1000000000"),
        ("-inf", "-inf"),
    ] {
        let edit = move |l: &str| {
            l.replacen(
                "size_pt = 9.0\nindent_em",
                &format!("size_pt = {value}\nindent_em"),
                1,
            )
        };
        let p = scratch(
            "size",
            &story("{ col = 1, cols = 4, row = 14, rows = 20 }"),
            &edit,
        );
        let d = errors(&p);
        let e =
            d.0.iter()
                .find(|e| e.message.contains("size_pt"))
                .unwrap_or_else(|| panic!("{d}"));
        assert_eq!(
            e.message,
            format!("[style.body] size_pt must be a number from 0.5 to 500 (got {got})")
        );
        assert_eq!(
            e.pos.unwrap().line,
            layout_line(&edit, &format!("size_pt = {value}"))
        );
    }
}

#[test]
fn cmyk_out_of_range_or_nan_is_an_error() {
    let edit = |l: &str| l.replacen("cmyk = [0, 100, 100, 0]", "cmyk = [500, -5, nan, 0]", 1);
    let p = scratch(
        "cmyk",
        &story("{ col = 1, cols = 4, row = 14, rows = 20 }"),
        &edit,
    );
    let (msg, file, line, col) = one(&errors(&p));
    assert_eq!(
        msg,
        "[style.masthead-title] cmyk: each of C, M, Y, K must be a percentage from 0 to 100"
    );
    assert_eq!(file, "hengyang-broadsheet.toml");
    assert_eq!((line, col), (layout_line(&edit, "cmyk = [500"), 8));
}

#[test]
fn negative_margin_and_nan_pitch_are_errors() {
    let edit = |l: &str| l.replacen("margin_top_mm = 27.0", "margin_top_mm = -1000", 1);
    let p = scratch(
        "margin",
        &story("{ col = 1, cols = 4, row = 14, rows = 20 }"),
        &edit,
    );
    let (msg, ..) = one(&errors(&p));
    assert_eq!(
        msg,
        "margin_top_mm must be a number from 0 to 2000 (got -1000)"
    );

    let edit = |l: &str| l.replacen("line_pitch_pt = 14.0", "line_pitch_pt = nan", 1);
    let p = scratch(
        "pitch",
        &story("{ col = 1, cols = 4, row = 14, rows = 20 }"),
        &edit,
    );
    let d = errors(&p);
    assert!(
        d.0.iter()
            .any(|e| e.message == "grid `line_pitch_pt` must be a number from 1 to 200 (got nan)"),
        "{d}"
    );

    let edit = |l: &str| l.replacen("trim_mm = [390.0, 545.0]", "trim_mm = [390.0, inf]", 1);
    let p = scratch(
        "trim",
        &story("{ col = 1, cols = 4, row = 14, rows = 20 }"),
        &edit,
    );
    let d = errors(&p);
    assert!(
        d.0.iter().any(|e| e
            .message
            .starts_with("trim_mm: width and height must be from 50 to 2000 mm")),
        "{d}"
    );
}

#[test]
fn a_margin_that_pushes_the_grid_off_the_page_is_an_error() {
    let edit = |l: &str| l.replacen("margin_top_mm = 27.0", "margin_top_mm = 100.0", 1);
    let p = scratch(
        "margin2",
        &story("{ col = 1, cols = 4, row = 14, rows = 20 }"),
        &edit,
    );
    let (msg, ..) = one(&errors(&p));
    assert_eq!(msg, "the grid is taller than the trimmed page");
}

#[test]
fn huge_grid_counts_are_errors() {
    let edit = |l: &str| l.replacen("columns = 8 ", "columns = 4294967295 ", 1);
    let p = scratch(
        "gridcols",
        &story("{ col = 1, cols = 4, row = 14, rows = 20 }"),
        &edit,
    );
    let d = errors(&p);
    assert!(
        d.0.iter()
            .any(|e| e.message == "grid `columns` must be from 1 to 100 (got 4294967295)"),
        "{d}"
    );
}
