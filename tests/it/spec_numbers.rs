//! Huge, negative, overflowing and non-finite numbers in a spec are located errors,
//! never a placement off the page: areas (`col`, `cols`, `rows`), layout
//! sizes, indents, CMYK values, margins, NaN.

use crate::common;

use std::path::{Path, PathBuf};

use broadsheet::diag::Diagnostics;
use broadsheet::RenderOptions;

/// A change to the house layout, made on its TOML table.
type Edit = dyn Fn(&mut toml::Table);

/// A scratch copy of the sample issue with `issue.toml` replaced and the layout edited
/// by `edit`.
fn scratch(name: &str, issue_toml: &str, edit: &Edit) -> PathBuf {
    let dir = common::scratch_dir("num", name, &["layouts"]);
    std::fs::write(
        dir.join("layouts/hengyang-broadsheet.toml"),
        common::house_layout_with(edit),
    )
    .unwrap();
    let p = dir.join("issue.toml");
    std::fs::write(&p, issue_toml).unwrap();
    p
}

/// Set `key` of the layout's table `path` (`["style", "body"]`) to `value`.
fn set(
    path: &'static [&'static str],
    key: &'static str,
    value: toml::Value,
) -> impl Fn(&mut toml::Table) {
    move |t: &mut toml::Table| {
        let mut table = t;
        for p in path {
            table = common::table_mut(table, p);
        }
        assert!(table.contains_key(key), "{path:?} has no {key}");
        table.insert(key.into(), value.clone());
    }
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

/// No change to the layout.
fn same(_: &mut toml::Table) {}

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

/// The 1-based line of the first line starting with `needle` in the layout after
/// `edit`.
fn layout_line(edit: &Edit, needle: &str) -> usize {
    let layout = common::house_layout_with(edit);
    layout
        .lines()
        .position(|l| l.starts_with(needle))
        .unwrap_or_else(|| panic!("no line {needle}: {layout}"))
        + 1
}

#[test]
fn negative_indent_is_an_error_at_its_value() {
    let edit = set(&["style", "body"], "indent_em", toml::Value::Integer(-40));
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
        (f64::NAN, "nan"),
        (0.0, "0"),
        (1e9, "1000000000"),
        (f64::NEG_INFINITY, "-inf"),
    ] {
        let edit = set(&["style", "body"], "size_pt", toml::Value::Float(value));
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
            layout_line(&edit, &format!("size_pt = {}", toml::Value::Float(value)))
        );
    }
}

#[test]
fn cmyk_out_of_range_or_nan_is_an_error() {
    let edit = set(
        &["style", "masthead-title"],
        "cmyk",
        toml::Value::Array(vec![
            500.into(),
            (-5).into(),
            toml::Value::Float(f64::NAN),
            0.into(),
        ]),
    );
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
    let edit = set(&["page"], "margin_top_mm", toml::Value::Integer(-1000));
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

    let edit = set(&["grid"], "line_pitch_pt", toml::Value::Float(f64::NAN));
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

    let edit = set(
        &["page"],
        "trim_mm",
        toml::Value::Array(vec![390.0.into(), f64::INFINITY.into()]),
    );
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
    let edit = set(&["page"], "margin_top_mm", toml::Value::Float(100.0));
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
    let edit = set(&["grid"], "columns", toml::Value::Integer(4_294_967_295));
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
