//! Style keys for mixed-script wire copy: hyphenation of Western words and
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

use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::linebreak::Hyphenation;
use crate::spec::keys::TableAt;
use crate::spec::load_toml::SourceFile;
use crate::spec::paths::{resolve_input, Roots};
use crate::spec::raw::{FontSpec, StyleSpec};
use crate::text::locate::{self, FaceLanguage, FaceSelect, FontRequest};
use crate::text::{Font, FontBook};

/// Load a `[fonts]` entry ([`FontSpec`]): a file (relative to the layout, inside the
/// folders the issue may read), a face of a collection by index or name, or a system
/// family (found by name, not by path). A face made for another language than
/// Simplified Chinese (the Japanese face of a Noto CJK collection) is a warning at the
/// entry, naming the face (CLReq "Glyph forms"). Errors are located at the entry.
pub fn load_font(
    src: &SourceFile,
    base: &Path,
    roots: &Roots,
    name: &str,
    spec: &Spanned<FontSpec>,
    book: &mut FontBook,
) -> Result<Font, Diagnostic> {
    let fail = |cause: String| {
        src.error_at(
            spec.span(),
            format!(
                "failed to load font `{name}` from `{}` ({cause})",
                spec.get_ref()
            ),
        )
    };
    let file = |p: &String| {
        resolve_input(
            src,
            &Spanned::new(spec.span(), p.clone()),
            base,
            roots,
            "font",
        )
        .map_err(|d| d.with_hint(format!("font `{name}` of this layout")))
    };
    let req = match spec.get_ref() {
        FontSpec::File(p) => FontRequest::File {
            path: file(p)?,
            face: FaceSelect::Default,
        },
        FontSpec::Table(t) => {
            let face = match (&t.face, t.index) {
                (Some(_), Some(_)) => {
                    return Err(fail("give either `face` or `index`, not both".into()))
                }
                (Some(n), None) => FaceSelect::Name(n.clone()),
                (None, Some(i)) => FaceSelect::Index(i),
                (None, None) => FaceSelect::Default,
            };
            match (&t.file, &t.family) {
                (Some(p), None) => FontRequest::File {
                    path: file(p)?,
                    face,
                },
                (None, Some(f)) => FontRequest::Family {
                    name: f.clone(),
                    face,
                },
                _ => return Err(fail("give either `file` or `family`".into())),
            }
        }
    };
    let font = locate::load_font(&req).map_err(fail)?;
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

/// The words of a style's `hyphenate`: `none`, or a language with embedded patterns.
pub(crate) const HYPHENATE: &[(&str, Option<[u8; 2]>)] = &[
    ("none", None),
    ("en", Some(*b"en")),
    ("de", Some(*b"de")),
    ("fr", Some(*b"fr")),
];

/// The style's hyphenation, `None` when it names none (or `none`). An unknown language
/// is an error at the value, listing the languages with patterns.
pub fn hyphenation(
    at: &TableAt<'_>,
    s: &StyleSpec,
    diags: &mut Diagnostics,
) -> Option<Hyphenation> {
    let lang = s.hyphenate(at, diags)?;
    let n = |v: u32| v as usize;
    Some(Hyphenation {
        lang,
        min_word: n(s.hyphen_min_word(at, diags)),
        min_left: n(s.hyphen_min_left(at, diags)),
        min_right: n(s.hyphen_min_right(at, diags)),
    })
}
