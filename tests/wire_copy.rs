//! Wire copy as newsrooms send it (issue 11, item 3): no-break and thin spaces set with
//! the bundled fonts (which have no glyph for them) at their defined widths, and control
//! characters reported with their position.

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
    let dir: PathBuf = std::env::temp_dir().join(format!("broadsheet-wire-{}", std::process::id()));
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
fn rare_characters_render_with_the_bundled_fonts() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let (_, bytes) = broadsheet::render_issue(
        Path::new("fixtures/mixed-sports/issue.toml"),
        &RenderOptions::default(),
    )
    .unwrap();
    let pdf = std::env::temp_dir().join(format!("broadsheet-rare-{}.pdf", std::process::id()));
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
    let dir: PathBuf = std::env::temp_dir().join(format!("broadsheet-hyph-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let layout = std::fs::read_to_string(root.join("layouts/hengyang-broadsheet.toml"))
        .unwrap()
        // Paths relative to layouts/ (fonts, profiles, allow_dirs) become absolute.
        .replace("\"../", &format!("\"{}/", root.display()))
        .replace("hyphenate = \"en\"", "hyphenate = \"xx\"");
    let line = layout
        .lines()
        .position(|l| l.starts_with("hyphenate = \"xx\""))
        .unwrap()
        + 1;
    std::fs::write(dir.join("layout.toml"), layout).unwrap();
    let story = root.join("fixtures/mixed-latin/story.txt");
    let issue = format!(
        "layout = \"layout.toml\"\n[issue]\npaper = \"衡阳日报\"\ndate = 2022-02-08\nnumber = 1\n\n[[page]]\ntemplate = \"inside\"\nsection = \"测试\"\neditors = {{ editor = \"测试\", proof = \"测试\" }}\n\n[[page.story]]\narticle = {story:?}\narea = {{ col = 1, cols = 3, row = 4, rows = 30 }}\n"
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
    assert!(d.hints.iter().any(|h| h.contains("en, de, fr")), "{err}");
}
