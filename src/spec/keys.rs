//! Declared layout keys: a table of the layout file is written once, with
//! `layout_table!`, as its keys — each with its kind, range or keyword set, default,
//! unit and doc line — and everything else is derived from that one place:
//!
//! - the serde struct that reads the table (with spans, so errors are located);
//! - one accessor per key, named after it, that returns the checked value or its
//!   default (`spec.underset_lines(&at, diags)`), with the range and keyword errors
//!   located at the value;
//! - the table's rows in `docs/layout.md` ([`KeyDoc`]; a test compares them).
//!
//! The kinds:
//!
//! | kind | written | value | checks |
//! |---|---|---|---|
//! | `Int(min, max, default, unit)` | integer | `u32` | in `min..=max` |
//! | `Float(min, max, default, unit)` | number | `f64` | finite, in `min..=max` |
//! | `Flag(default)` | `true`/`false` | `bool` | — |
//! | `Words<T>(TABLE, default, "noun")` | keyword | `T` | one of `TABLE`'s words |
//! | `Limit(min, max, unit)` | number | `Option<f64>` | finite, in `min..=max`; `None` when absent |
//! | `Text(max_chars, "default", unit)` | text | `String` | at most `max_chars` characters, none a space |
//! | `Custom<T>("unit", "default")` | as `T` reads | the raw `T` | by the table's resolve code |
//!
//! A key of kind `Custom` is declared here for its documentation row and read by hand
//! (font lists, colours, names of other tables, required keys).

use std::ops::RangeInclusive;

use toml::Spanned;

use crate::diag::Diagnostics;
use crate::spec::load_toml::SourceFile;
use crate::spec::numbers::{opt_float_in, opt_int_in};
use crate::spec::style::keyword_at;

/// One key's row in `docs/layout.md`: `| \`name\` | unit | default | meaning |`.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyDoc {
    pub name: &'static str,
    pub unit: String,
    pub default: String,
    pub meaning: String,
}

impl KeyDoc {
    /// The Markdown table row.
    pub fn row(&self) -> String {
        format!(
            "| `{}` | {} | {} | {} |",
            self.name, self.unit, self.default, self.meaning
        )
    }
}

/// The doc comment of a key, one line per `///` line, joined.
pub fn doc_text(lines: &[&str]) -> String {
    lines.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ")
}

/// A number as the docs write it: `0.25`, `20`, `10000`.
fn num(x: f64) -> String {
    format!("{x}")
}

/// Row of an integer key.
pub fn int_doc(
    name: &'static str,
    doc: &str,
    min: u32,
    max: u32,
    default: u32,
    unit: &str,
) -> KeyDoc {
    KeyDoc {
        name,
        unit: unit.to_string(),
        default: default.to_string(),
        meaning: format!("{doc}; {min}–{max}"),
    }
}

/// Row of a number key.
pub fn float_doc(
    name: &'static str,
    doc: &str,
    min: f64,
    max: f64,
    default: f64,
    unit: &str,
) -> KeyDoc {
    KeyDoc {
        name,
        unit: unit.to_string(),
        default: num(default),
        meaning: format!("{doc}; {}–{}", num(min), num(max)),
    }
}

/// Row of an optional limit (no limit when absent).
pub fn limit_doc(name: &'static str, doc: &str, min: f64, max: f64, unit: &str) -> KeyDoc {
    KeyDoc {
        name,
        unit: unit.to_string(),
        default: "no limit".into(),
        meaning: format!("{doc}; {}–{}", num(min), num(max)),
    }
}

/// Row of a true/false key.
pub fn flag_doc(name: &'static str, doc: &str, default: bool) -> KeyDoc {
    KeyDoc {
        name,
        unit: "bool".into(),
        default: default.to_string(),
        meaning: doc.to_string(),
    }
}

/// Row of a keyword key: the words follow the meaning.
pub fn words_doc<T: PartialEq>(
    name: &'static str,
    doc: &str,
    table: &[(&str, T)],
    default: T,
) -> KeyDoc {
    let words: Vec<String> = table.iter().map(|(w, _)| format!("`{w}`")).collect();
    // A default outside the table shows as `?` (the docs test then fails).
    let default = table
        .iter()
        .find(|(_, t)| *t == default)
        .map_or("?", |(w, _)| *w);
    KeyDoc {
        name,
        unit: "keyword".into(),
        default: format!("`{default}`"),
        meaning: format!("{doc}; one of {}", words.join(", ")),
    }
}

/// Row of a short-text key.
pub fn text_doc(
    name: &'static str,
    doc: &str,
    max_chars: usize,
    default: &str,
    unit: &str,
) -> KeyDoc {
    KeyDoc {
        name,
        unit: unit.to_string(),
        default: if default.is_empty() {
            "—".into()
        } else {
            format!("`{default}`")
        },
        meaning: format!("{doc}; at most {max_chars} characters, no spaces"),
    }
}

/// Row of a key read by hand.
pub fn custom_doc(name: &'static str, doc: &str, unit: &str, default: &str) -> KeyDoc {
    KeyDoc {
        name,
        unit: unit.to_string(),
        default: default.to_string(),
        meaning: doc.to_string(),
    }
}

/// Where the keys of one table are read: the file, and the table as messages name it
/// (`[article]`, `[style.body]`).
pub struct TableAt<'a> {
    pub src: &'a SourceFile,
    pub table: String,
}

impl<'a> TableAt<'a> {
    pub fn new(src: &'a SourceFile, table: impl Into<String>) -> Self {
        TableAt {
            src,
            table: table.into(),
        }
    }

    /// `[table] key`, as messages name a key.
    pub fn what(&self, key: &str) -> String {
        format!("{} {key}", self.table)
    }

    /// An integer key: its value in `range`, else a located error; `default` when absent.
    pub fn int(
        &self,
        key: &str,
        v: &Option<Spanned<u32>>,
        range: RangeInclusive<u32>,
        default: u32,
        diags: &mut Diagnostics,
    ) -> u32 {
        opt_int_in(self.src, v, default, range, &self.what(key), diags)
    }

    /// A number key: finite and in `range`, else a located error; `default` when absent.
    pub fn float(
        &self,
        key: &str,
        v: &Option<Spanned<f64>>,
        range: RangeInclusive<f64>,
        default: f64,
        diags: &mut Diagnostics,
    ) -> f64 {
        opt_float_in(self.src, v, default, range, &self.what(key), diags)
    }

    /// A keyword key: the value `table` gives its word, else an error at the value
    /// naming the words (quoted, as TOML writes them); `default` when absent.
    pub fn words<T: Copy>(
        &self,
        v: &Option<Spanned<String>>,
        table: &[(&str, T)],
        default: T,
        noun: &str,
        diags: &mut Diagnostics,
    ) -> T {
        keyword_at(self.src, 0, v, table, noun, default, diags)
    }

    /// A short text key (a bullet, a separator): at most `max_chars` characters, no
    /// white space, else a located error; `default` when absent.
    pub fn text(
        &self,
        key: &str,
        v: &Option<Spanned<String>>,
        max_chars: usize,
        default: &str,
        diags: &mut Diagnostics,
    ) -> String {
        let Some(v) = v else {
            return default.to_string();
        };
        let s = v.get_ref();
        let n = s.chars().count();
        if n == 0 || n > max_chars || s.chars().any(char::is_whitespace) {
            diags.push(self.src.error_at(
                v.span(),
                format!(
                    "{} must be one to {max_chars} characters, no spaces",
                    self.what(key)
                ),
            ));
        }
        s.clone()
    }
}

/// Declare a table of the layout file: its serde struct, an accessor per key and its
/// documentation rows, from one list of keys (see the module docs for the kinds).
///
/// ```text
/// layout_table! {
///     /// `[pictures]`: …
///     pub struct PicturesSpec {
///         /// below this a photo is an error
///         min_ppi: Float(1.0, 10_000.0, 150.0, "ppi"),
///     }
/// }
/// ```
macro_rules! layout_table {
    (
        $(#[$meta:meta])*
        pub struct $raw:ident {
            $(
                $(#[doc = $doc:literal])+
                $(#[serde($serde:meta)])?
                $key:ident : $kind:ident $(<$t:ty>)? ( $($arg:expr),* $(,)? ),
            )*
        }
    ) => {
        #[derive(Debug, serde::Deserialize)]
        $(#[$meta])*
        pub struct $raw {
            $(
                $(#[doc = $doc])+
                $(#[serde($serde)])?
                pub $key: layout_table!(@raw $kind $(<$t>)?),
            )*
        }

        impl $raw {
            /// The table's rows in `docs/layout.md`, in declaration order.
            pub fn key_docs() -> Vec<$crate::spec::keys::KeyDoc> {
                vec![$(
                    layout_table!(@doc $key [$($doc),+] $kind $(<$t>)? ($($arg),*))
                ),*]
            }

            $(
                layout_table!(@get $key $kind $(<$t>)? ($($arg),*));
            )*
        }
    };

    (@raw Int) => { Option<toml::Spanned<u32>> };
    (@raw Float) => { Option<toml::Spanned<f64>> };
    (@raw Flag) => { Option<bool> };
    (@raw Words<$t:ty>) => { Option<toml::Spanned<String>> };
    (@raw Text) => { Option<toml::Spanned<String>> };
    (@raw Limit) => { Option<toml::Spanned<f64>> };
    (@raw Custom<$t:ty>) => { $t };

    (@doc $key:ident [$($doc:literal),+] Int ($min:expr, $max:expr, $default:expr, $unit:expr)) => {
        $crate::spec::keys::int_doc(
            stringify!($key), &$crate::spec::keys::doc_text(&[$($doc),+]), $min, $max, $default, $unit,
        )
    };
    (@doc $key:ident [$($doc:literal),+] Float ($min:expr, $max:expr, $default:expr, $unit:expr)) => {
        $crate::spec::keys::float_doc(
            stringify!($key), &$crate::spec::keys::doc_text(&[$($doc),+]), $min, $max, $default, $unit,
        )
    };
    (@doc $key:ident [$($doc:literal),+] Flag ($default:expr)) => {
        $crate::spec::keys::flag_doc(
            stringify!($key), &$crate::spec::keys::doc_text(&[$($doc),+]), $default,
        )
    };
    (@doc $key:ident [$($doc:literal),+] Words<$t:ty> ($table:expr, $default:expr, $noun:expr)) => {
        $crate::spec::keys::words_doc(
            stringify!($key), &$crate::spec::keys::doc_text(&[$($doc),+]), $table, $default,
        )
    };
    (@doc $key:ident [$($doc:literal),+] Text ($max:expr, $default:expr, $unit:expr)) => {
        $crate::spec::keys::text_doc(
            stringify!($key), &$crate::spec::keys::doc_text(&[$($doc),+]), $max, $default, $unit,
        )
    };
    (@doc $key:ident [$($doc:literal),+] Limit ($min:expr, $max:expr, $unit:expr)) => {
        $crate::spec::keys::limit_doc(
            stringify!($key), &$crate::spec::keys::doc_text(&[$($doc),+]), $min, $max, $unit,
        )
    };
    (@doc $key:ident [$($doc:literal),+] Custom<$t:ty> ($unit:expr, $default:expr)) => {
        $crate::spec::keys::custom_doc(
            stringify!($key), &$crate::spec::keys::doc_text(&[$($doc),+]), $unit, $default,
        )
    };

    (@get $key:ident Int ($min:expr, $max:expr, $default:expr, $unit:expr)) => {
        #[doc = concat!("`", stringify!($key), "`, checked, or its default.")]
        pub fn $key(
            &self,
            at: &$crate::spec::keys::TableAt<'_>,
            diags: &mut $crate::diag::Diagnostics,
        ) -> u32 {
            at.int(stringify!($key), &self.$key, $min..=$max, $default, diags)
        }
    };
    (@get $key:ident Float ($min:expr, $max:expr, $default:expr, $unit:expr)) => {
        #[doc = concat!("`", stringify!($key), "`, checked, or its default.")]
        pub fn $key(
            &self,
            at: &$crate::spec::keys::TableAt<'_>,
            diags: &mut $crate::diag::Diagnostics,
        ) -> f64 {
            at.float(stringify!($key), &self.$key, $min..=$max, $default, diags)
        }
    };
    (@get $key:ident Flag ($default:expr)) => {
        #[doc = concat!("`", stringify!($key), "`, or its default.")]
        pub fn $key(&self) -> bool {
            self.$key.unwrap_or($default)
        }
    };
    (@get $key:ident Words<$t:ty> ($table:expr, $default:expr, $noun:expr)) => {
        #[doc = concat!("`", stringify!($key), "`, checked, or its default.")]
        pub fn $key(
            &self,
            at: &$crate::spec::keys::TableAt<'_>,
            diags: &mut $crate::diag::Diagnostics,
        ) -> $t {
            at.words(&self.$key, $table, $default, $noun, diags)
        }
    };
    (@get $key:ident Text ($max:expr, $default:expr, $unit:expr)) => {
        #[doc = concat!("`", stringify!($key), "`, checked, or its default.")]
        pub fn $key(
            &self,
            at: &$crate::spec::keys::TableAt<'_>,
            diags: &mut $crate::diag::Diagnostics,
        ) -> String {
            at.text(stringify!($key), &self.$key, $max, $default, diags)
        }
    };
    (@get $key:ident Limit ($min:expr, $max:expr, $unit:expr)) => {
        #[doc = concat!("`", stringify!($key), "`, checked; `None` (no limit) when absent.")]
        pub fn $key(
            &self,
            at: &$crate::spec::keys::TableAt<'_>,
            diags: &mut $crate::diag::Diagnostics,
        ) -> Option<f64> {
            let v = self.$key.as_ref()?;
            Some(at.float(stringify!($key), &Some(v.clone()), $min..=$max, $min, diags))
        }
    };
    (@get $key:ident Custom<$t:ty> ($unit:expr, $default:expr)) => {};
}

pub(crate) use layout_table;
