//! Reading a page image shrunk for the contact sheet, row by row, so memory stays at
//! one row plus the small result however large the page image is.

use std::path::Path;

use crate::diag::Diagnostic;
use crate::proof::Image;

/// Widest a page is drawn on the contact sheet, in pixels.
pub const CONTACT_CELL_MAX_WIDTH: u32 = 800;

/// Read a PNG (8-bit grey or RGB after expansion) and shrink it by the smallest whole
/// factor that makes it at most `max_width` wide, averaging each factor × factor box.
pub fn read_png_shrunk(path: &Path, max_width: u32) -> Result<Image, Diagnostic> {
    let err = |e: String| Diagnostic::error(format!("failed to read PNG ({e})")).in_file(path);
    let file = std::fs::File::open(path).map_err(|e| err(e.to_string()))?;
    let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(|e| err(e.to_string()))?;
    let (width, height, interlaced) = {
        let info = reader.info();
        (info.width, info.height, info.interlaced)
    };
    let factor = width.div_ceil(max_width.max(1)).max(1);
    if interlaced || factor == 1 {
        // Small or interlaced: whole image, then shrink in memory.
        drop(reader);
        return crate::proof::read_png(path).map(|img| shrink(&img, factor));
    }
    let channels = match reader.output_color_type().0 {
        png::ColorType::Grayscale => 1,
        png::ColorType::Rgb => 3,
        other => return Err(err(format!("unsupported colour type {other:?}"))),
    };
    let out_w = width.div_ceil(factor);
    let out_h = height.div_ceil(factor);
    let row_len = (out_w * channels) as usize;
    let mut pixels = Vec::with_capacity(row_len * out_h as usize);
    let mut sums = vec![0u32; row_len];
    let mut counts = vec![0u32; out_w as usize];
    let mut rows_in_band = 0;
    while let Some(row) = reader.next_row().map_err(|e| err(e.to_string()))? {
        accumulate(row.data(), channels, factor, &mut sums, &mut counts);
        rows_in_band += 1;
        if rows_in_band == factor {
            flush(&mut sums, &mut counts, channels, &mut pixels);
            rows_in_band = 0;
        }
    }
    if rows_in_band > 0 {
        flush(&mut sums, &mut counts, channels, &mut pixels);
    }
    Ok(Image {
        width: out_w,
        height: out_h,
        channels,
        pixels,
    })
}

fn accumulate(row: &[u8], channels: u32, factor: u32, sums: &mut [u32], counts: &mut [u32]) {
    let ch = channels as usize;
    for (x, px) in row.chunks_exact(ch).enumerate() {
        let cell = x / factor as usize;
        if let Some(c) = counts.get_mut(cell) {
            *c += 1;
        }
        for (k, v) in px.iter().enumerate() {
            if let Some(s) = sums.get_mut(cell * ch + k) {
                *s += u32::from(*v);
            }
        }
    }
}

fn flush(sums: &mut [u32], counts: &mut [u32], channels: u32, out: &mut Vec<u8>) {
    let ch = channels as usize;
    for (i, s) in sums.iter_mut().enumerate() {
        let n = counts.get(i / ch).copied().unwrap_or(1).max(1);
        out.push(u8::try_from(*s / n).unwrap_or(u8::MAX));
        *s = 0;
    }
    counts.iter_mut().for_each(|c| *c = 0);
}

/// Shrink an image in memory by a whole `factor` (box average).
pub fn shrink(img: &Image, factor: u32) -> Image {
    if factor <= 1 {
        return img.clone();
    }
    let out_w = img.width.div_ceil(factor);
    let row_len = (out_w * img.channels) as usize;
    let mut pixels = Vec::new();
    let mut sums = vec![0u32; row_len];
    let mut counts = vec![0u32; out_w as usize];
    let stride = (img.width * img.channels) as usize;
    let mut rows_in_band = 0;
    for row in img.pixels.chunks_exact(stride.max(1)) {
        accumulate(row, img.channels, factor, &mut sums, &mut counts);
        rows_in_band += 1;
        if rows_in_band == factor {
            flush(&mut sums, &mut counts, img.channels, &mut pixels);
            rows_in_band = 0;
        }
    }
    if rows_in_band > 0 {
        flush(&mut sums, &mut counts, img.channels, &mut pixels);
    }
    Image {
        width: out_w,
        height: img.height.div_ceil(factor),
        channels: img.channels,
        pixels,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may panic
mod tests {
    use super::*;

    #[test]
    fn shrinking_averages_boxes() {
        let img = Image {
            width: 3,
            height: 2,
            channels: 1,
            pixels: vec![0, 100, 50, 200, 100, 50],
        };
        let s = shrink(&img, 2);
        assert_eq!((s.width, s.height), (2, 1));
        assert_eq!(s.pixels, vec![100, 50]);
    }

    #[test]
    fn a_png_is_read_shrunk_row_by_row() {
        let dir =
            crate::test_scratch_root().join(format!("broadsheet-thumb-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("big.png");
        let img = Image {
            width: 100,
            height: 10,
            channels: 3,
            pixels: (0..3000).map(|i| (i % 7 * 30) as u8).collect(),
        };
        crate::proof::write_png(&p, &img).unwrap();
        let small = read_png_shrunk(&p, 30).unwrap();
        assert_eq!((small.width, small.height, small.channels), (25, 3, 3));
        assert_eq!(small, shrink(&img, 4));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
