//! Choosing a face of a font collection: a layout names a `.ttc`
//! face by index or by name, and without either gets the collection's Simplified
//! Chinese face rather than face 0. The collection is assembled here from two bundled
//! fonts (Noto Sans CJK SC, Noto Serif CJK SC), so no system font is needed. A face
//! made for Japanese is a warning naming it.
//!
//! Glyph coverage of the bundled fonts in the house layouts: the signs and letters of
//! agency copy (Latin-1 Supplement, Latin Extended-A, Greek, Currency Symbols,
//! Letterlike Symbols, ⟨ ⟩ of Miscellaneous Mathematical Symbols-A) shape in every kind
//! of style, from the CJK face when it has them and from the fonts' `fallback` faces
//! otherwise; and a character no font has gets a hint naming an installed font.

use crate::common;

use std::path::{Path, PathBuf};

use broadsheet::layout::setter::{Origin, Setter};
use broadsheet::spec::{load_layout, Layout, Style};
use broadsheet::text::locate::{installed_font_with, load_font, FaceSelect, FontRequest};
use broadsheet::text::{FontBook, Shaper};

/// A TrueType collection (OpenType spec, "Font Collections") of the given fonts.
fn ttc(fonts: &[Vec<u8>]) -> Vec<u8> {
    let header = 12 + 4 * fonts.len();
    let mut out = Vec::new();
    out.extend_from_slice(b"ttcf");
    out.extend_from_slice(&[0, 1, 0, 0]);
    out.extend_from_slice(&(fonts.len() as u32).to_be_bytes());
    let mut at = header;
    let mut starts = Vec::new();
    for f in fonts {
        starts.push(at);
        out.extend_from_slice(&(at as u32).to_be_bytes());
        at += (f.len() + 3) & !3;
    }
    for (f, &start) in fonts.iter().zip(&starts) {
        let mut f = f.clone();
        // Table records: offsets are from the start of the file, so shift them.
        let n = u16::from_be_bytes([f[4], f[5]]) as usize;
        for i in 0..n {
            let o = 12 + 16 * i + 8;
            let v = u32::from_be_bytes([f[o], f[o + 1], f[o + 2], f[o + 3]]) + start as u32;
            f[o..o + 4].copy_from_slice(&v.to_be_bytes());
        }
        out.extend_from_slice(&f);
        while out.len() % 4 != 0 {
            out.push(0);
        }
    }
    out
}

fn collection() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |f: &str| std::fs::read(root.join("fonts").join(f)).unwrap();
    let data = ttc(&[
        read("NotoSansCJKsc-Regular.otf"),
        read("NotoSerifCJKsc-Regular.otf"),
    ]);
    let path = common::scratch_root().join(format!("broadsheet-faces-{}.ttc", std::process::id()));
    std::fs::write(&path, data).unwrap();
    path
}

#[test]
fn faces_by_index_and_name() {
    let path = collection();
    let load = |face: FaceSelect| {
        load_font(&FontRequest::File {
            path: path.clone(),
            face,
        })
    };
    assert_eq!(
        load(FaceSelect::Index(1)).unwrap().postscript_name,
        "NotoSerifCJKsc-Regular"
    );
    assert_eq!(
        load(FaceSelect::Name("Noto Serif CJK SC".into()))
            .unwrap()
            .postscript_name,
        "NotoSerifCJKsc-Regular"
    );
    assert_eq!(
        load(FaceSelect::Name("NotoSansCJKsc-Regular".into()))
            .unwrap()
            .postscript_name,
        "NotoSansCJKsc-Regular"
    );
    // Both faces are SC: the default is the first SC face.
    let f = load(FaceSelect::Default).unwrap();
    assert_eq!(
        (f.postscript_name.as_str(), f.index),
        ("NotoSansCJKsc-Regular", 0)
    );
    let err = load(FaceSelect::Name("Noto Serif CJK JP".into())).unwrap_err();
    assert!(
        err.contains("no face named") && err.contains("NotoSerifCJKsc-Regular (index 1)"),
        "{err}"
    );
    let err = load(FaceSelect::Index(2)).unwrap_err();
    assert!(err.contains("out of range"), "{err}");
}

/// Replace every occurrence of `from` by `to` (same length) in `data`.
fn replace_bytes(data: &mut [u8], from: &[u8], to: &[u8]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i + from.len() <= data.len() {
        if &data[i..i + from.len()] == from {
            data[i..i + from.len()].copy_from_slice(to);
            n += 1;
            i += from.len();
        } else {
            i += 1;
        }
    }
    n
}

fn utf16be(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(|u| u.to_be_bytes()).collect()
}

/// A layout whose body font is a Japanese face gets a warning at its `[fonts]` entry
/// naming the face. The face is the bundled Noto Serif CJK SC with its names changed
/// to the JP ones (the name strings only; nothing is drawn).
#[test]
fn japanese_face_is_a_warning_naming_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = common::scratch_dir("jp", "face", &["layouts"]);
    let mut data = std::fs::read(root.join("fonts/NotoSerifCJKsc-Regular.otf")).unwrap();
    let n = replace_bytes(&mut data, &utf16be("CJK SC"), &utf16be("CJK JP"))
        + replace_bytes(&mut data, b"CJK SC", b"CJK JP")
        + replace_bytes(&mut data, &utf16be("CJKsc"), &utf16be("CJKjp"))
        + replace_bytes(&mut data, b"CJKsc", b"CJKjp");
    assert!(n > 0);
    std::fs::write(dir.join("layouts/jp.otf"), data).unwrap();
    let layout = common::house_layout_with(|t| {
        let song = common::table_mut(common::table_mut(t, "fonts"), "song");
        song.insert("file".into(), "jp.otf".into());
    });
    std::fs::write(dir.join("layouts/layout.toml"), &layout).unwrap();
    let story = root.join("fixtures/mixed-latin/story.txt");
    let issue = format!(
        "layout = \"layouts/layout.toml\"\n[issue]\npaper = \"衡阳日报\"\ndate = 2022-02-08\nnumber = 1\n\n[[page]]\ntemplate = \"inside\"\nsection = \"测试\"\neditors = {{ editor = \"测试\", proof = \"测试\" }}\n\n[[page.story]]\narticle = {story:?}\narea = {{ col = 1, cols = 3, row = 4, rows = 30 }}\n"
    );
    std::fs::write(dir.join("issue.toml"), issue).unwrap();
    let laid = broadsheet::layout_issue(&dir.join("issue.toml"), &Default::default()).unwrap();
    let warning = laid
        .diags
        .0
        .iter()
        .find(|d| d.message.contains("made for Japanese"))
        .unwrap_or_else(|| panic!("no warning: {}", laid.diags));
    assert!(
        warning.message.contains("font `song`"),
        "{}",
        warning.message
    );
    assert!(
        warning.message.contains("Noto Serif CJK JP"),
        "{}",
        warning.message
    );
    // The entry, as the TOML writer sets it out: `song = {…}` or `[fonts.song]`.
    let line = layout
        .lines()
        .position(|l| l.starts_with("song = ") || l == "[fonts.song]")
        .unwrap_or_else(|| panic!("{layout}"))
        + 1;
    assert_eq!(warning.pos.map(|p| p.line), Some(line));
}

const HOUSE_LAYOUTS: &[&str] = &[
    "hengyang-broadsheet",
    "hengyang-evening-tabloid",
    "xiangnan-broadsheet",
];

/// Signs and letters seen in agency copy.
const AGENCY_CHARS: &str = "¥£€‰°±×÷µ№℃™öñçßŠŁ⟨⟩αΩ₽";

/// Styles of each kind in the house layouts: 宋 body, bold 宋 headline, bold 黑 teaser,
/// regular 黑 kicker, 楷 byline.
const STYLES: &[&str] = &["body", "headline", "teaser", "kicker", "byline"];

fn house(name: &str) -> (Layout, FontBook) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    load_layout(&root.join("layouts").join(format!("{name}.toml")))
        .unwrap_or_else(|d| panic!("{name}: {d}"))
}

fn style<'a>(layout: &'a Layout, name: &str) -> &'a Style {
    &layout.styles[usize::from(layout.style_ids[name].0)]
}

/// Each glyph of `text` shaped in `style`: its character and the PostScript name of its
/// font (panics when a character is missing or a glyph is `.notdef`).
fn faces(book: &FontBook, style: &Style, text: &str) -> Vec<(char, String)> {
    let shaped = Shaper::new(book)
        .shape(&style.fonts, text, style.size)
        .unwrap_or_else(|m| panic!("style `{}`: missing {m:?} in {text:?}", style.name));
    shaped
        .glyphs
        .iter()
        .map(|g| {
            let c = text[g.cluster..].chars().next().unwrap();
            assert_ne!(g.id, 0, "style `{}`: .notdef for {c:?}", style.name);
            (c, book.get(g.font).postscript_name.clone())
        })
        .collect()
}

/// Every agency sign shapes in every kind of style of every house layout, and comes
/// from the style's first (CJK) font whenever that font has it.
#[test]
fn agency_characters_shape_in_every_house_style() {
    for name in HOUSE_LAYOUTS {
        let (layout, book) = house(name);
        for st in STYLES {
            let st = style(&layout, st);
            let first = book.get(st.fonts.0[0]);
            for c in AGENCY_CHARS.chars() {
                let got = faces(&book, st, &c.to_string());
                assert_eq!(got.len(), 1, "{name} `{}` {c}: {got:?}", st.name);
                if first.glyph_of(c).is_some() {
                    assert_eq!(got[0].1, first.postscript_name, "{name} `{}` {c}", st.name);
                }
            }
        }
    }
}

/// What the CJK faces have of Latin-1, Latin Extended-A, Greek, currency and letterlike
/// symbols is in the bundled subsets (the requested ranges minus what the full face
/// lacks), checked on characters agency copy uses.
#[test]
fn cjk_subsets_have_the_agency_characters_their_faces_have() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (file, lacks) in [
        ("NotoSerifCJKsc-Regular.otf", "ŠŁ⟨⟩₽"),
        ("NotoSerifCJKsc-Bold.otf", "ŠŁ⟨⟩₽"),
        ("NotoSansCJKsc-Regular.otf", "ŠŁ⟨⟩₽"),
        ("NotoSansCJKsc-Bold.otf", "ŠŁ⟨⟩₽"),
        ("LXGWWenKai-Regular.ttf", "⟨⟩"),
    ] {
        let font = broadsheet::text::Font::load(&root.join("fonts").join(file), 0).unwrap();
        let extra = "ÄÅæøœŒĀĒĪŌŪ₩¢¶√∞≈≠≤≥←→";
        for c in AGENCY_CHARS.chars().chain(extra.chars()) {
            assert_eq!(
                font.glyph_of(c).is_none(),
                lacks.contains(c),
                "{file}: {c} (U+{:04X})",
                c as u32
            );
        }
    }
}

/// Each kind of style falls back to the face of its design: 宋 and 楷 to Noto Serif, bold
/// 宋 to Noto Serif Bold, 黑 to Noto Sans in its weight; ⟨ ⟩ come from Noto Sans Math.
#[test]
fn fallback_faces_follow_the_style() {
    for name in HOUSE_LAYOUTS {
        let (layout, book) = house(name);
        for st in STYLES {
            let st = style(&layout, st);
            let latin = match book.get(st.fonts.0[0]).postscript_name.as_str() {
                "NotoSerifCJKsc-Regular" | "LXGWWenKai-Regular" => "NotoSerif-Regular",
                "NotoSerifCJKsc-Bold" => "NotoSerif-Bold",
                "NotoSansCJKsc-Regular" => "NotoSans-Regular",
                "NotoSansCJKsc-Bold" => "NotoSans-Bold",
                other => panic!("{name} `{}`: first font {other}", st.name),
            };
            // ₹: no CJK face has it; Š only where the first face lacks it (WenKai has it).
            let first = book.get(st.fonts.0[0]);
            let test = if first.glyph_of('Š').is_some() {
                "₹"
            } else {
                "Š₹"
            };
            for (c, face) in faces(&book, st, test) {
                assert_eq!(face, latin, "{name} `{}`: {c}", st.name);
            }
            for (c, face) in faces(&book, st, "⟨x⟩") {
                if c != 'x' {
                    assert_eq!(face, "NotoSansMath-Regular", "{name} `{}`: {c}", st.name);
                }
            }
        }
    }
}

/// Accented words take all their letters from one face: café, Müller, señor from the
/// body's CJK face (it has é ü ñ); a word with a letter that face lacks (Škoda, Łódź) is
/// set whole in the fallback face, not with one letter of another design.
#[test]
fn accented_words_take_one_face() {
    let (layout, book) = house("hengyang-broadsheet");
    let body = style(&layout, "body");
    for word in ["café", "Müller", "señor"] {
        let got = faces(&book, body, &format!("记者{word}报道"));
        for (c, face) in &got {
            assert_eq!(face, "NotoSerifCJKsc-Regular", "{word}: {c} in {got:?}");
        }
    }
    for word in ["Škoda", "Łódź", "Žižek"] {
        let got = faces(&book, body, &format!("记者{word}报道"));
        for (c, face) in &got {
            let want = if word.contains(*c) {
                "NotoSerif-Regular"
            } else {
                "NotoSerifCJKsc-Regular"
            };
            assert_eq!(face, want, "{word}: {c} in {got:?}");
        }
    }
}

/// The error for `text` set in the house body style, with its hints.
fn missing_error(text: &str) -> broadsheet::diag::Diagnostic {
    let (layout, book) = house("hengyang-broadsheet");
    let origin = Origin {
        file: Path::new("story.txt"),
        what: "article `test`, paragraph 1".into(),
    };
    let Err(errs) = Setter::new(&book).prepare(style(&layout, "body"), text, &[], &origin) else {
        panic!("no error for {text:?}");
    };
    assert_eq!(errs.len(), 1, "{errs:?}");
    errs.into_iter().next().unwrap()
}

/// A character no bundled font has: the error's hint names an installed font that has
/// it (the same one each time). ♔ U+2654 WHITE CHESS KING is in DejaVu Sans, so with
/// fonts-dejavu-core installed (`scripts/conformance` installs it) the answer cannot be "none".
#[test]
#[ignore = "conformance: needs fonts-dejavu-core (scripts/conformance)"]
fn missing_character_hint_names_an_installed_font() {
    let dejavu = Path::new("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    assert!(
        dejavu.is_file(),
        "this test needs DejaVu Sans installed: apt-get install fonts-dejavu-core"
    );
    let king = '♔';
    let has = |path: &Path, index: u32, c: char| {
        let data = std::fs::read(path).unwrap();
        ttf_parser::Face::parse(&data, index)
            .unwrap()
            .glyph_index(c)
            .is_some()
    };
    assert!(has(dejavu, 0, king));
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for entry in std::fs::read_dir(root.join("fonts")).unwrap() {
        let path = entry.unwrap().path();
        if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("otf" | "ttf")
        ) {
            assert!(!has(&path, 0, king), "{} has {king}", path.display());
        }
    }

    let err = missing_error("国际象棋♔比赛");
    assert!(
        err.message.contains("U+2654 WHITE CHESS KING"),
        "{}",
        err.message
    );
    let found = installed_font_with(king).expect("an installed font has ♔");
    assert!(has(&found.path, found.index, king), "{found:?}");
    assert_eq!(
        installed_font_with(king),
        Some(found.clone()),
        "deterministic"
    );
    let hint = err
        .hints
        .iter()
        .find(|h| h.contains("installed font"))
        .unwrap_or_else(|| panic!("no hint naming a font: {:?}", err.hints));
    assert!(
        hint.contains(&format!("“{}”", found.family))
            && hint.contains(&found.path.display().to_string()),
        "{hint} / {found:?}"
    );
}

/// A character no installed font has (a private-use code point): the hint says so.
#[test]
fn missing_character_hint_says_when_no_font_has_it() {
    let pua = '\u{10FFFD}';
    assert_eq!(installed_font_with(pua), None);
    let err = missing_error(&format!("记者{pua}报道"));
    assert!(
        err.hints
            .iter()
            .any(|h| h.contains("no font installed on this system has it")),
        "{:?}",
        err.hints
    );
}

/// A `fallback` naming a font not in `[fonts]` is an error at the font's entry.
#[test]
fn unknown_fallback_font_is_an_error() {
    let dir = common::scratch_dir("fallback", "nope", &["layouts"]);
    let layout = common::house_layout_with(|t| {
        let hei = common::table_mut(common::table_mut(t, "fonts"), "hei-light");
        hei.insert(
            "fallback".into(),
            toml::Value::from(vec!["latin-sans", "nope"]),
        );
    });
    std::fs::write(dir.join("layouts/layout.toml"), &layout).unwrap();
    let Err(err) = load_layout(&dir.join("layouts/layout.toml")) else {
        panic!("no error for an unknown fallback font");
    };
    let d = err
        .0
        .iter()
        .find(|d| d.message.contains("unknown fallback font `nope`"))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(d.message.contains("font `hei-light`"), "{}", d.message);
    // The entry, as the TOML writer sets it out: `hei-light = {…}` or `[fonts.hei-light]`.
    let line = layout
        .lines()
        .position(|l| l.starts_with("hei-light = ") || l == "[fonts.hei-light]")
        .unwrap_or_else(|| panic!("{layout}"))
        + 1;
    assert_eq!(d.pos.map(|p| p.line), Some(line));
}

/// The style's font list ends with its fonts' fallbacks, each once, in order.
#[test]
fn fallbacks_are_appended_to_the_style_font_list() {
    let (layout, book) = house("hengyang-broadsheet");
    let names = |st: &str| -> Vec<String> {
        style(&layout, st)
            .fonts
            .0
            .iter()
            .map(|&id| book.get(id).postscript_name.clone())
            .collect()
    };
    assert_eq!(
        names("kicker"),
        [
            "NotoSansCJKsc-Regular",
            "NotoSerifCJKsc-Regular",
            "NotoSans-Regular",
            "NotoSansMath-Regular",
            "NotoSerif-Regular"
        ]
    );
    assert_eq!(
        names("body"),
        [
            "NotoSerifCJKsc-Regular",
            "HanaMinB-subset",
            "NotoSerif-Regular",
            "NotoSansMath-Regular"
        ]
    );
}
