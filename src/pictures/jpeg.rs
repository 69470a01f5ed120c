//! A JPEG's header, read with `jpeg-decoder` (frame header, ICC profile), plus the one
//! thing that crate keeps to itself: whether an Adobe APP14 marker is present (Adobe
//! Technical Note 5116 §18: with it, 4-component data is stored inverted), and the
//! Exif orientation (`exif.rs`).
//!
//! Before its bytes are copied into the PDF, the file is checked ([`validate`]): the
//! marker structure is walked from SOI to EOI (ITU-T T.81 §B.1.1: every segment's
//! length inside the file, a frame header before the first scan, each scan followed by
//! its entropy-coded data, an EOI at the end), then the image is decoded once, which
//! finds damaged entropy-coded data (a Huffman code that is not in its table, a scan
//! that stops early). The decoded pixels are dropped: the PDF gets the file's bytes.

use std::io::Cursor;
use std::sync::Arc;

use jpeg_decoder::{CodingProcess, Decoder, PixelFormat};

use super::exif::jpeg_orientation;
use super::ink::InkCoverage;
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
    Ok(JpegInfo {
        width: u32::from(info.width),
        height: u32::from(info.height),
        color,
        progressive,
        adobe_inverted: color == ColorModel::Cmyk && has_adobe_marker(bytes),
        icc: dec.icc_profile().map(Arc::new),
        orientation: jpeg_orientation(bytes),
        ink: None,
    })
}

/// Check a JPEG whose header was read (and whose size is within the limits): its
/// marker structure, then one full decode. A CMYK picture's ink coverage is measured
/// from that decode (the decoder gives ink values, Adobe's inverted storage undone).
pub fn validate(bytes: &[u8]) -> Result<Option<InkCoverage>, String> {
    walk_markers(bytes)?;
    let mut dec = Decoder::new(Cursor::new(bytes));
    let pixels = dec
        .decode()
        .map_err(|e| format!("a damaged JPEG: its image data cannot be decoded ({e})"))?;
    let cmyk = dec
        .info()
        .is_some_and(|i| i.pixel_format == PixelFormat::CMYK32);
    Ok(cmyk.then(|| InkCoverage::of_cmyk(&pixels)))
}

/// The name of a marker (ITU-T T.81 Table B.1).
fn marker_name(m: u8) -> String {
    match m {
        0xC4 => "DHT".into(),
        0xCC => "DAC".into(),
        0xC0..=0xCF => format!("SOF{}", m - 0xC0),
        0xD0..=0xD7 => format!("RST{}", m - 0xD0),
        0xD8 => "SOI".into(),
        0xD9 => "EOI".into(),
        0xDA => "SOS".into(),
        0xDB => "DQT".into(),
        0xDC => "DNL".into(),
        0xDD => "DRI".into(),
        0xE0..=0xEF => format!("APP{}", m - 0xE0),
        0xFE => "COM".into(),
        _ => format!("0xFF{m:02X}"),
    }
}

/// A frame header: SOF0–SOF15 but DHT (C4), JPG (C8) and DAC (CC).
fn is_frame_header(m: u8) -> bool {
    matches!(m, 0xC0..=0xCF) && !matches!(m, 0xC4 | 0xC8 | 0xCC)
}

const CUT_SHORT: &str = "the file is cut short";

/// Walk the markers of ITU-T T.81 §B.1.1.2–B.1.1.5 from SOI to EOI: each marker
/// segment's 2-byte length (counting itself) must end inside the file; a frame header
/// (SOFn) must come before the first scan (SOS); each scan header must be followed by
/// entropy-coded data, which runs to the next marker other than RSTn (a 0xFF data byte
/// is stuffed as 0xFF00, §B.1.1.5), and the file must reach EOI.
// Long: one state machine over the byte stream (position, frame seen, scan count);
// each step is a marker kind of §B.1.1 in the order the standard gives them.
fn walk_markers(bytes: &[u8]) -> Result<(), String> {
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return Err("a JPEG that does not start with an SOI marker".into());
    }
    let mut i = 2usize;
    let mut frame = false;
    let mut scans = 0u32;
    loop {
        match bytes.get(i) {
            None => {
                return Err(format!(
                    "a JPEG that ends at byte {i} without an EOI marker ({CUT_SHORT})"
                ))
            }
            Some(0xFF) => {}
            Some(b) => {
                return Err(format!(
                    "a damaged JPEG: byte {i} (0x{b:02X}) should start a marker"
                ))
            }
        }
        // Fill bytes (0xFF) may precede a marker (§B.1.1.2).
        let mut j = i.saturating_add(1);
        while bytes.get(j) == Some(&0xFF) {
            j = j.saturating_add(1);
        }
        let at = j.saturating_sub(1);
        let Some(&m) = bytes.get(j) else {
            return Err(format!(
                "a JPEG that ends at byte {at} without an EOI marker ({CUT_SHORT})"
            ));
        };
        match m {
            0xD9 if scans == 0 => {
                return Err(format!(
                    "a damaged JPEG: its EOI at byte {at} comes before any scan"
                ))
            }
            0xD9 => return Ok(()),
            0xD8 => return Err(format!("a damaged JPEG: a second SOI marker at byte {at}")),
            // TEM and RSTn stand alone (no length).
            0x01 | 0xD0..=0xD7 => {
                i = j.saturating_add(1);
                continue;
            }
            0x00 | 0x02..=0xBF => {
                return Err(format!(
                    "a damaged JPEG: 0xFF{m:02X} at byte {at} is not a marker"
                ))
            }
            _ => {}
        }
        let name = marker_name(m);
        let len = bytes
            .get(j.saturating_add(1)..j.saturating_add(3))
            .map(|l| usize::from(u16::from_be_bytes([l[0], l[1]])))
            .ok_or_else(|| {
                format!("a JPEG whose {name} segment at byte {at} has no length ({CUT_SHORT})")
            })?;
        if len < 2 {
            return Err(format!(
                "a damaged JPEG: segment {name} at byte {at} has length {len}"
            ));
        }
        let end = j.saturating_add(1).saturating_add(len);
        if end > bytes.len() {
            return Err(format!(
                "a JPEG whose {name} segment at byte {at} (length {len}) runs past the end of the file at byte {} ({CUT_SHORT})",
                bytes.len()
            ));
        }
        if is_frame_header(m) {
            if frame {
                return Err(format!(
                    "a damaged JPEG: a second frame header ({name}) at byte {at}"
                ));
            }
            frame = true;
        }
        if m != 0xDA {
            i = end;
            continue;
        }
        if !frame {
            return Err(format!(
                "a damaged JPEG: a scan (SOS) at byte {at} before any frame header (SOF)"
            ));
        }
        scans = scans.saturating_add(1);
        let data = entropy_data_end(bytes, end).ok_or_else(|| {
            format!(
                "a JPEG whose scan data from byte {end} runs to the end of the file without an EOI marker ({CUT_SHORT})"
            )
        })?;
        if data == end {
            return Err(format!(
                "a damaged JPEG: the scan at byte {at} has no entropy-coded data"
            ));
        }
        i = data;
    }
}

/// Where the entropy-coded data starting at `from` ends: the first 0xFF that starts a
/// marker other than RSTn (None: the file ends first).
fn entropy_data_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut k = from;
    loop {
        k = k.checked_add(bytes.get(k..)?.iter().position(|&b| b == 0xFF)?)?;
        match bytes.get(k.checked_add(1)?)? {
            // Stuffed zero, RSTn: still data. 0xFF: a fill byte before a marker.
            0x00 | 0xD0..=0xD7 => k = k.checked_add(2)?,
            0xFF => k = k.checked_add(1)?,
            _ => return Some(k),
        }
    }
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
#[allow(clippy::unwrap_used)] // tests may panic
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

    /// SOI, a frame header, a scan with `data`, then `tail`.
    fn skeleton(data: &[u8], tail: &[u8]) -> Vec<u8> {
        let mut f = vec![0xFF, 0xD8];
        f.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x0B, 8, 0, 1, 0, 1, 1, 1, 0x11, 0]);
        f.extend_from_slice(&[0xFF, 0xDA, 0x00, 0x08, 1, 1, 0, 0, 63, 0]);
        f.extend_from_slice(data);
        f.extend_from_slice(tail);
        f
    }

    #[test]
    fn the_marker_walk_finds_each_structural_fault() {
        let eoi = [0xFF, 0xD9];
        assert_eq!(
            walk_markers(&skeleton(&[1, 0xFF, 0, 2, 0xFF, 0xD0, 3], &eoi)),
            Ok(())
        );
        // Data after EOI is not the JPEG's business.
        let mut after = skeleton(&[1], &eoi);
        after.extend_from_slice(b"trailer");
        assert_eq!(walk_markers(&after), Ok(()));
        let err = |f: &[u8]| walk_markers(f).unwrap_err();
        assert!(
            err(&skeleton(&[1, 2, 3], &[])).contains("from byte 25 runs to the end of the file")
        );
        assert!(err(&skeleton(&[], &eoi)).contains("the scan at byte 15 has no entropy-coded data"));
        let mut long = skeleton(&[1], &eoi);
        long[5] = 0x40; // SOF0 length 64
        assert!(
            err(&long).contains(
                "SOF0 segment at byte 2 (length 64) runs past the end of the file at byte 28"
            ),
            "{}",
            err(&long)
        );
        let mut no_frame = skeleton(&[1], &eoi);
        no_frame[3] = 0xE0; // the SOF becomes an APP0
        assert!(err(&no_frame).contains("a scan (SOS) at byte 15 before any frame header"));
        assert!(err(&[0xFF, 0xD8, 0xFF, 0xD9]).contains("before any scan"));
        assert!(err(&[0xFF, 0xD8, 0x12]).contains("byte 2 (0x12) should start a marker"));
        assert!(err(&[0xFF, 0xD8, 0xFF, 0xE1, 0x00]).contains("cut short"));
        assert!(err(&[0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x01]).contains("has length 1"));
        assert!(err(&[0xFF, 0xD8, 0xFF]).contains("cut short"));
    }

    #[test]
    fn the_sample_photos_decode_cleanly() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/hengyang-2022-02-08/photos");
        for name in [
            "p1-hall.jpg",
            "p2-factory.jpg",
            "p3-cranes.jpg",
            "p3-lanterns.jpg",
        ] {
            let bytes = std::fs::read(dir.join(name)).unwrap();
            assert!(validate(&bytes).is_ok(), "{name}");
            assert_eq!(read_info(&bytes).unwrap().orientation.value(), 1, "{name}");
        }
    }

    /// Seeded one-bit flips anywhere in a real photo give a header, a check result or
    /// an error, never a panic; every cut before the EOI is an error.
    #[test]
    fn mutated_and_cut_photos_never_panic_and_cuts_are_errors() {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/hengyang-2022-02-08/photos/p3-cranes.jpg");
        let bytes = std::fs::read(p).unwrap();
        let mut seed = 0x5EED_u64;
        let mut refused = 0;
        for _ in 0..20 {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let at = 2 + (seed >> 33) as usize % (bytes.len() - 2);
            let mut b = bytes.clone();
            b[at] ^= 1 << ((seed >> 20) % 8);
            if read_info(&b).and_then(|_| validate(&b)).is_err() {
                refused += 1;
            }
        }
        // JPEG has no checksum: only flips that break the coding can be found.
        assert!(refused > 0, "no flip refused");
        let step = (bytes.len() / 40).max(1);
        for len in (2..bytes.len() - 2).step_by(step) {
            let cut = &bytes[..len];
            assert!(
                read_info(cut).and_then(|_| validate(cut)).is_err(),
                "cut at {len} of {} accepted",
                bytes.len()
            );
        }
    }

    #[test]
    fn damaged_scan_data_is_found_by_the_decode() {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/hengyang-2022-02-08/photos/p1-hall.jpg");
        let mut bytes = std::fs::read(p).unwrap();
        // Overwrite the middle of the scan data with stuffed 0xFF bytes (0xFF 0x00,
        // T.81 §B.1.1.5): the markers are still sound, but the bits are all ones, and
        // no Huffman code is all ones (§C): the decode must fail.
        let sos = bytes.windows(2).rposition(|w| w == [0xFF, 0xDA]).unwrap();
        let mid = sos + (bytes.len() - sos) / 2;
        for pair in bytes[mid..mid + 512].chunks_exact_mut(2) {
            pair.copy_from_slice(&[0xFF, 0x00]);
        }
        assert_eq!(walk_markers(&bytes), Ok(()));
        let e = validate(&bytes).unwrap_err();
        assert!(
            e.contains("a damaged JPEG: its image data cannot be decoded"),
            "{e}"
        );
    }
}
