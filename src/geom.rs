//! Geometry and colour shared by all stages.
//!
//! All lengths are in PostScript points (1/72 in), `f64`. Page coordinates have their
//! origin at the top-left corner of the trim box, x to the right, y downwards; the pdf
//! stage flips them. Layout uses only `+ - * /` and comparisons on these numbers, never
//! platform-dependent float functions, so the same input gives the same numbers on every
//! machine (the output is deterministic: README "Reproducibility").

/// Points per millimetre.
pub const PT_PER_MM: f64 = 72.0 / 25.4;

/// Convert millimetres to points.
pub fn mm(v: f64) -> f64 {
    v * PT_PER_MM
}

/// Round to 0.01 pt, the precision of the golden dump.
pub fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// An axis-aligned rectangle in page coordinates (y down).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn new(x: f64, y: f64, w: f64, h: f64) -> Self {
        Rect { x, y, w, h }
    }

    pub fn right(&self) -> f64 {
        self.x + self.w
    }

    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }

    /// Whether the interiors of two rectangles intersect (touching edges do not count,
    /// nor do overlaps under `EPS`).
    pub fn overlaps(&self, other: &Rect) -> bool {
        const EPS: f64 = 0.01;
        self.x + EPS < other.right()
            && other.x + EPS < self.right()
            && self.y + EPS < other.bottom()
            && other.y + EPS < self.bottom()
    }

    /// Whether `inner` lies inside this rectangle (edges may touch; to `EPS`).
    pub fn contains(&self, inner: &Rect) -> bool {
        const EPS: f64 = 0.01;
        inner.x >= self.x - EPS
            && inner.y >= self.y - EPS
            && inner.right() <= self.right() + EPS
            && inner.bottom() <= self.bottom() + EPS
    }
}

/// A CMYK colour, each component 0–1. Print jobs use CMYK only (no RGB in a CMYK job).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Cmyk {
    pub c: f32,
    pub m: f32,
    pub y: f32,
    pub k: f32,
}

impl Cmyk {
    /// 100 % black, the colour of all body text.
    pub const BLACK: Cmyk = Cmyk {
        c: 0.0,
        m: 0.0,
        y: 0.0,
        k: 1.0,
    };

    pub const WHITE: Cmyk = Cmyk {
        c: 0.0,
        m: 0.0,
        y: 0.0,
        k: 0.0,
    };

    /// A tint of black (0–1).
    pub const fn grey(k: f32) -> Cmyk {
        Cmyk {
            c: 0.0,
            m: 0.0,
            y: 0.0,
            k,
        }
    }

    pub const fn new(c: f32, m: f32, y: f32, k: f32) -> Cmyk {
        Cmyk { c, m, y, k }
    }
}

/// What a line or mark is painted with: a process colour, or the registration colour
/// that prints on every separation (`[/Separation /All /DeviceCMYK …]`, PDF 1.7
/// §8.6.6.4), used only for printer's marks outside the trim.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Paint {
    Process(Cmyk),
    Registration,
}

impl From<Cmyk> for Paint {
    fn from(c: Cmyk) -> Paint {
        Paint::Process(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mm_to_pt() {
        assert!((mm(25.4) - 72.0).abs() < 1e-9);
        assert_eq!(round2(mm(390.0)), 1105.51);
    }

    #[test]
    fn overlap_ignores_touching_edges() {
        let a = Rect::new(0.0, 0.0, 10.0, 10.0);
        assert!(!a.overlaps(&Rect::new(10.0, 0.0, 5.0, 5.0)));
        assert!(a.overlaps(&Rect::new(9.0, 9.0, 5.0, 5.0)));
    }
}
