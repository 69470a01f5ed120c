//! Naming a character in a message so the reader can see it: invisible ones (spaces
//! other than U+0020, controls, zero-width and format characters) are shown only by code
//! point and Unicode name, e.g. `U+00A0 NO-BREAK SPACE`; visible ones in quotes too,
//! e.g. `‘𠀀’ (U+20000 CJK UNIFIED IDEOGRAPH-20000)`. Names come from the Unicode
//! Character Database (UnicodeData.txt, Unicode 15.0): `charnames_table.rs`, generated
//! by `scripts/make-charnames.py`, holds the spaces, format characters and the blocks
//! copy meets (Latin, Greek, Cyrillic, punctuation, symbols, CJK punctuation and forms);
//! CJK ideographs are named by the UCD's rule (their code point, Unicode §4.8 "Name").
//! Any other character is shown with its code point alone.

#[rustfmt::skip]
#[path = "charnames_table.rs"]
mod table;

/// The Unicode name of `c`, where the table or the ideograph rule has one.
pub fn char_name(c: char) -> Option<String> {
    let code = c as u32;
    if let Ok(i) = table::NAMES.binary_search_by_key(&code, |&(k, _)| k) {
        return table::NAMES.get(i).map(|(_, name)| (*name).to_string());
    }
    if table::UNIFIED_IDEOGRAPHS
        .iter()
        .any(|&(a, b)| (a..=b).contains(&code))
    {
        return Some(format!("CJK UNIFIED IDEOGRAPH-{code:04X}"));
    }
    if table::COMPATIBILITY_IDEOGRAPHS.binary_search(&code).is_ok() {
        return Some(format!("CJK COMPATIBILITY IDEOGRAPH-{code:04X}"));
    }
    None
}

/// The character as a message shows it (see the module doc).
pub fn describe_char(c: char) -> String {
    let code = format!("U+{:04X}", c as u32);
    let named = match char_name(c) {
        Some(name) => format!("{code} {name}"),
        None => code,
    };
    if is_invisible(c) {
        named
    } else {
        format!("‘{c}’ ({named})")
    }
}

/// Characters that print as nothing or as blank space: controls, whitespace, and the
/// format characters (general category Cf) and fillers a text editor does not show.
pub fn is_invisible(c: char) -> bool {
    c.is_control()
        || c.is_whitespace()
        || matches!(c,
            '\u{00AD}'                 // soft hyphen
            | '\u{034F}'               // combining grapheme joiner
            | '\u{061C}'
            | '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' // Hangul fillers
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}' // zero-width space/joiners, marks
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{FE00}'..='\u{FE0F}' // variation selectors
            | '\u{FEFF}'
            | '\u{E0000}'..='\u{E0FFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_are_named_not_shown() {
        assert_eq!(describe_char('\u{A0}'), "U+00A0 NO-BREAK SPACE");
        assert_eq!(describe_char('\u{200B}'), "U+200B ZERO WIDTH SPACE");
        assert_eq!(describe_char('\u{7}'), "U+0007");
        assert_eq!(
            describe_char('字'),
            "‘字’ (U+5B57 CJK UNIFIED IDEOGRAPH-5B57)"
        );
        assert_eq!(describe_char('\u{3000}'), "U+3000 IDEOGRAPHIC SPACE");
        assert_eq!(
            describe_char('\u{FEFF}'),
            "U+FEFF ZERO WIDTH NO-BREAK SPACE"
        );
    }

    /// The names the missing-glyph errors give for copy's symbols, from the table and by
    /// the ideograph rule; a character outside both has its code point alone.
    #[test]
    fn names_come_from_the_table_and_the_ideograph_rule() {
        let cases = [
            ('¥', Some("YEN SIGN")),
            ('№', Some("NUMERO SIGN")),
            ('ß', Some("LATIN SMALL LETTER SHARP S")),
            ('—', Some("EM DASH")),
            ('〔', Some("LEFT TORTOISE SHELL BRACKET")),
            ('①', Some("CIRCLED DIGIT ONE")),
            ('Ｑ', Some("FULLWIDTH LATIN CAPITAL LETTER Q")),
            ('\u{20000}', Some("CJK UNIFIED IDEOGRAPH-20000")),
            ('\u{323AF}', Some("CJK UNIFIED IDEOGRAPH-323AF")),
            ('\u{F900}', Some("CJK COMPATIBILITY IDEOGRAPH-F900")),
            ('\u{FA6E}', None), // unassigned, between compatibility ideographs
            ('가', None),       // Hangul syllables are not in the table
        ];
        for (c, name) in cases {
            assert_eq!(char_name(c).as_deref(), name, "{c}");
        }
        assert_eq!(describe_char('가'), "‘가’ (U+AC00)");
        let sorted = table::NAMES.windows(2).all(|w| w[0].0 < w[1].0);
        assert!(sorted, "the table is sorted for binary search");
    }
}
