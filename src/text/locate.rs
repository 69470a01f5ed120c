//! Finding the font a layout names: a file, with a face chosen by
//! index or name inside a collection (`.ttc`), or a family installed on the system
//! (found with `fontdb`); and the language a face is made for, so a Japanese face in a
//! Simplified Chinese paper is reported.
//!
//! Noto CJK ships all regional faces in one collection, Japanese first: taking face 0
//! of `NotoSerifCJK-Regular.ttc` sets Chinese text with Japanese glyph forms (the
//! shapes of 骨, 直, 写 … differ; CLReq "Glyph forms": mainland text follows the
//! 通用规范汉字表 forms). Without a face named, a collection therefore gives its
//! Simplified Chinese face when it has one.

use std::path::{Path, PathBuf};

use crate::text::fonts::Font;

/// Which face of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FaceSelect {
    /// A plain font's only face; in a collection, its Simplified Chinese face if any,
    /// else face 0.
    Default,
    Index(u32),
    /// A family, full or PostScript name (`Noto Serif CJK SC`, `NotoSerifCJKsc-Regular`).
    Name(String),
}

/// A font as a layout names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FontRequest {
    File {
        path: PathBuf,
        face: FaceSelect,
    },
    /// A family installed on the system (fontconfig directories), regular style;
    /// `face` can narrow it to one face of the family by name.
    Family {
        name: String,
        face: FaceSelect,
    },
}

/// Load the font a layout asks for. Errors are "cause" texts for the caller's message.
pub fn load_font(req: &FontRequest) -> Result<Font, String> {
    match req {
        FontRequest::File { path, face } => load_file(path, face),
        FontRequest::Family { name, face } => {
            let (path, index) = system_family(name)?;
            let face = match face {
                FaceSelect::Default => FaceSelect::Index(index),
                other => other.clone(),
            };
            load_file(&path, &face)
        }
    }
}

fn load_file(path: &Path, face: &FaceSelect) -> Result<Font, String> {
    let data = crate::text::fonts::FontBytes::open(path)
        .map_err(|e| format!("failed to read font ({e})"))?;
    let count = ttf_parser::fonts_in_collection(&data).unwrap_or(1);
    let index = match face {
        FaceSelect::Index(i) if *i < count => *i,
        FaceSelect::Index(i) => {
            return Err(format!(
                "face index {i} is out of range: the file has {count} face(s): {}",
                face_names(&data, count).join(", ")
            ))
        }
        FaceSelect::Name(want) => (0..count)
            .find(|&i| {
                names_of(&data, i)
                    .iter()
                    .any(|n| n.eq_ignore_ascii_case(want))
            })
            .ok_or_else(|| {
                format!(
                    "no face named “{want}”; the file has: {}",
                    face_names(&data, count).join(", ")
                )
            })?,
        FaceSelect::Default => (0..count)
            .find(|&i| {
                language_of_names(&names_of(&data, i)) == Some(FaceLanguage::SimplifiedChinese)
            })
            .unwrap_or(0),
    };
    Font::from_bytes(path.to_path_buf(), data, index).map_err(|d| d.message)
}

/// The regular face of a system family: its file and face index.
fn system_family(name: &str) -> Result<(PathBuf, u32), String> {
    let mut db = fontdb::Database::new();
    db.load_system_fonts();
    let query = fontdb::Query {
        families: &[fontdb::Family::Name(name)],
        ..fontdb::Query::default()
    };
    let id = db
        .query(&query)
        .ok_or_else(|| format!("no font family “{name}” is installed on this system"))?;
    let face = db
        .face(id)
        .ok_or_else(|| format!("font family “{name}” could not be read"))?;
    match &face.source {
        fontdb::Source::File(path) => Ok((path.clone(), face.index)),
        fontdb::Source::SharedFile(path, _) => Ok((path.clone(), face.index)),
        fontdb::Source::Binary(_) => Err(format!("font family “{name}” is not in a file")),
    }
}

/// An installed font that has a character: for the hint of a "no font has the
/// character" error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstalledFont {
    /// Its family name, as `{ family = "…" }` in `[fonts]` takes it.
    pub family: String,
    pub path: PathBuf,
    /// Face index inside the file.
    pub index: u32,
}

/// The installed fonts (fontconfig directories), read once per process and only when
/// asked: the normal path never looks at them.
fn system_fonts() -> &'static fontdb::Database {
    static DB: std::sync::OnceLock<fontdb::Database> = std::sync::OnceLock::new();
    DB.get_or_init(|| {
        let mut db = fontdb::Database::new();
        db.load_system_fonts();
        db
    })
}

/// The first installed font that has `c`, by family name, then the upright regular
/// face before the others, then file and face index (so the answer does not depend on
/// the order the directories are read in); `None` when no installed font has it. Reads
/// the system's font list on first use, so call it only when reporting an error.
pub fn installed_font_with(c: char) -> Option<InstalledFont> {
    let db = system_fonts();
    // (sort key: family, distance from the upright regular face, file, index; face id)
    type Key = (String, (u16, bool), PathBuf, u32);
    let mut faces: Vec<(Key, fontdb::ID)> = db
        .faces()
        .filter_map(|f| {
            let path = match &f.source {
                fontdb::Source::File(p) | fontdb::Source::SharedFile(p, _) => p.clone(),
                fontdb::Source::Binary(_) => return None,
            };
            let family = f.families.first().map(|(n, _)| n.clone())?;
            let regular = (
                f.weight.0.abs_diff(fontdb::Weight::NORMAL.0),
                f.style != fontdb::Style::Normal,
            );
            Some(((family, regular, path, f.index), f.id))
        })
        .collect();
    faces.sort();
    faces
        .into_iter()
        .find_map(|((family, _, path, index), id)| {
            let has = db.with_face_data(id, |data, i| {
                ttf_parser::Face::parse(data, i)
                    .ok()
                    .and_then(|f| f.glyph_index(c))
                    .is_some()
            });
            has.unwrap_or(false).then_some(InstalledFont {
                family,
                path,
                index,
            })
        })
}

/// Family (1, 16), full (4) and PostScript (6) names of face `index`.
fn names_of(data: &[u8], index: u32) -> Vec<String> {
    let Ok(face) = ttf_parser::Face::parse(data, index) else {
        return Vec::new();
    };
    let mut out: Vec<String> = face
        .names()
        .into_iter()
        .filter(|n| matches!(n.name_id, 1 | 4 | 6 | 16) && n.is_unicode())
        .filter_map(|n| n.to_string())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// One display name per face (the PostScript name).
fn face_names(data: &[u8], count: u32) -> Vec<String> {
    (0..count)
        .map(|i| {
            ttf_parser::Face::parse(data, i)
                .ok()
                .and_then(|f| {
                    f.names()
                        .into_iter()
                        .find(|n| n.name_id == 6)
                        .and_then(|n| n.to_string())
                })
                .map_or_else(|| format!("#{i}"), |n| format!("{n} (index {i})"))
        })
        .collect()
}

/// The language a CJK face is made for, as its names say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaceLanguage {
    SimplifiedChinese,
    TraditionalChinese,
    Japanese,
    Korean,
}

impl FaceLanguage {
    pub fn describe(self) -> &'static str {
        match self {
            FaceLanguage::SimplifiedChinese => "Simplified Chinese",
            FaceLanguage::TraditionalChinese => "Traditional Chinese",
            FaceLanguage::Japanese => "Japanese",
            FaceLanguage::Korean => "Korean",
        }
    }
}

/// By the regional suffix of the names (`Noto Serif CJK JP`, `Source Han Sans K`,
/// `NotoSansCJKtc-Regular`, `… SC`, `… HK`), the convention of the Pan-CJK families.
fn language_of_names(names: &[String]) -> Option<FaceLanguage> {
    use FaceLanguage as L;
    for n in names {
        let words: Vec<&str> = n.split([' ', '-']).collect();
        let tag = |t: &str| words.iter().any(|w| w.eq_ignore_ascii_case(t));
        let ps = |t: &str| words.iter().any(|w| w.ends_with(t) && w.contains("CJK"));
        if tag("SC") || tag("CN") || ps("sc") {
            return Some(L::SimplifiedChinese);
        }
        if tag("TC") || tag("HK") || tag("TW") || ps("tc") || ps("hk") {
            return Some(L::TraditionalChinese);
        }
        if tag("JP") || tag("J") || ps("jp") {
            return Some(L::Japanese);
        }
        if tag("KR") || tag("K") || ps("kr") {
            return Some(L::Korean);
        }
    }
    None
}

/// The language a loaded face is made for, if its names say.
pub fn face_language(font: &Font) -> Option<FaceLanguage> {
    language_of_names(&names_of(&font.data, font.index))
}

/// A display name of a loaded face (its full name, else its PostScript name).
pub fn face_display_name(font: &Font) -> String {
    font.face()
        .and_then(|f| {
            f.names()
                .into_iter()
                .find(|n| n.name_id == 4 && n.is_unicode())
                .and_then(|n| n.to_string())
        })
        .unwrap_or_else(|| font.postscript_name.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_from_names() {
        let l = |n: &str| language_of_names(&[n.to_string()]);
        assert_eq!(l("Noto Serif CJK JP"), Some(FaceLanguage::Japanese));
        assert_eq!(
            l("NotoSerifCJKsc-Regular"),
            Some(FaceLanguage::SimplifiedChinese)
        );
        assert_eq!(
            l("Noto Sans CJK HK"),
            Some(FaceLanguage::TraditionalChinese)
        );
        assert_eq!(l("Source Han Serif K"), Some(FaceLanguage::Korean));
        assert_eq!(l("LXGW WenKai"), None);
    }

    #[test]
    fn bundled_font_is_simplified_chinese() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts/NotoSerifCJKsc-Regular.otf");
        let f = load_font(&FontRequest::File {
            path: path.clone(),
            face: FaceSelect::Default,
        })
        .unwrap();
        assert_eq!(face_language(&f), Some(FaceLanguage::SimplifiedChinese));
        let err = load_font(&FontRequest::File {
            path,
            face: FaceSelect::Index(3),
        })
        .unwrap_err();
        assert!(err.contains("out of range"), "{err}");
    }
}
