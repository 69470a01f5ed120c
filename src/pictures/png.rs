//! A PNG's header (IHDR, PLTE, tRNS, iCCP, eXIf) with the `png` crate, and its decoding
//! into colour and alpha planes for the PDF writer (PNG spec §11; palette and tRNS
//! expanded, 16-bit samples kept big-endian as PDF wants them).
//!
//! Before a PNG is used it is checked ([`validate`]): every chunk (PNG spec §5.3:
//! length, type, data, CRC) lies inside the file and its CRC-32 (§5.5) matches, the
//! file ends with IEND, the IDAT data is one complete zlib stream (RFC 1950, Adler-32
//! checked) that inflates to exactly the filtered scanlines IHDR declares (§7.2, §8.2
//! for Adam7), and the `png` crate's reader decodes every row (filter types, §9).

use std::io::Cursor;
use std::sync::Arc;

use png::{BitDepth, ColorType, Decoder, Transformations};

use miniz_oxide::inflate::stream::{inflate, InflateState};
use miniz_oxide::{DataFormat, MZError, MZFlush, MZStatus};

use super::exif::{tiff_orientation, Orientation};
use super::{ColorModel, PngInfo};

/// Read the header chunks of a PNG.
pub fn read_info(bytes: &[u8]) -> Result<PngInfo, String> {
    let reader = Decoder::new(Cursor::new(bytes))
        .read_info()
        .map_err(|e| format!("not a readable PNG ({e})"))?;
    let info = reader.info();
    let color = match info.color_type {
        ColorType::Grayscale | ColorType::GrayscaleAlpha => ColorModel::Gray,
        ColorType::Rgb | ColorType::Rgba | ColorType::Indexed => ColorModel::Rgb,
    };
    Ok(PngInfo {
        width: info.width,
        height: info.height,
        color,
        bit_depth: info.bit_depth as u8,
        palette: info.color_type == ColorType::Indexed,
        alpha: matches!(info.color_type, ColorType::GrayscaleAlpha | ColorType::Rgba)
            || info.trns.is_some(),
        interlaced: info.interlaced,
        icc: info.icc_profile.as_ref().map(|p| Arc::new(p.to_vec())),
        orientation: info
            .exif_metadata
            .as_deref()
            .map_or(Orientation::UPRIGHT, tiff_orientation),
    })
}

/// The PNG signature (PNG spec §5.2).
const SIGNATURE: &[u8; 8] = b"\x89PNG\r\n\x1a\n";

/// A chunk type for messages: its four letters, or its bytes in hex.
fn chunk_name(kind: &[u8]) -> String {
    if kind.iter().all(u8::is_ascii_alphabetic) {
        String::from_utf8_lossy(kind).into_owned()
    } else {
        kind.iter().map(|b| format!("{b:02X}")).collect()
    }
}

/// (x start, x step, y start, y step) of the seven Adam7 passes (PNG spec §8.2).
const ADAM7_PASSES: [(u64, u64, u64, u64); 7] = [
    (0, 8, 0, 8),
    (4, 8, 0, 8),
    (0, 4, 4, 8),
    (2, 4, 0, 4),
    (0, 2, 2, 4),
    (1, 2, 0, 2),
    (0, 1, 1, 2),
];

/// Check a PNG whose header was read (and whose size is within the limits): its
/// chunks, its image data's length, then a decode of every row.
pub fn validate(bytes: &[u8]) -> Result<(), String> {
    let expected = walk_chunks(bytes)?;
    let mut reader = Decoder::new(Cursor::new(bytes))
        .read_info()
        .map_err(|e| format!("not a readable PNG ({e})"))?;
    let mut rows = 0u64;
    while reader
        .next_row()
        .map_err(|e| format!("a damaged PNG: its image data cannot be decoded ({e})"))?
        .is_some()
    {
        rows = rows.saturating_add(1);
    }
    if rows == 0 || expected == 0 {
        return Err("a damaged PNG: it has no image rows".into());
    }
    Ok(())
}

/// Walk the chunks after the signature (PNG spec §5.3), checking each one's extent and
/// CRC and inflating the IDAT data as it goes, without keeping it; returns the length
/// of the filtered image data.
fn walk_chunks(bytes: &[u8]) -> Result<u64, String> {
    if !bytes.starts_with(SIGNATURE) {
        return Err("a PNG without the PNG signature".into());
    }
    let mut pos = SIGNATURE.len();
    let mut expected: Option<u64> = None;
    let mut idat = IdatCheck::new();
    loop {
        let Some(head) = bytes.get(pos..pos.saturating_add(8)) else {
            return Err(format!(
                "a PNG that ends at byte {pos} before its IEND chunk (the file is cut short)"
            ));
        };
        let len = u32::from_be_bytes([head[0], head[1], head[2], head[3]]);
        let kind = &head[4..8];
        let name = chunk_name(kind);
        let at = format!("PNG chunk {name} at byte {pos}");
        // §5.3: a chunk's length is at most 2^31 − 1.
        if len > 0x7FFF_FFFF {
            return Err(format!("a damaged PNG: {at} has length {len}"));
        }
        let len = usize::try_from(len).map_err(|_| format!("{at} is too long"))?;
        let data_end = pos
            .checked_add(8)
            .and_then(|p| p.checked_add(len))
            .ok_or_else(|| format!("{at} is too long"))?;
        let Some(crc) = data_end
            .checked_add(4)
            .and_then(|end| bytes.get(data_end..end))
        else {
            return Err(format!(
                "a PNG whose {at} (length {len}) runs past the end of the file at byte {} (the file is cut short)",
                bytes.len()
            ));
        };
        let stored = u32::from_be_bytes([crc[0], crc[1], crc[2], crc[3]]);
        let body = bytes
            .get(pos.saturating_add(4)..data_end)
            .unwrap_or_default();
        let computed = crc32fast::hash(body);
        if stored != computed {
            return Err(format!(
                "a damaged PNG: {at}: CRC mismatch (stored {stored:08X}, computed {computed:08X})"
            ));
        }
        let data = body.get(4..).unwrap_or_default();
        match kind {
            b"IHDR" => {
                expected = Some(
                    image_data_len(data)
                        .ok_or_else(|| format!("a damaged PNG: {at} is not a valid header"))?,
                )
            }
            b"IDAT" => {
                let want =
                    expected.ok_or_else(|| format!("a damaged PNG: {at} comes before IHDR"))?;
                idat.feed(data, want)
                    .map_err(|e| format!("a damaged PNG: {at}: {e}"))?;
            }
            b"IEND" => break,
            _ => {}
        }
        pos = data_end.saturating_add(4);
    }
    let want = expected.ok_or("a damaged PNG: it has no IHDR chunk")?;
    idat.finish(want)
        .map_err(|e| format!("a damaged PNG: its IDAT data {e}"))?;
    Ok(want)
}

/// The length of the filtered image data IHDR declares (PNG spec §7.2: each row a
/// filter-type byte and its packed samples; §8.2: Adam7's seven passes, each its own
/// rows), from IHDR's data (§11.2.2).
fn image_data_len(ihdr: &[u8]) -> Option<u64> {
    let h = ihdr.get(0..13)?;
    let w = u64::from(u32::from_be_bytes([h[0], h[1], h[2], h[3]]));
    let ht = u64::from(u32::from_be_bytes([h[4], h[5], h[6], h[7]]));
    let channels: u64 = match h[9] {
        0 | 3 => 1,
        2 => 3,
        4 => 2,
        6 => 4,
        _ => return None,
    };
    let bits = channels.checked_mul(u64::from(h[8]))?;
    let rows = |w: u64, ht: u64| -> Option<u64> {
        if w == 0 || ht == 0 {
            return Some(0);
        }
        let row = w.checked_mul(bits)?.checked_add(7)? / 8;
        ht.checked_mul(row.checked_add(1)?)
    };
    match h[12] {
        0 => rows(w, ht),
        1 => ADAM7_PASSES
            .iter()
            .try_fold(0u64, |sum, &(x0, dx, y0, dy)| {
                let pw = w.saturating_sub(x0).div_ceil(dx);
                let ph = ht.saturating_sub(y0).div_ceil(dy);
                sum.checked_add(rows(pw, ph)?)
            }),
        _ => None,
    }
}

/// The IDAT data inflated chunk by chunk into a small window, counting what comes out.
struct IdatCheck {
    state: Box<InflateState>,
    window: Vec<u8>,
    out: u64,
    ended: bool,
}

impl IdatCheck {
    fn new() -> Self {
        IdatCheck {
            state: InflateState::new_boxed(DataFormat::Zlib),
            window: vec![0; 64 * 1024],
            out: 0,
            ended: false,
        }
    }

    /// Inflate one chunk's data; more than `want` bytes is an error at once (so a
    /// deflate bomb stops here).
    fn feed(&mut self, mut data: &[u8], want: u64) -> Result<(), String> {
        while !data.is_empty() {
            if self.ended {
                return Err(format!(
                    "{} bytes after the end of the zlib stream",
                    data.len()
                ));
            }
            let r = inflate(&mut self.state, data, &mut self.window, MZFlush::None);
            data = data.get(r.bytes_consumed..).unwrap_or_default();
            self.count(r.bytes_written, want)?;
            match r.status {
                Ok(MZStatus::StreamEnd) => self.ended = true,
                Ok(_) => {}
                // No progress without more input: the next chunk brings it.
                Err(MZError::Buf) if data.is_empty() => {}
                Err(e) => return Err(format!("is not a valid zlib stream ({e:?})")),
            }
            if r.bytes_consumed == 0 && r.bytes_written == 0 && !self.ended {
                return Err("is not a valid zlib stream (no progress)".into());
            }
        }
        Ok(())
    }

    fn count(&mut self, n: usize, want: u64) -> Result<(), String> {
        self.out = self
            .out
            .saturating_add(u64::try_from(n).unwrap_or(u64::MAX));
        if self.out > want {
            return Err(format!(
                "inflates to more than the {want} bytes its header declares"
            ));
        }
        Ok(())
    }

    /// Drain what the inflater still holds; the stream must have ended with exactly
    /// `want` bytes.
    fn finish(mut self, want: u64) -> Result<(), String> {
        while !self.ended {
            let r = inflate(&mut self.state, &[], &mut self.window, MZFlush::None);
            self.count(r.bytes_written, want)?;
            match r.status {
                Ok(MZStatus::StreamEnd) => self.ended = true,
                _ if r.bytes_written > 0 => {}
                _ => break,
            }
        }
        if !self.ended {
            return Err(format!(
                "is short: it ends after {} of the {want} bytes its header declares",
                self.out
            ));
        }
        if self.out != want {
            return Err(format!(
                "inflates to {} bytes; its header declares {want}",
                self.out
            ));
        }
        Ok(())
    }
}

/// The PNG's image data as it is stored, for a PDF `/FlateDecode` stream with PNG
/// predictors (ISO 32000-1 §7.4.4.4; PNG spec §10: the IDAT chunks joined are one zlib
/// stream of filtered scanlines), when the picture can go in without decoding: no
/// palette, no transparency, not interlaced, 8 or 16 bits. Walks the chunks (PNG spec
/// §5.3: length, type, data, CRC) after the 8-byte signature; the header was already
/// read by the `png` crate.
pub fn idat_stream(bytes: &[u8], info: &PngInfo) -> Option<Vec<u8>> {
    if info.palette || info.alpha || info.interlaced || !matches!(info.bit_depth, 8 | 16) {
        return None;
    }
    let mut out = Vec::new();
    let mut pos = 8usize;
    loop {
        let len = bytes.get(pos..pos.checked_add(4)?)?;
        let len = usize::try_from(u32::from_be_bytes([len[0], len[1], len[2], len[3]])).ok()?;
        let kind = bytes.get(pos + 4..pos + 8)?;
        let start = pos + 8;
        let end = start.checked_add(len)?;
        let data = bytes.get(start..end)?;
        match kind {
            b"IDAT" => out.extend_from_slice(data),
            b"IEND" => break,
            _ => {}
        }
        pos = end.checked_add(4)?;
    }
    (!out.is_empty()).then_some(out)
}

/// A PNG decoded for the PDF: colour samples and, if it has one, the alpha plane, both
/// 8 or 16 bits per sample.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodedPng {
    pub bits: u8,
    pub color: Vec<u8>,
    pub alpha: Option<Vec<u8>>,
}

/// Decode a whole PNG (the PDF writer calls this once per picture).
pub fn decode_png(bytes: &[u8]) -> Result<DecodedPng, String> {
    let mut dec = Decoder::new(Cursor::new(bytes));
    dec.set_transformations(Transformations::EXPAND);
    let mut reader = dec
        .read_info()
        .map_err(|e| format!("not a readable PNG ({e})"))?;
    let size = reader
        .output_buffer_size()
        .ok_or("a PNG too large to decode")?;
    let mut buf = vec![0; size];
    let out = reader
        .next_frame(&mut buf)
        .map_err(|e| format!("a damaged PNG ({e})"))?;
    buf.truncate(out.buffer_size());
    let bytes_per_sample = if out.bit_depth == BitDepth::Sixteen {
        2
    } else {
        1
    };
    let (colors, has_alpha) = match out.color_type {
        ColorType::Grayscale => (1, false),
        ColorType::GrayscaleAlpha => (1, true),
        ColorType::Rgb => (3, false),
        ColorType::Rgba => (3, true),
        ColorType::Indexed => return Err("a palette PNG that did not expand".into()),
    };
    let bits = if out.bit_depth == BitDepth::Sixteen {
        16
    } else {
        8
    };
    if !has_alpha {
        return Ok(DecodedPng {
            bits,
            color: buf,
            alpha: None,
        });
    }
    let px = (colors + 1) * bytes_per_sample;
    let cs = colors * bytes_per_sample;
    let mut color = Vec::with_capacity(buf.len() / px * cs);
    let mut alpha = Vec::with_capacity(buf.len() / px * bytes_per_sample);
    for p in buf.chunks_exact(px) {
        let (c, a) = p.split_at(cs);
        color.extend_from_slice(c);
        alpha.extend_from_slice(a);
    }
    Ok(DecodedPng {
        bits,
        color,
        alpha: Some(alpha),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may panic
mod tests {
    use super::*;

    fn encode(
        w: u32,
        h: u32,
        color: ColorType,
        depth: BitDepth,
        f: impl FnOnce(&mut png::Encoder<'_, &mut Vec<u8>>),
        data: &[u8],
    ) -> Vec<u8> {
        let mut out = Vec::new();
        {
            let mut enc = png::Encoder::new(&mut out, w, h);
            enc.set_color(color);
            enc.set_depth(depth);
            f(&mut enc);
            let mut wr = enc.write_header().unwrap();
            wr.write_image_data(data).unwrap();
        }
        out
    }

    #[test]
    fn sixteen_bit_rgba_splits_into_colour_and_alpha() {
        // One pixel: R=0x0102 G=0x0304 B=0x0506 A=0x0708, big-endian as PNG and PDF store it.
        let png = encode(
            1,
            1,
            ColorType::Rgba,
            BitDepth::Sixteen,
            |_| {},
            &[1, 2, 3, 4, 5, 6, 7, 8],
        );
        let info = read_info(&png).unwrap();
        assert_eq!(
            (info.bit_depth, info.alpha, info.palette),
            (16, true, false)
        );
        let d = decode_png(&png).unwrap();
        assert_eq!(d.bits, 16);
        assert_eq!(d.color, [1, 2, 3, 4, 5, 6]);
        assert_eq!(d.alpha.as_deref(), Some([7, 8].as_slice()));
    }

    #[test]
    fn palette_with_transparency_expands_to_rgb_and_alpha() {
        let png = encode(
            2,
            1,
            ColorType::Indexed,
            BitDepth::Eight,
            |e| {
                e.set_palette(vec![255, 0, 0, 0, 0, 255]);
                e.set_trns(vec![128, 255]);
            },
            &[0, 1],
        );
        let info = read_info(&png).unwrap();
        assert_eq!(
            (info.color, info.palette, info.alpha),
            (ColorModel::Rgb, true, true)
        );
        let d = decode_png(&png).unwrap();
        assert_eq!(d.bits, 8);
        assert_eq!(d.color, [255, 0, 0, 0, 0, 255]);
        assert_eq!(d.alpha.as_deref(), Some([128, 255].as_slice()));
    }

    /// A 40 × 30 RGB gradient, every row filtered (so each byte of the file matters).
    fn sample_png() -> Vec<u8> {
        let mut data = Vec::new();
        for y in 0..30u8 {
            for x in 0..40u8 {
                data.extend_from_slice(&[x.wrapping_mul(6), y.wrapping_mul(8), x ^ y]);
            }
        }
        let mut out = Vec::new();
        {
            let mut enc = png::Encoder::new(&mut out, 40, 30);
            enc.set_color(ColorType::Rgb);
            enc.set_depth(BitDepth::Eight);
            enc.set_filter(png::Filter::Adaptive);
            let mut wr = enc.write_header().unwrap();
            wr.write_image_data(&data).unwrap();
        }
        out
    }

    /// An Adam7-interlaced `w × h` 8-bit gray PNG, built by hand (the `png` encoder
    /// writes no interlaced files): each pass's rows, filter type 0.
    fn interlaced_png(w: u32, h: u32) -> Vec<u8> {
        let mut raw = Vec::new();
        for (x0, dx, y0, dy) in ADAM7_PASSES {
            let cols = (0..u64::from(w)).filter(|x| x % dx == x0).count();
            let rows = (0..u64::from(h)).filter(|y| y % dy == y0).count();
            if cols == 0 {
                continue;
            }
            for _ in 0..rows {
                raw.push(0);
                raw.extend(std::iter::repeat_n(128, cols));
            }
        }
        let chunk = |kind: &[u8], data: &[u8]| {
            let mut c = u32::try_from(data.len()).unwrap().to_be_bytes().to_vec();
            let mut body = kind.to_vec();
            body.extend_from_slice(data);
            c.extend_from_slice(&body);
            c.extend_from_slice(&crc32fast::hash(&body).to_be_bytes());
            c
        };
        let mut ihdr = w.to_be_bytes().to_vec();
        ihdr.extend_from_slice(&h.to_be_bytes());
        ihdr.extend_from_slice(&[8, 0, 0, 0, 1]);
        let mut f = SIGNATURE.to_vec();
        f.extend(chunk(b"IHDR", &ihdr));
        f.extend(chunk(
            b"IDAT",
            &miniz_oxide::deflate::compress_to_vec_zlib(&raw, 6),
        ));
        f.extend(chunk(b"IEND", &[]));
        f
    }

    #[test]
    fn sound_pngs_pass_plain_and_interlaced() {
        let png = sample_png();
        assert_eq!(validate(&png), Ok(()));
        // 30 rows of a filter byte and 40 × 3 samples.
        assert_eq!(walk_chunks(&png), Ok(30 * 121));
        for (w, h) in [(1, 1), (3, 2), (9, 9), (40, 30), (17, 5)] {
            let png = interlaced_png(w, h);
            assert!(read_info(&png).unwrap().interlaced);
            assert_eq!(validate(&png), Ok(()), "{w} × {h}");
        }
    }

    /// Every single changed byte after the signature, and every cut, is found: the CRC
    /// covers each chunk's type and data, its length bounds it, and IEND must come.
    #[test]
    fn every_changed_byte_and_every_cut_is_an_error() {
        let png = sample_png();
        for at in 8..png.len() {
            let mut bad = png.clone();
            bad[at] ^= 0x20;
            assert!(validate(&bad).is_err(), "byte {at} changed unnoticed");
        }
        for len in 8..png.len() {
            assert!(validate(&png[..len]).is_err(), "cut at {len} unnoticed");
        }
    }

    /// A chunk with its CRC made right for damaged contents: the image data is then
    /// checked by length and by decoding.
    fn rechunk(png: &[u8], edit: impl Fn(&mut Vec<u8>)) -> Vec<u8> {
        let mut out = png[..8].to_vec();
        let mut pos = 8;
        while pos < png.len() {
            let len = u32::from_be_bytes(png[pos..pos + 4].try_into().unwrap()) as usize;
            let kind = &png[pos + 4..pos + 8];
            let mut data = png[pos + 8..pos + 8 + len].to_vec();
            if kind == b"IDAT" {
                edit(&mut data);
            }
            out.extend_from_slice(&u32::try_from(data.len()).unwrap().to_be_bytes());
            let mut body = kind.to_vec();
            body.extend_from_slice(&data);
            out.extend_from_slice(&body);
            out.extend_from_slice(&crc32fast::hash(&body).to_be_bytes());
            pos += 12 + len;
        }
        out
    }

    #[test]
    fn short_long_and_garbled_image_data_with_good_crcs_are_errors() {
        let png = sample_png();
        let short = rechunk(&png, |d| d.truncate(d.len() / 2));
        let e = validate(&short).unwrap_err();
        assert!(e.contains("its IDAT data is short: it ends after "), "{e}");
        // One scanline too many, compressed properly: inflates to more than declared.
        let long = rechunk(&png, |d| {
            let mut raw = miniz_oxide::inflate::decompress_to_vec_zlib(d).unwrap();
            raw.extend(std::iter::repeat_n(0, 121));
            *d = miniz_oxide::deflate::compress_to_vec_zlib(&raw, 6);
        });
        let e = validate(&long).unwrap_err();
        assert!(e.contains("inflates to more than the 3630 bytes"), "{e}");
        // A filter type of 9 (§9.2 knows 0–4), properly compressed.
        let filter = rechunk(&png, |d| {
            let mut raw = miniz_oxide::inflate::decompress_to_vec_zlib(d).unwrap();
            raw[121] = 9;
            *d = miniz_oxide::deflate::compress_to_vec_zlib(&raw, 6);
        });
        let e = validate(&filter).unwrap_err();
        assert!(
            e.contains("a damaged PNG: its image data cannot be decoded"),
            "{e}"
        );
        // Bytes after the zlib stream's end.
        let trailing = rechunk(&png, |d| d.extend_from_slice(&[1, 2, 3]));
        let e = validate(&trailing).unwrap_err();
        assert!(
            e.contains("3 bytes after the end of the zlib stream"),
            "{e}"
        );
    }

    #[test]
    fn a_crc_mismatch_names_the_chunk_and_its_offset() {
        let mut png = sample_png();
        let idat = png.windows(4).position(|w| w == b"IDAT").unwrap();
        png[idat + 10] ^= 1;
        let e = validate(&png).unwrap_err();
        assert!(
            e.starts_with(&format!(
                "a damaged PNG: PNG chunk IDAT at byte {}: CRC mismatch (stored ",
                idat - 4
            )),
            "{e}"
        );
    }

    #[test]
    fn gray_without_alpha_is_kept_as_is() {
        let png = encode(
            2,
            1,
            ColorType::Grayscale,
            BitDepth::Eight,
            |_| {},
            &[10, 200],
        );
        let d = decode_png(&png).unwrap();
        assert_eq!(
            (d.bits, d.color.as_slice(), d.alpha.is_none()),
            (8, [10u8, 200].as_slice(), true)
        );
    }
}
