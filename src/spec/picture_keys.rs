//! The picture keys of a photo (`fit`, `focus`, `crop`), of an ad (`page`, `fit`) and of a
//! layout (`[pictures]`): keywords from one table, every number finite, in range and
//! located at its value.

use toml::Spanned;

use crate::diag::Diagnostics;
use crate::geom::mm;
use crate::spec::keys::TableAt;
use crate::spec::load_toml::SourceFile;
use crate::spec::model::{Fit, FitMode, PictureRules};
use crate::spec::numbers::opt_int_in;
use crate::spec::raw::{PhotoSpec, PicturesSpec, WithPhotoSpec};

/// The `fit` keywords.
const FIT_MODES: &[(&str, FitMode)] = &[("fill", FitMode::Fill), ("contain", FitMode::Contain)];

/// Largest page number a supplied PDF may name.
const MAX_AD_PAGE: u32 = 10_000;

/// A `fit` keyword, or an error at it.
fn fit_mode(
    src: &SourceFile,
    m: &Option<Spanned<String>>,
    diags: &mut Diagnostics,
) -> Option<FitMode> {
    let m = m.as_ref()?;
    match FIT_MODES.iter().find(|(k, _)| k == m.get_ref()) {
        Some((_, mode)) => Some(*mode),
        None => {
            diags.push(src.error_at(
                m.span(),
                format!("unknown fit `{}` (use `fill` or `contain`)", m.get_ref()),
            ));
            None
        }
    }
}

/// The keys of a photo's fit as written: `fit`, `focus`, `crop` (of a `[[page.photo]]`
/// or a story's `with_photo`).
pub struct FitKeys<'a> {
    pub fit: &'a Option<Spanned<String>>,
    pub focus: &'a Option<Spanned<[f64; 2]>>,
    pub crop: &'a Option<Spanned<[f64; 4]>>,
}

impl PhotoSpec {
    pub fn fit_keys(&self) -> FitKeys<'_> {
        FitKeys {
            fit: &self.fit,
            focus: &self.focus,
            crop: &self.crop,
        }
    }
}

impl WithPhotoSpec {
    pub fn fit_keys(&self) -> FitKeys<'_> {
        FitKeys {
            fit: &self.fit,
            focus: &self.focus,
            crop: &self.crop,
        }
    }
}

/// A photo's fit: mode, focal point and crop, each checked.
pub fn resolve_fit(src: &SourceFile, ph: FitKeys<'_>, diags: &mut Diagnostics) -> Fit {
    let mut fit = Fit::default();
    if let Some(mode) = fit_mode(src, ph.fit, diags) {
        fit.mode = mode;
    }
    if let Some(f) = ph.focus {
        let v = *f.get_ref();
        if v.iter().all(|x| x.is_finite() && (0.0..=1.0).contains(x)) {
            fit.focus = v;
        } else {
            diags.push(src.error_at(
                f.span(),
                format!(
                    "a photo's `focus` must be two numbers from 0 to 1 (got [{}, {}])",
                    v[0], v[1]
                ),
            ));
        }
    }
    if let Some(c) = ph.crop {
        let v = *c.get_ref();
        let [l, t, r, b] = v;
        if v.iter().all(|x| x.is_finite() && (0.0..=1.0).contains(x)) && l < r && t < b {
            fit.crop = v;
        } else {
            diags.push(
                src.error_at(
                    c.span(),
                    format!(
                        "a photo's `crop` must be [left, top, right, bottom] from 0 to 1 with left < right and top < bottom (got [{l}, {t}, {r}, {b}])"
                    ),
                ),
            );
        }
    }
    fit
}

/// An ad's `page` (1-based, default 1).
pub fn resolve_ad_page(
    src: &SourceFile,
    page: &Option<Spanned<u32>>,
    diags: &mut Diagnostics,
) -> u32 {
    opt_int_in(src, page, 1, 1..=MAX_AD_PAGE, "an ad's `page`", diags)
}

/// An ad's `fit` (None when not given).
pub fn resolve_ad_fit(
    src: &SourceFile,
    fit: &Option<Spanned<String>>,
    diags: &mut Diagnostics,
) -> Option<FitMode> {
    fit_mode(src, fit, diags)
}

/// The layout's `[pictures]` limits, with the defaults of a newspaper on newsprint
/// (150 ppi minimum, warning under 200 ppi, 1 mm tolerance for supplied ads).
pub fn resolve_picture_rules(
    src: &SourceFile,
    spec: Option<&PicturesSpec>,
    diags: &mut Diagnostics,
) -> PictureRules {
    let none = PicturesSpec::default();
    let p = spec.unwrap_or(&none);
    let at = TableAt::new(src, "[pictures]");
    let min_ppi = p.min_ppi(&at, diags);
    PictureRules {
        min_ppi,
        warn_ppi: p.warn_ppi(&at, diags).max(min_ppi),
        ad_tolerance: mm(p.ad_tolerance_mm(&at, diags)),
        cmyk_only_ads: p.cmyk_only_ads(),
        min_picture_lines: p.min_picture_lines(&at, diags),
    }
}
