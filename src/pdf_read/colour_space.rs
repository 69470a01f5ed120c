//! What a PDF colour space is, for every reader of PDFs in the engine: the preflight of
//! `check` (src/check/content.rs) and the supplied-ad checks (src/pictures/pdf_colour.rs)
//! both classify with [`ColourSpace::of`], so they agree on every space.
//!
//! ISO 32000-1 §8.6: the device spaces (DeviceGray, DeviceRGB, DeviceCMYK), the
//! CIE-based ones (CalGray, CalRGB, Lab, ICCBased), and the special ones (Indexed,
//! Pattern, Separation, DeviceN). CalRGB counts as RGB and CalGray as grey, like an
//! ICCBased space of three or one components; Lab is device-independent and neither RGB
//! nor CMYK.

use hayro_syntax::object::dict::keys::N;
use hayro_syntax::object::{Array, Object, Stream};

/// How deep `Indexed` bases are followed (a hostile file can nest them).
const MAX_DEPTH: u8 = 4;

/// A colour space as the checks see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColourSpace {
    /// DeviceGray, CalGray, or ICCBased with `/N 1`: one ink (black).
    Grey { device: bool },
    /// DeviceRGB, CalRGB, or ICCBased with `/N 3`.
    Rgb { device: bool },
    /// DeviceCMYK, or ICCBased with `/N 4`.
    Cmyk { device: bool },
    /// CIE L*a*b* (device-independent, converted to CMYK by the RIP).
    Lab,
    /// `/Separation /All`: the registration colour, every plate.
    Registration,
    /// A named spot colour (`/Separation`, one ink).
    Spot,
    /// DeviceN, Pattern, an ICC profile of another size, or an unknown space.
    Other,
}

impl ColourSpace {
    /// A colour space object: a name (`/DeviceRGB`, or the abbreviations inline images
    /// use) or an array (`[/ICCBased 5 0 R]`, `[/Indexed base hival lookup]` as its base).
    pub fn of(o: &Object<'_>) -> ColourSpace {
        of_depth(o, 0)
    }

    /// A colour space name (the device spaces and their inline abbreviations).
    pub fn of_name(n: &[u8]) -> ColourSpace {
        match n {
            b"DeviceGray" | b"G" | b"CalGray" => ColourSpace::Grey { device: true },
            b"DeviceRGB" | b"RGB" => ColourSpace::Rgb { device: true },
            b"CalRGB" => ColourSpace::Rgb { device: false },
            b"DeviceCMYK" | b"CMYK" => ColourSpace::Cmyk { device: true },
            b"Lab" => ColourSpace::Lab,
            _ => ColourSpace::Other,
        }
    }

    /// Any RGB space, device or calibrated (what a CMYK-only ad slot refuses).
    pub fn is_rgb(self) -> bool {
        matches!(self, ColourSpace::Rgb { .. })
    }

    /// DeviceRGB (what PDF/X-4 with a CMYK output intent refuses, ISO 15930-7 §6.2.4.3).
    pub fn is_device_rgb(self) -> bool {
        self == ColourSpace::Rgb { device: true }
    }
}

fn of_depth(o: &Object<'_>, depth: u8) -> ColourSpace {
    match o {
        Object::Name(n) => ColourSpace::of_name(n.as_ref()),
        Object::Array(a) => of_array(a, depth),
        _ => ColourSpace::Other,
    }
}

fn of_array(a: &Array<'_>, depth: u8) -> ColourSpace {
    let mut it = a.iter::<Object<'_>>();
    let head = match it.next() {
        Some(Object::Name(n)) => n,
        _ => return ColourSpace::Other,
    };
    match head.as_ref() {
        b"CalGray" => ColourSpace::Grey { device: false },
        b"CalRGB" => ColourSpace::Rgb { device: false },
        b"Lab" => ColourSpace::Lab,
        b"ICCBased" => match it.next() {
            Some(Object::Stream(s)) => icc(&s),
            _ => ColourSpace::Other,
        },
        b"Separation" => match it.next() {
            Some(Object::Name(n)) if n.as_ref() == b"All" => ColourSpace::Registration,
            _ => ColourSpace::Spot,
        },
        b"Indexed" | b"I" if depth < MAX_DEPTH => match it.next() {
            Some(base) => of_depth(&base, depth + 1),
            None => ColourSpace::Other,
        },
        _ => ColourSpace::of_name(head.as_ref()),
    }
}

/// An ICCBased space by its number of components (ISO 32000-1 §8.6.5.5, `/N`).
fn icc(s: &Stream<'_>) -> ColourSpace {
    match s.dict().get::<i32>(N) {
        Some(1) => ColourSpace::Grey { device: false },
        Some(3) => ColourSpace::Rgb { device: false },
        Some(4) => ColourSpace::Cmyk { device: false },
        _ => ColourSpace::Other,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may panic
mod tests {
    use super::*;
    use hayro_syntax::object::FromBytes;

    fn space(src: &[u8]) -> ColourSpace {
        ColourSpace::of(&Object::from_bytes(src).unwrap())
    }

    #[test]
    fn cie_spaces_count_as_their_family() {
        assert!(space(b"[/CalRGB << /WhitePoint [0.95 1 1.09] >>]").is_rgb());
        assert!(!space(b"[/CalRGB << /WhitePoint [0.95 1 1.09] >>]").is_device_rgb());
        assert_eq!(
            space(b"[/CalGray << /WhitePoint [0.95 1 1.09] >>]"),
            ColourSpace::Grey { device: false }
        );
        assert_eq!(
            space(b"[/Lab << /WhitePoint [0.95 1 1.09] >>]"),
            ColourSpace::Lab
        );
        assert!(space(b"/DeviceRGB").is_device_rgb());
        assert!(space(b"[/Indexed /DeviceRGB 1 <000000FFFFFF>]").is_device_rgb());
        assert_eq!(
            space(b"[/Separation /All /DeviceCMYK 5 0 R]"),
            ColourSpace::Registration
        );
        assert_eq!(
            space(b"[/Separation /Gold /DeviceCMYK 5 0 R]"),
            ColourSpace::Spot
        );
        assert_eq!(space(b"/DeviceCMYK"), ColourSpace::Cmyk { device: true });
    }
}
