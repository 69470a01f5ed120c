//! Wire copy as newsrooms send it: no-break and thin spaces set with
//! the bundled fonts (which have no glyph for them) at their defined widths, and control
//! characters reported with their position.

use crate::common;

use std::path::{Path, PathBuf};

use broadsheet::text::{Font, FontBook, FontChain, Shaper};
use broadsheet::RenderOptions;

const SIZE: f64 = 10.0;

fn book() -> FontBook {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts/NotoSerifCJKsc-Regular.otf");
    let mut book = FontBook::new();
    book.add(Font::load(&path, 0).unwrap());
    book
}

#[test]
fn defined_spaces_set_with_the_bundled_font() {
    let book = book();
    let chain = FontChain(vec![broadsheet::text::FontId(0)]);
    let text = "容量5\u{A0}TB，速度\u{202F}2.5\u{2009}GB\u{200A}每秒\u{3000}完";
    let shaped = Shaper::new(&book)
        .shape(&chain, text, SIZE)
        .unwrap_or_else(|m| panic!("missing glyphs: {m:?}"));
    let font = book.get(broadsheet::text::FontId(0));
    let space = font.glyph_of(' ').unwrap();
    let space_adv = font.to_pt(f64::from(font.advance_units(space)), SIZE);
    let adv = |c: char| {
        let at = text.find(c).unwrap();
        let g = shaped.glyphs.iter().find(|g| g.cluster == at).unwrap();
        assert_eq!(g.id, space, "{c:?} is drawn with the space glyph");
        g.advance
    };
    assert!((adv('\u{A0}') - space_adv).abs() < 1e-9);
    assert!((adv('\u{202F}') - SIZE / 6.0).abs() < 1e-9);
    assert!((adv('\u{2009}') - SIZE / 6.0).abs() < 1e-9);
    assert!((adv('\u{200A}') - SIZE / 12.0).abs() < 1e-9);
    assert!((adv('\u{3000}') - SIZE).abs() < 1e-9);
}

/// An article with BEL and ESC in its text: one error each, at line:col in the file,
/// naming the article and the character index.
#[test]
fn control_characters_are_located_errors() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir: PathBuf =
        common::scratch_root().join(format!("broadsheet-wire-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("story.txt"),
        "+++\nheadline = \"测试\"\n+++\n第一段\u{7}文字。\n\n第二段\u{1B}。\n",
    )
    .unwrap();
    let layout = root.join("layouts/hengyang-broadsheet.toml");
    let issue = format!(
        "layout = {layout:?}\n[issue]\npaper = \"衡阳日报\"\ndate = 2022-02-08\nnumber = 1\n\n[[page]]\ntemplate = \"inside\"\nsection = \"测试\"\neditors = {{ editor = \"测试\", proof = \"测试\" }}\n\n[[page.story]]\narticle = \"story.txt\"\narea = {{ col = 1, cols = 2, row = 4, rows = 20 }}\n"
    );
    let path = dir.join("issue.toml");
    std::fs::write(&path, issue).unwrap();
    let err = match broadsheet::layout_issue(&path, &RenderOptions::default()) {
        Ok(_) => panic!("expected errors"),
        Err(d) => d,
    };
    let got: Vec<(String, usize, usize)> = err
        .0
        .iter()
        .map(|d| {
            let p = d.pos.expect("located");
            (d.message.clone(), p.line, p.col)
        })
        .collect();
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(
        got[0].0.contains("U+0007") && got[0].0.contains("character 4"),
        "{got:?}"
    );
    assert_eq!((got[0].1, got[0].2), (4, 4), "{got:?}");
    assert!(got[1].0.contains("U+001B"), "{got:?}");
    assert_eq!((got[1].1, got[1].2), (6, 4), "{got:?}");
}

/// The sports fixture's rare characters come back out of the PDF: 䶮 曌 龑 and 陽 from
/// the bundled Noto subset, 𠀀 (Extension B) from the HanaMinB fallback, and the
/// no-break spaces as spaces. Needs poppler's `pdftotext` and `pdffonts` (CI installs
/// poppler-utils); fails without them.
#[test]
#[ignore = "conformance: needs poppler-utils (scripts/conformance)"]
fn rare_characters_render_with_the_bundled_fonts() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let (_, bytes) = broadsheet::render_issue(
        Path::new("fixtures/mixed-sports/issue.toml"),
        &RenderOptions::default(),
    )
    .unwrap();
    let pdf = common::scratch_root().join(format!("broadsheet-rare-{}.pdf", std::process::id()));
    std::fs::write(&pdf, bytes).unwrap();
    let run = |tool: &str, args: &[&str]| {
        let out = std::process::Command::new(tool)
            .args(args)
            .arg(&pdf)
            .args(if tool == "pdftotext" {
                &["-"][..]
            } else {
                &[][..]
            })
            .output()
            .unwrap_or_else(|e| panic!("{tool} is needed (apt-get install poppler-utils): {e}"));
        assert!(out.status.success(), "{tool} failed");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let text: String = run("pdftotext", &["-raw"]).split_whitespace().collect();
    for s in ["刘䶮", "武曌", "刘龑", "《衡陽古道》", "姓𠀀", "42.195km"] {
        assert!(text.contains(s), "{s} not in the PDF text:\n{text}");
    }
    let fonts = run("pdffonts", &[]);
    assert!(fonts.contains("HanaMinB"), "{fonts}");
}

/// An unknown hyphenation language is an error at the value in the layout, listing
/// the languages with patterns.
#[test]
fn unknown_hyphenation_language_is_located() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = common::scratch_dir("hyph", "xx", &["layouts"]);
    let layout = common::house_layout_with(|t| {
        let body = common::table_mut(common::table_mut(t, "style"), "body");
        assert_eq!(body["hyphenate"].as_str(), Some("en"));
        body.insert("hyphenate".into(), "xx".into());
    });
    let line = layout
        .lines()
        .position(|l| l.starts_with("hyphenate = \"xx\""))
        .unwrap()
        + 1;
    std::fs::write(dir.join("layouts/layout.toml"), layout).unwrap();
    let story = root.join("fixtures/mixed-latin/story.txt");
    let issue = format!(
        "layout = \"layouts/layout.toml\"\n[issue]\npaper = \"衡阳日报\"\ndate = 2022-02-08\nnumber = 1\n\n[[page]]\ntemplate = \"inside\"\nsection = \"测试\"\neditors = {{ editor = \"测试\", proof = \"测试\" }}\n\n[[page.story]]\narticle = {story:?}\narea = {{ col = 1, cols = 3, row = 4, rows = 30 }}\n"
    );
    let path = dir.join("issue.toml");
    std::fs::write(&path, issue).unwrap();
    let err = match broadsheet::layout_issue(&path, &RenderOptions::default()) {
        Ok(_) => panic!("expected an error"),
        Err(d) => d,
    };
    let d = &err.0[0];
    assert_eq!(d.message, "unknown hyphenation language `xx`", "{err}");
    let pos = d.pos.expect("located");
    assert_eq!((pos.line, pos.col), (line, 13), "{err}");
    assert!(
        d.hints.iter().any(|h| h.contains(r#""en", "de", "fr""#)),
        "{err}"
    );
}

/// The text of each page of `pdf` (1-based page `n` at index `n - 1`), read with
/// poppler's `pdftotext -raw` (fails without it: CI installs poppler-utils), as
/// characters with white space removed; a `-` that ends a line is marked as one the
/// engine may have added when it hyphenated a word (`true`).
fn page_texts(pdf: &Path, pages: usize) -> Vec<Vec<(char, bool)>> {
    (1..=pages)
        .map(|n| {
            let n = n.to_string();
            let out = std::process::Command::new("pdftotext")
                .args(["-raw", "-f", &n, "-l", &n])
                .arg(pdf)
                .arg("-")
                .output()
                .unwrap_or_else(|e| {
                    panic!("pdftotext is needed (apt-get install poppler-utils): {e}")
                });
            assert!(out.status.success(), "pdftotext failed");
            let mut chars = Vec::new();
            for line in String::from_utf8_lossy(&out.stdout).lines() {
                let kept: Vec<char> = line.chars().filter(|c| !c.is_whitespace()).collect();
                let last = kept.len().saturating_sub(1);
                chars.extend(
                    kept.iter()
                        .enumerate()
                        .map(|(i, &c)| (c, i == last && c == '-')),
                );
            }
            chars
        })
        .collect()
}

/// Whether `needle` (white space removed) stands in `hay` as one run, a line-end
/// hyphen of `hay` that `needle` does not have skipped (an added hyphenation hyphen).
fn contains_text(hay: &[(char, bool)], needle: &str) -> bool {
    let needle: Vec<char> = needle.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(&first) = needle.first() else {
        return true;
    };
    (0..hay.len()).any(|start| {
        if hay[start].0 != first {
            return false;
        }
        let (mut i, mut j) = (start, 0);
        while j < needle.len() {
            match hay.get(i) {
                Some(&(c, _)) if c == needle[j] => {
                    i += 1;
                    j += 1;
                }
                Some(&(_, true)) => i += 1,
                _ => return false,
            }
        }
        true
    })
}

/// Render a fixture issue to a scratch PDF; the laid-out issue and the PDF's path.
fn render_fixture(issue: &str, name: &str) -> (broadsheet::Laid, PathBuf) {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let (laid, bytes) = broadsheet::render_issue(Path::new(issue), &RenderOptions::default())
        .unwrap_or_else(|e| panic!("{issue}: {e}"));
    let pdf = common::scratch_root().join(format!("broadsheet-{name}-{}.pdf", std::process::id()));
    std::fs::write(&pdf, bytes).unwrap();
    (laid, pdf)
}

/// Copy as agencies send it, in the default (plain) format: every case that the
/// markup format used to change or refuse is found exactly in the PDF's text — the
/// price `2*3元` never becomes `23元`, `张**` keeps its asterisks, `- 完 -` is no
/// bullet and `2022. 是` no numbered item — and nothing is reported about it.
#[test]
#[ignore = "conformance: needs poppler-utils (scripts/conformance)"]
fn agency_copy_is_set_exactly_as_received() {
    let (laid, pdf) = render_fixture("fixtures/agency-copy/issue.toml", "agency");
    let pages = page_texts(&pdf, 1);
    std::fs::remove_file(&pdf).unwrap();
    let wire = &laid.issue.articles[0];
    assert!(wire.warnings.is_empty(), "{:?}", wire.warnings);
    assert!(wire
        .blocks
        .iter()
        .all(|b| b.kind == broadsheet::spec::model::BlockKind::Paragraph && b.inlines.is_empty()));
    for case in [
        "*ST金泰、*ST运盛等个股逆势涨停",
        "单价为2*3元，总价为4*5元的商品",
        "规格为5*3*2米的货架",
        "犯罪嫌疑人张**和李**已被依法刑事拘留",
        "Santiago Vila <sanvila@debian.org>来信",
        "blurf*和comp.os.linux.*等新闻组",
        "新华社上海2月7日电（记者 王磊）---7日，",
        "从Word粘贴来的段落，以四个空格缩进。第二个这样的段落。",
        "2022. 是衡阳经济社会发展极不平凡的一年。",
        "# 这一行不是标题> 这一行也不是引文。<br>- 完 -",
        "沪深两市震荡走高 *ST板块逆势活跃",
    ] {
        assert!(
            contains_text(&pages[0], case),
            "`{case}` is not in the PDF's text"
        );
    }
    // The copy's paragraphs: blank lines, indented first lines, the separator.
    let texts: Vec<&str> = wire.texts().collect();
    assert_eq!(texts[0], "新华社上海2月7日电（记者 王磊）");
    assert_eq!(texts[1], "---");
    assert!(texts[2].starts_with("7日，沪深两市") && texts[2].ends_with("退市风险。"));
    assert!(texts[3].starts_with("某商场"), "{texts:?}");
    assert_eq!(texts[6], "从Word粘贴来的段落，以四个空格缩进。");
    assert_eq!(texts[7], "第二个这样的段落。");
    assert_eq!(texts.len(), 11, "{texts:?}");
}

/// A markup article keeps its markup (bold, 楷体, dots, an intertitle) and sets what
/// is not part of the format as the literal text it is, each with a warning at its
/// line and column; `--strict` makes them errors. A `*` between digits is never
/// emphasis.
#[test]
#[ignore = "conformance: needs poppler-utils (scripts/conformance)"]
fn markup_outside_the_format_is_literal_text_with_located_warnings() {
    let (laid, pdf) = render_fixture("fixtures/agency-copy/issue.toml", "agency-markup");
    let pages = page_texts(&pdf, 1);
    std::fs::remove_file(&pdf).unwrap();
    let cms = &laid.issue.articles[1];
    for case in [
        "*ST金泰、*ST运盛等个股逆势涨停，单价为2*3元，总价为4*5元，规格为5*3*2米。",
        "读者来信请寄 <sanvila@debian.org>，或访问[网站](http://www.hyqss.cn)。",
        "从Word粘贴来的缩进段落。",
        "---",
        "CMS留下的换行<br>标签。",
        "导语里有黑体和楷体，也有着重号。",
    ] {
        assert!(
            contains_text(&pages[0], case),
            "`{case}` is not in the PDF's text"
        );
    }
    let kinds: Vec<_> = cms.blocks.iter().map(|b| b.kind).collect();
    use broadsheet::spec::model::BlockKind::{Intertitle, Paragraph};
    assert_eq!(
        kinds,
        [Paragraph, Paragraph, Paragraph, Paragraph, Paragraph, Intertitle]
    );
    assert_eq!(cms.blocks[0].inlines.len(), 3, "{:?}", cms.blocks[0]);
    let got: Vec<(usize, usize, &str)> = cms
        .warnings
        .iter()
        .map(|d| {
            let p = d.pos.expect("located");
            (p.line, p.col, d.message.as_str())
        })
        .collect();
    let at: Vec<(usize, usize)> = got.iter().map(|g| (g.0, g.1)).collect();
    // The unmatched `*` of *ST (twice), the autolink, the link, the code indent, the
    // thematic break, the inline HTML.
    assert_eq!(
        at,
        [(5, 31), (5, 37), (7, 8), (7, 32), (9, 5), (11, 1), (13, 9)],
        "{got:?}"
    );
    assert!(got.iter().all(|g| g.2.ends_with("set as text")), "{got:?}");
    let all = laid.diags.to_string();
    assert!(
        all.contains("cms.txt:7:8: warning: a link (to `sanvila@debian.org`)"),
        "{all}"
    );

    let strict = broadsheet::layout_issue(
        Path::new("fixtures/agency-copy/issue.toml"),
        &RenderOptions {
            strict: true,
            ..RenderOptions::default()
        },
    );
    let errors = match strict {
        Ok(_) => panic!("--strict accepted literal markup"),
        Err(e) => e,
    };
    assert_eq!(errors.0.len(), 7, "{errors}");
    assert!(errors.0.iter().all(|d| d.is_error()));
}

/// The shared corpus (fixtures/corpus: 22 manual pages as received) sets whole: each
/// file's body comes back out of its page of the PDF as one run — nothing lost, added,
/// changed or reordered — and its headline too.
#[test]
#[ignore = "conformance: needs poppler-utils (scripts/conformance)"]
fn the_corpus_sets_whole() {
    let (laid, pdf) = render_fixture("fixtures/corpus/corpus.toml", "corpus");
    assert_eq!(laid.issue.articles.len(), 22);
    let pages = page_texts(&pdf, 22);
    std::fs::remove_file(&pdf).unwrap();
    assert!(laid.report.stories.iter().all(|s| s.overset_lines == 0));
    for (article, page) in laid.issue.articles.iter().zip(&pages) {
        let file = std::fs::read_to_string(&article.path).unwrap();
        let body = file.splitn(3, "+++\n").nth(2).unwrap();
        assert!(
            contains_text(page, body),
            "{}: the body is not in its page's text",
            article.path.display()
        );
        assert!(
            contains_text(page, &article.headline),
            "{}",
            article.path.display()
        );
    }
}
