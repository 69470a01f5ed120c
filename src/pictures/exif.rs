//! The Exif orientation of a photo (Exif 2.32 §4.6.4 A, tag 0x0112 `Orientation`):
//! how the stored rows and columns are to be turned to be seen upright, as a phone
//! writes it instead of turning the pixels. It is read from the Exif data's TIFF
//! structure (TIFF 6.0 §2: byte order `II`/`MM`, 42, the offset of IFD0; an IFD is a
//! count and 12-byte entries of tag, type, count and value) — one tag in IFD0, so the
//! few lines here instead of a crate — from a JPEG's APP1 `Exif\0\0` segment or a PNG's
//! `eXIf` chunk (PNG spec, 3rd edition §11.3.3.6).
//!
//! The picture is never re-encoded: the PDF writer turns the image XObject with the
//! placement's matrix, and layout works with the displayed size.

/// An Exif orientation, 1–8 (1: as stored). Values outside 1–8 are reserved by Exif
/// and read as 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Orientation(u8);

impl Orientation {
    /// As stored: no turn.
    pub const UPRIGHT: Orientation = Orientation(1);

    /// The orientation for an Exif value (reserved values read as upright).
    pub fn from_exif(v: u16) -> Orientation {
        match u8::try_from(v) {
            Ok(v @ 1..=8) => Orientation(v),
            _ => Orientation::UPRIGHT,
        }
    }

    /// The Exif value, 1–8.
    pub fn value(self) -> u8 {
        self.0.max(1)
    }

    /// Whether the displayed picture has width and height swapped (5–8: turned a
    /// quarter, with or without a mirror).
    pub fn swaps(self) -> bool {
        self.0 >= 5
    }

    /// The displayed size of a `w × h` stored picture.
    pub fn displayed(self, w: u32, h: u32) -> (u32, u32) {
        if self.swaps() {
            (h, w)
        } else {
            (w, h)
        }
    }

    /// The matrix `[a b c d e f]` (ISO 32000-1 §8.3.3) taking the image's unit square
    /// (§8.9.4: the first stored row at the top) to the unit square of the picture as
    /// displayed: for value 6 (stored turned 90° anticlockwise, so shown turned 90°
    /// clockwise) a stored point (s, t) lands at (t, 1 − s).
    pub fn unit_matrix(self) -> [f64; 6] {
        match self.0 {
            2 => [-1.0, 0.0, 0.0, 1.0, 1.0, 0.0],
            3 => [-1.0, 0.0, 0.0, -1.0, 1.0, 1.0],
            4 => [1.0, 0.0, 0.0, -1.0, 0.0, 1.0],
            5 => [0.0, -1.0, -1.0, 0.0, 1.0, 1.0],
            6 => [0.0, -1.0, 1.0, 0.0, 0.0, 1.0],
            7 => [0.0, 1.0, 1.0, 0.0, 0.0, 0.0],
            8 => [0.0, 1.0, -1.0, 0.0, 1.0, 0.0],
            _ => [1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
        }
    }
}

/// The orientation in a JPEG's APP1 Exif segment (ITU-T T.81 §B.2.4.6 application
/// segments; Exif 2.32 §4.5.4: `Exif\0\0` then the TIFF structure), before the first
/// scan. Upright when there is none or it cannot be read.
pub fn jpeg_orientation(bytes: &[u8]) -> Orientation {
    let mut i = 2usize; // after SOI
    while let (Some(&ff), Some(&m)) = (bytes.get(i), bytes.get(i.saturating_add(1))) {
        if ff != 0xFF {
            break;
        }
        if m == 0xFF {
            i = i.saturating_add(1); // fill byte
            continue;
        }
        if m == 0xDA || m == 0xD9 {
            break; // SOS or EOI: no more header segments
        }
        let Some(len) = bytes
            .get(i.saturating_add(2)..i.saturating_add(4))
            .map(|l| usize::from(u16::from_be_bytes([l[0], l[1]])))
        else {
            break;
        };
        let body = bytes.get(i.saturating_add(4)..i.saturating_add(2).saturating_add(len));
        if let Some(tiff) = body
            .filter(|_| m == 0xE1)
            .and_then(|b| b.strip_prefix(b"Exif\0\0".as_slice()))
        {
            return tiff_orientation(tiff);
        }
        i = i.saturating_add(2).saturating_add(len);
    }
    Orientation::UPRIGHT
}

/// The Orientation tag (0x0112, SHORT, count 1) of IFD0 of a TIFF structure.
pub fn tiff_orientation(tiff: &[u8]) -> Orientation {
    read_orientation(tiff).unwrap_or(Orientation::UPRIGHT)
}

fn read_orientation(t: &[u8]) -> Option<Orientation> {
    let big = match t.get(0..2)? {
        b"MM" => true,
        b"II" => false,
        _ => return None,
    };
    let u16_at = |at: usize| -> Option<u16> {
        let b = t.get(at..at.checked_add(2)?)?;
        Some(if big {
            u16::from_be_bytes([b[0], b[1]])
        } else {
            u16::from_le_bytes([b[0], b[1]])
        })
    };
    let u32_at = |at: usize| -> Option<u32> {
        let b = t.get(at..at.checked_add(4)?)?;
        let b = [b[0], b[1], b[2], b[3]];
        Some(if big {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        })
    };
    if u16_at(2)? != 42 {
        return None;
    }
    let ifd = usize::try_from(u32_at(4)?).ok()?;
    let count = usize::from(u16_at(ifd)?);
    for n in 0..count {
        let entry = ifd.checked_add(2)?.checked_add(n.checked_mul(12)?)?;
        if u16_at(entry)? != 0x0112 {
            continue;
        }
        // Type 3 (SHORT), count 1: the value sits in the first two bytes of the field.
        if u16_at(entry.checked_add(2)?)? != 3 || u32_at(entry.checked_add(4)?)? != 1 {
            return None;
        }
        return Some(Orientation::from_exif(u16_at(entry.checked_add(8)?)?));
    }
    None
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may panic
mod tests {
    use super::*;

    /// A TIFF structure with two IFD0 entries, the second Orientation = `v`.
    fn tiff(big: bool, v: u16) -> Vec<u8> {
        let w16 = |n: u16| {
            if big {
                n.to_be_bytes()
            } else {
                n.to_le_bytes()
            }
        };
        let w32 = |n: u32| {
            if big {
                n.to_be_bytes()
            } else {
                n.to_le_bytes()
            }
        };
        let mut t = if big { b"MM".to_vec() } else { b"II".to_vec() };
        t.extend(w16(42));
        t.extend(w32(8));
        t.extend(w16(2));
        // An unrelated entry first (ImageWidth, LONG), then Orientation.
        t.extend(w16(0x0100));
        t.extend(w16(4));
        t.extend(w32(1));
        t.extend(w32(640));
        t.extend(w16(0x0112));
        t.extend(w16(3));
        t.extend(w32(1));
        t.extend(w16(v));
        t.extend([0, 0]);
        t.extend(w32(0));
        t
    }

    #[test]
    fn orientation_is_read_in_both_byte_orders() {
        assert_eq!(tiff_orientation(&tiff(true, 6)).value(), 6);
        assert_eq!(tiff_orientation(&tiff(false, 8)).value(), 8);
        assert_eq!(tiff_orientation(&tiff(false, 9)), Orientation::UPRIGHT);
        assert_eq!(tiff_orientation(&tiff(false, 0)), Orientation::UPRIGHT);
    }

    #[test]
    fn a_cut_or_hostile_tiff_is_upright() {
        let t = tiff(true, 6);
        for n in 0..t.len() {
            // The value ends at byte 32.
            let want = if n >= 32 { 6 } else { 1 };
            assert_eq!(tiff_orientation(&t[..n]).value(), want, "cut at {n}");
        }
        // IFD offset far past the end, and an entry count past the end.
        let mut far = tiff(false, 6);
        far[4..8].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(tiff_orientation(&far), Orientation::UPRIGHT);
        let mut many = tiff(false, 3);
        many[8..10].copy_from_slice(&u16::MAX.to_le_bytes());
        assert_eq!(tiff_orientation(&many).value(), 3, "found before the end");
        many[22..24].copy_from_slice(&0x0200u16.to_le_bytes());
        assert_eq!(tiff_orientation(&many), Orientation::UPRIGHT);
    }

    #[test]
    fn the_exif_segment_is_found_after_other_segments() {
        let mut f = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0, 0];
        let mut app1 = b"Exif\0\0".to_vec();
        app1.extend(tiff(true, 6));
        f.extend([0xFF, 0xE1]);
        f.extend(u16::try_from(app1.len() + 2).unwrap().to_be_bytes());
        f.extend(app1);
        f.extend([0xFF, 0xDA]);
        assert_eq!(jpeg_orientation(&f).value(), 6);
        assert_eq!(jpeg_orientation(&f[..20]), Orientation::UPRIGHT);
    }

    /// Where each displayed corner comes from: the matrix maps the stored corners of
    /// the unit square (PDF image space, t up) onto the displayed square as Exif 2.32's
    /// table of the 0th row and 0th column says.
    #[test]
    fn the_matrices_put_the_first_row_where_exif_says() {
        let apply =
            |m: [f64; 6], s: f64, t: f64| (m[0] * s + m[2] * t + m[4], m[1] * s + m[3] * t + m[5]);
        // The stored top-left pixel (s = 0, t = 1) and top-right (s = 1, t = 1), shown at:
        let want = [
            (1, (0.0, 1.0), (1.0, 1.0)), // 0th row top, 0th column left
            (2, (1.0, 1.0), (0.0, 1.0)), // top, right
            (3, (1.0, 0.0), (0.0, 0.0)), // bottom, right
            (4, (0.0, 0.0), (1.0, 0.0)), // bottom, left
            (5, (0.0, 1.0), (0.0, 0.0)), // left, top
            (6, (1.0, 1.0), (1.0, 0.0)), // right, top
            (7, (1.0, 0.0), (1.0, 1.0)), // right, bottom
            (8, (0.0, 0.0), (0.0, 1.0)), // left, bottom
        ];
        for (v, tl, tr) in want {
            let m = Orientation::from_exif(v).unit_matrix();
            assert_eq!(apply(m, 0.0, 1.0), tl, "orientation {v}, top-left");
            assert_eq!(apply(m, 1.0, 1.0), tr, "orientation {v}, top-right");
        }
    }
}
