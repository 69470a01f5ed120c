//! Reading a text file whatever encoding the newsroom saved it in.
//!
//! UTF-8 (with or without BOM) is read as is. UTF-16 with a byte-order mark, and
//! GB 18030 (a superset of GBK and GB 2312, the usual encodings of Chinese Windows
//! editors) when the bytes are not UTF-8 but decode cleanly as mostly Chinese text, are
//! decoded with `encoding_rs` (the WHATWG Encoding Standard's decoders) and reported with
//! a warning naming the encoding. Anything else is an error at the first byte that is
//! not UTF-8, with its offset and a hint on converting the file.

use std::path::Path;

use encoding_rs::{Encoding, GB18030};

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

/// Decode file bytes; the error (without a file) names the byte offset.
pub fn decode(bytes: &[u8]) -> Result<Decoded, Diagnostic> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        if enc != encoding_rs::UTF_8 {
            let body = bytes.get(bom_len..).unwrap_or(&[]);
            return match enc.decode_without_bom_handling_and_without_replacement(body) {
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
            };
        }
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
    if let Some(text) = GB18030.decode_without_bom_handling_and_without_replacement(bytes) {
        if looks_chinese(&text) {
            return Ok(Decoded {
                text: text.into_owned(),
                encoding: Some(GB18030.name()),
            });
        }
    }
    let at = err.valid_up_to();
    let valid = std::str::from_utf8(bytes.get(..at).unwrap_or(&[])).unwrap_or("");
    let pos = LineCol::of_offset(valid, valid.len());
    let shown: Vec<String> = bytes
        .iter()
        .skip(at)
        .take(4)
        .map(|b| format!("{b:02X}"))
        .collect();
    Err(Diagnostic::error(format!(
        "the file is not valid UTF-8: byte {at} (0x{}) cannot start or continue a character",
        shown.join(" 0x")
    ))
    .at(pos)
    .with_hint(
        "save the file as UTF-8; a GBK/GB 18030 file converts with `iconv -f GB18030 -t UTF-8`",
    ))
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
