//! A JPEG's header, read with `jpeg-decoder` (frame header, ICC profile) without
//! decoding a single scan, plus the one thing that crate keeps to itself: whether an
//! Adobe APP14 marker is present (Adobe Technical Note 5116 §18: with it, 4-component
//! data is stored inverted).

use std::io::Cursor;
use std::sync::Arc;

use jpeg_decoder::{CodingProcess, Decoder, PixelFormat};

use super::{ColorModel, JpegInfo};

/// Read the header of a JPEG; errors are for messages.
pub fn read_info(bytes: &[u8]) -> Result<JpegInfo, String> {
    let mut dec = Decoder::new(Cursor::new(bytes));
    dec.read_info()
        .map_err(|e| format!("not a readable JPEG ({e})"))?;
    let info = dec.info().ok_or("a JPEG without a frame header")?;
    let color = match info.pixel_format {
        PixelFormat::L8 => ColorModel::Gray,
        PixelFormat::RGB24 => ColorModel::Rgb,
        PixelFormat::CMYK32 => ColorModel::Cmyk,
        PixelFormat::L16 => return Err("a 16-bit JPEG (PDF's DCTDecode takes 8 bits)".into()),
    };
    let progressive = match info.coding_process {
        CodingProcess::DctSequential => false,
        CodingProcess::DctProgressive => true,
        CodingProcess::Lossless => {
            return Err("a lossless JPEG (PDF's DCTDecode cannot read it)".into())
        }
    };
    if info.width == 0 || info.height == 0 {
        return Err("a JPEG of zero size".into());
    }
    // The pixel data must be there too: a file cut short is found now, not at the plant.
    if !bytes.ends_with(&[0xFF, 0xD9])
        && !bytes.windows(2).rev().take(64).any(|w| w == [0xFF, 0xD9])
    {
        return Err("a JPEG without its end marker (the file is cut short)".into());
    }
    Ok(JpegInfo {
        width: u32::from(info.width),
        height: u32::from(info.height),
        color,
        progressive,
        adobe_inverted: color == ColorModel::Cmyk && has_adobe_marker(bytes),
        icc: dec.icc_profile().map(Arc::new),
    })
}

/// Whether an APP14 segment starting `Adobe` comes before the first scan. Walks the
/// marker segments of ITU-T T.81 §B.1.1.4 (marker, 2-byte length including itself).
fn has_adobe_marker(bytes: &[u8]) -> bool {
    let mut i = 2; // after SOI
    while let (Some(&ff), Some(&m)) = (bytes.get(i), bytes.get(i + 1)) {
        if ff != 0xFF {
            return false;
        }
        if m == 0xFF {
            i += 1; // fill byte
            continue;
        }
        if m == 0xDA || m == 0xD9 {
            return false; // SOS or EOI: no more header segments
        }
        let Some(len) = bytes
            .get(i + 2..i + 4)
            .map(|l| usize::from(u16::from_be_bytes([l[0], l[1]])))
        else {
            return false;
        };
        if m == 0xEE && bytes.get(i + 4..i + 9) == Some(b"Adobe".as_slice()) {
            return true;
        }
        i += 2 + len;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adobe_marker_is_found_between_segments() {
        let mut f = vec![0xFF, 0xD8];
        f.extend_from_slice(&[0xFF, 0xE0, 0x00, 0x04, 0, 0]);
        f.extend_from_slice(&[0xFF, 0xEE, 0x00, 0x0E]);
        f.extend_from_slice(b"Adobe\x00\x64\x00\x00\x00\x00\x02");
        f.extend_from_slice(&[0xFF, 0xDA]);
        assert!(has_adobe_marker(&f));
        let plain = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0, 0, 0xFF, 0xDA];
        assert!(!has_adobe_marker(&plain));
        assert!(!has_adobe_marker(&[0xFF, 0xD8, 0xFF]));
    }

    fn fixture(name: &str) -> JpegInfo {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/hengyang-2022-02-08/photos")
            .join(name);
        read_info(&std::fs::read(p).unwrap()).unwrap()
    }

    #[test]
    fn the_sample_photos_headers() {
        let hall = fixture("p1-hall.jpg");
        assert_eq!(
            (hall.width, hall.height, hall.color),
            (800, 600, ColorModel::Rgb)
        );
        assert!(hall
            .icc
            .as_ref()
            .is_some_and(|p| p.get(16..20) == Some(b"RGB ".as_slice())));
        assert!(!hall.progressive && !hall.adobe_inverted);
        let factory = fixture("p2-factory.jpg");
        assert_eq!(factory.color, ColorModel::Cmyk);
        assert!(factory.adobe_inverted, "Pillow writes Adobe CMYK");
        assert!(fixture("p3-cranes.jpg").progressive);
        assert_eq!(fixture("p3-lanterns.jpg").color, ColorModel::Gray);
    }

    #[test]
    fn garbage_is_an_error() {
        assert!(read_info(&[0xFF, 0xD8, 0xFF, 0xE0, 0x00]).is_err());
    }
}
