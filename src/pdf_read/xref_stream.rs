//! The object streams a cross-reference stream names (ISO 32000-1 §7.5.8.3: an entry
//! of type 2 gives the number of the object stream that holds an object), read from
//! the stream's raw data within the limit before the parser reads the file.

use hayro_syntax::object::{Array, Dict};

use super::bounded::{filters, inflate_within, MAX_STREAM_BYTES};
use super::open::RawStream;

/// The numbers of the object streams the entries of type 2 name. `None` when the
/// stream is not read here (filters other than one FlateDecode, predictors other than
/// PNG's, or damaged data).
pub(super) fn object_stream_numbers(s: &RawStream<'_>) -> Option<Vec<u32>> {
    let chain = filters(&s.dict, b"Filter");
    let data = match chain.as_slice() {
        [] => s.data.to_vec(),
        [f] if matches!(f.as_ref(), b"FlateDecode" | b"Fl") => {
            inflate_within(s.data, MAX_STREAM_BYTES).ok()?
        }
        _ => return None,
    };
    let widths: Vec<usize> = s.dict.get::<Array<'_>>(b"W")?.iter::<usize>().collect();
    let [w1, w2, w3] = widths.as_slice() else {
        return None;
    };
    let row = w1 + w2 + w3;
    let data = unpredict(&data, s.dict.get::<Dict<'_>>(b"DecodeParms"), row)?;
    let mut out = Vec::new();
    for entry in data.chunks_exact(row.max(1)) {
        let kind = if *w1 == 0 {
            1
        } else {
            field(entry.get(..*w1)?)
        };
        if kind == 2 {
            out.push(u32::try_from(field(entry.get(*w1..w1 + w2)?)).ok()?);
        }
    }
    Some(out)
}

/// A big-endian field of a cross-reference stream entry.
fn field(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .fold(0u64, |v, &b| v.wrapping_shl(8) | u64::from(b))
}

/// Undo a PNG predictor (ISO 32000-1 §7.4.4.4, `/Predictor` 10–15): each row of
/// `/Columns` bytes is preceded by its filter type byte. No predictor leaves the data
/// as it is; the TIFF predictor is not read here.
fn unpredict(data: &[u8], parms: Option<Dict<'_>>, row: usize) -> Option<Vec<u8>> {
    let predictor = parms.as_ref().and_then(|p| p.get::<i32>(b"Predictor"));
    match predictor {
        None | Some(1) => return Some(data.to_vec()),
        Some(10..=15) => {}
        Some(_) => return None,
    }
    let columns = parms
        .as_ref()
        .and_then(|p| p.get::<usize>(b"Columns"))
        .unwrap_or(row)
        .max(1);
    let mut out: Vec<u8> = Vec::with_capacity(data.len());
    let mut prev = vec![0u8; columns];
    for line in data.chunks(columns + 1) {
        let (&kind, bytes) = line.split_first()?;
        let mut cur = vec![0u8; columns];
        for (i, &b) in bytes.iter().enumerate() {
            let left = if i > 0 { cur[i - 1] } else { 0 };
            let up = prev[i];
            let corner = if i > 0 { prev[i - 1] } else { 0 };
            cur[i] = b.wrapping_add(match kind {
                1 => left,
                2 => up,
                3 => ((u16::from(left) + u16::from(up)) / 2) as u8,
                4 => paeth(left, up, corner),
                _ => 0,
            });
        }
        out.extend_from_slice(&cur[..bytes.len()]);
        prev = cur;
    }
    Some(out)
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = i16::from(a) + i16::from(b) - i16::from(c);
    let (pa, pb, pc) = (
        (p - i16::from(a)).abs(),
        (p - i16::from(b)).abs(),
        (p - i16::from(c)).abs(),
    );
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may panic
mod tests {
    use super::*;
    use hayro_syntax::object::FromBytes;

    #[test]
    fn type_2_entries_name_their_object_streams() {
        // Three entries of widths 1 2 1: free, at offset 15, in object stream 9.
        let rows: &[u8] = &[0, 0, 0, 0, 1, 0, 15, 0, 2, 0, 9, 3];
        let dict = Dict::from_bytes(b"<< /Type /XRef /W [1 2 1] /Size 3 >>").unwrap();
        let s = RawStream {
            number: 4,
            dict,
            data: rows,
        };
        assert_eq!(object_stream_numbers(&s), Some(vec![9]));
        // The same rows under the PNG Up predictor.
        let mut up = Vec::new();
        let mut prev = [0u8; 4];
        for r in rows.chunks(4) {
            up.push(2);
            up.extend(r.iter().zip(prev).map(|(b, p)| b.wrapping_sub(p)));
            prev.copy_from_slice(r);
        }
        let dict =
            Dict::from_bytes(b"<< /W [1 2 1] /DecodeParms << /Predictor 12 /Columns 4 >> >>")
                .unwrap();
        let s = RawStream {
            number: 4,
            dict,
            data: &up,
        };
        assert_eq!(object_stream_numbers(&s), Some(vec![9]));
    }
}
