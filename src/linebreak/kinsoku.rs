//! Step 2 of [`super::prepare`]: break opportunities = UAX #14 + a kinsoku overlay.
//!
//! Why `unicode-linebreak` plus an overlay rather than `icu_segmenter`: the crate is
//! small, needs no data provider, is deterministic across builds (pinned to Unicode
//! 15.0), and the only zh-specific behaviour we need — quotes as brackets (LB19a-like),
//! `·`/`～`/`／` fixed, full-width digit runs, per-level prohibitions — is a few tables
//! here anyway. UAX #14 is kept where it is good: inside Latin words and numbers.
//!
//! The rules are data: [`NO_START`], [`NO_END`] (each entry with the lowest level at which
//! it applies) and [`NO_SPLIT`] (class pairs never broken, at any level).

use super::classes::CharClass;
use super::KinsokuLevel;

/// Rank of a level, so a table entry applies at its level and every stricter one.
fn rank(level: KinsokuLevel) -> u8 {
    match level {
        KinsokuLevel::None => 0,
        KinsokuLevel::Basic => 1,
        KinsokuLevel::Gb => 2,
        KinsokuLevel::Strict => 3,
    }
}

use KinsokuLevel::{Basic, Gb, Strict};

/// Line-start prohibition (行首禁则), CLReq "Prohibition Rules for Line Start and Line
/// End" / docs/cjk-rules.md §1.2; postfix units from JLReq cl-13; small kana and `ー` at
/// strict only (JLReq cl-10, cl-11; CSS `line-break: strict`). Sorted code-point ranges.
/// `—` and `…` are decided by context in [`no_start`] (a single one is a connector /
/// IN and may not start a line at basic; a pair only at strict).
pub const NO_START: &[(char, char, KinsokuLevel)] = &[
    ('!', '!', Basic),
    ('%', '%', Basic),
    (')', ')', Basic),
    (',', ',', Basic),
    ('.', '.', Basic),
    (':', ';', Basic),
    ('?', '?', Basic),
    (']', ']', Basic),
    ('}', '}', Basic),
    ('\u{A2}', '\u{A2}', Basic),
    ('\u{B0}', '\u{B0}', Basic),
    ('\u{B7}', '\u{B7}', Basic),
    ('\u{2010}', '\u{2010}', Basic),
    ('\u{2013}', '\u{2013}', Basic),
    ('\u{2019}', '\u{2019}', Basic),
    ('\u{201D}', '\u{201D}', Basic),
    ('\u{2027}', '\u{2027}', Basic),
    ('\u{2030}', '\u{2030}', Basic),
    ('\u{2032}', '\u{2033}', Basic),
    ('\u{203C}', '\u{203C}', Basic),
    ('\u{2047}', '\u{2049}', Basic),
    ('\u{2103}', '\u{2103}', Basic),
    ('\u{2986}', '\u{2986}', Basic),
    ('\u{2E3A}', '\u{2E3A}', Strict),
    ('\u{3001}', '\u{3002}', Basic),
    ('\u{3005}', '\u{3005}', Basic),
    ('\u{3009}', '\u{3009}', Basic),
    ('\u{300B}', '\u{300B}', Basic),
    ('\u{300D}', '\u{300D}', Basic),
    ('\u{300F}', '\u{300F}', Basic),
    ('\u{3011}', '\u{3011}', Basic),
    ('\u{3015}', '\u{3015}', Basic),
    ('\u{3017}', '\u{3017}', Basic),
    ('\u{3019}', '\u{3019}', Basic),
    ('\u{301E}', '\u{301F}', Basic),
    ('\u{303B}', '\u{303B}', Basic),
    ('\u{3041}', '\u{3041}', Strict),
    ('\u{3043}', '\u{3043}', Strict),
    ('\u{3045}', '\u{3045}', Strict),
    ('\u{3047}', '\u{3047}', Strict),
    ('\u{3049}', '\u{3049}', Strict),
    ('\u{3063}', '\u{3063}', Strict),
    ('\u{3083}', '\u{3083}', Strict),
    ('\u{3085}', '\u{3085}', Strict),
    ('\u{3087}', '\u{3087}', Strict),
    ('\u{308E}', '\u{308E}', Strict),
    ('\u{3095}', '\u{3096}', Strict),
    ('\u{309D}', '\u{309E}', Basic),
    ('\u{30A1}', '\u{30A1}', Strict),
    ('\u{30A3}', '\u{30A3}', Strict),
    ('\u{30A5}', '\u{30A5}', Strict),
    ('\u{30A7}', '\u{30A7}', Strict),
    ('\u{30A9}', '\u{30A9}', Strict),
    ('\u{30C3}', '\u{30C3}', Strict),
    ('\u{30E3}', '\u{30E3}', Strict),
    ('\u{30E5}', '\u{30E5}', Strict),
    ('\u{30E7}', '\u{30E7}', Strict),
    ('\u{30EE}', '\u{30EE}', Strict),
    ('\u{30F5}', '\u{30F6}', Strict),
    ('\u{30FB}', '\u{30FB}', Basic),
    ('\u{30FC}', '\u{30FC}', Strict),
    ('\u{30FD}', '\u{30FE}', Basic),
    ('\u{31F0}', '\u{31FF}', Strict),
    ('\u{FF01}', '\u{FF01}', Basic),
    ('\u{FF05}', '\u{FF05}', Basic),
    ('\u{FF09}', '\u{FF09}', Basic),
    ('\u{FF0C}', '\u{FF0C}', Basic),
    ('\u{FF0E}', '\u{FF0E}', Basic),
    ('\u{FF1A}', '\u{FF1B}', Basic),
    ('\u{FF1F}', '\u{FF1F}', Basic),
    ('\u{FF3D}', '\u{FF3D}', Basic),
    ('\u{FF5D}', '\u{FF5E}', Basic),
    ('\u{FF65}', '\u{FF65}', Basic),
    ('\u{FFE0}', '\u{FFE0}', Basic),
];

/// Line-end prohibition (行尾禁则), CLReq "Prohibition Rules for Line Start and Line End"
/// / docs/cjk-rules.md §1.3: opening brackets and quotes (basic), the solidus (GB), prefix
/// signs (JLReq cl-12, basic). Sorted code-point ranges.
pub const NO_END: &[(char, char, KinsokuLevel)] = &[
    ('$', '$', Basic),
    ('(', '(', Basic),
    ('/', '/', Gb),
    ('[', '[', Basic),
    ('{', '{', Basic),
    ('\u{A3}', '\u{A3}', Basic),
    ('\u{A5}', '\u{A5}', Basic),
    ('\u{2018}', '\u{2018}', Basic),
    ('\u{201C}', '\u{201C}', Basic),
    ('\u{20AC}', '\u{20AC}', Basic),
    ('\u{2116}', '\u{2116}', Basic),
    ('\u{2985}', '\u{2985}', Basic),
    ('\u{3008}', '\u{3008}', Basic),
    ('\u{300A}', '\u{300A}', Basic),
    ('\u{300C}', '\u{300C}', Basic),
    ('\u{300E}', '\u{300E}', Basic),
    ('\u{3010}', '\u{3010}', Basic),
    ('\u{3014}', '\u{3014}', Basic),
    ('\u{3016}', '\u{3016}', Basic),
    ('\u{3018}', '\u{3018}', Basic),
    ('\u{301D}', '\u{301D}', Basic),
    ('\u{FF03}', '\u{FF04}', Basic),
    ('\u{FF08}', '\u{FF08}', Basic),
    ('\u{FF0F}', '\u{FF0F}', Gb),
    ('\u{FF3B}', '\u{FF3B}', Basic),
    ('\u{FF5B}', '\u{FF5B}', Basic),
    ('\u{FFE1}', '\u{FFE1}', Basic),
    ('\u{FFE5}', '\u{FFE5}', Basic),
];

/// Sequences that must not be split (分离禁则), CLReq "Prohibition Rules for Unbreakable
/// Marks" / docs/cjk-rules.md §1.4: `——`, `……`, full-width digit runs, `？！` pairs. Applies
/// at every level, including none. (Latin words and numeral runs with their signs are
/// kept by UAX #14 LB23–LB25, which the overlay leaves in force between Western
/// characters; jump lines come as keep-together ranges.)
pub const NO_SPLIT: &[(CharClass, CharClass)] = &[
    (CharClass::Dash, CharClass::Dash),
    (CharClass::Ellipsis, CharClass::Ellipsis),
    (CharClass::FullDigit, CharClass::FullDigit),
    (CharClass::Stop, CharClass::Stop),
];

fn lookup(table: &[(char, char, KinsokuLevel)], c: char) -> Option<KinsokuLevel> {
    let i = table.partition_point(|&(_, hi, _)| hi < c);
    table
        .get(i)
        .filter(|&&(lo, _, _)| lo <= c)
        .map(|&(_, _, l)| l)
}

/// `c` may not start a line at `level`. `after` is the character following `c`
/// (a `—`/`…` followed by another is a two-em 破折号/省略号, no-start only at strict;
/// a lone one is a connector / UAX #14 IN, no-start from basic).
pub fn no_start(c: char, after: Option<char>, level: KinsokuLevel) -> bool {
    let entry = match c {
        '\u{2014}' | '\u{2026}' | '\u{22EF}' if after == Some(c) => Some(Strict),
        '\u{2014}' | '\u{2026}' | '\u{22EF}' => Some(Basic),
        _ => lookup(NO_START, c),
    };
    entry.is_some_and(|l| rank(level) >= rank(l))
}

/// `c` may not end a line at `level` (docs/cjk-rules.md §1.3).
pub fn no_end(c: char, level: KinsokuLevel) -> bool {
    lookup(NO_END, c).is_some_and(|l| rank(level) >= rank(l))
}

/// The two classes form an inseparable pair ([`NO_SPLIT`]).
pub fn no_split(a: CharClass, b: CharClass) -> bool {
    NO_SPLIT.iter().any(|&(x, y)| x == a && y == b)
}

/// One side of a candidate break: the character and its class.
pub type Side = (char, CharClass);

/// May the line break between `prev` and `next`? `after_next` is the character after
/// `next`; `uax` is the UAX #14 opportunity there.
///
/// Overlay (docs/cjk-rules.md §1.6): between two Western characters, or next to a space, the
/// UAX #14 answer stands; anywhere else (a CJK character or mark on either side) a
/// break is allowed unless the kinsoku tables forbid it. This is what turns `“‘` into
/// openers and `”’` into closers between Han characters (LB19a), frees the break
/// before a `……` pair at basic level, and stops `·` `～` `／` from starting a line.
pub fn break_allowed(
    prev: Side,
    next: Side,
    after_next: Option<char>,
    uax: bool,
    level: KinsokuLevel,
) -> bool {
    let western = |s: Side| s.1.is_western() || s.0 == '/';
    let base = if prev.1 == CharClass::Space
        || next.1 == CharClass::Space
        || (western(prev) && western(next))
    {
        uax
    } else {
        true
    };
    base && !no_end(prev.0, level)
        && !no_start(next.0, after_next, level)
        && !no_split(prev.1, next.1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linebreak::classes::classify;

    #[test]
    fn tables_sorted() {
        for t in [NO_START, NO_END] {
            for w in t.windows(2) {
                assert!(w[0].1 < w[1].0, "{:?} {:?}", w[0], w[1]);
            }
        }
    }

    /// (prev, next, after, level, allowed, source).
    type Row = (char, char, Option<char>, KinsokuLevel, bool, &'static str);

    /// One row per rule.
    #[test]
    fn overlay_rows() {
        let rows: &[Row] = &[
            ('五', '，', None, Basic, false, "§1.2 pause mark"),
            ('四', '《', None, Basic, true, "break before opener"),
            ('《', '五', None, Basic, false, "§1.3 opener"),
            ('文', '“', None, Basic, true, "§1.6 “ as OP (LB19a)"),
            ('”', '然', None, Basic, true, "§1.6 ” as CL"),
            ('克', '·', None, Basic, false, "§1.2 interpunct (AI)"),
            ('三', '～', None, Basic, false, "§1.2 connector (ID)"),
            ('乙', '/', None, Basic, true, "solidus may start"),
            ('/', '丙', None, Basic, true, "basic: solidus may end"),
            ('/', '丙', None, Gb, false, "GB: solidus may not end"),
            ('四', '—', Some('—'), Basic, true, "§1.2 —— at basic"),
            ('四', '—', Some('—'), Strict, false, "§1.2 —— at strict"),
            (
                '—',
                '—',
                None,
                KinsokuLevel::None,
                false,
                "§1.4 never split ——",
            ),
            ('四', '…', Some('…'), Basic, true, "§1.2 …… at basic"),
            ('…', '…', None, Basic, false, "§1.4 never split ……"),
            ('２', '０', None, Basic, false, "§1.2 full-width digits"),
            ('？', '！', None, KinsokuLevel::None, false, "§1.4 ？！"),
            ('五', '，', None, KinsokuLevel::None, true, "level none"),
        ];
        for &(p, n, a, level, want, why) in rows {
            let got = break_allowed((p, classify(p)), (n, classify(n)), a, true, level);
            assert_eq!(got, want, "{p}|{n} at {level:?}: {why}");
        }
    }
}
