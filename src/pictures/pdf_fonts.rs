//! The fonts a supplied ad page lists must be embedded: a print-ready ad brings its
//! fonts (PDF/X, ISO 15930-7, requires every font to be embedded), or the plant's RIP
//! substitutes one. Looks at the page's font resources and those of its Form XObjects
//! (to a depth of 8); a Type 3 font is its own glyph procedures and always embedded.

use hayro_write::hayro_syntax::object::dict::keys::{
    BASE_FONT, DESCENDANT_FONTS, FONT, FONT_DESC, FONT_FILE, FONT_FILE2, FONT_FILE3, RESOURCES,
    SUBTYPE, XOBJECT,
};
use hayro_write::hayro_syntax::object::{Array, Dict, Name, Stream};
use hayro_write::hayro_syntax::page::Page;

/// How deep nested Form XObjects are followed.
const MAX_DEPTH: u8 = 8;

/// The names of the fonts of a page that are not embedded, sorted, each once.
pub fn unembedded_fonts(page: &Page<'_>) -> Vec<String> {
    let r = page.resources();
    let mut out = Vec::new();
    walk(&r.fonts, &r.x_objects, 0, &mut out);
    out.sort();
    out.dedup();
    out
}

fn walk(fonts: &Dict<'_>, xobjects: &Dict<'_>, depth: u8, out: &mut Vec<String>) {
    let keys: Vec<Name<'_>> = fonts.keys().collect();
    for k in keys {
        if let Some(font) = fonts.get::<Dict<'_>>(k.as_ref()) {
            if !is_embedded(&font) {
                let name = font
                    .get::<Name<'_>>(BASE_FONT)
                    .map_or_else(|| k.as_str().to_string(), |n| n.as_str().to_string());
                out.push(name);
            }
        }
    }
    if depth >= MAX_DEPTH {
        return;
    }
    let keys: Vec<Name<'_>> = xobjects.keys().collect();
    for k in keys {
        let Some(s) = xobjects.get::<Stream<'_>>(k.as_ref()) else {
            continue;
        };
        let d = s.dict();
        if d.get::<Name<'_>>(SUBTYPE).as_ref().map(|n| n.as_ref()) != Some(b"Form".as_slice()) {
            continue;
        }
        let res = d.get::<Dict<'_>>(RESOURCES).unwrap_or_default();
        let fonts = res.get::<Dict<'_>>(FONT).unwrap_or_default();
        let xobjects = res.get::<Dict<'_>>(XOBJECT).unwrap_or_default();
        walk(&fonts, &xobjects, depth + 1, out);
    }
}

/// A font dictionary with its font program (ISO 32000-1 §9.9: FontFile, FontFile2 or
/// FontFile3 in the font descriptor; for a Type 0 font, its descendant's descriptor).
fn is_embedded(font: &Dict<'_>) -> bool {
    let subtype = font.get::<Name<'_>>(SUBTYPE);
    let descriptor = match subtype.as_ref().map(|n| n.as_ref()) {
        Some(b"Type3") => return true,
        Some(b"Type0") => font
            .get::<Array<'_>>(DESCENDANT_FONTS)
            .and_then(|a| a.iter::<Dict<'_>>().next())
            .and_then(|d| d.get::<Dict<'_>>(FONT_DESC)),
        _ => font.get::<Dict<'_>>(FONT_DESC),
    };
    descriptor.is_some_and(|d| {
        d.contains_key(FONT_FILE) || d.contains_key(FONT_FILE2) || d.contains_key(FONT_FILE3)
    })
}
