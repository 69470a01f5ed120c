//! Reading a PDF's streams within limits, for a file that may be hostile (a supplied
//! ad, or any PDF given to `check`): a stream is decoded only when its data provably
//! decodes to at most [`MAX_STREAM_BYTES`] (a 1 MB Flate stream that inflates to 1 GiB
//! is refused, not read), and content is parsed only when its arrays and dictionaries
//! nest at most [`MAX_NESTING`] deep.
//!
//! Streams are read with `hayro-syntax`, whose own decoding has no limit: this module
//! takes a stream's raw data ([`Stream::raw_data`]) and inflates it with `miniz_oxide`
//! to the limit, or — for the other filters of ISO 32000-1 §7.4 — first bounds what the
//! filters can produce and lets the parser decode only streams under the limit.

use hayro_syntax::object::{Array, Dict, Name, Stream};
use miniz_oxide::inflate::stream::{inflate, InflateState};
use miniz_oxide::{DataFormat, MZError, MZFlush, MZStatus};

/// Largest decoded stream read, in bytes.
pub const MAX_STREAM_BYTES: usize = 64 << 20;

/// Deepest nesting of `[` and `<<` in content that is parsed.
pub const MAX_NESTING: usize = 64;

/// The most one byte of Flate data can inflate to (a deflate block of length-258
/// matches: 258 bytes for every 2 bits, RFC 1951 §3.2.5).
const FLATE_RATIO: u64 = 1032;

/// The most one byte of LZW data can decode to: a code of at least 9 bits stands for at
/// most one string of the 4096-entry table (ISO 32000-1 §7.4.4.2).
const LZW_RATIO: u64 = 4096;

/// The filter names of a stream dictionary (`/Filter`, a name or an array), in order.
pub fn filters<'a>(dict: &Dict<'a>, key: &[u8]) -> Vec<Name<'a>> {
    if let Some(n) = dict.get::<Name<'a>>(key) {
        return vec![n];
    }
    dict.get::<Array<'a>>(key)
        .map(|a| a.iter::<Name<'a>>().collect())
        .unwrap_or_default()
}

/// A stream's data decoded: as it is, inflated to the limit when its one filter is
/// FlateDecode without parameters (what the engine and ordinary PDF producers write
/// for content), else decoded by the parser once its filters are known to stay under
/// the limit. `Err` says why it is not read.
pub fn stream_data(stream: &Stream<'_>) -> Result<Vec<u8>, String> {
    let raw = stream.raw_data();
    let chain = filters(stream.dict(), b"Filter");
    let plain_flate =
        chain.len() == 1 && is_flate(&chain[..]) && !stream.dict().contains_key(b"DecodeParms");
    if chain.is_empty() {
        return Ok(raw.into_owned());
    }
    if plain_flate {
        return inflate_within(&raw, MAX_STREAM_BYTES);
    }
    if decoded_bound(&chain, &raw) > MAX_STREAM_BYTES as u64 {
        return Err(format!(
            "a stream's filters can decode it to more than {} MiB",
            MAX_STREAM_BYTES >> 20
        ));
    }
    // Filters the parser cannot decode leave the data as it is (the content parser
    // then finds nothing it knows in it).
    Ok(stream
        .decoded()
        .map(std::borrow::Cow::into_owned)
        .unwrap_or_else(|_| raw.into_owned()))
}

fn is_flate(chain: &[Name<'_>]) -> bool {
    chain
        .first()
        .is_some_and(|f| matches!(f.as_ref(), b"FlateDecode" | b"Fl"))
}

/// Zlib data inflated to at most `limit` bytes, with the messages of the checks: more
/// than `limit` bytes, or data that is not zlib, breaks off or fails its checksum.
/// Inflated by zlib-rs (through flate2, as the writer deflates), the buffer grown as the
/// output needs up to one byte past `limit`.
pub fn inflate_within(data: &[u8], limit: usize) -> Result<Vec<u8>, String> {
    let too_big = || format!("a stream inflates to more than {} MiB", limit >> 20);
    let damaged = || "a stream's Flate data is damaged".to_string();
    let most = limit.saturating_add(1);
    let mut z = flate2::Decompress::new(true);
    let mut out = Vec::with_capacity(data.len().saturating_mul(4).clamp(1024, most));
    loop {
        let before = (z.total_in(), z.total_out());
        let read = usize::try_from(z.total_in()).unwrap_or(usize::MAX);
        let rest = data.get(read..).unwrap_or_default();
        let status = z
            .decompress_vec(rest, &mut out, flate2::FlushDecompress::Finish)
            .map_err(|_| damaged())?;
        if out.len() > limit {
            return Err(too_big());
        }
        if status == flate2::Status::StreamEnd {
            return Ok(out);
        }
        if out.len() == out.capacity() {
            let room = out.capacity().min(most.saturating_sub(out.capacity()));
            out.reserve_exact(room.max(1));
        } else if (z.total_in(), z.total_out()) == before {
            // Nothing more comes of the input: it breaks off.
            return Err(damaged());
        }
    }
}

/// An upper bound of what a filter chain makes of `raw`, in bytes: a leading Flate
/// filter is inflated (counting, nothing kept) to one byte past the limit; every other
/// filter multiplies by the most it can expand (ASCIIHex halves, ASCII85's `z` is four
/// bytes, a run-length pair 128, LZW [`LZW_RATIO`], Flate [`FLATE_RATIO`]). Image
/// filters and unknown ones count as no expansion: the parser does not decode them.
pub fn decoded_bound(chain: &[Name<'_>], raw: &[u8]) -> u64 {
    let mut size = raw.len() as u64;
    for (i, f) in chain.iter().enumerate() {
        let ratio = match f.as_ref() {
            b"FlateDecode" | b"Fl" if i == 0 => {
                size = inflated_size(raw, MAX_STREAM_BYTES as u64 + 1);
                continue;
            }
            b"FlateDecode" | b"Fl" => FLATE_RATIO,
            b"LZWDecode" | b"LZW" => LZW_RATIO,
            b"RunLengthDecode" | b"RL" => 64,
            b"ASCII85Decode" | b"A85" => 4,
            _ => 1,
        };
        size = size.saturating_mul(ratio);
    }
    size
}

/// How many bytes Flate data inflates to, counted in a small window and stopped past
/// `stop`. A zlib header is read as the parser reads it (else raw deflate); data that
/// breaks off counts what was inflated plus the most the rest could make.
pub fn inflated_size(data: &[u8], stop: u64) -> u64 {
    let zlib = data.len() >= 2
        && data[0] & 0x0f == 8
        && (u16::from(data[0]) << 8 | u16::from(data[1])) % 31 == 0;
    let format = if zlib {
        DataFormat::Zlib
    } else {
        DataFormat::Raw
    };
    let mut state = InflateState::new_boxed(format);
    let mut window = vec![0u8; 64 << 10];
    let (mut at, mut total) = (0usize, 0u64);
    loop {
        let input = data.get(at..).unwrap_or_default();
        let r = inflate(&mut state, input, &mut window, MZFlush::None);
        at += r.bytes_consumed;
        total += r.bytes_written as u64;
        if total > stop {
            return total;
        }
        match r.status {
            Ok(MZStatus::StreamEnd) => return total,
            Ok(_) if r.bytes_consumed > 0 || r.bytes_written > 0 => {}
            Ok(_) | Err(MZError::Buf) => return total,
            Err(_) => {
                let rest = data.len().saturating_sub(at) as u64;
                return total.saturating_add(rest.saturating_mul(FLATE_RATIO));
            }
        }
    }
}

/// The bytes [`nesting`] acts on; it passes over every other one.
const NESTING_BYTES: [bool; 256] = {
    let mut t = [false; 256];
    t[b'(' as usize] = true;
    t[b'%' as usize] = true;
    t[b'[' as usize] = true;
    t[b'<' as usize] = true;
    t[b']' as usize] = true;
    t[b'>' as usize] = true;
    t
};

/// How deep `[` and `<<` nest in content (ISO 32000-1 §7.3), outside strings and
/// comments; stops counting past [`MAX_NESTING`].
pub fn nesting(content: &[u8]) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut i = 0;
    while let Some(&b) = content.get(i) {
        if !NESTING_BYTES[usize::from(b)] {
            i += 1;
            continue;
        }
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

/// Content that nests no deeper than [`MAX_NESTING`], else why it is not parsed.
pub fn shallow(data: &[u8]) -> Result<(), String> {
    if nesting(data) > MAX_NESTING {
        return Err(format!(
            "its content nests arrays or dictionaries more than {MAX_NESTING} deep"
        ));
    }
    Ok(())
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
        assert!(shallow(&[b'['; 100_000]).is_err());
        assert!(shallow(b"q 1 0 0 1 0 0 cm Q").is_ok());
    }

    #[test]
    fn a_flate_bomb_is_refused_without_inflating_it() {
        let bomb = miniz_oxide::deflate::compress_to_vec_zlib(&vec![b' '; MAX_STREAM_BYTES + 1], 9);
        let e = inflate_within(&bomb, MAX_STREAM_BYTES).unwrap_err();
        assert!(e.contains("inflates to more than 64 MiB"), "{e}");
        assert!(inflated_size(&bomb, 1 << 20) > 1 << 20);
        let small = miniz_oxide::deflate::compress_to_vec_zlib(b"hello hello", 6);
        assert_eq!(inflated_size(&small, 1 << 20), 11);
        let raw = miniz_oxide::deflate::compress_to_vec(b"hello hello", 6);
        assert_eq!(inflated_size(&raw, 1 << 20), 11);
    }

    /// What inflates within the limit comes back whole, one byte more is refused, and
    /// data that breaks off, fails its checksum or is not zlib is damaged.
    #[test]
    fn inflating_keeps_to_the_limit_and_refuses_damaged_data() {
        let text: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let packed = miniz_oxide::deflate::compress_to_vec_zlib(&text, 6);
        assert_eq!(inflate_within(&packed, text.len()).unwrap(), text);
        let e = inflate_within(&packed, text.len() - 1).unwrap_err();
        assert!(e.contains("inflates to more than"), "{e}");
        let damaged = "a stream's Flate data is damaged";
        let cut = packed.get(..packed.len() / 2).unwrap();
        assert_eq!(inflate_within(cut, MAX_STREAM_BYTES).unwrap_err(), damaged);
        let mut wrong_sum = packed.clone();
        *wrong_sum.last_mut().unwrap() ^= 1;
        assert_eq!(
            inflate_within(&wrong_sum, MAX_STREAM_BYTES).unwrap_err(),
            damaged
        );
        let plain = b"q 1 0 0 1 0 0 cm Q";
        assert_eq!(
            inflate_within(plain, MAX_STREAM_BYTES).unwrap_err(),
            damaged
        );
        assert_eq!(inflate_within(&[], MAX_STREAM_BYTES).unwrap_err(), damaged);
    }
}
