//! Range checks for every number a user writes: finite, inside the range that makes
//! sense for it, located at the value on error. Resolve calls these before any sum or
//! product of user values is formed, so layout never sees NaN, a negative size or a
//! coordinate off the page (`cmyk = [500, -5, nan, 0]`, `indent_em = -40`,
//! `col = 4294967295` are errors here, not placements).

use std::ops::RangeInclusive;

use toml::Spanned;

use crate::diag::Diagnostics;
use crate::spec::load_toml::SourceFile;

/// Largest indent any layout key may ask for, in em (a style's first-line indent, the
/// article's block indents).
pub const MAX_INDENT_EM: f64 = 20.0;

/// A float value checked to be finite and inside `range`; `fallback` (never used for
/// layout: resolve fails) when it is not.
pub fn float_in(
    src: &SourceFile,
    v: &Spanned<f64>,
    range: RangeInclusive<f64>,
    what: &str,
    diags: &mut Diagnostics,
) -> f64 {
    let x = *v.get_ref();
    if x.is_finite() && range.contains(&x) {
        return x;
    }
    diags.push(src.error_at(
        v.span(),
        format!(
            "{what} must be a number from {} to {} (got {})",
            range.start(),
            range.end(),
            show(x)
        ),
    ));
    *range.start()
}

/// An optional float: `default` when absent, else checked like [`float_in`].
pub fn opt_float_in(
    src: &SourceFile,
    v: &Option<Spanned<f64>>,
    default: f64,
    range: RangeInclusive<f64>,
    what: &str,
    diags: &mut Diagnostics,
) -> f64 {
    match v {
        Some(v) => float_in(src, v, range, what, diags),
        None => default,
    }
}

/// An integer value checked to be inside `range`.
pub fn int_in(
    src: &SourceFile,
    v: &Spanned<u32>,
    range: RangeInclusive<u32>,
    what: &str,
    diags: &mut Diagnostics,
) -> u32 {
    let x = *v.get_ref();
    if range.contains(&x) {
        return x;
    }
    diags.push(src.error_at(
        v.span(),
        format!(
            "{what} must be from {} to {} (got {x})",
            range.start(),
            range.end()
        ),
    ));
    *range.start()
}

/// An optional integer: `default` when absent, else checked like [`int_in`].
pub fn opt_int_in(
    src: &SourceFile,
    v: &Option<Spanned<u32>>,
    default: u32,
    range: RangeInclusive<u32>,
    what: &str,
    diags: &mut Diagnostics,
) -> u32 {
    match v {
        Some(v) => int_in(src, v, range, what, diags),
        None => default,
    }
}

/// A number as the user would write it (`nan`, `inf` as TOML spells them).
fn show(x: f64) -> String {
    if x.is_nan() {
        "nan".into()
    } else if x.is_infinite() {
        if x > 0.0 { "inf" } else { "-inf" }.into()
    } else {
        format!("{x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src() -> SourceFile {
        SourceFile {
            path: "t.toml".into(),
            shared: std::sync::Arc::from(std::path::Path::new("t.toml")),
            text: "a = nan\n".into(),
            encoding: None,
            lines: Default::default(),
        }
    }

    #[test]
    fn nan_and_out_of_range_are_located_errors() {
        let s = src();
        let mut d = Diagnostics::new();
        let v = Spanned::new(4..7, f64::NAN);
        assert_eq!(float_in(&s, &v, 0.0..=10.0, "size_pt", &mut d), 0.0);
        let v = Spanned::new(4..7, 11.0);
        float_in(&s, &v, 0.0..=10.0, "size_pt", &mut d);
        let v = Spanned::new(4..7, 5.0);
        assert_eq!(float_in(&s, &v, 0.0..=10.0, "size_pt", &mut d), 5.0);
        let msgs: Vec<String> = d.0.iter().map(ToString::to_string).collect();
        assert_eq!(
            msgs,
            [
                "t.toml:1:5: error: size_pt must be a number from 0 to 10 (got nan)",
                "t.toml:1:5: error: size_pt must be a number from 0 to 10 (got 11)"
            ]
        );
    }

    #[test]
    fn integers_out_of_range() {
        let s = src();
        let mut d = Diagnostics::new();
        let v = Spanned::new(0..1, u32::MAX);
        assert_eq!(int_in(&s, &v, 1..=100, "columns", &mut d), 1);
        assert!(d.0[0].message.contains("got 4294967295"), "{}", d);
    }
}
