//! Layout property test: random but valid grids — columns 4–10, characters
//! per column 10–20, body 8–12 pt, line pitch 1.3–1.8 em, trims from tabloid to
//! broadsheet — over a fixed two-page issue built on that grid. For every generated
//! layout: every glyph, rule and box lies inside its band or area and inside the type
//! area (crop marks aside), no two text lines overlap, and the body text round-trips
//! (each character once, or counted as overset).

use std::path::{Path, PathBuf};

use crate::common;

use broadsheet::geom::Rect;
use broadsheet::page::{FrameKind, Item, Role};
use broadsheet::RenderOptions;
use proptest::prelude::*;

const ARTICLES: [&str; 3] = [
    "fixtures/hengyang-2022-02-08/articles/p1-council.txt",
    "fixtures/hengyang-2022-02-08/articles/p2-transport.txt",
    "fixtures/hengyang-2022-02-08/articles/p3-brief.txt",
];

#[derive(Debug, Clone)]
struct Grid {
    columns: u32,
    chars: u32,
    body: f64,
    pitch_em: f64,
    margin_mm: f64,
    height_mm: f64,
}

fn grid() -> impl Strategy<Value = Grid> {
    (
        4u32..=10,
        10u32..=20,
        16u32..=24,
        13u32..=18,
        8u32..=25,
        370u32..=560,
    )
        .prop_map(|(columns, chars, half_pt, pitch10, margin, height)| Grid {
            columns,
            chars,
            body: f64::from(half_pt) / 2.0,
            pitch_em: f64::from(pitch10) / 10.0,
            margin_mm: f64::from(margin),
            height_mm: f64::from(height),
        })
}

const MM: f64 = 72.0 / 25.4;

/// A layout file for `g` made from the house layout: same fonts and styles with sizes
/// scaled to the body, the grid and trim replaced, masthead and folio bands laid out
/// from the column count.
fn layout_for(g: &Grid) -> (String, u32) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // The house `[fonts]`, with each file path made absolute.
    let mut fonts = toml::Table::new();
    common::house_layout_with(|t| {
        let mut table = t["fonts"].as_table().unwrap().clone();
        for (_, font) in table.iter_mut() {
            let file = match font {
                toml::Value::Table(t) => t.get_mut("file"),
                other => Some(other),
            };
            if let Some(toml::Value::String(f)) = file {
                let rel = f
                    .strip_prefix("../")
                    .expect("house font paths are ../fonts/…");
                *f = root.join(rel).display().to_string();
            }
        }
        fonts.insert("fonts".into(), toml::Value::Table(table));
    });
    let fonts = toml::to_string(&fonts).unwrap();
    let type_w_pt = f64::from(g.columns * g.chars + g.columns - 1) * g.body;
    let trim_w = type_w_pt / MM + 2.0 * g.margin_mm;
    let pitch = (g.body * g.pitch_em * 100.0).round() / 100.0;
    let lines = (((g.height_mm - 2.0 * g.margin_mm) * MM) / pitch).floor() as u32;
    let c = g.columns;
    let half = c / 2;
    let s = |k: f64| (g.body * k * 2.0).round() / 2.0;
    let style = |name: &str, font: &str, size: f64, lines: u32, align: &str| {
        format!("[style.{name}]\nfont = [\"{font}\", \"song\"]\nsize_pt = {size}\nlines = {lines}\nalign = \"{align}\"\n\n")
    };
    let mut st = format!(
        "[style.body]\nfont = [\"song\"]\nsize_pt = {}\nindent_em = 2.0\n\n",
        g.body
    );
    for (name, font, k, l, a) in [
        ("kicker", "hei-light", 1.4, 2, "center"),
        ("headline", "song-bold", 2.4, 3, "center"),
        ("subhead", "kai", 1.5, 2, "center"),
        ("byline", "kai", 1.0, 1, "center"),
        ("jump", "kai", 1.0, 1, "right"),
        ("cont-headline", "song-bold", 1.6, 2, "center"),
        ("caption", "kai", 1.0, 1, "left"),
        ("teaser", "hei", 1.4, 2, "center"),
        ("ad-title", "hei", 2.4, 3, "center"),
        ("ad-text", "hei-light", 1.2, 2, "center"),
        ("ad-label", "hei-light", 0.8, 1, "right"),
        ("title", "song-bold", 3.0, 3, "left"),
        ("item", "hei-light", 1.0, 1, "left"),
        ("folio-big", "hei", 1.4, 2, "left"),
    ] {
        st.push_str(&style(name, font, s(k), l, a));
    }
    let fonts_dir = root.join("fonts").display().to_string();
    let fixtures_dir = root.join("fixtures").display().to_string();
    let layout = format!(
        r#"name = "random grid"
allow_dirs = [{fonts_dir:?}, {fixtures_dir:?}]
[page]
trim_mm = [{trim_w:.1}, {h:.1}]
bleed_mm = 3.0
margin_top_mm = {m:.1}
[grid]
columns = {c}
column_chars = {chars}
gutter_chars = 1
lines = {lines}
line_pitch_pt = {pitch}
body_style = "body"
space_above_headline = 1
{fonts}{st}
[template.front]
masthead_lines = 9
[[template.front.block]]
at = {{ col = 1, cols = {half}, row = 1 }}
items = [{{ style = "title", text = "{{paper}}" }}, {{ style = "item", text = "{{paper_en}}" }}]
[[template.front.block]]
at = {{ col = {c1}, cols = {rest}, row = 2 }}
items = [
  {{ style = "item", text = "{{date:%Y年%-m月%-d日}}" }},
  {{ style = "item", text = "{{weekday}}" }},
  {{ style = "item", text = "第{{number}}号" }},
]
[[template.front.rule]]
style = "masthead-thick"
row = 9
offset_pt = 2.0
[[template.front.rule]]
style = "masthead-divider"
gutter = {c1}
rows = [2, 8]
[template.inside]
folio_lines = 3
mirror_even = true
[[template.inside.block]]
at = {{ col = {c}, cols = 1, row = 1 }}
align = "right"
items = [{{ style = "folio-big", text = "{{page}}" }}]
[[template.inside.block]]
at = {{ col = 1, cols = {cm1}, row = 1 }}
align = "left"
items = [{{ style = "item", text = "{{paper}} {{date}}" }}]
[[template.inside.rule]]
style = "folio"
row = 3
offset_pt = {half_pitch}
"#,
        h = g.height_mm,
        m = g.margin_mm,
        chars = g.chars,
        c1 = half + 1,
        rest = c - half,
        cm1 = c - 1,
        half_pitch = pitch / 2.0,
    );
    (layout, lines)
}

/// The fixed issue on grid `g`: page 1 with two stories side by side (the left one
/// jumps to page 2; a photo inside the right one), an ad and a teaser; page 2 with the
/// continuation and a third story.
fn issue_for(g: &Grid, lines: u32) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let art = |i: usize| root.join(ARTICLES[i]).display().to_string();
    let c = g.columns;
    let half = c / 2;
    let rows = (lines - 10) * 2 / 3;
    let ad_row = 10 + rows;
    let ad_rows = lines - ad_row + 1;
    format!(
        r#"layout = "layout.toml"
[issue]
paper = "衡阳日报"
paper_en = "HENGYANG DAILY"
date = 2022-02-08
number = 18079
[[page]]
template = "front"
[[page.story]]
article = "{a0}"
id = "a"
area = {{ col = 1, cols = {half}, row = 10, rows = {rows} }}
continues_on = 2
[[page.story]]
article = "{a1}"
id = "b"
area = {{ col = {h1}, cols = {rest}, row = 10, rows = {rows} }}
[[page.photo]]
area = {{ col = {h1}, cols = 1, row = {pr}, rows = 8 }}
caption = "图片说明"
[[page.ad]]
area = {{ col = 1, cols = {adc}, row = {ad_row}, rows = {ad_rows} }}
title = "广告标题"
[[page.teaser]]
area = {{ col = {c}, cols = 1, row = {ad_row}, rows = {ad_rows} }}
text = "导读"
story = "c"
[[page]]
template = "inside"
[[page.story]]
continued = "a"
area = {{ col = 1, cols = {half}, row = 4, rows = {r2} }}
[[page.story]]
article = "{a2}"
id = "c"
area = {{ col = {h1}, cols = {rest}, row = 4, rows = {r2} }}
"#,
        a0 = art(0),
        a1 = art(1),
        a2 = art(2),
        h1 = half + 1,
        rest = c - half,
        pr = 10 + rows / 2,
        adc = c - 1,
        r2 = lines - 3,
    )
}

fn write_case(g: &Grid) -> PathBuf {
    let (layout, lines) = layout_for(g);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "layout-props-{}-{}-{}-{}-{}-{}",
        g.columns, g.chars, g.body, g.pitch_em, g.margin_mm, g.height_mm
    ));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("layout.toml"), layout).unwrap();
    let p = dir.join("issue.toml");
    std::fs::write(&p, issue_for(g, lines)).unwrap();
    p
}

/// The em box of a text line (from its first glyph to the end of its last).
fn line_box(l: &broadsheet::page::TextLine) -> Option<Rect> {
    let x0 = l.glyphs.iter().map(|g| g.x).fold(f64::INFINITY, f64::min);
    let x1 = l
        .glyphs
        .iter()
        .map(|g| g.x + g.advance)
        .fold(f64::NEG_INFINITY, f64::max);
    x0.is_finite()
        .then(|| Rect::new(x0, l.baseline - 0.88 * l.size, x1 - x0, l.size))
}

fn inside(inner: &Rect, outer: &Rect) -> bool {
    const EPS: f64 = 0.05;
    inner.x >= outer.x - EPS
        && inner.y >= outer.y - EPS
        && inner.right() <= outer.right() + EPS
        && inner.bottom() <= outer.bottom() + EPS
}

fn check(g: &Grid) -> Result<(), TestCaseError> {
    let p = write_case(g);
    let laid = broadsheet::layout_issue(
        &p,
        &RenderOptions {
            allow_overset: true,
            ..Default::default()
        },
    );
    let laid = match laid {
        Ok(l) => l,
        Err(e) => return Err(TestCaseError::fail(format!("{g:?}: {e}"))),
    };
    let grid = &laid.issue.layout.grid;
    let area = Rect::new(grid.left, grid.top, grid.width(), grid.height());
    for page in &laid.document.pages {
        let mut boxes: Vec<(Rect, String)> = Vec::new();
        for (fi, item) in page.items_with_frames() {
            match item {
                Item::Text(l) => {
                    let Some(b) = line_box(l) else { continue };
                    let frame = &page.frames[fi.unwrap()];
                    prop_assert!(
                        inside(&b, &frame.rect),
                        "{g:?} page {}: “{}” {b:?} leaves its {:?} frame {:?}",
                        page.number,
                        l.text,
                        frame.kind,
                        frame.rect
                    );
                    prop_assert!(
                        inside(&b, &area),
                        "{g:?}: “{}” leaves the type area",
                        l.text
                    );
                    for (other, what) in &boxes {
                        prop_assert!(
                            !b.overlaps(other),
                            "{g:?} page {}: “{}” overlaps {what}",
                            page.number,
                            l.text
                        );
                    }
                    boxes.push((b, format!("“{}”", l.text)));
                }
                Item::Box(bx) => {
                    let frame = &page.frames[fi.unwrap()];
                    prop_assert!(
                        inside(&bx.rect, &frame.rect),
                        "{g:?}: a box leaves its frame"
                    );
                    prop_assert!(inside(&bx.rect, &area), "{g:?}: a box leaves the type area");
                }
                Item::Image(im) => {
                    // What is shown stays in its frame (the picture may reach past it).
                    let frame = &page.frames[fi.unwrap()];
                    prop_assert!(
                        inside(&im.clip, &frame.rect),
                        "{g:?}: a picture leaves its frame"
                    );
                }
                Item::Rule(r) => {
                    if r.style.name == "crop-mark" {
                        continue;
                    }
                    let b = Rect::new(
                        r.x0.min(r.x1),
                        r.y0.min(r.y1),
                        (r.x1 - r.x0).abs(),
                        (r.y1 - r.y0).abs(),
                    );
                    prop_assert!(
                        inside(&b, &area),
                        "{g:?}: rule {} leaves the type area",
                        r.style.name
                    );
                }
            }
        }
        // Furniture lines stay in their band.
        for (fi, item) in page.items_with_frames() {
            if let Item::Text(l) = item {
                if let Role::Furniture(_) = l.role {
                    let kind = page.frames[fi.unwrap()].kind;
                    if matches!(kind, FrameKind::Masthead | FrameKind::Folio) {
                        let band = &page.frames[fi.unwrap()].rect;
                        prop_assert!(inside(&line_box(l).unwrap(), band));
                    }
                }
            }
        }
    }
    // Body text round-trips: each story's body characters, in order, once, plus overset.
    for (i, story) in laid.issue.stories.iter().enumerate() {
        let article = &laid.issue.articles[story.article];
        let mut set = String::new();
        for page in &laid.document.pages {
            for item in &page.items {
                if let Item::Text(l) = item {
                    if matches!(l.role, Role::Body { story, .. } if story.0 == i) {
                        set.extend(l.glyphs.iter().map(|gl| &l.text[gl.text.clone()]));
                    }
                }
            }
        }
        let all: String = article.texts().collect::<String>();
        let no_ws = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        let overset = laid
            .report
            .stories
            .iter()
            .find(|r| r.id == story.id)
            .map_or(0, |r| r.overset_chars);
        let set = no_ws(&set);
        prop_assert!(
            no_ws(&all).starts_with(&set),
            "{g:?}: `{}` text out of order",
            story.id
        );
        prop_assert_eq!(set.chars().count() + overset, no_ws(&all).chars().count());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..crate::common::proptest_config(12) })]

    #[test]
    fn furniture_and_text_stay_in_their_bands_and_areas(g in grid()) {
        check(&g)?;
    }
}

/// The extremes of the ranges, always checked.
#[test]
fn corner_grids() {
    for (columns, chars, body, pitch_em) in [
        (4, 10, 8.0, 1.3),
        (10, 20, 12.0, 1.8),
        (10, 10, 8.0, 1.8),
        (4, 20, 12.0, 1.3),
    ] {
        let g = Grid {
            columns,
            chars,
            body,
            pitch_em,
            margin_mm: 12.0,
            height_mm: 545.0,
        };
        check(&g).unwrap_or_else(|e| panic!("{e}"));
    }
}
