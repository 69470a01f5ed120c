//! Naming a character in a message so the reader can see it: invisible ones (spaces
//! other than U+0020, controls, zero-width and format characters) are shown only by code
//! point and Unicode name, e.g. `U+00A0 NO-BREAK SPACE`; visible ones in quotes too,
//! e.g. `‘𠀀’ (U+20000 CJK UNIFIED IDEOGRAPH-20000)`. Names come from the Unicode
//! Character Database via the `unicode_names2` crate.

/// The character as a message shows it (see the module doc).
pub fn describe_char(c: char) -> String {
    let code = format!("U+{:04X}", c as u32);
    let named = match unicode_names2::name(c) {
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
    }
}
