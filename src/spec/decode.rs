//! Reading a text file whatever encoding the newsroom saved it in.
//!
//! UTF-8 (with or without BOM) is read as is. UTF-16 with a byte-order mark is decoded
//! with `encoding_rs` (the WHATWG Encoding Standard's decoders). Other bytes are guessed
//! only where the guess is certain: GB 18030 (a superset of GBK and GB 2312, the usual
//! encodings of Chinese Windows editors) when `chardetng` (Firefox's detector) picks it
//! and the text decodes cleanly as mostly Chinese. Both are reported with a warning
//! naming the encoding. Where the bytes also read as another East Asian encoding the
//! detector prefers (EUC-KR, Shift_JIS, Big5 — Korean copy decodes as GB 18030 to
//! plausible-looking Han characters), the file is an error naming every encoding it
//! reads as, never Chinese gibberish: an article then names its encoding in its front
//! matter (`encoding = "euc-kr"`, read from the raw bytes, as an XML declaration is).
//! Anything else is an error at the first byte that is not UTF-8, with its offset and a
//! hint on converting the file.

use std::path::Path;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, BIG5, EUC_KR, GB18030, GBK, SHIFT_JIS};

use crate::diag::{Diagnostic, LineCol};

/// A file's text and, if it was not UTF-8, the encoding it was decoded from.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub text: String,
    /// `None` for UTF-8; otherwise the WHATWG name, e.g. "UTF-16LE", "gb18030".
    pub encoding: Option<&'static str>,
}

/// Read `path` into text (see the module doc for the encodings accepted). A missing
/// file, a directory and an unreadable file get distinct messages.
pub fn read_text(path: &Path) -> Result<Decoded, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| read_error(path, &e))?;
    decode(&bytes).map_err(|d| d.in_file(path))
}

/// The message for a file that cannot be read: "is a directory", "not found", or the
/// system's reason.
pub fn read_error(path: &Path, e: &std::io::Error) -> Diagnostic {
    let message = if path.is_dir() {
        "failed to read file (it is a directory)".to_string()
    } else if e.kind() == std::io::ErrorKind::NotFound {
        "failed to read file (not found)".to_string()
    } else {
        format!("failed to read file ({e})")
    };
    Diagnostic::error(message).in_file(path)
}

/// Read an article file: as [`read_text`], except that an `encoding = "…"` line in the
/// front matter (found in the raw bytes, which are ASCII there in every encoding an
/// article may be in) names the encoding of a file that is not UTF-8. A file that is
/// valid UTF-8 is read as UTF-8 whatever it declares (an editor re-saved it).
pub fn read_declared(path: &Path) -> Result<Decoded, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| read_error(path, &e))?;
    let Some((label, at)) = declared_encoding(&bytes) else {
        return decode(&bytes).map_err(|d| d.in_file(path));
    };
    let located = |d: Diagnostic| {
        let head = String::from_utf8_lossy(bytes.get(..at).unwrap_or(&[]));
        d.in_file(path).at_offset(&head, head.len())
    };
    let Some(enc) = Encoding::for_label(label.as_bytes()) else {
        return Err(located(
            Diagnostic::error(format!("unknown encoding `{label}`")).with_hint(
                "write a WHATWG encoding label: gb18030, gbk, big5, euc-kr, shift_jis, utf-16le …",
            ),
        ));
    };
    if let Ok(text) = std::str::from_utf8(&bytes) {
        return Ok(Decoded {
            text: text.to_string(),
            encoding: None,
        });
    }
    match enc.decode_without_bom_handling_and_without_replacement(&bytes) {
        Some(text) => Ok(Decoded {
            text: text.into_owned(),
            // Declared: nothing to warn about.
            encoding: None,
        }),
        None => Err(located(
            Diagnostic::error(format!(
                "the file declares `encoding = \"{label}\"` but is not valid {}",
                enc.name()
            ))
            .with_hint("check the encoding the file was saved in (`file -i`), or save it as UTF-8"),
        )),
    }
}

/// The value of an `encoding = "…"` line in the `+++` front matter of raw article
/// bytes, and the byte offset of that line.
fn declared_encoding(bytes: &[u8]) -> Option<(String, usize)> {
    let mut lines = bytes.split(|&b| b == b'\n');
    let mut offset = 0;
    let first = lines.next()?;
    if first.trim_ascii() != b"+++" {
        return None;
    }
    offset += first.len() + 1;
    for line in lines {
        let l = line.trim_ascii();
        if l == b"+++" {
            return None;
        }
        if let Some(rest) = l.strip_prefix(b"encoding") {
            let rest = rest.trim_ascii_start().strip_prefix(b"=")?.trim_ascii();
            let value = rest.strip_prefix(b"\"")?.strip_suffix(b"\"")?;
            if value.is_ascii() && !value.is_empty() {
                return Some((String::from_utf8_lossy(value).into_owned(), offset));
            }
        }
        offset += line.len() + 1;
    }
    None
}

/// Decode file bytes; the error (without a file) names the byte offset.
pub fn decode(bytes: &[u8]) -> Result<Decoded, Diagnostic> {
    if let Some(decoded) = decode_by_bom(bytes) {
        return decoded;
    }
    let err = match std::str::from_utf8(bytes) {
        Ok(text) => {
            return Ok(Decoded {
                text: text.to_string(),
                encoding: None,
            })
        }
        Err(e) => e,
    };
    let readings = east_asian_readings(bytes);
    match readings.first() {
        Some((enc, text)) if *enc == GB18030 && looks_chinese(text) => Ok(Decoded {
            text: text.clone(),
            encoding: Some(GB18030.name()),
        }),
        Some((first, _)) => {
            let names: Vec<String> = readings
                .iter()
                .map(|(enc, _)| format!("`{}`", enc.name().to_ascii_lowercase()))
                .collect();
            Err(Diagnostic::error(format!(
                "the file is not UTF-8, and its encoding cannot be told for certain: it reads as {} (the likeliest first)",
                names.join(", ")
            ))
            .with_hint(format!(
                "an article names its encoding in its front matter (`encoding = \"{}\"`); or save the file as UTF-8",
                first.name().to_ascii_lowercase()
            )))
        }
        None => Err(not_utf8(bytes, err)),
    }
}

/// Text that starts with a byte-order mark of UTF-16 (or another non-UTF-8 encoding)
/// decoded in it; `None` without one, or with a UTF-8 one (read as UTF-8).
fn decode_by_bom(bytes: &[u8]) -> Option<Result<Decoded, Diagnostic>> {
    let (enc, bom_len) = Encoding::for_bom(bytes)?;
    if enc == encoding_rs::UTF_8 {
        return None;
    }
    let body = bytes.get(bom_len..).unwrap_or(&[]);
    Some(
        match enc.decode_without_bom_handling_and_without_replacement(body) {
            Some(text) => Ok(Decoded {
                text: text.into_owned(),
                encoding: Some(enc.name()),
            }),
            None => Err(Diagnostic::error(format!(
                "the file starts with a {} byte-order mark but is not valid {}",
                enc.name(),
                enc.name()
            ))
            .with_hint("save the file as UTF-8")),
        },
    )
}

/// Every East Asian legacy encoding the bytes decode in without an error, with the
/// text, the detector's (chardetng) guess first.
fn east_asian_readings(bytes: &[u8]) -> Vec<(&'static Encoding, String)> {
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = match detector.guess(None, Utf8Detection::Deny) {
        g if g == GBK => GB18030,
        g => g,
    };
    const EAST_ASIAN: [&Encoding; 4] = [GB18030, BIG5, EUC_KR, SHIFT_JIS];
    let mut readings: Vec<(&'static Encoding, String)> = Vec::new();
    for enc in std::iter::once(guess).chain(EAST_ASIAN) {
        if !EAST_ASIAN.contains(&enc) || readings.iter().any(|(e, _)| *e == enc) {
            continue;
        }
        if let Some(text) = enc.decode_without_bom_handling_and_without_replacement(bytes) {
            readings.push((enc, text.into_owned()));
        }
    }
    readings
}

/// The error for bytes that are neither UTF-8 nor any East Asian encoding: the first bad
/// byte, located by line and column.
fn not_utf8(bytes: &[u8], err: std::str::Utf8Error) -> Diagnostic {
    let at = err.valid_up_to();
    let valid = std::str::from_utf8(bytes.get(..at).unwrap_or(&[])).unwrap_or("");
    let pos = LineCol::of_offset(valid, valid.len());
    let shown: Vec<String> = bytes
        .iter()
        .skip(at)
        .take(4)
        .map(|b| format!("{b:02X}"))
        .collect();
    Diagnostic::error(format!(
        "the file is not valid UTF-8: byte {at} (0x{}) cannot start or continue a character",
        shown.join(" 0x")
    ))
    .at(pos)
    .with_hint(
        "save the file as UTF-8; a GBK/GB 18030 file converts with `iconv -f GB18030 -t UTF-8`",
    )
}

/// Whether decoded text is confidently Chinese: no control characters besides tab and
/// line ends, and most non-ASCII characters are Han, CJK punctuation or full-width
/// forms (text in another 8-bit encoding decodes as GB 18030 to a jumble of rarer
/// characters and symbols, or not at all).
fn looks_chinese(text: &str) -> bool {
    let mut cjk = 0usize;
    let mut other = 0usize;
    for c in text.chars() {
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r') {
            return false;
        }
        if c.is_ascii() {
            continue;
        }
        if is_common_cjk(c) {
            cjk += 1;
        } else {
            other += 1;
        }
    }
    cjk > 0 && cjk >= 4 * other
}

fn is_common_cjk(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'   // CJK Unified Ideographs
        | '\u{3000}'..='\u{303F}' // CJK Symbols and Punctuation
        | '\u{FF00}'..='\u{FFEF}' // Halfwidth and Fullwidth Forms
        | '\u{2010}'..='\u{2027}' // dashes, quotes, ellipsis
        | '\u{00B7}')
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may panic
mod tests {
    use super::*;

    #[test]
    fn utf8_is_read_as_is() {
        let d = decode("标题\n".as_bytes()).unwrap();
        assert_eq!(d.text, "标题\n");
        assert_eq!(d.encoding, None);
    }

    #[test]
    fn gbk_is_decoded_with_its_name() {
        let (bytes, _, _) = GB18030.encode("+++\nheadline = \"春节\"\n+++\n衡阳市民欢度春节。\n");
        let d = decode(&bytes).unwrap();
        assert!(d.text.contains("衡阳市民欢度春节"));
        assert_eq!(d.encoding, Some("gb18030"));
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "正文。".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, "正文。");
        assert_eq!(d.encoding, Some("UTF-16LE"));
    }

    #[test]
    fn latin1_is_rejected_with_the_offset() {
        let err = decode(b"ab\ncaf\xE9 au lait").unwrap_err();
        assert!(err.message.contains("byte 6 (0xE9"), "{err}");
        assert_eq!(err.pos, Some(LineCol { line: 2, col: 4 }));
        assert!(err.hints[0].contains("iconv"));
    }
}
