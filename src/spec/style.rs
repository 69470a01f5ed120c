//! Text styles: fonts by name, size, alignment, colour and composition settings, each
//! value range-checked and located; the styles the engine sets become typed handles
//! ([`StyleRoles`]) so no later stage looks a style up by its name.

use std::collections::BTreeMap;

use toml::Spanned;

use crate::diag::{Diagnostic, Diagnostics};
use crate::geom::Cmyk;
use crate::linebreak::{AdjustPolicy, Composition, KinsokuLevel, Looseness, PunctStyle};
use crate::spec::keys::TableAt;
use crate::spec::load_toml::SourceFile;
use crate::spec::model::{Align, Style, StyleId, StyleRoles, REQUIRED_STYLES};
use crate::spec::numbers::float_in;
use crate::spec::raw::{FontSpec, StyleSpec};
use crate::text::{FontChain, FontId};

/// Largest type size accepted, in points (a 报名 is rarely above 100 pt).
const MAX_SIZE_PT: f64 = 500.0;
/// Most body lines one line of a style may take.
pub(crate) const MAX_STYLE_LINES: u32 = 200;

/// Keywords of a style and the values they stand for (one table each, so a new keyword
/// is added in one place).
pub(crate) const ALIGNS: &[(&str, Align)] = &[
    ("left", Align::Left),
    ("center", Align::Center),
    ("right", Align::Right),
    ("justify", Align::Justify),
];
pub(crate) const KINSOKU_LEVELS: &[(&str, KinsokuLevel)] = &[
    ("none", KinsokuLevel::None),
    ("basic", KinsokuLevel::Basic),
    ("gb", KinsokuLevel::Gb),
    ("strict", KinsokuLevel::Strict),
];
pub(crate) const PUNCT_STYLES: &[(&str, PunctStyle)] = &[
    ("quanjiao", PunctStyle::Quanjiao),
    ("kaiming", PunctStyle::Kaiming),
    ("banjiao", PunctStyle::Banjiao),
    ("hangmobanjiao", PunctStyle::HangmoBanjiao),
];
pub(crate) const ADJUST_POLICIES: &[(&str, AdjustPolicy)] = &[
    ("push-in-first", AdjustPolicy::PushInFirst),
    ("push-out-only", AdjustPolicy::PushOutOnly),
];

/// The value of an optional keyword field parsed from a region of `src` that starts at
/// byte `offset` (an article's front matter): `default` when absent; an error located at
/// the value (with the allowed keywords, quoted, as a hint) when unknown.
pub(crate) fn keyword_at<T: Copy>(
    src: &SourceFile,
    offset: usize,
    v: &Option<Spanned<String>>,
    table: &[(&str, T)],
    what: &str,
    default: T,
    diags: &mut Diagnostics,
) -> T {
    let Some(v) = v else { return default };
    match table.iter().find(|(k, _)| *k == v.get_ref().as_str()) {
        Some((_, value)) => *value,
        None => {
            // Quoted, as the value is written in TOML.
            let allowed: Vec<String> = table.iter().map(|(k, _)| format!("\"{k}\"")).collect();
            let span = v.span();
            diags.push(
                src.error_at(
                    offset + span.start..offset + span.end,
                    format!("unknown {what} `{}`", v.get_ref()),
                )
                .with_hint(format!("expected one of: {}", allowed.join(", "))),
            );
            default
        }
    }
}

/// The `fallback` lists of the `[fonts]` entries, by font: the fonts each one brings
/// into the font list of a style that uses it. A name not in `[fonts]` is an error at
/// the entry; one that failed to load was already reported.
pub fn resolve_fallbacks(
    src: &SourceFile,
    fonts: &BTreeMap<String, Spanned<FontSpec>>,
    font_ids: &BTreeMap<String, FontId>,
    failed_fonts: &std::collections::BTreeSet<String>,
    diags: &mut Diagnostics,
) -> BTreeMap<FontId, Vec<FontId>> {
    let mut out = BTreeMap::new();
    for (name, spec) in fonts {
        let FontSpec::Table(t) = spec.get_ref() else {
            continue;
        };
        let mut ids = Vec::new();
        for f in &t.fallback {
            match font_ids.get(f) {
                Some(id) => ids.push(*id),
                None if failed_fonts.contains(f) => {}
                None => diags.push(
                    src.error_at(
                        spec.span(),
                        format!("font `{name}`: unknown fallback font `{f}`"),
                    )
                    .with_hint(format!(
                        "fonts defined in [fonts]: {}",
                        font_ids.keys().cloned().collect::<Vec<_>>().join(", ")
                    )),
                ),
            }
        }
        if let Some(id) = font_ids.get(name) {
            out.insert(*id, ids);
        }
    }
    out
}

/// Resolve every `[style.NAME]`: the styles in name order, their ids by name, and the
/// roles the engine needs (an error for each missing one). Each style's font list ends
/// with the `fallback` fonts of its fonts (`fallbacks`, from [`resolve_fallbacks`]).
pub fn resolve_styles(
    src: &SourceFile,
    specs: &BTreeMap<String, Spanned<StyleSpec>>,
    font_ids: &BTreeMap<String, FontId>,
    fallbacks: &BTreeMap<FontId, Vec<FontId>>,
    failed_fonts: &std::collections::BTreeSet<String>,
    diags: &mut Diagnostics,
) -> (Vec<Style>, BTreeMap<String, StyleId>, Option<StyleRoles>) {
    let mut styles = Vec::new();
    let mut ids = BTreeMap::new();
    for (name, st) in specs {
        let Ok(index) = u16::try_from(styles.len()) else {
            diags.push(src.error_at(st.span(), "a layout may define at most 65535 styles"));
            break;
        };
        let mut style = resolve_style(src, name, st, font_ids, failed_fonts, diags);
        append_fallbacks(&mut style.fonts, fallbacks);
        styles.push(style);
        ids.insert(name.clone(), StyleId(index));
    }
    let mut found = Vec::with_capacity(REQUIRED_STYLES.len());
    for required in REQUIRED_STYLES {
        match ids.get(*required) {
            Some(id) => found.push(*id),
            None => diags.push(
                Diagnostic::error(format!("layout has no style `{required}`"))
                    .in_file(&src.path)
                    .with_hint("every layout must define the styles the engine sets: see README"),
            ),
        }
    }
    let roles = match found[..] {
        [body, kicker, headline, subhead, byline, jump, cont_headline, caption, teaser, ad_title, ad_text, ad_label] => {
            Some(StyleRoles {
                body,
                kicker,
                headline,
                subhead,
                byline,
                jump,
                cont_headline,
                caption,
                teaser,
                ad_title,
                ad_text,
                ad_label,
            })
        }
        _ => None,
    };
    (styles, ids, roles)
}

/// Append to `chain` the fallback fonts of each of its fonts, in order, each font once:
/// `["song", "ext-b"]` with `song`'s `fallback = ["latin-serif", "math"]` becomes
/// `["song", "ext-b", "latin-serif", "math"]`. Fallbacks of fallbacks are not followed.
fn append_fallbacks(chain: &mut FontChain, fallbacks: &BTreeMap<FontId, Vec<FontId>>) {
    let own = chain.0.clone();
    for id in own {
        for fb in fallbacks.get(&id).into_iter().flatten() {
            if !chain.0.contains(fb) {
                chain.0.push(*fb);
            }
        }
    }
}

fn resolve_style(
    src: &SourceFile,
    name: &str,
    st: &Spanned<StyleSpec>,
    font_ids: &BTreeMap<String, FontId>,
    failed_fonts: &std::collections::BTreeSet<String>,
    diags: &mut Diagnostics,
) -> Style {
    let s = st.get_ref();
    let mut chain = Vec::new();
    for f in &s.font {
        match font_ids.get(f.get_ref()) {
            Some(id) => chain.push(*id),
            // Already reported where the font failed to load.
            None if failed_fonts.contains(f.get_ref()) => {}
            None => diags.push(
                src.error_at(f.span(), format!("unknown font `{}`", f.get_ref()))
                    .with_hint(format!(
                        "fonts defined in [fonts]: {}",
                        font_ids.keys().cloned().collect::<Vec<_>>().join(", ")
                    )),
            ),
        }
    }
    if s.font.is_empty() {
        diags.push(src.error_at(st.span(), format!("style `{name}` names no font")));
    }
    let at = TableAt::new(src, format!("[style.{name}]"));
    let size = float_in(
        src,
        &s.size_pt,
        0.5..=MAX_SIZE_PT,
        &at.what("size_pt"),
        diags,
    );
    let color = match &s.cmyk {
        Some(v) => cmyk(src, v, &at.what("cmyk"), diags),
        None => Cmyk::BLACK,
    };
    let align = s.align(&at, diags);
    Style {
        name: name.to_string(),
        fonts: FontChain(chain),
        size,
        lines: s.lines(&at, diags),
        align,
        color,
        composition: Composition {
            kinsoku: s.kinsoku(&at, diags),
            punct: s.punct(&at, diags),
            policy: s.adjust(&at, diags),
            trim_start: s.trim_start(),
            hanging: s.hanging(),
            orphan_fix: s.orphan_fix(),
            cjk_latin_space: s.cjk_latin_space_em(&at, diags),
            indent: s.indent_em(&at, diags),
            justify: align == Align::Justify,
            hyphenation: super::wire::hyphenation(&at, s, diags),
            looseness: Looseness {
                max_cjk_gap: s.max_cjk_gap_em(&at, diags),
                max_word_space: s.max_word_space_em(&at, diags),
            },
            first_fit: false,
        },
    }
}

/// A CMYK colour written as four percentages, each finite and 0–100.
pub fn cmyk(src: &SourceFile, v: &Spanned<[f64; 4]>, what: &str, diags: &mut Diagnostics) -> Cmyk {
    let [c, m, y, k] = *v.get_ref();
    let ok = |x: f64| x.is_finite() && (0.0..=100.0).contains(&x);
    if ![c, m, y, k].into_iter().all(ok) {
        diags.push(
            src.error_at(
                v.span(),
                format!("{what}: each of C, M, Y, K must be a percentage from 0 to 100"),
            )
            .with_hint(format!("got [{c}, {m}, {y}, {k}]")),
        );
        return Cmyk::BLACK;
    }
    // In f32, as the colour is stored (the same bits as before the range check).
    let unit = |x: f64| (x as f32) / 100.0;
    Cmyk::new(unit(c), unit(m), unit(y), unit(k))
}
