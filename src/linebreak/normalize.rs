//! Step 0, called by the spec stage on each paragraph before shaping: wire-copy
//! clean-up, so no stray gap reaches the PDF.
//!
//! Wire copy (通稿) arrives hard-wrapped, with CRLF, tabs, runs of spaces, ideographic
//! spaces used for indentation and invisible zero-width characters. The rules:
//!
//! * CR and zero-width characters (U+200B–U+200D, U+2060, U+FEFF) are removed;
//! * a line break (with any spaces around it) next to a CJK character joins without a
//!   space (Chinese has no inter-word space); between two Western characters it becomes
//!   one space;
//! * tabs and runs of spaces become one space (the author's space is kept: it suppresses
//!   the automatic CJK–Latin space, CLReq "Handling Western Text…"); a space next to a
//!   no-break space U+00A0 is dropped (the no-break space stays);
//! * U+3000 (ideographic space) inside a paragraph, not at a wire line break, is kept as
//!   one full-width gap (CLReq: a blank of one character); leading indentation is removed
//!   (the engine indents, CLReq "First-line Indents"); both ends are trimmed;
//! * the text is put in Unicode Normalization Form C (UAX #15), so a letter typed as a
//!   base and a combining mark (`e` + U+0301) and its precomposed form (`é`) set alike
//!   and match the font's glyph.
//!
//! Control characters other than line breaks and tabs are errors, not silently dropped:
//! [`control_characters`] lists them with their position for the spec stage.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use super::classes::{classify, CharClass};

fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\r')
}

fn is_gap(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\u{3000}' | '\u{0B}' | '\u{0C}')
}

/// A character next to which a wire line break joins without a space.
fn is_cjk(c: char) -> bool {
    !c.is_ascii() && !matches!(classify(c), CharClass::Latin | CharClass::Digit)
}

/// Normalise one paragraph of wire text (see the module docs for the rules).
pub fn normalize_wire_text(raw: &str) -> String {
    // Gaps at the end go whatever they are (a paragraph's last line break among them).
    let kept = raw.trim_end_matches(is_gap);
    if already_normal(kept) {
        return kept.to_string();
    }
    normalize_in_full(raw)
}

/// Text the rules leave as it is, in one look at each character (most paragraphs of
/// Chinese copy): only characters that are in NFC whatever surrounds them (ASCII,
/// general punctuation U+2010–U+2027, CJK symbols U+3000–U+3029, the CJK Unified
/// Ideographs, full-width forms U+FF01–U+FF5E: none decomposes or combines under NFC),
/// nothing to remove or replace (zero-width characters, CR, tabs, line breaks, vertical
/// tab, form feed, no-break space), and gaps (space, U+3000) only one at a time between
/// other characters.
fn already_normal(raw: &str) -> bool {
    let mut after_gap = true;
    for c in raw.chars() {
        let plain = matches!(c,
            ' '..='~'
                | '\u{2010}'..='\u{2027}'
                | '\u{3000}'..='\u{3029}'
                | '\u{4E00}'..='\u{9FFF}'
                | '\u{FF01}'..='\u{FF5E}');
        if !plain {
            return false;
        }
        let gap = c == ' ' || c == '\u{3000}';
        if gap && after_gap {
            return false;
        }
        after_gap = gap;
    }
    !after_gap || raw.is_empty()
}

/// [`normalize_wire_text`] for text [`already_normal`] cannot pass.
fn normalize_in_full(raw: &str) -> String {
    // Most copy is in NFC already: the quick check spares composing it again.
    let chars: Vec<char> = if is_nfc_quick(raw.chars()) == IsNormalized::Yes {
        raw.chars().filter(|&c| !is_zero_width(c)).collect()
    } else {
        raw.nfc().filter(|&c| !is_zero_width(c)).collect()
    };
    let mut out = String::with_capacity(raw.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if !is_gap(c) {
            out.push(c);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && is_gap(chars[i]) {
            i += 1;
        }
        let run = &chars[start..i];
        let (Some(&prev), Some(&next)) = (
            start.checked_sub(1).and_then(|k| chars.get(k)),
            chars.get(i),
        ) else {
            continue; // leading or trailing: trimmed
        };
        let newline = run.contains(&'\n');
        let typed_space = run
            .iter()
            .any(|&c| matches!(c, ' ' | '\t' | '\u{0B}' | '\u{0C}'));
        let join = if newline {
            !(is_cjk(prev) || is_cjk(next))
        } else {
            typed_space
        };
        if !newline && run.contains(&'\u{3000}') {
            out.push('\u{3000}');
        } else if join {
            out.push(' ');
        }
    }
    // A typed space next to a no-break space (copy pasted from a web CMS: `5 \u{A0}km`)
    // would add a break opportunity and a second gap: the no-break space alone stays.
    while out.contains(" \u{A0}") || out.contains("\u{A0} ") {
        out = out
            .replace(" \u{A0}", "\u{A0}")
            .replace("\u{A0} ", "\u{A0}");
    }
    out
}

/// Normalise a paragraph given as consecutive pieces (the runs of one face between
/// inline markup) exactly as [`normalize_wire_text`] normalises their
/// concatenation, and say where each piece landed: for each piece, the byte range in
/// the result from its first to its last kept character (gaps between them included;
/// gaps at its ends, which the rules may drop or share with a neighbour, left out), or
/// `None` when nothing of it is kept (only gaps or zero-width characters).
///
/// The rules only remove or replace gaps and zero-width characters and never reorder,
/// so the k-th kept character of the concatenation is the k-th non-gap character of
/// the result. The one thing that could move a character across a piece boundary is
/// NFC composing a combining mark at the start of a piece with the base before it;
/// then `None` is returned (the caller reports it).
#[allow(clippy::type_complexity)]
pub fn normalize_wire_pieces<S: AsRef<str>>(
    pieces: &[S],
) -> Option<(String, Vec<Option<std::ops::Range<usize>>>)> {
    let raw: String = pieces.iter().map(AsRef::as_ref).collect();
    let out = normalize_wire_text(&raw);
    // Byte range of every non-gap character of the result, in order.
    let kept: Vec<std::ops::Range<usize>> = out
        .char_indices()
        .filter(|&(_, c)| !is_gap(c))
        .map(|(i, c)| i..i + c.len_utf8())
        .collect();
    let mut next = 0usize;
    let mut ranges = Vec::with_capacity(pieces.len());
    for piece in pieces {
        let n = piece
            .as_ref()
            .nfc()
            .filter(|&c| !is_zero_width(c) && !is_gap(c))
            .count();
        if n == 0 {
            ranges.push(None);
            continue;
        }
        let first = kept.get(next)?;
        let last = kept.get(next.checked_add(n - 1)?)?;
        ranges.push(Some(first.start..last.end));
        next = next.checked_add(n)?;
    }
    (next == kept.len()).then_some((out, ranges))
}

/// A control character found in article text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ControlChar {
    pub ch: char,
    /// Byte offset in the text given to [`control_characters`].
    pub offset: usize,
    /// Character index (0-based) in that text.
    pub index: usize,
}

/// Control characters (Unicode general category Cc) other than line breaks (LF, CR, VT,
/// FF, NEL: UAX #14 classes BK, CR, LF, NL) and tab, which wire copy uses for layout
/// and [`normalize_wire_text`] turns into spaces. Any other (NUL, BEL, ESC, DEL, C1
/// controls from a mis-decoded file) has no glyph and no meaning on paper: the spec
/// stage reports each as an error at its position.
pub fn control_characters(text: &str) -> Vec<ControlChar> {
    text.char_indices()
        .enumerate()
        .filter(|(_, (_, c))| {
            c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{0B}' | '\u{0C}' | '\u{85}')
        })
        .map(|(index, (offset, ch))| ControlChar { ch, offset, index })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shortcut gives what the rules give, for every string of up to four
    /// characters over an alphabet of each kind of character the rules treat apart
    /// (and the text it passes is left as it is).
    #[test]
    fn the_shortcut_agrees_with_the_rules() {
        let alphabet = [
            'a', '中', '，', '“', ' ', '\u{3000}', '\n', '\t', '\r', '\u{A0}', '\u{200B}', 'e',
            '\u{301}', '\u{302A}', '·', '\u{F900}',
        ];
        let n = alphabet.len();
        let mut passed = 0;
        for len in 0..=4u32 {
            for mut k in 0..n.pow(len) {
                let mut s = String::new();
                for _ in 0..len {
                    s.push(alphabet[k % n]);
                    k /= n;
                }
                let full = normalize_in_full(&s);
                assert_eq!(normalize_wire_text(&s), full, "{s:?}");
                if already_normal(&s) {
                    assert_eq!(full, s, "{s:?}");
                    passed += 1;
                }
            }
        }
        assert!(passed > 1000, "{passed}");
    }
}
