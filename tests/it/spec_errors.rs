//! Bad input gets located errors, all at once, never a panic.

use crate::common;

use std::path::{Path, PathBuf};

use broadsheet::diag::Diagnostics;
use broadsheet::RenderOptions;

/// A scratch copy of the sample issue in a temp dir, with `issue.toml` replaced.
fn scratch(name: &str, issue_toml: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = common::scratch_root().join(format!("broadsheet-spec-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("layouts")).unwrap();
    std::fs::copy(
        root.join("layouts/hengyang-broadsheet.toml"),
        dir.join("layouts/hengyang-broadsheet.toml"),
    )
    .unwrap();
    // Fonts are referenced as ../fonts from the layout: link the repo's fonts.
    #[cfg(unix)]
    std::os::unix::fs::symlink(root.join("fonts"), dir.join("fonts")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(root.join("fixtures"), dir.join("fixtures")).unwrap();
    // And the output profile, ../profiles from the layout.
    #[cfg(unix)]
    std::os::unix::fs::symlink(root.join("profiles"), dir.join("profiles")).unwrap();
    let p = dir.join("issue.toml");
    std::fs::write(&p, issue_toml).unwrap();
    p
}

fn errors(path: &Path) -> Diagnostics {
    match broadsheet::layout_issue(path, &RenderOptions::default()) {
        Ok(_) => panic!("expected errors"),
        Err(d) => d,
    }
}

const HEAD: &str = r#"layout = "layouts/hengyang-broadsheet.toml"
[issue]
paper = "衡阳日报"
date = 2022-02-08
number = 18079
"#;

fn positions(d: &Diagnostics) -> Vec<(String, usize, usize)> {
    d.0.iter()
        .map(|d| {
            let p = d.pos.expect("located");
            (d.message.clone(), p.line, p.col)
        })
        .collect()
}

#[test]
fn syntax_error_has_line_and_column() {
    let p = scratch(
        "syntax",
        &format!("{HEAD}[[page]]\ntemplate = \"front\nsection = 1\n"),
    );
    let d = errors(&p);
    assert_eq!(d.0.len(), 1, "{d}");
    let pos = d.0[0].pos.unwrap();
    assert_eq!(pos.line, 7, "{d}");
    assert!(
        d.to_string().starts_with(&format!("{}:7:", p.display())),
        "{d}"
    );
}

#[test]
fn all_unknown_keys_reported_at_once() {
    let p = scratch(
        "unknown",
        &format!("{HEAD}colour = \"red\"\n[[page]]\ntemplate = \"front\"\nsectoin = \"要闻\"\n[[page.story]]\narticle = \"fixtures/hengyang-2022-02-08/articles/p1-lead.txt\"\narea = {{ col = 1, cols = 6, row = 14, rows = 24 }}\ncontinue_on = 2\n"),
    );
    let d = errors(&p);
    let got = positions(&d);
    assert_eq!(
        got,
        vec![
            ("unknown key `issue.colour`".to_string(), 6, 1),
            ("unknown key `page.0.sectoin`".to_string(), 9, 1),
            (
                "unknown key `page.0.story.0.continue_on`".to_string(),
                13,
                1
            ),
        ],
        "{d}"
    );
}

#[test]
fn wrong_type_is_located() {
    let p = scratch(
        "type",
        &format!("{HEAD}[[page]]\ntemplate = \"front\"\nsection = 5\n"),
    );
    let d = errors(&p);
    assert_eq!(d.0.len(), 1, "{d}");
    assert_eq!(d.0[0].pos.map(|p| p.line), Some(8), "{d}");
    assert!(d.0[0].message.contains("invalid type"), "{d}");
}

#[test]
fn semantic_errors_all_reported() {
    let p = scratch(
        "semantic",
        &format!(
            "{HEAD}[[page]]\ntemplate = \"frnt\"\n\
             [[page.story]]\narticle = \"nope.txt\"\narea = {{ col = 1, cols = 4, row = 20, rows = 10 }}\n\
             [[page.story]]\narticle = \"fixtures/hengyang-2022-02-08/articles/p1-lead.txt\"\narea = {{ col = 7, cols = 4, row = 20, rows = 10 }}\n\
             [[page.ad]]\narea = {{ col = 1, cols = 8, row = 5, rows = 10 }}\n\
             [[page.ad]]\narea = {{ col = 1, cols = 2, row = 12, rows = 10 }}\n"
        ),
    );
    let d = errors(&p);
    let text = d.to_string();
    let got = positions(&d);
    // Unknown template, missing article, area outside the grid, ad over the folio
    // (template fell back to inside), ads overlapping each other.
    assert!(
        got.iter()
            .any(|(m, l, c)| m.contains("unknown page template `frnt`") && *l == 7 && *c == 12),
        "{text}"
    );
    assert!(
        got.iter()
            .any(|(m, l, _)| m.contains("article file `nope.txt` not found") && *l == 9),
        "{text}"
    );
    assert!(
        got.iter()
            .any(|(m, l, _)| m.contains("outside the 8-column × 99-line grid") && *l == 13),
        "{text}"
    );
    assert!(
        got.iter()
            .any(|(m, l, _)| m.contains("an ad overlaps an ad on page 1") && *l == 17),
        "{text}"
    );
    assert!(d.0.len() >= 4, "{text}");
}

#[test]
fn missing_layout_is_reported_at_its_line() {
    let p = scratch(
        "layout",
        "layout = \"layouts/none.toml\"\n[issue]\npaper = \"x\"\ndate = 2022-02-08\nnumber = 1\n",
    );
    let d = errors(&p);
    assert_eq!(
        positions(&d),
        vec![(
            "layout file `layouts/none.toml` not found".to_string(),
            1,
            10
        )]
    );
}

#[test]
fn broken_continuation_link() {
    let p = scratch(
        "link",
        &format!(
            "{HEAD}[[page]]\ntemplate = \"front\"\n[[page.story]]\narticle = \"fixtures/hengyang-2022-02-08/articles/p1-lead.txt\"\narea = {{ col = 1, cols = 6, row = 14, rows = 24 }}\ncontinues_on = 2\n\
             [[page]]\ntemplate = \"inside\"\n[[page.story]]\ncontinued = \"leed\"\narea = {{ col = 1, cols = 4, row = 4, rows = 20 }}\n"
        ),
    );
    let d = errors(&p);
    let text = d.to_string();
    assert!(
        text.contains("no story with id `leed` to continue"),
        "{text}"
    );
    assert!(
        text.contains("page 2 has no `continued = …` entry for this story"),
        "{text}"
    );
}

#[test]
fn character_no_font_has_names_article_paragraph_and_character() {
    let p = scratch(
        "glyph",
        &format!("{HEAD}[[page]]\ntemplate = \"inside\"\n[[page.story]]\narticle = \"odd.txt\"\narea = {{ col = 1, cols = 2, row = 4, rows = 20 }}\n"),
    );
    std::fs::write(
        p.with_file_name("odd.txt"),
        "+++\nheadline = \"标题\"\n+++\n第一段。\n\n第二段有\u{2A700}字。\n",
    )
    .unwrap();
    let d = errors(&p);
    assert_eq!(d.0.len(), 1, "{d}");
    let msg = &d.0[0].message;
    assert_eq!(
        msg,
        "no font of style `body` has the character ‘\u{2A700}’ (U+2A700 CJK UNIFIED IDEOGRAPH-2A700) in article `odd`, paragraph 2, character 5"
    );
    assert!(d.0[0].file.as_ref().unwrap().ends_with("odd.txt"));
    // Not tolerated by --allow-overset either: a missing glyph is never dropped.
    let tolerant = broadsheet::layout_issue(
        &p,
        &RenderOptions {
            allow_overset: true,
            ..Default::default()
        },
    );
    assert!(tolerant.is_err());
}

#[test]
fn a_fallback_font_used_is_reported_once() {
    let p = scratch(
        "fallback",
        &format!("{HEAD}[[page]]\ntemplate = \"inside\"\n[[page.story]]\narticle = \"fb.txt\"\narea = {{ col = 1, cols = 2, row = 4, rows = 30 }}\n"),
    );
    // WenKai (楷, the byline style's first font) has no 〚〛; Noto Serif CJK does.
    std::fs::write(
        p.with_file_name("fb.txt"),
        "+++\nheadline = \"标题\"\nbyline = \"〚本报记者〛 王晓 〚通讯员〛\"\n+++\n正文。\n",
    )
    .unwrap();
    let laid = broadsheet::layout_issue(&p, &RenderOptions::default()).unwrap();
    let warnings: Vec<String> = laid
        .diags
        .warnings()
        .map(|d| d.message.clone())
        .filter(|m| m.contains("fallback"))
        .collect();
    assert_eq!(
        warnings,
        vec![
            "‘〚’ (U+301A) in article `fb`, front matter, character 1, is set in the fallback font NotoSerifCJKsc-Regular (style `byline`: LXGWWenKai-Regular lacks it)",
            "‘〛’ (U+301B) in article `fb`, front matter, character 6, is set in the fallback font NotoSerifCJKsc-Regular (style `byline`: LXGWWenKai-Regular lacks it)",
        ]
    );
}

#[test]
fn masthead_block_outside_its_band_is_located_in_the_layout() {
    let p = scratch(
        "masthead",
        &format!("{HEAD}[[page]]\ntemplate = \"front\"\n"),
    );
    let layout = p.with_file_name("layouts").join("hengyang-broadsheet.toml");
    let text = std::fs::read_to_string(&layout).unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("at = { col = 7, cols = 2, row = 2 }"))
        .unwrap()
        + 1;
    std::fs::write(
        &layout,
        text.replace(
            "at = { col = 7, cols = 2, row = 2 }",
            "at = { col = 8, cols = 2, row = 14 }",
        ),
    )
    .unwrap();
    let d = errors(&p);
    assert_eq!(d.0.len(), 1, "{d}");
    assert!(
        d.0[0]
            .message
            .starts_with("masthead block must lie in columns 1–8 and lines 1–13"),
        "{d}"
    );
    assert!(d.0[0]
        .file
        .as_ref()
        .unwrap()
        .ends_with("layouts/hengyang-broadsheet.toml"));
    assert_eq!(d.0[0].pos.map(|p| (p.line, p.col)), Some((line, 6)));
}

#[test]
fn unknown_style_keyword_lists_the_allowed_ones() {
    let p = scratch(
        "keyword",
        &format!("{HEAD}[[page]]\ntemplate = \"front\"\n"),
    );
    let layout = p.with_file_name("layouts").join("hengyang-broadsheet.toml");
    let text = std::fs::read_to_string(&layout).unwrap();
    std::fs::write(
        &layout,
        text.replacen("kinsoku = \"gb\"", "kinsoku = \"gbb\"", 1),
    )
    .unwrap();
    let d = errors(&p);
    assert_eq!(d.0.len(), 1, "{d}");
    assert_eq!(d.0[0].message, "unknown kinsoku level `gbb`");
    assert_eq!(
        d.0[0].hints,
        vec!["expected one of: \"none\", \"basic\", \"gb\", \"strict\"".to_string()]
    );
}

#[test]
fn unknown_template_field_is_located_in_the_layout() {
    let p = scratch(
        "template",
        &format!("{HEAD}[[page]]\ntemplate = \"front\"\n"),
    );
    let layout = p.with_file_name("layouts").join("hengyang-broadsheet.toml");
    let text = std::fs::read_to_string(&layout).unwrap();
    let edited = text.replacen("第{number}号", "第{numbr}号", 1);
    assert_ne!(edited, text);
    std::fs::write(&layout, &edited).unwrap();
    let line = edited.lines().position(|l| l.contains("{numbr}")).unwrap() + 1;
    let d = errors(&p);
    assert_eq!(d.0.len(), 1, "{d}");
    assert_eq!(d.0[0].message, "unknown template field `{numbr}`");
    let pos = d.0[0].pos.unwrap();
    assert_eq!(pos.line, line, "{d}");
    // The column points at the field inside the string, not at the item.
    let src_line = edited.lines().nth(line - 1).unwrap();
    let want = src_line[..src_line.find("{numbr}").unwrap()]
        .chars()
        .count()
        + 1;
    assert_eq!(pos.col, want, "{d}");
}

/// `[article]` values are checked where they are written: a number form that does not
/// exist, a note frame keyword, a rule style that does not exist, and emphasis dots that
/// would touch the next line.
#[test]
fn article_layout_errors_are_located() {
    let p = scratch(
        "article-layout",
        &format!("{HEAD}[[page]]\ntemplate = \"inside\"\n"),
    );
    let layout = p.parent().unwrap().join("layouts/hengyang-broadsheet.toml");
    let text = std::fs::read_to_string(&layout).unwrap();
    let text = text
        .replace("list_number = \"①\"", "list_number = \"A.\"")
        .replace(
            "note_frame = \"box\"",
            "note_frame = \"rules\"\nnote_rule = \"nope\"",
        )
        .replace("emphasis_dot_em = 0.18", "emphasis_dot_em = 0.3")
        .replace("emphasis_gap_em = 0.15", "emphasis_gap_em = 0.4");
    std::fs::write(&layout, &text).unwrap();
    let line_of = |needle: &str| text.lines().position(|l| l.starts_with(needle)).unwrap() + 1;
    let d = errors(&p);
    let got = positions(&d);
    let find = |m: &str| {
        got.iter()
            .find(|(msg, _, _)| msg.contains(m))
            .unwrap_or_else(|| panic!("no “{m}” in {got:?}"))
            .clone()
    };
    assert_eq!(
        find("unknown list number form `A.`").1,
        line_of("list_number")
    );
    assert_eq!(find("unknown rule style `nope`").1, line_of("note_rule"));
    let dots = find("emphasis dots reach");
    assert_eq!(dots.1, line_of("emphasis_dot_em"));
    assert!(
        dots.0
            .contains("7.38 pt below the baseline; the next body line's characters start 6.08 pt"),
        "{}",
        dots.0
    );
}
