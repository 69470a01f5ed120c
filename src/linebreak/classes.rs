//! Step 1 of [`super::prepare`]: classify each character into a composition class.
//!
//! The class decides three things downstream: which kinsoku table applies
//! ([`super::kinsoku`]), on which side a full-width mark carries its adjustable half em
//! (`items.rs`), and whether CJK–Latin spacing goes between two neighbours.
//! Punctuation is classified by an explicit table (docs/cjk-rules.md §1.2, §1.3, §3.1);
//! everything else falls back to its UAX #14 class from `unicode-linebreak`.

use unicode_linebreak::{break_property, BreakClass};

/// Composition class of a character (CLReq "Punctuation marks" tables; docs/cjk-rules.md §1, §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CharClass {
    /// Han ideograph, kana, circled numbers: 1 em, breakable on both sides (UAX #14 ID).
    Han,
    /// Full-width digit or letter (`２０２２`, `ＡＢ`): behaves like Han towards others,
    /// but runs of them are unbreakable (docs/cjk-rules.md §1.2 pitfalls, JLReq).
    FullDigit,
    /// Opening bracket or quote (标号 opening half); adjustable space on the left.
    Open,
    /// Closing bracket or quote; adjustable space on the right.
    Close,
    /// Pause marks `、，；：` (点号, 句内); space on the right.
    Pause,
    /// Stop marks `。？！` (点号, 句末); space on the right.
    Stop,
    /// Interpunct `·` (间隔号); space (if any) on both sides.
    MiddleDot,
    /// Connector `～ –` (连接号); unadjustable.
    Connector,
    /// Em dash `—` (two make a 破折号), or the two-em dash `⸺`.
    Dash,
    /// Ellipsis dots `…` / `⋯` (two make a 省略号).
    Ellipsis,
    /// Solidus `/ ／` (分隔号).
    Solidus,
    /// Prefix sign `￥ $ £ € №` (JLReq cl-12).
    Prefix,
    /// Postfix sign `% ‰ ℃ ° ′ ″` (JLReq cl-13).
    Postfix,
    /// Latin (or Greek, Cyrillic) letter, including an apostrophe inside a word.
    Latin,
    /// ASCII digit.
    Digit,
    /// U+0020 space: a break opportunity after it, dropped at line edges.
    Space,
    /// Anything else (ASCII punctuation, symbols): left to UAX #14.
    Other,
}

impl CharClass {
    /// Classes that UAX #14 handles well on its own: between two of these the default
    /// algorithm's opportunity is kept (Latin words, numbers with their signs).
    pub fn is_western(self) -> bool {
        matches!(
            self,
            CharClass::Latin
                | CharClass::Digit
                | CharClass::Prefix
                | CharClass::Postfix
                | CharClass::Other
        )
    }

    /// CJK punctuation classes (for the "not next to punctuation" spacing exception and
    /// the orphan test).
    pub fn is_punct(self) -> bool {
        matches!(
            self,
            CharClass::Open
                | CharClass::Close
                | CharClass::Pause
                | CharClass::Stop
                | CharClass::MiddleDot
                | CharClass::Connector
                | CharClass::Dash
                | CharClass::Ellipsis
                | CharClass::Solidus
        )
    }
}

/// Punctuation classes by code point, sorted by the first code point of each range
/// (docs/cjk-rules.md §1.2, §1.3, §3.1). Looked up by binary search.
const PUNCT_TABLE: &[(char, char, CharClass)] = &[
    ('!', '!', CharClass::Other),
    ('$', '$', CharClass::Prefix),
    ('%', '%', CharClass::Postfix),
    ('(', '(', CharClass::Open),
    (')', ')', CharClass::Close),
    ('/', '/', CharClass::Solidus),
    ('[', '[', CharClass::Open),
    (']', ']', CharClass::Close),
    ('{', '{', CharClass::Open),
    ('}', '}', CharClass::Close),
    ('\u{A2}', '\u{A3}', CharClass::Prefix),
    ('\u{A5}', '\u{A5}', CharClass::Prefix),
    ('\u{B0}', '\u{B0}', CharClass::Postfix),
    ('\u{B7}', '\u{B7}', CharClass::MiddleDot),
    ('\u{2013}', '\u{2013}', CharClass::Connector),
    ('\u{2014}', '\u{2014}', CharClass::Dash),
    ('\u{2018}', '\u{2018}', CharClass::Open),
    ('\u{2019}', '\u{2019}', CharClass::Close),
    ('\u{201C}', '\u{201C}', CharClass::Open),
    ('\u{201D}', '\u{201D}', CharClass::Close),
    ('\u{2026}', '\u{2026}', CharClass::Ellipsis),
    ('\u{2027}', '\u{2027}', CharClass::MiddleDot),
    ('\u{2030}', '\u{2030}', CharClass::Postfix),
    ('\u{2032}', '\u{2033}', CharClass::Postfix),
    ('\u{203C}', '\u{203C}', CharClass::Stop),
    ('\u{2047}', '\u{2049}', CharClass::Stop),
    ('\u{20AC}', '\u{20AC}', CharClass::Prefix),
    ('\u{2103}', '\u{2103}', CharClass::Postfix),
    ('\u{2116}', '\u{2116}', CharClass::Prefix),
    ('\u{22EF}', '\u{22EF}', CharClass::Ellipsis),
    ('\u{2460}', '\u{24FF}', CharClass::Han),
    ('\u{2985}', '\u{2985}', CharClass::Open),
    ('\u{2986}', '\u{2986}', CharClass::Close),
    ('\u{2E3A}', '\u{2E3A}', CharClass::Dash),
    ('\u{3001}', '\u{3001}', CharClass::Pause),
    ('\u{3002}', '\u{3002}', CharClass::Stop),
    ('\u{3008}', '\u{3008}', CharClass::Open),
    ('\u{3009}', '\u{3009}', CharClass::Close),
    ('\u{300A}', '\u{300A}', CharClass::Open),
    ('\u{300B}', '\u{300B}', CharClass::Close),
    ('\u{300C}', '\u{300C}', CharClass::Open),
    ('\u{300D}', '\u{300D}', CharClass::Close),
    ('\u{300E}', '\u{300E}', CharClass::Open),
    ('\u{300F}', '\u{300F}', CharClass::Close),
    ('\u{3010}', '\u{3010}', CharClass::Open),
    ('\u{3011}', '\u{3011}', CharClass::Close),
    ('\u{3014}', '\u{3014}', CharClass::Open),
    ('\u{3015}', '\u{3015}', CharClass::Close),
    ('\u{3016}', '\u{3016}', CharClass::Open),
    ('\u{3017}', '\u{3017}', CharClass::Close),
    ('\u{3018}', '\u{3018}', CharClass::Open),
    ('\u{3019}', '\u{3019}', CharClass::Close),
    ('\u{301D}', '\u{301D}', CharClass::Open),
    ('\u{301E}', '\u{301F}', CharClass::Close),
    ('\u{30FB}', '\u{30FB}', CharClass::MiddleDot),
    ('\u{FF01}', '\u{FF01}', CharClass::Stop),
    ('\u{FF03}', '\u{FF04}', CharClass::Prefix),
    ('\u{FF05}', '\u{FF05}', CharClass::Postfix),
    ('\u{FF08}', '\u{FF08}', CharClass::Open),
    ('\u{FF09}', '\u{FF09}', CharClass::Close),
    ('\u{FF0C}', '\u{FF0C}', CharClass::Pause),
    ('\u{FF0E}', '\u{FF0E}', CharClass::Stop),
    ('\u{FF0F}', '\u{FF0F}', CharClass::Solidus),
    ('\u{FF10}', '\u{FF19}', CharClass::FullDigit),
    ('\u{FF1A}', '\u{FF1B}', CharClass::Pause),
    ('\u{FF1F}', '\u{FF1F}', CharClass::Stop),
    ('\u{FF21}', '\u{FF3A}', CharClass::FullDigit),
    ('\u{FF3B}', '\u{FF3B}', CharClass::Open),
    ('\u{FF3D}', '\u{FF3D}', CharClass::Close),
    ('\u{FF41}', '\u{FF5A}', CharClass::FullDigit),
    ('\u{FF5B}', '\u{FF5B}', CharClass::Open),
    ('\u{FF5D}', '\u{FF5D}', CharClass::Close),
    ('\u{FF5E}', '\u{FF5E}', CharClass::Connector),
    ('\u{FF65}', '\u{FF65}', CharClass::MiddleDot),
    ('\u{FFE0}', '\u{FFE1}', CharClass::Prefix),
    ('\u{FFE5}', '\u{FFE6}', CharClass::Prefix),
];

/// The CJK Unified Ideographs block: UAX #14 class ID, and in no range of the
/// punctuation table, so Han (the common case, looked up first).
const UNIFIED_IDEOGRAPHS: std::ops::RangeInclusive<char> = '\u{4E00}'..='\u{9FFF}';

/// Classify one character without context.
pub fn classify(c: char) -> CharClass {
    if UNIFIED_IDEOGRAPHS.contains(&c) {
        return CharClass::Han;
    }
    if let Ok(i) = PUNCT_TABLE.binary_search_by(|&(lo, hi, _)| {
        if hi < c {
            std::cmp::Ordering::Less
        } else if lo > c {
            std::cmp::Ordering::Greater
        } else {
            std::cmp::Ordering::Equal
        }
    }) {
        if let Some(&(_, _, class)) = PUNCT_TABLE.get(i) {
            return class;
        }
    }
    if c == ' ' {
        return CharClass::Space;
    }
    if c.is_ascii_digit() {
        return CharClass::Digit;
    }
    if c.is_ascii_alphabetic() {
        return CharClass::Latin;
    }
    match break_property(c as u32) {
        BreakClass::Ideographic
        | BreakClass::ConditionalJapaneseStarter
        | BreakClass::HangulLvSyllable
        | BreakClass::HangulLvtSyllable
        | BreakClass::HangulLJamo
        | BreakClass::HangulVJamo
        | BreakClass::HangulTJamo => CharClass::Han,
        // Kana iteration marks and the prolonged sound mark are NS; they sit like Han.
        BreakClass::NonStarter if is_kana_like(c) => CharClass::Han,
        BreakClass::Alphabetic | BreakClass::HebrewLetter | BreakClass::Ambiguous
            if c.is_alphabetic() =>
        {
            CharClass::Latin
        }
        BreakClass::Numeric => CharClass::Digit,
        _ => CharClass::Other,
    }
}

fn is_kana_like(c: char) -> bool {
    matches!(c, '\u{3005}' | '\u{303B}' | '\u{3040}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}')
}

/// Classify every character of `text` with context (docs/cjk-rules.md §1.6):
/// `’` between two Latin letters is an apostrophe, part of the word (`Hengyang’s`).
pub fn classify_text(text: &str) -> Vec<(usize, char, CharClass)> {
    let mut out: Vec<(usize, char, CharClass)> = text
        .char_indices()
        .map(|(i, c)| (i, c, classify(c)))
        .collect();
    for k in 1..out.len().saturating_sub(1) {
        let (prev, cur, next) = (out[k - 1].2, out[k].1, out[k + 1].2);
        if (cur == '\u{2019}' || cur == '\'')
            && prev == CharClass::Latin
            && next == CharClass::Latin
        {
            out[k].2 = CharClass::Latin;
        }
    }
    out
}

/// CJK–Latin spacing applies between these two neighbours (CLReq "Handling Western
/// Text in Chinese", docs/cjk-rules.md §4): ideograph next to a Latin letter, ASCII digit or
/// `# $ % &` (as Typst does); never next to punctuation or full-width forms.
pub fn wants_cjk_latin_space(a: (char, CharClass), b: (char, CharClass)) -> bool {
    let western = |(c, k): (char, CharClass)| {
        matches!(k, CharClass::Latin | CharClass::Digit) || matches!(c, '#' | '$' | '%' | '&')
    };
    (a.1 == CharClass::Han && western(b)) || (western(a) && b.1 == CharClass::Han)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One row per tailoring of docs/cjk-rules.md §1.2 ("pitfalls in the default UAX #14 classes").
    #[test]
    fn tailored_classes() {
        let rows: &[(char, CharClass, &str)] = &[
            ('·', CharClass::MiddleDot, "U+00B7 is AI; §1.2 interpunct"),
            ('～', CharClass::Connector, "U+FF5E is ID; §1.2 connector"),
            ('／', CharClass::Solidus, "U+FF0F is ID; §1.3 solidus"),
            ('“', CharClass::Open, "QU tailored to OP; §1.6"),
            ('”', CharClass::Close, "QU tailored to CL; §1.6"),
            ('２', CharClass::FullDigit, "full-width digits; §1.2"),
            ('中', CharClass::Han, "ID"),
            ('ー', CharClass::Han, "CJ"),
            ('…', CharClass::Ellipsis, "IN"),
            ('①', CharClass::Han, "circled number, 1 em"),
        ];
        for &(c, want, why) in rows {
            assert_eq!(classify(c), want, "{c} ({why})");
        }
    }

    /// The ideograph shortcut of [`classify`] gives what the table and UAX #14 give.
    #[test]
    fn unified_ideographs_are_han_by_the_table_and_uax14() {
        for c in UNIFIED_IDEOGRAPHS {
            assert!(
                !PUNCT_TABLE.iter().any(|&(lo, hi, _)| lo <= c && c <= hi),
                "{c}"
            );
            assert_eq!(break_property(c as u32), BreakClass::Ideographic, "{c}");
        }
        assert_eq!(classify('\u{4E00}'), CharClass::Han);
        assert_eq!(classify('\u{9FFF}'), CharClass::Han);
        assert_eq!(classify('\u{3400}'), CharClass::Han);
    }

    #[test]
    fn table_is_sorted() {
        for w in PUNCT_TABLE.windows(2) {
            assert!(w[0].1 < w[1].0, "{:?} / {:?}", w[0], w[1]);
        }
    }

    #[test]
    fn apostrophe_in_word() {
        let c = classify_text("Hengyang’s “好”");
        assert_eq!(c[8].2, CharClass::Latin);
        assert_eq!(c[11].2, CharClass::Open);
    }
}
