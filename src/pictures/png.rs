//! A PNG's header (IHDR, PLTE, tRNS, iCCP) with the `png` crate, and its decoding into
//! colour and alpha planes for the PDF writer (PNG spec §11; palette and tRNS expanded,
//! 16-bit samples kept big-endian as PDF wants them).

use std::io::Cursor;
use std::sync::Arc;

use png::{BitDepth, ColorType, Decoder, Transformations};

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
    })
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
