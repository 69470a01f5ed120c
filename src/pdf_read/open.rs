//! Opening a PDF that may be hostile. `hayro-syntax` inflates cross-reference streams
//! when it opens a file and object streams when it first reads an object in one (ISO
//! 32000-1 §7.5.7, §7.5.8), with no limit: before it sees the file, every stream it
//! could inflate that way is found here and must decode to at most
//! [`MAX_STREAM_BYTES`] — one that says it is an object stream (`/Type /ObjStm`) or a
//! cross-reference stream (`/Type /XRef`, or `/W`), and every stream a
//! cross-reference stream names as holding objects.

use std::collections::BTreeSet;
use std::sync::Arc;

use hayro_syntax::object::{Dict, FromBytes, Name};
use hayro_syntax::{LoadPdfError, Pdf};

use super::bounded::{decoded_bound, filters, MAX_STREAM_BYTES};
use super::{find_bytes, xref_stream};

/// Open a PDF whose object and cross-reference streams decode within the limit. `Err`
/// says why it is not opened.
pub fn open_pdf<T: AsRef<[u8]> + Send + Sync + 'static>(bytes: Arc<T>) -> Result<Pdf, String> {
    object_streams_within_limits(bytes.as_ref().as_ref())?;
    Pdf::new(bytes).map_err(|e| match e {
        LoadPdfError::Decryption(_) => {
            "an encrypted PDF (supply it without a password or restrictions)".to_string()
        }
        LoadPdfError::Invalid => "a damaged PDF (it cannot be parsed)".to_string(),
    })
}

/// A stream in the file as written: its object number, dictionary and raw data.
pub(super) struct RawStream<'a> {
    pub number: u32,
    pub dict: Dict<'a>,
    pub data: &'a [u8],
}

/// Every object or cross-reference stream decodes to at most the limit.
pub fn object_streams_within_limits(file: &[u8]) -> Result<(), String> {
    let streams = raw_streams(file);
    let mut holders = BTreeSet::new();
    let mut all_known = true;
    for s in streams.iter().filter(|s| s.dict.contains_key(b"W")) {
        check_size(s)?;
        match xref_stream::object_stream_numbers(s) {
            Some(numbers) => holders.extend(numbers),
            None => all_known = false,
        }
    }
    for s in &streams {
        let kind = s.dict.get::<Name<'_>>(b"Type");
        let declared = kind.is_some_and(|t| matches!(t.as_ref(), b"ObjStm" | b"XRef"));
        // A cross-reference stream that could not be read may name any stream.
        if declared || holders.contains(&s.number) || !all_known {
            check_size(s)?;
        }
    }
    Ok(())
}

fn check_size(s: &RawStream<'_>) -> Result<(), String> {
    // The parser takes `/F` as the filter when it is a name or array (ISO 32000-1
    // Table 5 gives `/F` to external files; `hayro-syntax` reads both).
    let mut chain = filters(&s.dict, b"F");
    if chain.is_empty() {
        chain = filters(&s.dict, b"Filter");
    }
    if decoded_bound(&chain, s.data) > MAX_STREAM_BYTES as u64 {
        return Err(format!(
            "object {} is an object or cross-reference stream that decodes to more than {} MiB",
            s.number,
            MAX_STREAM_BYTES >> 20
        ));
    }
    Ok(())
}

/// Every `N G obj << … >> stream` in the file, wherever it starts (a repairing parser
/// looks everywhere too).
fn raw_streams(file: &[u8]) -> Vec<RawStream<'_>> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(at) = find_bytes(file, b"obj", i) {
        i = at + 3;
        let Some(number) = object_number_before(file, at) else {
            continue;
        };
        if let Some(s) = stream_after(file, at + 3, number) {
            out.push(s);
        }
    }
    out
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}

/// The object number of the `N G obj` whose `obj` is at `at`.
fn object_number_before(file: &[u8], at: usize) -> Option<u32> {
    let before = file.get(..at)?;
    let digits_end = |end: usize| {
        let mut start = end;
        while start > 0 && before.get(start - 1).is_some_and(u8::is_ascii_digit) {
            start -= 1;
        }
        (start < end).then_some(start)
    };
    let mut end = at;
    while end > 0 && before.get(end - 1).is_some_and(|&b| is_space(b)) {
        end -= 1;
    }
    let gen_start = digits_end(end)?;
    let mut end = gen_start;
    while end > 0 && before.get(end - 1).is_some_and(|&b| is_space(b)) {
        end -= 1;
    }
    if end == gen_start {
        return None;
    }
    let num_start = digits_end(end)?;
    std::str::from_utf8(before.get(num_start..end)?)
        .ok()?
        .parse()
        .ok()
}

fn skip_space(file: &[u8], mut at: usize) -> usize {
    while let Some(&b) = file.get(at) {
        if is_space(b) {
            at += 1;
        } else if b == b'%' {
            while file.get(at).is_some_and(|&c| c != b'\n' && c != b'\r') {
                at += 1;
            }
        } else {
            break;
        }
    }
    at
}

/// The stream whose dictionary starts after `obj` at `at`, if the object is one. Its
/// data runs to the later of `/Length` and `endstream` (the parser may use either).
fn stream_after(file: &[u8], at: usize, number: u32) -> Option<RawStream<'_>> {
    let start = skip_space(file, at);
    let tail = file.get(start..)?;
    if !tail.starts_with(b"<<") {
        return None;
    }
    let dict = Dict::from_bytes(tail)?;
    let dict_end = start + dict.data().len();
    let kw = skip_space(file, dict_end);
    if !file.get(kw..)?.starts_with(b"stream") {
        return None;
    }
    let mut data_start = kw + 6;
    if file.get(data_start) == Some(&b'\r') {
        data_start += 1;
    }
    if file.get(data_start) == Some(&b'\n') {
        data_start += 1;
    }
    let by_keyword = find_bytes(file, b"endstream", data_start).unwrap_or(file.len());
    let by_length = dict
        .get::<usize>(b"Length")
        .map_or(0, |l| data_start.saturating_add(l).min(file.len()));
    let data = file.get(data_start..by_keyword.max(by_length))?;
    Some(RawStream { number, dict, data })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may panic
mod tests {
    use super::*;

    #[test]
    fn streams_are_found_with_their_numbers_and_data() {
        let file = b"%PDF-1.6\n12 0 obj\n<< /Type /ObjStm /Length 5 >>\nstream\nabcde\nendstream\nendobj\n3 0 obj << /A 1 >> endobj";
        let s = raw_streams(file);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].number, 12);
        assert_eq!(s[0].data, b"abcde\n");
        assert!(object_streams_within_limits(file).is_ok());
    }

    #[test]
    fn an_object_stream_bomb_is_refused() {
        let bomb = miniz_oxide::deflate::compress_to_vec_zlib(&vec![b' '; MAX_STREAM_BYTES + 1], 9);
        let mut file =
            b"%PDF-1.6\n7 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode >>\nstream\n"
                .to_vec();
        file.extend_from_slice(&bomb);
        file.extend_from_slice(b"\nendstream\nendobj\n");
        let e = object_streams_within_limits(&file).unwrap_err();
        assert!(
            e.contains("object 7 is an object or cross-reference stream"),
            "{e}"
        );
    }
}
