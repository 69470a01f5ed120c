//! The graphics state the content checks follow (ISO 32000-1 §8.4): the current
//! transformation matrix, the fill and stroke colour spaces and colours, the line
//! width, the text state and the overprint flags.

use crate::pdf_read::colour_space::ColourSpace;

/// A colour as far as the checks care.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Colour {
    /// DeviceCMYK (or a 4-component ICC space), components 0–1.
    Cmyk([f64; 4]),
    /// Grey (DeviceGray, CalGray, 1-component ICC), 0 black to 1 white: one ink.
    Grey(f64),
    /// One ink: a named spot colour.
    OneInk,
    /// Several inks of a DeviceN or a 3-component space (converted to CMYK by the RIP).
    Several,
    /// `/Separation /All`, with its tint.
    Registration(f64),
}

impl Colour {
    pub fn inks(&self) -> usize {
        match self {
            Colour::Cmyk(c) => c.iter().filter(|v| **v > 0.0).count(),
            Colour::Grey(_) | Colour::OneInk => 1,
            Colour::Several => 2,
            Colour::Registration(t) if *t > 0.0 => 4,
            Colour::Registration(_) => 0,
        }
    }

    /// White, as a knockout prints it: CMYK 0 0 0 0 or grey 1. `None` for a colour
    /// that is not white, else how to name it.
    pub fn white(&self) -> Option<&'static str> {
        match self {
            Colour::Cmyk(c) if c.iter().all(|v| *v <= 0.0) => Some("CMYK 0/0/0/0"),
            Colour::Grey(g) if *g >= 1.0 => Some("grey 1"),
            _ => None,
        }
    }

    /// The colour set by `sc`/`scn` (or `k`, `g`) in `space`.
    pub fn in_space(space: ColourSpace, ops: &[f64]) -> Colour {
        match (space, ops) {
            (ColourSpace::Cmyk { .. }, [c, m, y, k]) => Colour::Cmyk([*c, *m, *y, *k]),
            (ColourSpace::Registration, [t]) => Colour::Registration(*t),
            (ColourSpace::Grey { .. }, [g]) => Colour::Grey(*g),
            (ColourSpace::Grey { .. }, _) => Colour::Grey(0.0),
            (ColourSpace::Spot, _) => Colour::OneInk,
            _ => Colour::Several,
        }
    }

    /// The colour a space starts with when it is set (ISO 32000-1 §8.6.8): black, or
    /// the full tint.
    pub fn initial(space: ColourSpace) -> Colour {
        match space {
            ColourSpace::Cmyk { .. } => Colour::Cmyk([0.0, 0.0, 0.0, 1.0]),
            ColourSpace::Registration => Colour::Registration(1.0),
            other => Colour::in_space(other, &[]),
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Gs {
    pub ctm: [f64; 6],
    pub fill_space: ColourSpace,
    pub stroke_space: ColourSpace,
    pub fill: Colour,
    pub stroke: Colour,
    pub line_width: f64,
    pub font_size: f64,
    pub tm: [f64; 6],
    pub invisible: bool,
    /// Overprint for fills and text (`/op`, ISO 32000-1 Table 58).
    pub overprint_fill: bool,
    /// Overprint for strokes (`/OP`).
    pub overprint_stroke: bool,
}

impl Default for Gs {
    fn default() -> Self {
        let grey = ColourSpace::Grey { device: true };
        Gs {
            ctm: IDENTITY,
            fill_space: grey,
            stroke_space: grey,
            fill: Colour::Grey(0.0),
            stroke: Colour::Grey(0.0),
            line_width: 1.0,
            font_size: 0.0,
            tm: IDENTITY,
            invisible: false,
            overprint_fill: false,
            overprint_stroke: false,
        }
    }
}

pub const IDENTITY: [f64; 6] = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `a × b` for PDF matrices `[a b c d e f]` (row vectors: p' = p × M).
pub fn mul(a: [f64; 6], b: [f64; 6]) -> [f64; 6] {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

pub fn apply(m: [f64; 6], x: f64, y: f64) -> (f64, f64) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

/// The linear scale of a matrix: √|det|.
pub fn scale(m: [f64; 6]) -> f64 {
    (m[0] * m[3] - m[1] * m[2]).abs().sqrt()
}

/// Six numbers as a matrix.
pub fn matrix(v: &[f64]) -> Option<[f64; 6]> {
    match v {
        [a, b, c, d, e, f] => Some([*a, *b, *c, *d, *e, *f]),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrices_compose_like_pdf() {
        // Scale by 2, then translate by (10, 0): (1, 1) → (12, 2).
        let m = mul(
            [2.0, 0.0, 0.0, 2.0, 0.0, 0.0],
            [1.0, 0.0, 0.0, 1.0, 10.0, 0.0],
        );
        assert_eq!(apply(m, 1.0, 1.0), (12.0, 2.0));
        assert_eq!(scale(m), 2.0);
    }

    #[test]
    fn ink_counts_and_white() {
        assert_eq!(Colour::Cmyk([0.0, 0.0, 0.0, 1.0]).inks(), 1);
        assert_eq!(Colour::Cmyk([0.0, 1.0, 1.0, 0.0]).inks(), 2);
        assert_eq!(Colour::Registration(1.0).inks(), 4);
        assert_eq!(Colour::OneInk.inks(), 1);
        assert!(Colour::Cmyk([0.0; 4]).white().is_some());
        assert!(Colour::Grey(1.0).white().is_some());
        assert!(Colour::Grey(0.5).white().is_none());
        assert!(Colour::OneInk.white().is_none());
    }
}
