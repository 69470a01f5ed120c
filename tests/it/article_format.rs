//! The article body format (README "Articles") end to end through
//! `load_article`: the two fixture articles of fixtures/article-format (every
//! construct; two poems), the round trip of their text, and the front matter keys.

use std::path::{Path, PathBuf};

use broadsheet::spec::article::load_article;
use broadsheet::spec::markup::ArticleReading;
use broadsheet::spec::{Article, BlockKind, BodyBlock, Face};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/article-format/articles")
        .join(name)
}

fn load(name: &str) -> Article {
    load_article(&fixture(name), name.into(), &ArticleReading::default())
        .unwrap_or_else(|e| panic!("{e}"))
}

fn write(name: &str, text: &str) -> PathBuf {
    let dir = common::scratch_root().join(format!("broadsheet-format-{}", std::process::id()));
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
    assert_eq!(&*b[4].text, "铁路：加开临客 增加运力");
    assert!(b[6].text.chars().count() >= 75, "{}", b[6].text);
    assert_eq!(&*b[18].text, "回家的路在湘江两岸蜿蜒。");
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
    let a = load_article(
        &write("crlf.txt", &crlf),
        "crlf".into(),
        &ArticleReading::default(),
    )
    .unwrap();
    let b = load("constructs.txt");
    assert_eq!(a.blocks, b.blocks);
}

#[test]
fn unknown_kind_and_blockquote_are_located_at_the_value() {
    let p = write(
        "kind.txt",
        "+++\nheadline = \"x\"\nkind = \"poetry\"\nblockquote = \"aside\"\nformat = \"md\"\n+++\n正文*。\n",
    );
    let e = load_article(&p, "kind".into(), &ArticleReading::default()).unwrap_err();
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
    let a = load_article(&p, "note".into(), &ArticleReading::default()).unwrap();
    assert_eq!(a.blocks[0].kind, BlockKind::Note);
    assert_eq!(a.blocks[0].line, 6);
}

/// The note marker is the layout's (`[article] note_marker`): with `【按】`, a `>` block
/// opening with it is a note and one opening with the default 【编者按】 a quotation.
#[test]
fn the_layouts_note_marker_decides_which_quote_is_a_note() {
    let p = write(
        "marker.txt",
        "+++\nheadline = \"x\"\nformat = \"markup\"\n+++\n> 【按】本报推出专栏。\n\n正文。\n\n> 【编者按】引文。\n",
    );
    let kinds = |reading: &ArticleReading| -> Vec<BlockKind> {
        let a = load_article(&p, "marker".into(), reading).unwrap();
        a.blocks.iter().map(|b| b.kind).collect()
    };
    let house = ArticleReading {
        note_marker: "【按】".into(),
        ..ArticleReading::default()
    };
    assert_eq!(
        kinds(&house),
        [BlockKind::Note, BlockKind::Paragraph, BlockKind::Quote]
    );
    assert_eq!(
        kinds(&ArticleReading::default()),
        [BlockKind::Quote, BlockKind::Paragraph, BlockKind::Note]
    );
}

#[test]
fn markup_without_text_is_an_empty_article() {
    let p = write(
        "empty.txt",
        "+++\nheadline = \"x\"\nformat = \"markup\"\n+++\n## \n\n- \n",
    );
    let e = load_article(&p, "empty".into(), &ArticleReading::default()).unwrap_err();
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
    let a = load_article(&p, "readme".into(), &ArticleReading::default())
        .unwrap_or_else(|e| panic!("{e}"));
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

// ---------------------------------------------------------------------------------
// Imported copy formats (README "Articles": NITF, NewsML-G2, .docx), through the
// same `load_article`: fixtures/copy-formats, written by scripts/make-copy-formats.py.

use crate::common;

fn copy(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/copy-formats/articles")
        .join(name)
}

fn load_copy(name: &str) -> Article {
    load_article(&copy(name), name.into(), &ArticleReading::default())
        .unwrap_or_else(|e| panic!("{e}"))
}

/// The paragraphs the generator wrote, in story order.
fn expected_paragraphs() -> Vec<String> {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/copy-formats/paragraphs.txt"),
    )
    .unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

const FILES: [&str; 4] = ["parking.xml", "station.xml", "library.docx", "market.docx"];

#[test]
fn copy_formats_give_the_fields_each_format_has() {
    let fields = |a: &Article| {
        (
            a.kicker.clone(),
            a.headline.clone(),
            a.subhead.clone(),
            a.byline.clone(),
        )
    };
    let s = |k: &str, h: &str, sub: &str, b: &str| {
        (k.to_string(), h.to_string(), sub.to_string(), b.to_string())
    };
    assert_eq!(
        fields(&load_copy("parking.xml")),
        s(
            "",
            "城区新增三处公共停车场",
            "缓解老城区停车难题",
            "本报记者 李晓红 通讯员 王强"
        )
    );
    assert_eq!(
        fields(&load_copy("station.xml")),
        s(
            "春运进行时",
            "衡阳东站单日发送旅客突破五万人次",
            "铁路部门加开临客保障旅客出行",
            "本报记者 周敏"
        )
    );
    assert_eq!(
        fields(&load_copy("library.docx")),
        s(
            "文化惠民",
            "市图书馆推出春节“阅读季”活动",
            "二十余场文化活动陪市民过大年",
            "本报记者 刘芳"
        )
    );
    // Saved by LibreOffice: the same styles come back by name.
    assert_eq!(
        fields(&load_copy("market.docx")),
        s(
            "",
            "年货市场供应充足价格平稳",
            "蔬菜肉类价格与节前基本持平",
            "本报记者 陈星 实习生 张雨"
        )
    );
    for f in FILES {
        let a = load_copy(f);
        assert!(a.warnings.is_empty(), "{f}: {:?}", a.warnings);
    }
}

#[test]
fn copy_formats_give_blocks_kinds_and_faces() {
    let item = |n| BlockKind::ListItem { number: n };
    let p = BlockKind::Paragraph;
    let h = BlockKind::Intertitle;
    let kinds = |a: &Article| a.blocks.iter().map(|b| b.kind).collect::<Vec<_>>();
    let parking = load_copy("parking.xml");
    assert_eq!(
        kinds(&parking),
        [p, p, h, p, item(Some(1)), item(Some(2)), item(Some(3)), p]
    );
    assert_eq!(
        runs(&parking.blocks[0]),
        [("一千二百余个", Face::Strong, false)]
    );
    assert_eq!(
        runs(&parking.blocks[1]),
        [("进出无需停车取卡", Face::Emphasis, false)]
    );
    // The dateline opens the first paragraph; block lines are the XML lines.
    assert!(parking.blocks[0].text.starts_with("本报讯\u{3000}2月7日，"));
    assert_eq!(parking.blocks[0].line, 21);
    let station = load_copy("station.xml");
    assert_eq!(
        kinds(&station),
        [p, p, h, item(None), item(None), item(None), p]
    );
    assert_eq!(
        runs(&station.blocks[0]),
        [("衡阳东站", Face::Strong, false)]
    );
    assert_eq!(
        runs(&station.blocks[3]),
        [("错峰出行", Face::Emphasis, false)]
    );
    let library = load_copy("library.docx");
    assert_eq!(
        kinds(&library),
        [p, p, h, item(Some(1)), item(Some(2)), item(Some(3)), p, p]
    );
    assert_eq!(
        runs(&library.blocks[1]),
        [
            ("每天开放十二小时", Face::Strong, false),
            ("除夕当天", Face::Emphasis, false)
        ]
    );
    // docx blocks are located by paragraph: kicker, title, subtitle, byline come first.
    assert_eq!(library.blocks[0].line, 5);
    let market = load_copy("market.docx");
    assert_eq!(
        kinds(&market),
        [p, p, h, item(None), item(None), item(None), p]
    );
    assert_eq!(
        runs(&market.blocks[1]),
        [
            ("猪肉价格与节前基本持平", Face::Strong, false),
            ("今年货源足，生意也好做", Face::Emphasis, false)
        ]
    );
    // Every paragraph the generator wrote, once, in order: nothing lost or added.
    let texts: Vec<String> = FILES
        .iter()
        .flat_map(|f| load_copy(f).blocks.into_iter().map(|b| b.text.to_string()))
        .collect();
    assert_eq!(texts, expected_paragraphs());
}

#[test]
fn nitf_media_is_the_story_picture() {
    let a = load_copy("parking.xml");
    assert_eq!(a.media.len(), 1);
    assert_eq!(
        a.media[0].file,
        copy("../../hengyang-2022-02-08/photos/p3-cranes.jpg")
    );
    assert_eq!(
        a.media[0].caption,
        "蒸湘区新建成的公共停车场，车辆有序停放。"
    );
    assert_eq!(a.media[0].credit, "本报记者 王强 摄");
}

/// Malformed XML is an error at its line and column, an unknown root is named, and
/// an entity bomb is refused at its declaration without expanding anything.
#[test]
fn xml_errors_are_located() {
    let dir = common::scratch_dir(
        "format",
        "xml-errors",
        &["layouts", "fonts", "fixtures", "profiles"],
    );
    let write = |name: &str, text: &str| {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    let first = |p: &Path| {
        let e = load_article(p, "x".into(), &ArticleReading::default()).unwrap_err();
        e.0[0].to_string().lines().next().unwrap().to_string()
    };
    let p = write(
        "broken.xml",
        "<nitf>\n<body><body.content>\n  <p>未闭合的<em>段落</p>\n</body.content></body></nitf>\n",
    );
    let e = first(&p);
    assert!(
        e.starts_with(&format!("{}:3:16: error: malformed XML", p.display())),
        "{e}"
    );
    let p = write("rss.xml", "<rss><channel/></rss>");
    assert!(
        first(&p).ends_with("error: the XML root element `rss` is not an article format"),
        "{}",
        first(&p)
    );
    let lol = "<!DOCTYPE nitf [\n<!ENTITY a \"哈哈哈哈哈哈哈哈哈哈\">\n<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n]>\n<nitf><body><body.content><p>&e;&e;&e;&e;&e;&e;</p></body.content></body></nitf>\n";
    let p = write("lol.xml", lol);
    let started = std::time::Instant::now();
    let e = first(&p);
    assert!(started.elapsed().as_millis() < 500);
    assert!(
        e.starts_with(&format!(
            "{}:2:1: error: the XML declares entities",
            p.display()
        )),
        "{e}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The issue that places the fixture: the photo with `from = "parking"` takes the
/// NITF media's file, caption and credit; keys on the photo override; an unknown id
/// or picture number is an error at the key.
#[test]
fn photo_from_takes_the_story_picture() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let issue = broadsheet::spec::resolve_issue(Path::new("fixtures/copy-formats/issue.toml"))
        .unwrap_or_else(|e| panic!("{e}"));
    let photo = &issue.pages[0].photos[0];
    assert_eq!(photo.caption, "蒸湘区新建成的公共停车场，车辆有序停放。");
    assert_eq!(photo.credit, "本报记者 王强 摄");
    let asset = &issue.assets[photo.asset.unwrap().0];
    assert!(asset
        .path
        .ends_with("hengyang-2022-02-08/photos/p3-cranes.jpg"));

    let dir = common::scratch_dir("format", "photo-from", &[]);
    let write = |photo: &str| {
        let text = std::fs::read_to_string("fixtures/copy-formats/issue.toml")
            .unwrap()
            .replace("../../layouts/", "layouts/")
            .replace("articles/", "fixtures/copy-formats/articles/")
            .replace("\nfrom = \"parking\"", &format!("\n{photo}"));
        let p = dir.join("issue.toml");
        std::fs::write(&p, text).unwrap();
        p
    };
    let p = write("from = \"parking\"\ncaption = \"自拟说明\"\nfile = \"fixtures/hengyang-2022-02-08/photos/p1-hall.jpg\"");
    let issue = broadsheet::spec::resolve_issue(&p).unwrap_or_else(|e| panic!("{e}"));
    let photo = &issue.pages[0].photos[0];
    assert_eq!(photo.caption, "自拟说明");
    assert_eq!(photo.credit, "本报记者 王强 摄");
    assert!(issue.assets[photo.asset.unwrap().0]
        .path
        .ends_with("photos/p1-hall.jpg"));
    let first_error = |photo: &str| {
        let p = write(photo);
        let e = broadsheet::spec::resolve_issue(&p).unwrap_err();
        let first = e.errors().next().unwrap().to_string();
        first
    };
    let e = first_error("from = \"parkng\"");
    assert!(
        e.starts_with(&format!(
            "{}:24:8: error: `from`: no story has the id `parkng`",
            dir.join("issue.toml").display()
        )),
        "{e}"
    );
    let e = first_error("from = \"parking\"\nmedia = 2");
    assert!(
        e.starts_with(&format!(
            "{}:25:9: error: story `parking` has 1 picture; there is no picture 2",
            dir.join("issue.toml").display()
        )),
        "{e}"
    );
    let e = first_error("from = \"station\"");
    assert!(e.contains("story `station` has no pictures"), "{e}");
    let e = first_error("media = 1");
    assert!(
        e.contains("`media` picks one of a story's pictures: it needs `from`"),
        "{e}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// End to end: the CLI renders fixtures/copy-formats (exit 0) and the PDF's text
/// (pdftotext) holds every paragraph of the four source files.
#[test]
#[ignore = "conformance: needs poppler-utils (scripts/conformance)"]
fn copy_formats_issue_renders_every_paragraph() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let dir = common::scratch_dir(
        "format",
        "render",
        &["layouts", "fonts", "fixtures", "profiles"],
    );
    let pdf = dir.join("copy-formats.pdf");
    let out = crate::common::broadsheet()
        .arg("render")
        .arg("fixtures/copy-formats/issue.toml")
        .arg("-o")
        .arg(&pdf)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = match std::process::Command::new("pdftotext")
        .arg("-raw")
        .arg(&pdf)
        .arg("-")
        .output()
    {
        Ok(o) => String::from_utf8(o.stdout).unwrap(),
        Err(_) => {
            panic!("pdftotext is not installed (apt-get install poppler-utils; scripts/conformance does)")
        }
    };
    let text: String = text.split_whitespace().collect();
    for para in expected_paragraphs() {
        let want: String = para.split_whitespace().collect();
        assert!(
            text.contains(&want),
            "paragraph not found in the PDF text:\n{want}\n\nPDF text:\n{text}"
        );
    }
    for item in [
        "城区新增三处公共停车场",
        "春运进行时",
        "蒸湘区新建成的公共停车场，车辆有序停放。",
    ] {
        assert!(text.contains(item), "{item} missing");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
