//! The pdf stage end to end: a hand-built document with real glyphs from the repo's
//! fonts (Noto Serif CJK SC, CFF; LXGW WenKai, TrueType), written, then read back with
//! hayro-syntax and, where installed, checked with poppler's `pdftotext`/`pdffonts` and `qpdf`.

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use broadsheet::geom::{Cmyk, Rect};
use broadsheet::linebreak::BreakReason;
use broadsheet::page::{
    BoxItem, BoxRole, Document, Furniture, Glyph, Item, Page, Role, Rule, TextLine,
};
use broadsheet::pdf::{write_file_atomic, write_pdf, PdfOptions, Timestamp};
use broadsheet::spec::{BoxStyle, RuleStyle, StyleId};
use broadsheet::text::{Font, FontBook, FontId};
use common::pdf::{self as reader, Array, Dict, Object, Operand, Stream};

const SERIF: &str = "fonts/NotoSerifCJKsc-Regular.otf";
const KAI: &str = "fonts/LXGWWenKai-Regular.ttf";
const TRIM_W: f64 = 400.0;
const TRIM_H: f64 = 300.0;
const BLEED: f64 = 9.0;
const SLUG: f64 = 18.0;

fn load(rel: &str) -> Font {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    Font::load(&path, 0).unwrap()
}

fn fonts() -> FontBook {
    let mut book = FontBook::new();
    book.add(load(SERIF));
    book.add(load(KAI));
    book
}

/// Lay out `text` in one font from `x0`, each glyph at the font's advance plus
/// `tracking` points; characters in `raised` get a 3 pt vertical offset.
#[allow(clippy::too_many_arguments)]
fn run(
    book: &FontBook,
    id: FontId,
    size: f64,
    color: Cmyk,
    text: &str,
    x0: f64,
    baseline: f64,
    tracking: f64,
    raised: &str,
) -> TextLine {
    let font = book.get(id);
    let mut x = x0;
    let mut glyphs = Vec::new();
    for (i, c) in text.char_indices() {
        let gid = font
            .glyph_of(c)
            .unwrap_or_else(|| panic!("{c:?} missing in {}", font.postscript_name));
        let advance = font.to_pt(f64::from(font.advance_units(gid)), size);
        glyphs.push(Glyph {
            font: id,
            id: gid,
            x,
            y_offset: if raised.contains(c) { 3.0 } else { 0.0 },
            advance,
            text: i..i + c.len_utf8(),
        });
        x += advance + tracking;
    }
    TextLine {
        role: Role::Furniture(Furniture::Folio(0)),
        style: StyleId(0),
        size,
        color,
        overprint: color == Cmyk::BLACK,
        x: x0,
        baseline,
        width: x - x0,
        measure: x - x0,
        reason: BreakReason::End,
        adjustments: Vec::new(),
        worst_gap: 0.0,
        on_grid: false,
        text: text.to_owned(),
        source: 0..text.len(),
        break_space: false,
        glyphs,
        faces: Vec::new(),
        dots: Vec::new(),
    }
}

fn box_style(fill: Option<Cmyk>, stroke: Option<(Cmyk, f64)>) -> BoxStyle {
    BoxStyle {
        name: "test".into(),
        fill,
        stroke,
        overprint: false,
    }
}

fn document(book: &FontBook) -> Document {
    let serif = FontId(0);
    let kai = FontId(1);
    let red = Cmyk::new(0.0, 1.0, 1.0, 0.0);
    let page1 = Page {
        number: 1,
        label: "第一版".into(),
        section: "要闻".into(),
        frames: Vec::new(),
        frame_items: Vec::new(),
        items: vec![
            Item::Box(BoxItem {
                rect: Rect::new(-BLEED, -BLEED, TRIM_W + 2.0 * BLEED, 40.0 + BLEED),
                style: box_style(Some(Cmyk::new(0.1, 0.0, 0.0, 0.0)), None),
                role: BoxRole::Teaser,
            }),
            Item::Text(run(book, serif, 24.0, red, "衡阳日报", 20.0, 32.0, 4.0, "")),
            Item::Text(run(
                book,
                serif,
                14.0,
                Cmyk::BLACK,
                "衡阳日报讯（全媒体记者 陈润）虎年首个工作日，",
                20.0,
                70.0,
                0.0,
                "",
            )),
            Item::Rule(Rule {
                x0: 20.0,
                y0: 80.0,
                x1: 380.0,
                y1: 80.0,
                style: RuleStyle {
                    name: "test".into(),
                    width: 0.5,
                    color: Cmyk::BLACK.into(),
                    overprint: true,
                    dash: None,
                },
            }),
            Item::Text(run(
                book,
                kai,
                12.0,
                Cmyk::new(1.0, 0.0, 0.0, 0.0),
                "Hengyang Daily 衡阳",
                20.0,
                100.0,
                0.5,
                "",
            )),
            Item::Box(BoxItem {
                rect: Rect::new(20.0, 120.0, 160.0, 100.0),
                style: box_style(Some(Cmyk::grey(0.2)), Some((Cmyk::BLACK, 1.0))),
                role: BoxRole::Photo { asset: None },
            }),
        ],
    };
    let page2 = Page {
        number: 2,
        label: "第二版".into(),
        section: String::new(),
        frames: Vec::new(),
        frame_items: Vec::new(),
        items: vec![
            Item::Text(run(
                book,
                kai,
                16.0,
                Cmyk::BLACK,
                "陈润报道",
                20.0,
                40.0,
                -1.5,
                "",
            )),
            Item::Text(run(
                book,
                serif,
                14.0,
                Cmyk::BLACK,
                "m2工作日",
                20.0,
                80.0,
                0.0,
                "2",
            )),
        ],
    };
    Document {
        title: "衡阳日报 2022-02-08 第18079号".into(),
        trim_width: TRIM_W,
        trim_height: TRIM_H,
        bleed: BLEED,
        slug: SLUG,
        stories: Vec::new(),
        copy: Vec::new(),
        pictures: Vec::new(),
        prepared: Default::default(),
        styles: vec!["test".into()],
        fonts: book.clone(),
        output: Default::default(),
        date: None,
        language: "zh-Hans".into(),
        ads_are_figures: false,
        pages: vec![page1, page2],
    }
}

fn out_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
}

/// Write the test document to disk (atomically) as `<name>.pdf` and return its bytes
/// and path. Each test uses its own name: tests run in parallel in one process.
fn written(name: &str) -> (Vec<u8>, PathBuf, FontBook, Document) {
    let book = fonts();
    let doc = document(&book);
    let bytes = write_pdf(&doc, &PdfOptions::default()).unwrap();
    let path = out_dir().join(format!("{name}.pdf"));
    write_file_atomic(&path, &bytes).unwrap();
    (bytes, path, book, doc)
}

fn rect_of(page: &Dict<'_>, key: &[u8]) -> Vec<f64> {
    page.get::<Array<'_>>(key).unwrap().iter::<f64>().collect()
}

fn name_of(d: &Dict<'_>, key: &[u8]) -> Vec<u8> {
    reader::name(d, std::str::from_utf8(key).unwrap())
}

fn stream_bytes(s: &Stream<'_>) -> Vec<u8> {
    s.decoded()
        .map_or_else(|_| s.raw_data().into_owned(), |d| d.into_owned())
}

/// The font resources of a page: name → font dictionary.
fn page_fonts<'a>(page: &hayro_syntax::page::Page<'a>) -> BTreeMap<Vec<u8>, Dict<'a>> {
    let fonts = &page.resources().fonts;
    fonts
        .keys()
        .map(|k| (k.to_vec(), fonts.get::<Dict<'a>>(k.as_ref()).unwrap()))
        .collect()
}

/// `/W` of a CIDFont as CID → width.
fn widths(cid_font: &Dict<'_>) -> BTreeMap<u16, f64> {
    let w: Vec<Object<'_>> = cid_font
        .get::<Array<'_>>(b"W")
        .unwrap()
        .iter::<Object<'_>>()
        .collect();
    let num = |o: &Object<'_>| match o {
        Object::Number(n) => n.as_f64(),
        other => panic!("not a number: {other:?}"),
    };
    let mut out = BTreeMap::new();
    let mut i = 0;
    while i < w.len() {
        let first = num(&w[i]) as u16;
        match &w[i + 1] {
            Object::Array(ws) => {
                for (k, v) in ws.iter::<f64>().enumerate() {
                    out.insert(first + k as u16, v);
                }
                i += 2;
            }
            last => {
                let last = num(last) as u16;
                for cid in first..=last {
                    out.insert(cid, num(&w[i + 2]));
                }
                i += 3;
            }
        }
    }
    out
}

/// The codes shown per font resource name, in content-stream order.
fn shown_codes(page: &hayro_syntax::page::Page<'_>) -> Vec<(Vec<u8>, u16)> {
    let content = reader::page_content(page);
    let mut font = Vec::new();
    let mut out = Vec::new();
    for (operator, operands) in reader::ops(&content) {
        match operator.as_str() {
            "Tf" => font = operands[0].name().to_vec(),
            "TJ" => {
                let Operand::Array(items) = &operands[0] else {
                    panic!("TJ without an array")
                };
                for item in items {
                    if let Operand::Str(bytes) = item {
                        for pair in bytes.chunks(2) {
                            out.push((font.clone(), u16::from_be_bytes([pair[0], pair[1]])));
                        }
                    }
                }
            }
            "Tj" => panic!("expected TJ only"),
            _ => {}
        }
    }
    out
}

/// The outline bounding box of a glyph, to tell glyphs apart.
fn bbox_face(face: &ttf_parser::Face, gid: u16) -> Option<ttf_parser::Rect> {
    struct Sink;
    impl ttf_parser::OutlineBuilder for Sink {
        fn move_to(&mut self, _: f32, _: f32) {}
        fn line_to(&mut self, _: f32, _: f32) {}
        fn quad_to(&mut self, _: f32, _: f32, _: f32, _: f32) {}
        fn curve_to(&mut self, _: f32, _: f32, _: f32, _: f32, _: f32, _: f32) {}
        fn close(&mut self) {}
    }
    face.outline_glyph(ttf_parser::GlyphId(gid), &mut Sink)
}

fn bbox_cff(cff: &ttf_parser::cff::Table, gid: u16) -> Option<ttf_parser::Rect> {
    struct Sink;
    impl ttf_parser::OutlineBuilder for Sink {
        fn move_to(&mut self, _: f32, _: f32) {}
        fn line_to(&mut self, _: f32, _: f32) {}
        fn quad_to(&mut self, _: f32, _: f32, _: f32, _: f32) {}
        fn curve_to(&mut self, _: f32, _: f32, _: f32, _: f32, _: f32, _: f32) {}
        fn close(&mut self) {}
    }
    cff.outline(ttf_parser::GlyphId(gid), &mut Sink).ok()
}

#[test]
fn boxes_fonts_widths_and_codes_are_consistent() {
    let (bytes, _, book, doc) = written("boxes");
    let pdf = reader::open(&bytes);
    let pages = pdf.pages();
    assert_eq!(pages.len(), 2);

    // Original glyphs per font resource name, in painting order, to match against the
    // codes the content streams show.
    let mut expected: Vec<(Vec<u8>, u16)> = Vec::new();
    let mut font_of_resource: BTreeMap<Vec<u8>, FontId> = BTreeMap::new();

    let off = BLEED + SLUG;
    for (pdf_page, page) in pages.iter().zip(&doc.pages) {
        let dict = pdf_page.raw();
        assert_eq!(
            rect_of(dict, b"MediaBox"),
            vec![0.0, 0.0, TRIM_W + 2.0 * off, TRIM_H + 2.0 * off]
        );
        assert_eq!(
            rect_of(dict, b"BleedBox"),
            vec![
                SLUG,
                SLUG,
                TRIM_W + 2.0 * off - SLUG,
                TRIM_H + 2.0 * off - SLUG
            ]
        );
        assert_eq!(
            rect_of(dict, b"TrimBox"),
            vec![off, off, off + TRIM_W, off + TRIM_H]
        );

        let page_fonts = page_fonts(pdf_page);
        for item in &page.items {
            if let Item::Text(line) = item {
                for run in line.runs() {
                    let name = format!("F{}", run.font.0).into_bytes();
                    assert!(
                        page_fonts.contains_key(&name),
                        "font {name:?} not in resources"
                    );
                    font_of_resource.insert(name.clone(), run.font);
                    expected.extend(run.glyphs.iter().map(|g| (name.clone(), g.id)));
                }
            }
        }
    }
    let shown: Vec<(Vec<u8>, u16)> = pages.iter().flat_map(shown_codes).collect();
    assert_eq!(shown.len(), expected.len(), "one code per placed glyph");

    // Per font: structure, subset tag, /W, and code → outline agreement.
    let mut all_fonts = page_fonts(&pages[0]);
    all_fonts.extend(page_fonts(&pages[pages.len() - 1]));
    assert_eq!(all_fonts.len(), 2);
    for (resource, type0) in &all_fonts {
        let font = book.get(font_of_resource[resource]);
        let face = font.face().unwrap();
        assert_eq!(name_of(type0, b"Subtype"), b"Type0");
        assert_eq!(name_of(type0, b"Encoding"), b"Identity-H");
        assert!(type0.contains_key(b"ToUnicode"));
        let base = name_of(type0, b"BaseFont");
        let base = std::str::from_utf8(&base).unwrap();
        assert_eq!(base.as_bytes()[6], b'+', "{base}");
        assert!(base[..6].bytes().all(|b| b.is_ascii_uppercase()), "{base}");
        assert!(base[7..].starts_with(&font.postscript_name), "{base}");

        let descendants = type0.get::<Array<'_>>(b"DescendantFonts").unwrap();
        let cid = &descendants.iter::<Dict<'_>>().next().unwrap();
        let descriptor = cid.get::<Dict<'_>>(b"FontDescriptor").unwrap();
        let is_cff = font.path.ends_with("NotoSerifCJKsc-Regular.otf");
        let subtype = name_of(cid, b"Subtype");
        // The glyph a viewer draws for a code: CFF via the embedded charset (CID → GID),
        // TrueType via CIDToGIDMap /Identity.
        let program;
        let draw: Box<dyn Fn(u16) -> Option<ttf_parser::Rect>>;
        if is_cff {
            assert_eq!(subtype, b"CIDFontType0");
            let file = descriptor.get::<Stream<'_>>(b"FontFile3").unwrap();
            assert_eq!(name_of(file.dict(), b"Subtype"), b"CIDFontType0C");
            program = stream_bytes(&file);
            let cff = ttf_parser::cff::Table::parse(&program).unwrap();
            let mut gid_of_cid = BTreeMap::new();
            for gid in 0..cff.number_of_glyphs() {
                let cid = cff.glyph_cid(ttf_parser::GlyphId(gid)).unwrap();
                // Finding: subsetter writes CID == subset GID.
                assert_eq!(cid, gid);
                gid_of_cid.insert(cid, gid);
            }
            draw = Box::new(move |code| bbox_cff(&cff, *gid_of_cid.get(&code)?));
        } else {
            assert_eq!(subtype, b"CIDFontType2");
            assert_eq!(name_of(cid, b"CIDToGIDMap"), b"Identity");
            let file = descriptor.get::<Stream<'_>>(b"FontFile2").unwrap();
            program = stream_bytes(&file);
            let sub = ttf_parser::Face::parse(&program, 0).unwrap();
            draw = Box::new(move |code| bbox_face(&sub, code));
        }

        let w = widths(cid);
        let upm = f64::from(font.units_per_em);
        let mut checked = 0;
        for ((res, code), (eres, gid)) in shown.iter().zip(&expected) {
            assert_eq!(res, eres);
            if res != resource {
                continue;
            }
            let want = (f64::from(font.advance_units(*gid)) * 1000.0 / upm).round();
            assert_eq!(w.get(code), Some(&want), "/W of code {code} (glyph {gid})");
            assert_eq!(
                draw(*code),
                bbox_face(&face, *gid),
                "code {code} draws another glyph than {gid}"
            );
            checked += 1;
        }
        assert!(checked > 5);
    }
}

#[test]
fn output_is_deterministic_and_has_no_timestamp() {
    let book = fonts();
    let doc = document(&book);
    let a = write_pdf(&doc, &PdfOptions::default()).unwrap();
    let b = write_pdf(&doc, &PdfOptions::default()).unwrap();
    assert!(a == b, "two runs gave different bytes");
    let text = String::from_utf8_lossy(&a);
    assert!(!text.contains("/CreationDate") && !text.contains("/ModDate"));

    let dated = Document {
        date: Timestamp::parse("2022-02-08T12:00:00+08:00", 0),
        ..doc
    };
    let c = write_pdf(&dated, &PdfOptions::default()).unwrap();
    assert!(String::from_utf8_lossy(&c).contains("/CreationDate (D:20220208120000+08'00')"));
    assert!(c == write_pdf(&dated, &PdfOptions::default()).unwrap());
}

#[test]
fn info_and_output_intent() {
    let (bytes, ..) = written("info");
    let pdf = reader::open(&bytes);
    let info = reader::info(&pdf);
    let title = reader::string(&info, "Title");
    assert_eq!(&title[..2], &[0xfe, 0xff], "UTF-16BE with BOM");
    let units: Vec<u16> = title[2..]
        .chunks(2)
        .map(|p| u16::from_be_bytes([p[0], p[1]]))
        .collect();
    assert_eq!(
        String::from_utf16(&units).unwrap(),
        "衡阳日报 2022-02-08 第18079号"
    );
    assert_eq!(
        reader::string(&info, "Producer"),
        concat!("broadsheet ", env!("CARGO_PKG_VERSION")).as_bytes()
    );
    assert!(reader::trailer(&bytes).contains_key(b"ID"));
    // The default options claim no standard: no output intent, no PDF/X version (the
    // claim and what backs it are tested in tests/it/pdfx_conformance.rs).
    assert!(!info.contains_key(b"GTS_PDFXVersion"));
    assert!(!reader::catalog(&pdf).contains_key(b"OutputIntents"));
}

#[test]
fn colours_and_overprint() {
    let (bytes, ..) = written("colours");
    let pdf = reader::open(&bytes);
    let first = &pdf.pages()[0];
    let ops = reader::ops(&reader::page_content(first));
    let names: Vec<&str> = ops.iter().map(|o| o.0.as_str()).collect();
    assert!(names.contains(&"k") && names.contains(&"K") && names.contains(&"gs"));
    assert!(
        !names.iter().any(|n| ["rg", "RG", "g", "G"].contains(n)),
        "CMYK only"
    );
    // The black run is preceded by the overprint ExtGState.
    let gs = ops.iter().find(|o| o.0 == "gs").unwrap();
    let gs_name = gs.1[0].name();
    let op = first
        .resources()
        .ext_g_states
        .get::<Dict<'_>>(gs_name)
        .unwrap();
    assert_eq!(op.get::<bool>(b"OP"), Some(true));
    assert_eq!(op.get::<bool>(b"op"), Some(true));
    assert_eq!(op.get::<i64>(b"OPM"), Some(1));
}

#[test]
fn bad_input_is_a_diagnostic() {
    let book = fonts();
    let mut doc = document(&book);
    if let Item::Text(run) = &mut doc.pages[1].items[0] {
        for g in &mut run.glyphs {
            g.font = FontId(7);
        }
    }
    let err = write_pdf(&doc, &PdfOptions::default()).unwrap_err();
    assert!(err.message.contains("font #7"), "{}", err.message);

    let mut doc = document(&book);
    if let Item::Text(run) = &mut doc.pages[1].items[0] {
        run.glyphs[0].text = 0..999;
    }
    assert!(write_pdf(&doc, &PdfOptions::default()).is_err());

    let mut doc = document(&book);
    if let Item::Text(run) = &mut doc.pages[1].items[0] {
        run.glyphs[0].x = f64::NAN;
    }
    assert!(write_pdf(&doc, &PdfOptions::default()).is_err());
}

fn tool(name: &str) -> bool {
    // A missing tool is a failure, not a skip: `scripts/conformance` installs poppler-utils and qpdf.
    let found = Command::new(name).arg("-v").output().is_ok();
    assert!(
        found,
        "`{name}` is not installed (apt-get install poppler-utils qpdf; scripts/conformance does)"
    );
    found
}

#[test]
#[ignore = "conformance: needs poppler-utils (scripts/conformance)"]
fn pdftotext_gives_the_text_back() {
    if !tool("pdftotext") {
        return;
    }
    let (_, path, _, doc) = written("text");
    let out = Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let strip = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let want: String = doc
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| match i {
            Item::Text(r) => Some(r.text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(strip(&String::from_utf8_lossy(&out.stdout)), strip(&want));
}

#[test]
#[ignore = "conformance: needs poppler-utils (scripts/conformance)"]
fn pdffonts_reports_embedded_subsets() {
    if !tool("pdffonts") {
        return;
    }
    let (_, path, ..) = written("fonts");
    let out = Command::new("pdffonts").arg(&path).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<&str> = text.lines().skip(2).collect();
    assert_eq!(rows.len(), 2, "{text}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type… encoding emb sub uni object-id generation
        let n = cols.len();
        assert_eq!(&cols[n - 5..n - 2], &["yes", "yes", "yes"], "{row}");
        assert_eq!(cols[0].as_bytes()[6], b'+', "{row}");
    }
}

#[test]
#[ignore = "conformance: needs qpdf, poppler-utils (scripts/conformance)"]
fn qpdf_check_passes() {
    if !tool("qpdf") {
        return;
    }
    let (_, path, ..) = written("qpdf");
    let out = Command::new("qpdf")
        .arg("--check")
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
#[ignore = "conformance: needs poppler-utils (scripts/conformance)"]
fn renders_to_png() {
    if !tool("pdftoppm") {
        return;
    }
    let (_, path, ..) = written("render");
    let prefix = out_dir().join("render");
    let out = Command::new("pdftoppm")
        .args(["-r", "72", "-png"])
        .arg(&path)
        .arg(&prefix)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "poppler complained: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
