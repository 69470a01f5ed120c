//! The page description is what is printed: for every fixture, each text line of the
//! description (which the dump prints) is read back from the PDF at the same position
//! with the same text. The PDF is parsed here independently of the writer (hayro-syntax for
//! the objects; content operators and ToUnicode CMaps decoded by this test), so a
//! writer that moved, dropped or re-encoded a glyph run would fail it.

use std::collections::BTreeMap;

use broadsheet::page::Item;
use broadsheet::RenderOptions;

use crate::common;
use common::fixture_issues;
use common::pdf::{self as reader, Dict, Operand, Stream};

/// A `BT … ET` block read back: font resource, size, first text position, text.
#[derive(Debug, Clone, PartialEq)]
struct Shown {
    font: String,
    size: f64,
    x: f64,
    y: f64,
    text: String,
}

/// Parse a ToUnicode CMap (bfchar and bfrange sections) into code → text.
fn parse_cmap(data: &[u8]) -> BTreeMap<u16, String> {
    let text = String::from_utf8_lossy(data);
    let hex = |s: &str| -> Vec<u8> {
        let s = s.trim_matches(|c| c == '<' || c == '>');
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    };
    let utf16 = |b: &[u8]| -> String {
        let units: Vec<u16> = b
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16(&units).unwrap()
    };
    let code = |b: &[u8]| u16::from_be_bytes([b[0], b[1]]);
    let mut map = BTreeMap::new();
    let mut mode = "";
    for line in text.lines() {
        let line = line.trim();
        if line.ends_with("beginbfchar") {
            mode = "char";
            continue;
        }
        if line.ends_with("beginbfrange") {
            mode = "range";
            continue;
        }
        if line.starts_with("endbf") {
            mode = "";
            continue;
        }
        let parts: Vec<&str> = line.split_whitespace().collect();
        match (mode, parts.as_slice()) {
            ("char", [c, u]) => {
                map.insert(code(&hex(c)), utf16(&hex(u)));
            }
            ("range", [a, b, u]) if u.starts_with('<') => {
                let (a, b) = (code(&hex(a)), code(&hex(b)));
                let base = hex(u);
                let last = base.len() - 2;
                for (k, c) in (a..=b).enumerate() {
                    let mut v = base.clone();
                    let lo = u16::from_be_bytes([v[last], v[last + 1]]) + k as u16;
                    v[last..].copy_from_slice(&lo.to_be_bytes());
                    map.insert(c, utf16(&v));
                }
            }
            _ => {}
        }
    }
    map
}

/// Every text block of every page, in content order.
fn read_back(bytes: &[u8]) -> Vec<Vec<Shown>> {
    let doc = reader::open(bytes);
    let mut pages = Vec::new();
    for page in doc.pages().iter() {
        let mut cmaps: BTreeMap<Vec<u8>, BTreeMap<u16, String>> = BTreeMap::new();
        let fonts = &page.resources().fonts;
        for name in fonts.keys() {
            let font = fonts.get::<Dict<'_>>(name.as_ref()).unwrap();
            let stream = font.get::<Stream<'_>>(b"ToUnicode").unwrap();
            cmaps.insert(name.to_vec(), parse_cmap(&reader::decoded(&stream)));
        }
        let content = reader::page_content(page);
        let mut shown = Vec::new();
        let mut current: Option<Shown> = None;
        let mut font = Vec::new();
        let mut size = 0.0;
        for (operator, operands) in reader::ops(&content) {
            match operator.as_str() {
                "BT" => {
                    current = Some(Shown {
                        font: String::new(),
                        size: 0.0,
                        x: f64::NAN,
                        y: f64::NAN,
                        text: String::new(),
                    })
                }
                "Tf" => {
                    font = operands[0].name().to_vec();
                    size = operands[1].num();
                }
                "Tm" => {
                    let b = current.as_mut().unwrap();
                    if b.x.is_nan() {
                        b.x = operands[4].num();
                        b.y = operands[5].num();
                        b.font = String::from_utf8_lossy(&font).into_owned();
                        b.size = size;
                    }
                }
                "TJ" => {
                    let b = current.as_mut().unwrap();
                    let cmap = &cmaps[&font];
                    let Operand::Array(items) = &operands[0] else {
                        panic!("TJ without an array")
                    };
                    for item in items {
                        if let Operand::Str(codes) = item {
                            for c in codes.chunks(2) {
                                let code = u16::from_be_bytes([c[0], c[1]]);
                                b.text
                                    .push_str(cmap.get(&code).map_or("\u{FFFD}", String::as_str));
                            }
                        }
                    }
                }
                "ET" => shown.push(current.take().unwrap()),
                _ => {}
            }
        }
        pages.push(shown);
    }
    pages
}

/// The defined spaces (U+00A0, U+202F, U+2009, U+200A, U+3000) are drawn with
/// the font's U+0020 glyph, which the PDF's ToUnicode maps back to a space.
fn spaces_as_space(s: &str) -> String {
    s.chars()
        .map(|c| {
            if broadsheet::text::defined_space(c).is_some() {
                ' '
            } else {
                c
            }
        })
        .collect()
}

fn no_space(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn every_line_of_the_description_is_read_back_from_the_pdf_at_its_position() {
    for path in fixture_issues() {
        let opts = RenderOptions {
            allow_overset: true,
            ..Default::default()
        };
        let (laid, bytes) = broadsheet::render_issue(&path, &opts)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let doc = &laid.document;
        let dump = broadsheet::dump::dump_document(doc);
        let pdf = read_back(&bytes);
        assert_eq!(pdf.len(), doc.pages.len());
        let offset = doc.bleed + doc.slug;
        let media_h = doc.trim_height + 2.0 * offset;
        let mut lines = 0;
        for (page, shown) in doc.pages.iter().zip(&pdf) {
            // The description's runs in paint order, as the PDF must show them.
            let mut want = Vec::new();
            for item in &page.items {
                let Item::Text(line) = item else { continue };
                assert!(
                    dump.contains(&format!("“{}”", line.text)),
                    "{}: the dump lacks the line “{}”",
                    path.display(),
                    line.text
                );
                let mut line_text = String::new();
                for run in line.runs() {
                    let first = &run.glyphs[0];
                    let text = line.run_text(&run);
                    line_text.push_str(&text);
                    want.push(Shown {
                        font: format!("F{}", run.font.0),
                        size: line.size,
                        x: first.x + offset,
                        y: media_h - (line.baseline + offset) + first.y_offset,
                        text,
                    });
                }
                assert_eq!(no_space(&line_text), no_space(&line.text));
                lines += 1;
            }
            assert_eq!(
                shown.len(),
                want.len(),
                "{}: page {}: text blocks in the PDF vs runs in the description",
                path.display(),
                page.number
            );
            for (got, want) in shown.iter().zip(&want) {
                let close = |a: f64, b: f64| (a - b).abs() < 0.002;
                assert!(
                    got.font == want.font
                        && close(got.size, want.size)
                        && close(got.x, want.x)
                        && close(got.y, want.y)
                        && got.text == spaces_as_space(&want.text),
                    "{}: page {}: PDF shows {got:?}, the description has {want:?}",
                    path.display(),
                    page.number
                );
            }
        }
        assert!(lines > 0, "{}: no text", path.display());
    }
}
