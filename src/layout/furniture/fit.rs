//! Where a picture goes in its box: `fill` covers the box at the smallest scale that
//! does (what sticks out is clipped), moving the picture so its focal point is as near
//! the box's centre as the picture's edges allow; `contain` shows the whole picture
//! (or its crop) at the largest scale that fits, centred. An explicit crop is applied
//! first: only that part of the picture counts. The effective resolution is the
//! picture's pixels over the inches they are printed at.

use crate::geom::Rect;
use crate::spec::{Fit, FitMode};

/// Points per inch.
const PT_PER_INCH: f64 = 72.0;

/// A picture's placement on the page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FittedPicture {
    /// What is shown (the box for `fill`, the picture's visible part for `contain`).
    pub clip: Rect,
    /// The whole picture's rectangle (may reach past `clip`).
    pub placed: Rect,
    /// Pixels per inch at the printed size.
    pub ppi: f64,
}

/// Place a `w × h` pixel picture in `area`. Sizes are positive (checked by the
/// pictures stage); `fit`'s numbers are in 0–1 (checked by spec).
pub fn fit_picture(w: u32, h: u32, fit: &Fit, area: Rect) -> FittedPicture {
    let (w, h) = (f64::from(w.max(1)), f64::from(h.max(1)));
    let [l, t, r, b] = fit.crop;
    // The crop in pixels.
    let (cx, cy, cw, ch) = (l * w, t * h, (r - l) * w, (b - t) * h);
    let (cw, ch) = (cw.max(f64::MIN_POSITIVE), ch.max(f64::MIN_POSITIVE));
    let sx = area.w / cw;
    let sy = area.h / ch;
    match fit.mode {
        FitMode::Fill => {
            let s = sx.max(sy);
            let (dw, dh) = (cw * s, ch * s);
            // The focal point within the crop, kept as near the centre as the edges allow.
            let fx = ((fit.focus[0] * w - cx) / cw).clamp(0.0, 1.0);
            let fy = ((fit.focus[1] * h - cy) / ch).clamp(0.0, 1.0);
            let x = (area.x + area.w / 2.0 - fx * dw).clamp(area.right() - dw, area.x);
            let y = (area.y + area.h / 2.0 - fy * dh).clamp(area.bottom() - dh, area.y);
            FittedPicture {
                clip: area,
                placed: Rect::new(x - cx * s, y - cy * s, w * s, h * s),
                ppi: PT_PER_INCH / s,
            }
        }
        FitMode::Contain => {
            let s = sx.min(sy);
            let (dw, dh) = (cw * s, ch * s);
            let x = area.x + (area.w - dw) / 2.0;
            let y = area.y + (area.h - dh) / 2.0;
            FittedPicture {
                clip: Rect::new(x, y, dw, dh),
                placed: Rect::new(x - cx * s, y - cy * s, w * s, h * s),
                ppi: PT_PER_INCH / s,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn fill_covers_the_box_and_crops_the_sides() {
        // 2:1 picture in a square box: the height fits, the sides are cut evenly.
        let p = fit_picture(200, 100, &Fit::default(), Rect::new(0.0, 0.0, 72.0, 72.0));
        assert!(close(p.placed.h, 72.0) && close(p.placed.w, 144.0));
        assert!(close(p.placed.x, -36.0) && close(p.placed.y, 0.0));
        assert!(close(p.ppi, 100.0));
        assert_eq!(p.clip, Rect::new(0.0, 0.0, 72.0, 72.0));
    }

    #[test]
    fn focus_moves_the_picture_but_never_uncovers_the_box() {
        let mut fit = Fit {
            focus: [0.0, 0.5],
            ..Fit::default()
        };
        let p = fit_picture(200, 100, &fit, Rect::new(0.0, 0.0, 72.0, 72.0));
        assert!(close(p.placed.x, 0.0), "left edge kept: {p:?}");
        fit.focus = [0.9, 0.5];
        let p = fit_picture(200, 100, &fit, Rect::new(0.0, 0.0, 72.0, 72.0));
        assert!(close(p.placed.right(), 72.0), "right edge kept: {p:?}");
    }

    #[test]
    fn contain_shows_everything_centred() {
        let fit = Fit {
            mode: FitMode::Contain,
            ..Fit::default()
        };
        let p = fit_picture(200, 100, &fit, Rect::new(10.0, 10.0, 72.0, 72.0));
        assert!(close(p.placed.w, 72.0) && close(p.placed.h, 36.0));
        assert!(close(p.placed.y, 28.0));
        assert_eq!(p.clip, p.placed);
        assert!(close(p.ppi, 200.0));
    }

    #[test]
    fn crop_counts_only_its_part() {
        let fit = Fit {
            crop: [0.5, 0.0, 1.0, 1.0],
            ..Fit::default()
        };
        // The right half (100 × 100 px) fills a 72 pt square: 100 ppi, the picture's
        // left half lies left of the box.
        let p = fit_picture(200, 100, &fit, Rect::new(0.0, 0.0, 72.0, 72.0));
        assert!(close(p.ppi, 100.0));
        assert!(close(p.placed.x, -72.0) && close(p.placed.w, 144.0));
    }
}
