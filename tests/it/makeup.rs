//! Automatic page make-up (自动组版): stories whose `rows`, or whole `area`, are left to
//! the make-up step; the sample made up from what an editor would give (columns, order)
//! against the sample as made up by hand; pages that cannot fit, explained; `fit`.

use std::path::{Path, PathBuf};

use broadsheet::RenderOptions;

use crate::common::{broadsheet, house_layout_with, scratch_dir, table_mut};

/// The sample issue's text with `edit` applied to each `[[page.story]]` table (given
/// its page number), written as `issue.toml` in a scratch folder `name`.
fn sample_variant(name: &str, edit: impl Fn(u32, &str) -> String) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("issue.toml")).unwrap();
    let mut out = String::new();
    let mut page = 0;
    for (i, table) in text.split("\n[[").enumerate() {
        let table = if i == 0 {
            table.to_string()
        } else {
            format!("\n[[{table}")
        };
        if table.starts_with("\n[[page]]") {
            page += 1;
        }
        if table.starts_with("\n[[page.story]]") {
            out.push_str(&edit(page, &table));
        } else {
            out.push_str(&table);
        }
    }
    assert_ne!(out, text, "the edit changed nothing");
    let dir = scratch_dir("makeup", name, &[]);
    let p = dir.join("issue.toml");
    std::fs::write(&p, out).unwrap();
    p
}

/// `area = { col = C, cols = N, row = R, rows = M }` → the same without `rows`.
fn without_rows(table: &str) -> String {
    let start = table.find(", rows = ").expect("a story area with rows");
    let end = start + table[start..].find(" }").unwrap();
    format!("{}{}", &table[..start], &table[end..])
}

/// `area = { col = C, cols = N, row = R, rows = M }` → `cols = N`.
fn cols_only(table: &str) -> String {
    let start = table.find("area = { col = ").unwrap();
    let end = start + table[start..].find('}').unwrap() + 1;
    let area = &table[start..end];
    let cols: String = area
        .split("cols = ")
        .nth(1)
        .unwrap()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    format!("{}cols = {cols}{}", &table[..start], &table[end..])
}

fn render(path: &Path, allow_overset: bool) -> (broadsheet::Laid, Vec<u8>) {
    let opts = RenderOptions {
        allow_overset,
        ..RenderOptions::default()
    };
    broadsheet::render_issue(path, &opts).unwrap_or_else(|e| panic!("{e}"))
}

fn sample_pdf() -> Vec<u8> {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    render(Path::new("issue.toml"), false).1
}

/// `broadsheet fit` on `issue` (with `extra` arguments), writing `fitted.toml` beside
/// it; its text.
fn fit_with(issue: &Path, extra: &[&str]) -> String {
    let out = issue.with_file_name("fitted.toml");
    let run = broadsheet()
        .args(["fit", issue.to_str().unwrap(), "-o", out.to_str().unwrap()])
        .args(extra)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    std::fs::read_to_string(out).unwrap()
}

fn fit(issue: &Path) -> String {
    fit_with(issue, &[])
}

#[test]
fn rows_left_out_give_the_sample_back() {
    let issue = sample_variant("rows", |_, t| without_rows(t));
    let text = std::fs::read_to_string(&issue).unwrap();
    assert_eq!(text.matches("[[page.story]]").count(), 30);
    let (laid, pdf) = render(&issue, false);
    assert!(laid.overset.is_empty());
    assert_eq!(laid.report.makeup.placed.len(), 30);
    assert!(pdf == sample_pdf(), "the PDF differs from the sample's");
    // `fit` writes every `rows` back where it was: the sample's spec, byte for byte.
    let sample = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("issue.toml"));
    assert_eq!(fit(&issue), sample.unwrap());
}

#[test]
fn pages_three_to_eight_made_up_from_columns_alone() {
    // Every story of pages 3–8 but the 变栏 notice (`columns = 2` needs an area).
    let issue = sample_variant("cols", |page, t| {
        if (3..=8).contains(&page) && !t.contains("\ncolumns = ") {
            cols_only(t)
        } else {
            t.to_string()
        }
    });
    assert_eq!(
        std::fs::read_to_string(&issue)
            .unwrap()
            .matches("\ncols = ")
            .count(),
        21
    );
    let (laid, pdf) = render(&issue, false);
    assert!(laid.overset.is_empty(), "{}", laid.overset);
    let grid = &laid.issue.layout.grid;
    for page in &laid.issue.pages[2..8] {
        // No overlap: every grid cell below the folio is one item's at most, and no
        // column leaves more than two lines free.
        let mut owner = vec![0u32; (grid.columns * grid.lines) as usize];
        let stories = page.stories.iter().map(|s| s.area);
        let fixed = page
            .ads
            .iter()
            .map(|a| a.area)
            .chain(page.teasers.iter().map(|t| t.area));
        let photos = page
            .photos
            .iter()
            .map(|p| p.area)
            .filter(|a| !page.stories.iter().any(|s| s.area.contains(a)));
        for a in stories.chain(fixed).chain(photos) {
            for r in a.row..=a.last_row() {
                for c in a.col..=a.last_col() {
                    let cell = &mut owner[((r - 1) * grid.columns + c - 1) as usize];
                    assert_eq!(*cell, 0, "page {}: cell {c},{r} placed twice", page.number);
                    *cell = 1;
                }
            }
        }
        for c in 1..=grid.columns {
            let free = (4..=grid.lines)
                .filter(|r| owner[((r - 1) * grid.columns + c - 1) as usize] == 0)
                .count();
            assert!(
                free <= 2,
                "page {}: column {c} has {free} free lines",
                page.number
            );
        }
    }
    // Every story on pages 3–8 keeps at most two empty lines a column at its foot.
    for page in &laid.issue.pages[2..8] {
        for pl in &page.stories {
            let id = &laid.issue.story(pl.story).id;
            let r = laid.report.stories.iter().find(|r| &r.id == id).unwrap();
            assert!(
                r.empty_lines <= 2 * pl.area.cols as usize,
                "{id}: {} empty lines in {} columns",
                r.empty_lines,
                pl.area.cols
            );
        }
    }
    // The solver finds the editor's own arrangement: the same PDF as the sample, and
    // `fit` writes the sample's spec back.
    assert!(pdf == sample_pdf(), "the PDF differs from the sample's");
    let sample = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("issue.toml"));
    assert_eq!(fit(&issue), sample.unwrap());
}

fn refused(path: &str) -> String {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    match broadsheet::layout_issue(Path::new(path), &RenderOptions::default()) {
        Ok(_) => panic!("{path}: expected the make-up step to refuse it"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn too_much_copy_says_how_much_and_what_to_do() {
    let e = refused("fixtures/makeup/too-much.toml");
    assert!(
        e.contains("fixtures/makeup/too-much.toml:11:12: error: page 1 needs 151 more lines: cut about 1141 characters from `p4-economy` and cut about 852 characters from `p3-brief`, or give `p4-economy` one more column, or move `p3-brief` to page 2"),
        "{e}"
    );
    // The same as data, with `--allow-overset` (the page set as best arranged).
    let (laid, _) = render(Path::new("fixtures/makeup/too-much.toml"), true);
    let problems = &laid.report.makeup.problems;
    assert_eq!(problems.len(), 1);
    assert_eq!(
        (problems[0].page, problems[0].kind, problems[0].lines),
        (1, "too much copy", 151)
    );
    let remedies: Vec<(&str, &str, Option<usize>, Option<u32>)> = problems[0]
        .remedies
        .iter()
        .map(|r| (r.action, r.story.as_str(), r.chars, r.page))
        .collect();
    assert_eq!(
        remedies,
        vec![
            ("cut", "p4-economy", Some(1141), None),
            ("cut", "p3-brief", Some(852), None),
            ("widen", "p4-economy", None, None),
            ("move", "p3-brief", None, Some(2)),
        ]
    );
}

#[test]
fn short_of_copy_says_how_many_lines_are_empty() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    // `check` lists it under its own check, on its page.
    let checks = broadsheet::check::issue::check_issue(
        Path::new("fixtures/makeup/too-little.toml"),
        &RenderOptions::default(),
    );
    let makeup = checks
        .iter()
        .find(|c| c.id == "makeup")
        .expect("a makeup check");
    assert!(!makeup.passed());
    assert_eq!(makeup.findings.len(), 1);
    assert_eq!(makeup.findings[0].page, Some(1));
    assert!(makeup.findings[0]
        .message
        .starts_with("page 1 is short of copy: 175 body lines"));
    // The sample, all areas given, has no such check.
    let sample =
        broadsheet::check::issue::check_issue(Path::new("issue.toml"), &RenderOptions::default());
    assert!(sample.iter().all(|c| c.id != "makeup"));
    let e = refused("fixtures/makeup/too-little.toml");
    assert!(
        e.contains("fixtures/makeup/too-little.toml:11:12: error: page 1 is short of copy: 175 body lines are left empty (up to 23 in one column): add about 2275 characters to `p3-culture`, or give `p3-culture` one more column, or bring a story or a photo from page 2"),
        "{e}"
    );
}

/// A scratch issue of one inside page above a half-page ad with the given stories
/// (TOML of `[[page.story]]` tables) and the house layout changed by `layout`.
fn one_page(name: &str, stories: &str, layout: impl FnOnce(&mut toml::Table)) -> PathBuf {
    let dir = scratch_dir("makeup", name, &[]);
    std::fs::write(dir.join("house.toml"), house_layout_with(layout)).unwrap();
    std::fs::create_dir_all(dir.join("layouts-test")).unwrap();
    let issue = format!(
        r#"layout = "layouts-test/house.toml"
[issue]
paper = "衡阳日报"
date = 2022-02-08
number = 18079
[[page]]
template = "inside"
section = "综合"
{stories}
[[page.ad]]
area = {{ col = 1, cols = 8, row = 50, rows = 50 }}
title = "广告"
"#
    );
    std::fs::rename(dir.join("house.toml"), dir.join("layouts-test/house.toml")).unwrap();
    let p = dir.join("issue.toml");
    std::fs::write(&p, issue).unwrap();
    p
}

const A: &str = "fixtures/hengyang-2022-02-08/articles";

#[test]
fn headlines_not_abreast_when_the_house_says_so() {
    let stories = format!(
        "[[page.story]]\narticle = \"{A}/p3-culture.txt\"\ncols = [3, 8]\n\
         [[page.story]]\narticle = \"{A}/p3-brief.txt\"\ncols = [3, 8]\n\
         [[page.story]]\narticle = \"{A}/p6-library.txt\"\ncols = [3, 8]\n"
    );
    for abreast in [true, false] {
        let issue = one_page(&format!("abreast-{abreast}"), &stories, |t| {
            table_mut(t, "makeup").insert("headlines_abreast".into(), abreast.into());
        });
        let laid = broadsheet::lay_out(&issue, &RenderOptions::default())
            .unwrap_or_else(|e| panic!("{e}"));
        // Each story's area and the baselines of its headline block, from the Document.
        let page = &laid.issue.pages[0];
        let heads: Vec<(broadsheet::spec::Area, f64, f64)> = page
            .stories
            .iter()
            .map(|s| {
                let baselines: Vec<f64> = laid.document.pages[0]
                    .items
                    .iter()
                    .filter_map(|i| match i {
                        broadsheet::page::Item::Text(l) => Some(l),
                        _ => None,
                    })
                    .filter(|l| matches!(l.role, broadsheet::page::Role::Head { story, .. } if story == s.story))
                    .map(|l| l.baseline)
                    .collect();
                let top = baselines.iter().copied().fold(f64::MAX, f64::min);
                let bottom = baselines.iter().copied().fold(f64::MIN, f64::max);
                (s.area, top, bottom)
            })
            .collect();
        // Two stories side by side whose headline blocks share a line (碰题).
        let butting = heads.iter().any(|(a, at, ab)| {
            heads.iter().any(|(b, bt, bb)| {
                a.last_col() + 1 == b.col && *at <= *bb + 1.0 && *bt <= *ab + 1.0
            })
        });
        assert_eq!(butting, abreast, "{heads:?}");
    }
}

#[test]
fn a_story_without_rows_stops_above_the_next_item() {
    let stories = format!(
        "[[page.story]]\narticle = \"{A}/p3-brief.txt\"\narea = {{ col = 1, cols = 4, row = 4 }}\n\
         [[page.story]]\narticle = \"{A}/p6-library.txt\"\narea = {{ col = 5, cols = 4, row = 4, rows = 46 }}\n\
         [[page.story]]\narticle = \"{A}/p3-culture.txt\"\narea = {{ col = 1, cols = 4, row = 30 }}\n"
    );
    let issue = one_page("rows-too-little-room", &stories, |_| {});
    let e = match broadsheet::layout_issue(&issue, &RenderOptions::default()) {
        Ok(_) => panic!("expected overset"),
        Err(e) => e.to_string(),
    };
    // culture needs more than the 20 rows between row 30 and the ad (row 50): said,
    // with its cut; brief, above it, leaves a hole of 5 rows (a warning).
    assert!(
        e.contains("issue.toml:17:8: error: story `p3-culture` on page 1 needs 29 more lines than the 20 rows from row 30 down to the item at row 50 hold: cut about 374 characters from `p3-culture`, or give `p3-culture` one more column"),
        "{e}"
    );
    assert!(
        e.contains("issue.toml:11:8: warning: story `p3-brief` on page 1 needs 21 rows from row 4; the 5 rows below it, above the next item at row 30, are left empty"),
        "{e}"
    );
}

#[test]
fn open_areas_are_checked_where_they_are_written() {
    let cases = [
        (
            "area = { col = 1, cols = 4, row = 4 }\ncols = 4",
            "cols = 4",
            "a story has either `area` or `cols`, not both",
        ),
        (
            "cols = 9",
            "cols = 9",
            "`cols` is a number of grid columns (1–8)",
        ),
        (
            "cols = [5, 3]",
            "cols = [5, 3]",
            "`cols` is a number of grid columns",
        ),
        (
            "cols = 4\nband = \"centre\"",
            "band = ",
            "unknown band `centre`",
        ),
        (
            "cols = 4\ncolumns = 2",
            "columns = ",
            "`columns` (变栏) is for a story with an `area`",
        ),
        (
            "cols = 4\nmin_rows = 30\nmax_rows = 10",
            "max_rows = ",
            "1 ≤ min_rows ≤ max_rows ≤ 99",
        ),
        (
            "area = { col = 1, cols = 4, row = 4 }\norder = 2",
            "order = ",
            "`order` is for a story without `area`",
        ),
        (
            "area = { col = 1, cols = 4, row = 2 }",
            "area = ",
            "begins inside the folio",
        ),
        (
            "headline = \"x\"",
            "article = ",
            "a story needs `area = { col, cols, row, rows }` or `cols = N`",
        ),
    ];
    let cases = cases.into_iter().chain([
        (
            "cols = 4\ncontinues_on = \"auto\"",
            "continues_on = ",
            "needs an `area`",
        ),
        (
            "area = { col = 1, cols = 4, row = 4 }\ncontinues_on = \"soon\"",
            "continues_on = ",
            "expected a page number or \"auto\"",
        ),
        (
            "area = { col = 1, cols = 4, row = 4 }\ncontinues_on = \"auto\"",
            "continues_on = ",
            "no page has a `continued = …` frame",
        ),
        (
            "cols = 5\nwith_photo = { cols = 5, rows = 10 }",
            "with_photo = ",
            "none is left for the headline",
        ),
        (
            "area = { col = 1, cols = 4, row = 4, rows = 5 }\nwith_photo = { cols = 2, rows = 10 }",
            "with_photo = ",
            "too small for its photo",
        ),
    ]);
    for (i, (keys, at, message)) in cases.enumerate() {
        let stories = format!("[[page.story]]\narticle = \"{A}/p3-brief.txt\"\n{keys}\n");
        let issue = one_page(&format!("bad-{i}"), &stories, |_| {});
        let text = std::fs::read_to_string(&issue).unwrap();
        let offset = text
            .find(&format!("\n{at}"))
            .map(|o| o + 1)
            .or_else(|| text.find(at))
            .unwrap();
        let line = text[..offset].matches('\n').count() + 1;
        let col = offset - text[..offset].rfind('\n').map_or(0, |n| n + 1) + 1;
        let e = match broadsheet::layout_issue(&issue, &RenderOptions::default()) {
            Ok(_) => panic!("{keys}: expected an error"),
            Err(e) => e.to_string(),
        };
        assert!(e.contains(message), "{keys}: {e}");
        let value_col = text[offset..].find('=').map_or(col, |eq| col + eq + 2);
        assert!(
            e.contains(&format!("issue.toml:{line}:{col}:"))
                || e.contains(&format!("issue.toml:{line}:{value_col}:")),
            "{keys}: not located at line {line}: {e}"
        );
    }
}

#[test]
fn a_photo_travels_with_its_story() {
    let stories = format!(
        "[[page.story]]\narticle = \"{A}/p6-library.txt\"\ncols = 3\n\
         [[page.story]]\narticle = \"{A}/p3-culture.txt\"\ncols = 5\n\
         with_photo = {{ cols = 2, rows = 12, caption = \"图片说明\" }}\n"
    );
    let issue = one_page("travel", &stories, |_| {});
    let opts = RenderOptions {
        allow_overset: true,
        ..RenderOptions::default()
    };
    let laid = broadsheet::lay_out(&issue, &opts).unwrap_or_else(|e| panic!("{e}"));
    let page = &laid.issue.pages[0];
    let (story, photo) = (page.stories[1].area, page.photos[0].area);
    // Placed right of the library story; the photo at the story's top right.
    assert_eq!((story.col, story.cols, story.row), (4, 5, 4));
    assert_eq!(
        (photo.col, photo.cols, photo.row, photo.rows),
        (7, 2, 4, 12),
        "story {story:?}"
    );
    // The headline block spans the three columns left of the photo.
    let grid = &laid.issue.layout.grid;
    let photo_x = grid.col_x(photo.col);
    let culture = page.stories[1].story;
    let heads: Vec<_> = laid.document.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            broadsheet::page::Item::Text(l) => Some(l),
            _ => None,
        })
        .filter(
            |l| matches!(l.role, broadsheet::page::Role::Head { story, .. } if story == culture),
        )
        .collect();
    assert!(!heads.is_empty());
    for l in heads {
        assert!(
            l.x + l.measure <= photo_x + 0.01,
            "{} reaches {}",
            l.text,
            l.x + l.measure
        );
    }
    // `fit` keeps `with_photo` and writes the area (the page is short of copy: allowed).
    let fitted = fit_with(&issue, &["--allow-overset"]);
    assert!(
        fitted.contains("area = { col = 4, cols = 5, row = 4, rows = "),
        "{fitted}"
    );
    assert!(fitted.contains("with_photo = { cols = 2, rows = 12"));
}

#[test]
fn continues_on_auto_jumps_only_when_the_story_does_not_fit() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let (laid, _) = render(Path::new("fixtures/makeup/auto-jump.toml"), false);
    let decided: Vec<(&str, u32, Option<u32>)> = laid
        .report
        .makeup
        .jumps
        .iter()
        .map(|j| (j.story.as_str(), j.page, j.continues_on))
        .collect();
    assert_eq!(decided, vec![("brief", 1, None), ("agri", 1, Some(2))]);
    // brief's frame on page 2 is gone; agri's jump lines are numbered as ever.
    let ids = &laid.document.stories;
    let frames: Vec<(u32, String)> = laid
        .document
        .pages
        .iter()
        .flat_map(|p| {
            p.frames
                .iter()
                .filter_map(move |f| f.story.map(|s| (p.number, ids[s.0].clone())))
        })
        .collect();
    assert_eq!(
        frames,
        vec![
            (1, "brief".to_string()),
            (1, "agri".to_string()),
            (1, "p6-library".to_string()),
            (2, "agri".to_string()),
            (2, "p3-culture".to_string()),
        ]
    );
    let jumps: Vec<(u32, String)> = laid
        .document
        .pages
        .iter()
        .flat_map(|p| {
            p.items.iter().filter_map(move |i| match i {
                broadsheet::page::Item::Text(l)
                    if matches!(l.role, broadsheet::page::Role::Jump { .. }) =>
                {
                    Some((p.number, l.text.clone()))
                }
                _ => None,
            })
        })
        .collect();
    assert_eq!(
        jumps,
        vec![
            (1, "（下转第二版①）".to_string()),
            (2, "（上接第一版①）".to_string())
        ]
    );
    // Had brief's frame on page 2 a fixed area, it would be left empty: said.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/makeup");
    let text = std::fs::read_to_string(dir.join("auto-jump.toml")).unwrap();
    let fixed = text
        .replacen(
            "headline = \"本地简讯\"\ncols = 4",
            "headline = \"本地简讯\"\narea = { col = 1, cols = 4, row = 4, rows = 10 }",
            1,
        )
        .replacen(
            "area = { col = 1, cols = 4, row = 4, rows = 46 }",
            "area = { col = 1, cols = 4, row = 14, rows = 36 }",
            1,
        );
    assert_ne!(fixed, text);
    let variant = dir.join(format!("auto-jump-fixed-{}.test.toml", std::process::id()));
    std::fs::write(&variant, fixed).unwrap();
    let laid = broadsheet::lay_out(&variant, &RenderOptions::default());
    std::fs::remove_file(&variant).unwrap();
    let warnings = laid.unwrap_or_else(|e| panic!("{e}")).diags.to_string();
    assert!(
        warnings.contains("warning: story `brief` fits on page 1: its frame here (columns 1–4, rows 4–13) is left empty"),
        "{warnings}"
    );
    // The sample's two jumping stories, made "auto", still jump: the same PDF.
    let issue = sample_variant("auto-jump", |_, t| {
        t.replace("continues_on = 2\n", "continues_on = \"auto\"\n")
    });
    assert_eq!(
        std::fs::read_to_string(&issue)
            .unwrap()
            .matches("continues_on = \"auto\"")
            .count(),
        2
    );
    assert!(render(&issue, false).1 == sample_pdf());
}

#[test]
fn order_band_and_row_limits_steer_the_solver() {
    let stories = |extra: [&str; 3]| {
        format!(
            "[[page.story]]\narticle = \"{A}/p3-brief.txt\"\ncols = 4\n{}\n\
             [[page.story]]\narticle = \"{A}/p6-library.txt\"\ncols = 4\n{}\n\
             [[page.story]]\narticle = \"{A}/p3-culture.txt\"\ncols = 4\n{}\n",
            extra[0], extra[1], extra[2]
        )
    };
    let opts = RenderOptions {
        allow_overset: true,
        ..RenderOptions::default()
    };
    let areas = |name: &str, extra: [&str; 3]| {
        let issue = one_page(name, &stories(extra), |_| {});
        let laid = broadsheet::lay_out(&issue, &opts).unwrap_or_else(|e| panic!("{e}"));
        let page = &laid.issue.pages[0];
        page.stories
            .iter()
            .map(|s| (s.area.col, s.area.row, s.area.rows))
            .collect::<Vec<_>>()
    };
    // In the spec's order: brief top left, library top right, culture below brief.
    let plain = areas("order-plain", ["", "", ""]);
    assert_eq!((plain[0].0, plain[0].1), (1, 4));
    assert_eq!((plain[1].0, plain[1].1), (5, 4));
    assert_eq!(plain[2].0, 1);
    assert!(plain[2].1 > 4);
    // `order` puts culture first (top left) and brief last.
    let ordered = areas("order-given", ["order = 3", "order = 2", "order = 1"]);
    assert_eq!((ordered[2].0, ordered[2].1), (1, 4), "{ordered:?}");
    assert_eq!((ordered[1].0, ordered[1].1), (5, 4), "{ordered:?}");
    assert!(ordered[0].1 > 4, "{ordered:?}");
    // `band = "bottom"` places library after culture: at the foot, not the top.
    let banded = areas("band", ["", "band = \"bottom\"", ""]);
    assert_eq!((banded[2].0, banded[2].1), (5, 4), "{banded:?}");
    assert!(banded[1].1 > 4, "{banded:?}");
    // `band = "top"` places culture first.
    let topped = areas("band-top", ["", "", "band = \"top\""]);
    assert_eq!((topped[2].0, topped[2].1), (1, 4), "{topped:?}");
    // `max_rows` holds culture to 12 rows, overset; `min_rows` gives brief 30.
    let limited = areas("rows", ["min_rows = 30", "", "max_rows = 12"]);
    assert!(limited[0].2 >= 30, "{limited:?}");
    assert!(limited[2].2 <= 12, "{limited:?}");
}

/// Sample articles a generated page draws its stories from.
const DRAWN: [&str; 8] = [
    "p3-brief",
    "p3-culture",
    "p6-library",
    "p4-ecommerce",
    "p5-health",
    "p7-books",
    "p2-transport",
    "p4-finance",
];

proptest::proptest! {
    #![proptest_config(crate::common::proptest_config(8))]

    /// Whatever stories, widths and ad a page is given, the make-up step never panics,
    /// places every story it places inside the grid below the folio, overlapping nothing,
    /// and decides the same areas twice.
    #[test]
    fn any_page_is_made_up_inside_the_grid_without_overlap(
        stories in proptest::collection::vec((0usize..8, 1u32..=8, 0u32..=3), 1..6),
        ad_row in 30u32..=90,
    ) {
        let tables: String = stories
            .iter()
            .enumerate()
            .map(|(k, &(a, min, extra))| {
                let max = (min + extra).min(8);
                format!(
                    "[[page.story]]\narticle = \"{A}/{}.txt\"\nid = \"s{k}\"\ncols = [{min}, {max}]\n",
                    DRAWN[a]
                )
            })
            .collect();
        static CASE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let name = format!("prop-{}", CASE.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
        let issue = one_page(&name, &tables, |t| {
            table_mut(t, "makeup").insert("search_limit".into(), 500.into());
        });
        // The generated ad sits where the property says.
        let text = std::fs::read_to_string(&issue).unwrap().replace(
            "row = 50, rows = 50",
            &format!("row = {ad_row}, rows = {}", 100 - ad_row),
        );
        std::fs::write(&issue, text).unwrap();
        let opts = RenderOptions { allow_overset: true, ..RenderOptions::default() };
        let areas = |laid: &broadsheet::Laid| -> Vec<broadsheet::spec::Area> {
            laid.issue.pages[0].stories.iter().map(|s| s.area).collect()
        };
        match broadsheet::lay_out(&issue, &opts) {
            // No arrangement at all: said, with the page.
            Err(e) => proptest::prop_assert!(e.to_string().contains("page 1"), "{e}"),
            Ok(laid) => {
                let placed = areas(&laid);
                let ad = laid.issue.pages[0].ads[0].area;
                for (i, a) in placed.iter().enumerate() {
                    proptest::prop_assert!(a.row >= 4 && a.last_row() <= 99 && a.last_col() <= 8, "{a:?}");
                    proptest::prop_assert!(!a.overlaps(&ad), "{a:?} over the ad {ad:?}");
                    for b in &placed[i + 1..] {
                        proptest::prop_assert!(!a.overlaps(b), "{a:?} overlaps {b:?}");
                    }
                }
                let again = broadsheet::lay_out(&issue, &opts).unwrap();
                proptest::prop_assert_eq!(placed, areas(&again));
            }
        }
    }
}
