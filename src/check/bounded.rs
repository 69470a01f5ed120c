//! Reading a PDF's streams within limits, for a file that may be hostile (a supplied
//! ad, or any PDF given to `check`): a Flate stream is inflated to at most
//! [`MAX_STREAM_BYTES`] (a 1 MB stream that inflates to 1 GiB is refused, not read),
//! and content is parsed only when its arrays and dictionaries nest at most
//! [`MAX_NESTING`] deep (the content parser is recursive: 100,000 `[` would overflow
//! the stack).

use lopdf::{Object, Stream};

/// Largest decoded stream read, in bytes.
pub const MAX_STREAM_BYTES: usize = 64 << 20;

/// Deepest nesting of `[` and `<<` in content that is parsed.
pub const MAX_NESTING: usize = 64;

/// A stream's data decoded: as it is, or inflated when its one filter is FlateDecode
/// (the filters the engine and ordinary PDF producers write for content); other
/// filters through lopdf. `Err` says why it is not read.
pub fn stream_data(stream: &Stream) -> Result<Vec<u8>, String> {
    let filter = match stream.dict.get(b"Filter") {
        Err(_) => return Ok(stream.content.clone()),
        Ok(Object::Name(n)) => Some(n.as_slice()),
        Ok(Object::Array(a)) if a.len() == 1 => a.first().and_then(|f| f.as_name().ok()),
        Ok(_) => None,
    };
    match filter {
        Some(b"FlateDecode") if stream.dict.get(b"DecodeParms").is_err() => {
            miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(
                &stream.content,
                MAX_STREAM_BYTES,
            )
            .map_err(|e| match e.status {
                miniz_oxide::inflate::TINFLStatus::HasMoreOutput => format!(
                    "a stream inflates to more than {} MiB",
                    MAX_STREAM_BYTES >> 20
                ),
                _ => "a stream's Flate data is damaged".to_string(),
            })
        }
        _ => {
            let data = stream
                .decompressed_content()
                .unwrap_or_else(|_| stream.content.clone());
            if data.len() > MAX_STREAM_BYTES {
                return Err(format!(
                    "a stream decodes to more than {} MiB",
                    MAX_STREAM_BYTES >> 20
                ));
            }
            Ok(data)
        }
    }
}

/// How deep `[` and `<<` nest in content (ISO 32000-1 §7.3), outside strings and
/// comments; stops counting past [`MAX_NESTING`].
pub fn nesting(content: &[u8]) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut i = 0;
    while let Some(&b) = content.get(i) {
        match b {
            b'(' => i = skip_string(content, i),
            b'%' => {
                while content.get(i).is_some_and(|&c| c != b'\n' && c != b'\r') {
                    i += 1;
                }
            }
            b'[' => depth += 1,
            b'<' if content.get(i + 1) == Some(&b'<') => {
                depth += 1;
                i += 1;
            }
            b']' => depth = depth.saturating_sub(1),
            b'>' if content.get(i + 1) == Some(&b'>') => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            _ => {}
        }
        deepest = deepest.max(depth);
        if deepest > MAX_NESTING {
            return deepest;
        }
        i += 1;
    }
    deepest
}

/// The index of the `)` that closes the literal string opening at `open` (balanced
/// parentheses, backslash escapes), or the end.
fn skip_string(content: &[u8], open: usize) -> usize {
    let mut level = 0usize;
    let mut i = open;
    while let Some(&b) = content.get(i) {
        match b {
            b'\\' => i += 1,
            b'(' => level += 1,
            b')' => {
                level = level.saturating_sub(1);
                if level == 0 {
                    return i;
                }
            }
            _ => {}
        }
        i += 1;
    }
    i
}

/// Parse content that nests no deeper than [`MAX_NESTING`].
pub fn decode_content(data: &[u8]) -> Result<lopdf::content::Content, String> {
    let deep = nesting(data);
    if deep > MAX_NESTING {
        return Err(format!(
            "its content nests arrays or dictionaries more than {MAX_NESTING} deep"
        ));
    }
    lopdf::content::Content::decode(data).map_err(|e| format!("its content cannot be parsed ({e})"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may panic
mod tests {
    use super::*;

    #[test]
    fn nesting_counts_arrays_and_dictionaries_outside_strings() {
        assert_eq!(nesting(b"[1 [2 <</A [3]>>]] ([[[[) % [[[[\n"), 4);
        assert_eq!(nesting(b"(a \\) [[[[[ b) [ ]"), 1);
        assert!(nesting(&[b'['; 100_000]) > MAX_NESTING);
        assert!(decode_content(&[b'['; 100_000]).is_err());
        assert!(decode_content(b"q 1 0 0 1 0 0 cm Q").is_ok());
    }

    #[test]
    fn a_flate_bomb_is_refused_without_inflating_it() {
        let mut d = lopdf::Dictionary::new();
        d.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        let bomb = miniz_oxide::deflate::compress_to_vec_zlib(&vec![b' '; MAX_STREAM_BYTES + 1], 9);
        let e = stream_data(&Stream::new(d, bomb)).unwrap_err();
        assert!(e.contains("inflates to more than 64 MiB"), "{e}");
    }
}
