//! The article body format (issue 12, README "Articles") end to end through
//! `load_article`: the two fixture articles of fixtures/article-format (every
//! construct; two poems), the round trip of their text, and the front matter keys.

use std::path::{Path, PathBuf};

use broadsheet::spec::article::load_article;
use broadsheet::spec::markup::TextFormat;
use broadsheet::spec::{Article, BlockKind, BodyBlock, Face};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/article-format/articles")
        .join(name)
}

fn load(name: &str) -> Article {
    load_article(&fixture(name), name.into(), TextFormat::Plain).unwrap_or_else(|e| panic!("{e}"))
}

fn write(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("broadsheet-format-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// Each inline of a block as (its text, face, dots).
fn runs(b: &BodyBlock) -> Vec<(&str, Face, bool)> {
    b.inlines
        .iter()
        .map(|i| (&b.text[i.range.clone()], i.face, i.dots))
        .collect()
}

const fn verse(stanza_break: bool, poem_start: bool) -> BlockKind {
    BlockKind::Verse {
        stanza_break,
        poem_start,
    }
}

/// The source text of the body with the markup of the format taken out and white
/// space dropped: what the blocks together must hold, in order.
fn text_without_markup(file: &Path) -> String {
    let src = std::fs::read_to_string(file).unwrap();
    let body = src.splitn(3, "+++\n").nth(2).unwrap();
    let mut out = String::new();
    for line in body.lines() {
        if line.starts_with("```") {
            continue;
        }
        let mut l = line;
        for prefix in ["### ", "## ", "> ", ">", "- "] {
            if let Some(rest) = l.strip_prefix(prefix) {
                l = rest;
                break;
            }
        }
        if let Some((n, rest)) = l.split_once(". ") {
            if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) {
                l = rest;
            }
        }
        out.push_str(&l.replace("](dots)", "").replace(['[', '*'], ""));
    }
    out.retain(|c| !c.is_whitespace());
    out
}

fn all_text(a: &Article) -> String {
    let mut s: String = a.texts().collect();
    s.retain(|c| !c.is_whitespace());
    s
}

#[test]
fn constructs_fixture_gives_every_kind_of_block() {
    let a = load("constructs.txt");
    let item = |n| BlockKind::ListItem { number: n };
    let kinds: Vec<BlockKind> = a.blocks.iter().map(|b| b.kind).collect();
    assert_eq!(
        kinds,
        [
            BlockKind::Note,
            BlockKind::Paragraph,
            BlockKind::Paragraph,
            BlockKind::Paragraph,
            BlockKind::Intertitle,
            BlockKind::Paragraph,
            item(Some(1)),
            item(Some(2)),
            item(Some(3)),
            item(Some(4)),
            item(Some(5)),
            BlockKind::Intertitle,
            BlockKind::Paragraph,
            item(None),
            item(None),
            item(None),
            BlockKind::Quote,
            verse(false, true),
            verse(false, false),
            verse(true, false),
            verse(false, false),
        ]
    );
    let b = &a.blocks;
    assert!(b[0].text.starts_with("【编者按】春运是"));
    assert_eq!(b[0].line, 9);
    // A wire line break between Han characters joins.
    assert!(b[1].text.contains("为期40天，预计全市"), "{}", b[1].text);
    assert_eq!(runs(&b[1]), [("约420万人次", Face::Strong, false)]);
    assert_eq!(
        runs(&b[2]),
        [
            ("爱心服务台", Face::Emphasis, false),
            ("严格落实", Face::Regular, true),
            ("出行前", Face::Strong, false),
            ("务必", Face::Strong, true),
            ("了解目的地政策", Face::Strong, false),
        ]
    );
    // An emphasis run over a wire line break.
    assert_eq!(runs(&b[3]), [("尽量错峰出行", Face::Emphasis, false)]);
    assert_eq!(b[4].text, "铁路：加开临客 增加运力");
    assert!(b[6].text.chars().count() >= 75, "{}", b[6].text);
    assert_eq!(b[18].text, "回家的路在湘江两岸蜿蜒。");
    assert!(b[19].text.chars().count() >= 40, "{}", b[19].text);
    assert_eq!(
        b.iter().map(|b| b.line).collect::<Vec<_>>(),
        [9, 11, 14, 16, 19, 21, 23, 24, 25, 26, 27, 29, 31, 33, 34, 35, 37, 40, 41, 43, 44]
    );
}

#[test]
fn poems_fixture_gives_titles_authors_and_stanzas() {
    let a = load("poems.txt");
    let kinds: Vec<BlockKind> = a.blocks.iter().map(|b| b.kind).collect();
    let (first, next, stanza) = (verse(false, false), verse(false, false), verse(true, false));
    let (title, author) = (BlockKind::PoemTitle, BlockKind::PoemAuthor);
    let expected = [
        // 雁城春早: three stanzas of 4, 4 and 2 lines.
        title, author, first, next, next, next, stanza, next, next, next, stanza, next,
        // 归途: two stanzas of 3 lines.
        title, author, first, next, next, stanza, next, next,
    ];
    assert_eq!(kinds, expected);
    let texts: Vec<&str> = a.texts().collect();
    assert_eq!(
        &texts[..4],
        ["雁城春早", "周晓岚", "回雁峰下，", "第一声雁鸣把冬天叫醒，"]
    );
    // The long line stays one line (about three 13-character columns).
    assert!(texts[10].chars().count() >= 38, "{}", texts[10]);
    assert_eq!(texts[11], "娘说，回来就好。");
    assert_eq!(texts[12], "归途");
    assert_eq!(a.blocks[12].line, 25);
}

#[test]
fn blocks_hold_every_character_of_the_source_once() {
    for name in ["constructs.txt", "poems.txt"] {
        let a = load(name);
        assert_eq!(all_text(&a), text_without_markup(&fixture(name)), "{name}");
    }
}

#[test]
fn crlf_and_bom_are_read_like_lf() {
    let src = std::fs::read_to_string(fixture("constructs.txt")).unwrap();
    let crlf = format!("\u{FEFF}{}", src.replace('\n', "\r\n"));
    let a = load_article(&write("crlf.txt", &crlf), "crlf".into(), TextFormat::Plain).unwrap();
    let b = load("constructs.txt");
    assert_eq!(a.blocks, b.blocks);
}

#[test]
fn unknown_kind_and_blockquote_are_located_at_the_value() {
    let p = write(
        "kind.txt",
        "+++\nheadline = \"x\"\nkind = \"poetry\"\nblockquote = \"aside\"\nformat = \"md\"\n+++\n正文*。\n",
    );
    let e = load_article(&p, "kind".into(), TextFormat::Plain).unwrap_err();
    let got: Vec<(usize, usize, &str)> =
        e.0.iter()
            .map(|d| {
                let pos = d.pos.unwrap();
                (pos.line, pos.col, d.message.as_str())
            })
            .collect();
    assert_eq!(
        got,
        [
            (3, 8, "unknown kind `poetry`"),
            (4, 14, "unknown blockquote `aside`"),
            (5, 10, "unknown format `md`"),
        ]
    );
    assert!(e.0[0].hints[0].contains("\"prose\", \"verse\""), "{e}");
}

#[test]
fn blockquote_note_in_the_header_makes_every_quote_a_note() {
    let p = write(
        "note.txt",
        "+++\nheadline = \"x\"\nblockquote = \"note\"\nformat = \"markup\"\n+++\n> 本报讯 编辑说明。\n\n正文。\n",
    );
    let a = load_article(&p, "note".into(), TextFormat::Plain).unwrap();
    assert_eq!(a.blocks[0].kind, BlockKind::Note);
    assert_eq!(a.blocks[0].line, 6);
}

#[test]
fn markup_without_text_is_an_empty_article() {
    let p = write(
        "empty.txt",
        "+++\nheadline = \"x\"\nformat = \"markup\"\n+++\n## \n\n- \n",
    );
    let e = load_article(&p, "empty".into(), TextFormat::Plain).unwrap_err();
    assert!(
        e.to_string().contains("no text after the front matter"),
        "{e}"
    );
}

/// The example article in README "Articles" reads, and gives the blocks it shows.
#[test]
fn readme_example_article_reads() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let section = &readme[readme.find("## Articles").unwrap()..];
    let start = section.find("````\n").unwrap() + 5;
    let len = section[start..].find("````\n").unwrap();
    let p = write("readme.txt", &section[start..start + len]);
    let a = load_article(&p, "readme".into(), TextFormat::Plain).unwrap_or_else(|e| panic!("{e}"));
    let kinds: Vec<BlockKind> = a.blocks.iter().map(|b| b.kind).collect();
    let item = |n| BlockKind::ListItem { number: n };
    assert_eq!(
        kinds,
        [
            BlockKind::Note,
            BlockKind::Paragraph,
            BlockKind::Intertitle,
            item(Some(1)),
            item(Some(2)),
            item(None),
            item(None),
            BlockKind::Quote,
            verse(false, true),
            verse(false, false),
            verse(true, false),
        ]
    );
    assert_eq!(
        runs(&a.blocks[1]),
        [
            ("约420万人次", Face::Strong, false),
            ("爱心服务台", Face::Emphasis, false),
            ("严格落实", Face::Regular, true),
        ]
    );
}
