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
        icc: info.icc_profile.as_ref().map(|p| Arc::new(p.to_vec())),
    })
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
