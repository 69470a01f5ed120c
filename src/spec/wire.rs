//! Style keys for mixed-script wire copy (issue 11): hyphenation of Western words and
//! the looseness limits, resolved into [`crate::linebreak::Composition`].
//!
//! ```toml
//! [style.body]
//! hyphenate = "en"          # en, de, fr, none (default none)
//! hyphen_min_word = 6       # shortest word hyphenated (characters)
//! hyphen_min_left = 2       # fewest characters before the hyphen
//! hyphen_min_right = 3      # … and after it
//! max_cjk_gap_em = 0.5      # report a line that adds more than this at a CJK gap
//! max_word_space_em = 0.75  # … or at a word space
//! ```

use std::path::Path;

use toml::Spanned;

use crate::diag::{Diagnostics, Severity};
use crate::linebreak::{Hyphenation, Looseness};
use crate::spec::load_toml::SourceFile;
use crate::spec::raw::{FontSpec, StyleSpec};
use crate::text::locate::{self, FaceLanguage, FaceSelect, FontRequest};
use crate::text::{Font, FontBook};

/// Load a `[fonts]` entry ([`FontSpec`]): a file (relative to the layout), a face of a
/// collection by index or name, or a system family. A face made for another language
/// than Simplified Chinese (the Japanese face of a Noto CJK collection) is a warning at
/// the entry, naming the face (CLReq "Glyph forms"). Errors are the cause text.
pub fn load_font(
    src: &SourceFile,
    base: &Path,
    name: &str,
    spec: &Spanned<FontSpec>,
    book: &mut FontBook,
) -> Result<Font, String> {
    let req = match spec.get_ref() {
        FontSpec::File(p) => FontRequest::File {
            path: base.join(p),
            face: FaceSelect::Default,
        },
        FontSpec::Table(t) => {
            let face = match (&t.face, t.index) {
                (Some(_), Some(_)) => return Err("give either `face` or `index`, not both".into()),
                (Some(n), None) => FaceSelect::Name(n.clone()),
                (None, Some(i)) => FaceSelect::Index(i),
                (None, None) => FaceSelect::Default,
            };
            match (&t.file, &t.family) {
                (Some(p), None) => FontRequest::File {
                    path: base.join(p),
                    face,
                },
                (None, Some(f)) => FontRequest::Family {
                    name: f.clone(),
                    face,
                },
                _ => return Err("give either `file` or `family`".into()),
            }
        }
    };
    let font = locate::load_font(&req)?;
    if let Some(lang) =
        locate::face_language(&font).filter(|l| *l != FaceLanguage::SimplifiedChinese)
    {
        let mut d = src
            .error_at(
                spec.span(),
                format!(
                    "font `{name}` is the face “{}”, made for {}: its glyph forms differ from the Simplified Chinese (zh-Hans) forms of the text",
                    locate::face_display_name(&font),
                    lang.describe()
                ),
            )
            .with_hint("name the Simplified Chinese face, e.g. { file = \"….ttc\", face = \"Noto Serif CJK SC\" }");
        d.severity = Severity::Warning;
        book.warn(d);
    }
    Ok(font)
}

/// The style's hyphenation, `None` when it names none (or `none`). An unknown language
/// is an error at the value, listing the languages with patterns.
pub fn hyphenation(
    src: &SourceFile,
    s: &StyleSpec,
    diags: &mut Diagnostics,
) -> Option<Hyphenation> {
    let lang = s.hyphenate.as_ref()?;
    let name = lang.get_ref().as_str();
    if name == "none" {
        return None;
    }
    let code: Option<[u8; 2]> = Hyphenation::LANGS
        .iter()
        .find(|l| **l == name)
        .and_then(|l| l.as_bytes().try_into().ok());
    let Some(code) = code else {
        diags.push(
            src.error_at(
                lang.span(),
                format!("unknown hyphenation language `{name}`"),
            )
            .with_hint(format!(
                "expected one of: none, {}",
                Hyphenation::LANGS.join(", ")
            )),
        );
        return None;
    };
    let d = Hyphenation::ENGLISH;
    let n = |v: Option<u32>, default: usize| v.map_or(default, |x| x as usize);
    Some(Hyphenation {
        lang: code,
        min_word: n(s.hyphen_min_word, d.min_word),
        min_left: n(s.hyphen_min_left, d.min_left),
        min_right: n(s.hyphen_min_right, d.min_right),
    })
}

/// The style's looseness limits (absent = no limit).
pub fn looseness(s: &StyleSpec) -> Looseness {
    Looseness {
        max_cjk_gap: s.max_cjk_gap_em,
        max_word_space: s.max_word_space_em,
    }
}
