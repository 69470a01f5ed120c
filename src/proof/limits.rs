//! Limits of `proof`: a resolution no press proof needs is refused, so is a page image
//! above a pixel budget (memory and disk grow with dpi²), and page images left by an
//! earlier proof in the same folder are removed before new ones are written (a contact
//! sheet must never show a stale page).

use std::path::Path;

use crate::diag::Diagnostic;
use crate::outputs::is_page_image;

/// Highest resolution accepted: 1200 dpi is above any proofing device's.
pub const MAX_DPI: u32 = 1200;

/// Default pixel budget per page image (60 million pixels: a 390 × 545 mm broadsheet
/// with bleed and slug at about 450 dpi).
pub const DEFAULT_MAX_MEGAPIXELS: u32 = 60;

/// Check `dpi` alone (before any work).
pub fn check_dpi(dpi: u32) -> Result<(), Diagnostic> {
    if dpi == 0 || dpi > MAX_DPI {
        return Err(Diagnostic::error(format!(
            "proof resolution {dpi} dpi is out of range (1–{MAX_DPI} dpi)"
        ))
        .with_hint("screen proofs need 40–150 dpi, a hard proof 300–600 dpi"));
    }
    Ok(())
}

/// Check the size of one page image: `width_pt` × `height_pt` (the MediaBox) at `dpi`
/// against `max_megapixels` million pixels.
pub fn check_pixels(
    dpi: u32,
    width_pt: f64,
    height_pt: f64,
    max_megapixels: u32,
) -> Result<(), Diagnostic> {
    let px = |pt: f64| (pt / 72.0 * f64::from(dpi)).ceil();
    let pixels = px(width_pt) * px(height_pt);
    let budget = f64::from(max_megapixels) * 1e6;
    if !pixels.is_finite() || pixels > budget {
        return Err(Diagnostic::error(format!(
            "a page proof at {dpi} dpi would have {:.0} million pixels ({:.0} × {:.0}); the limit is {max_megapixels} million",
            pixels / 1e6,
            px(width_pt),
            px(height_pt)
        ))
        .with_hint("lower --dpi, or raise the budget with --max-megapixels"));
    }
    Ok(())
}

/// Remove the page images (`page-N.png`) an earlier proof left in `dir`; returns how
/// many. Other files are left alone.
pub fn clear_stale_pages(dir: &Path) -> Result<usize, Diagnostic> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => {
            return Err(
                Diagnostic::error(format!("failed to list the proof folder ({e})")).in_file(dir),
            )
        }
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if is_file && name.to_str().is_some_and(is_page_image) {
            std::fs::remove_file(entry.path()).map_err(|e| {
                Diagnostic::error(format!("failed to remove an old proof page ({e})"))
                    .in_file(entry.path())
            })?;
            removed += 1;
        }
    }
    Ok(removed)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may panic
mod tests {
    use super::*;

    #[test]
    fn absurd_resolutions_are_refused() {
        assert!(check_dpi(40).is_ok());
        assert!(check_dpi(0).is_err());
        assert!(check_dpi(100_000).is_err());
        // A broadsheet MediaBox (about 1190 × 1630 pt) at 600 dpi is ~135 Mpx.
        assert!(check_pixels(600, 1190.0, 1630.0, 60).is_err());
        assert!(check_pixels(600, 1190.0, 1630.0, 140).is_ok());
        assert!(check_pixels(40, 1190.0, 1630.0, 60).is_ok());
    }

    #[test]
    fn only_page_images_are_cleared() {
        let dir =
            crate::test_scratch_root().join(format!("broadsheet-stale-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for f in ["page-1.png", "page-12.png", "notes.txt", "page-x.png"] {
            std::fs::write(dir.join(f), "x").unwrap();
        }
        assert_eq!(clear_stale_pages(&dir).unwrap(), 2);
        assert!(dir.join("notes.txt").exists() && dir.join("page-x.png").exists());
        assert!(!dir.join("page-12.png").exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
