//! Page proofs: PNG images of the rendered PDF, one per page, and a contact sheet.
//!
//! Rasterising is done by poppler's `pdftoppm`, run as a separate program: it is the
//! renderer prepress shops already trust for soft proofs, it draws CID CFF and TrueType
//! fonts, overprint and CMYK faithfully, and keeping it out of process keeps the engine's
//! build small. (hayro, a pure-Rust rasteriser, was considered; it would add a large
//! dependency for a tool used only for proofs.) Install it with `apt-get install
//! poppler-utils`. The contact sheet is assembled here with the `png` crate.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::diag::Diagnostic;

pub mod limits;
pub mod thumb;

pub use thumb::read_png_shrunk;

/// A decoded 8-bit image (grey or RGB).
#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    pub width: u32,
    pub height: u32,
    /// 1 (grey) or 3 (RGB).
    pub channels: u32,
    pub pixels: Vec<u8>,
}

/// Rasterise `pdf` into `dir/page-N.png` at `dpi` (grey if `gray`). Returns the paths
/// in page order.
pub fn rasterize(pdf: &Path, dir: &Path, dpi: u32, gray: bool) -> Result<Vec<PathBuf>, Diagnostic> {
    std::fs::create_dir_all(dir).map_err(|e| {
        Diagnostic::error(format!("failed to create proof directory ({e})")).in_file(dir)
    })?;
    limits::clear_stale_pages(dir)?;
    let prefix = dir.join("page");
    let mut cmd = Command::new("pdftoppm");
    cmd.arg("-r").arg(dpi.to_string()).arg("-png");
    if gray {
        cmd.arg("-gray");
    }
    cmd.arg(pdf).arg(&prefix);
    let status = run_killable(&mut cmd).map_err(|e| match e {
        RunError::Spawn(e) => Diagnostic::error(format!("failed to run pdftoppm ({e})"))
            .with_hint("install poppler-utils (apt-get install poppler-utils)"),
        RunError::Wait(e) => Diagnostic::error(format!("failed to wait for pdftoppm ({e})")),
    })?;
    if !status.success() {
        return Err(Diagnostic::error(format!("pdftoppm failed ({status})")).in_file(pdf));
    }
    // pdftoppm names pages page-1.png or page-01.png depending on the page count:
    // normalise to page-N.png.
    let mut pages = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Diagnostic::error(format!("failed to list {} ({e})", dir.display())))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("page-") && n.ends_with(".png"))
        })
        .collect();
    entries.sort_by_key(|p| page_number(p));
    for p in entries {
        let Some(n) = page_number(&p) else { continue };
        let target = dir.join(format!("page-{n}.png"));
        if target != p {
            std::fs::rename(&p, &target)
                .map_err(|e| Diagnostic::error(format!("failed to rename proof ({e})")))?;
        }
        pages.push(target);
    }
    Ok(pages)
}

/// The child processes runs are waiting for (several runs may wait at once, each on its
/// own thread), so that an interrupted run takes them down with it
/// ([`kill_children`]); `true` in the flag once the run has been interrupted.
static CHILDREN: std::sync::Mutex<(bool, Vec<std::process::Child>)> =
    std::sync::Mutex::new((false, Vec::new()));

fn children() -> std::sync::MutexGuard<'static, (bool, Vec<std::process::Child>)> {
    CHILDREN
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Why a killable run did not give an exit status.
enum RunError {
    /// The program could not be started.
    Spawn(std::io::Error),
    /// Waiting for it failed.
    Wait(std::io::Error),
}

/// Start `cmd` and wait for it, keeping the child where [`kill_children`] finds it.
/// Spawning and registering happen under one lock, so an interrupt either comes first
/// (nothing is started) or finds the child. Each run finds its own child by its process
/// id, so runs on several threads wait each for its own.
fn run_killable(cmd: &mut Command) -> Result<std::process::ExitStatus, RunError> {
    let pid = {
        let mut slot = children();
        if slot.0 {
            drop(slot);
            wait_for_exit();
        }
        let child = cmd.spawn().map_err(RunError::Spawn)?;
        let pid = child.id();
        slot.1.push(child);
        pid
    };
    loop {
        {
            let mut slot = children();
            let Some(at) = slot.1.iter().position(|c| c.id() == pid) else {
                drop(slot);
                wait_for_exit();
            };
            let done = match slot.1.get_mut(at) {
                Some(c) => c.try_wait().map_err(RunError::Wait)?,
                None => None,
            };
            if let Some(status) = done {
                // Reaped by `try_wait`; `wait` gives the same status at once.
                let mut child = slot.1.remove(at);
                let _ = child.wait();
                return Ok(status);
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

/// Only the interrupt handler empties the list, and it ends the process (exit status
/// 130) once its clean-up is done: an interrupted run waits for that rather than
/// return an error that would race it to a different exit status.
fn wait_for_exit() -> ! {
    loop {
        std::thread::park();
    }
}

/// Kill and reap the child processes being waited for, and start no other (the CLI's
/// SIGINT/SIGTERM handler calls this before it exits, so no pdftoppm goes on writing
/// pages). Only a caller that then ends the process may call it: the runs it
/// interrupts wait for that.
pub fn kill_children() {
    let mut slot = children();
    slot.0 = true;
    for mut c in slot.1.drain(..) {
        let _ = c.kill();
        let _ = c.wait();
    }
}

fn page_number(p: &Path) -> Option<u32> {
    let name = p.file_stem()?.to_str()?;
    name.strip_prefix("page-")?.parse().ok()
}

/// Read a PNG as 8-bit grey or RGB.
pub fn read_png(path: &Path) -> Result<Image, Diagnostic> {
    let err = |e: String| Diagnostic::error(format!("failed to read PNG ({e})")).in_file(path);
    let file = std::fs::File::open(path).map_err(|e| err(e.to_string()))?;
    let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(|e| err(e.to_string()))?;
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| err("image too large".into()))?;
    let mut buf = vec![0; size];
    let info = reader
        .next_frame(&mut buf)
        .map_err(|e| err(e.to_string()))?;
    buf.truncate(info.buffer_size());
    let channels = match info.color_type {
        png::ColorType::Grayscale => 1,
        png::ColorType::Rgb => 3,
        other => return Err(err(format!("unsupported colour type {other:?}"))),
    };
    Ok(Image {
        width: info.width,
        height: info.height,
        channels,
        pixels: buf,
    })
}

/// Write an image as PNG.
pub fn write_png(path: &Path, img: &Image) -> Result<(), Diagnostic> {
    let err = |e: String| Diagnostic::error(format!("failed to write PNG ({e})")).in_file(path);
    let mut bytes = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut bytes, img.width, img.height);
        enc.set_color(if img.channels == 1 {
            png::ColorType::Grayscale
        } else {
            png::ColorType::Rgb
        });
        enc.set_depth(png::BitDepth::Eight);
        let mut w = enc.write_header().map_err(|e| err(e.to_string()))?;
        w.write_image_data(&img.pixels)
            .map_err(|e| err(e.to_string()))?;
    }
    crate::pdf::write_file_atomic(path, &bytes)
}

/// Tile page images into one contact sheet, `per_row` pages a row, on white with a
/// small gap. All images must have the same channel count.
pub fn contact_sheet(pages: &[Image], per_row: u32) -> Image {
    const GAP: u32 = 8;
    let channels = pages.first().map_or(3, |p| p.channels);
    let cell_w = pages.iter().map(|p| p.width).max().unwrap_or(1);
    let cell_h = pages.iter().map(|p| p.height).max().unwrap_or(1);
    let per_row = per_row.max(1);
    let rows = (pages.len() as u32).div_ceil(per_row).max(1);
    let width = per_row * cell_w + (per_row + 1) * GAP;
    let height = rows * cell_h + (rows + 1) * GAP;
    let mut pixels = vec![255u8; (width * height * channels) as usize];
    for (i, page) in pages.iter().enumerate() {
        let i = i as u32;
        let ox = GAP + (i % per_row) * (cell_w + GAP);
        let oy = GAP + (i / per_row) * (cell_h + GAP);
        for y in 0..page.height {
            let src = (y * page.width * page.channels) as usize;
            let dst = (((oy + y) * width + ox) * channels) as usize;
            let len = (page.width * page.channels) as usize;
            if let (Some(s), Some(d)) = (
                page.pixels.get(src..src + len),
                pixels.get_mut(dst..dst + len),
            ) {
                if page.channels == channels {
                    d.copy_from_slice(s);
                }
            }
        }
    }
    Image {
        width,
        height,
        channels,
        pixels,
    }
}

/// Compare two images: the mean absolute difference per channel value (0–255) and the
/// fraction of values that differ by more than 64. `None` if the sizes differ.
pub fn compare(a: &Image, b: &Image) -> Option<(f64, f64)> {
    if a.width != b.width || a.height != b.height || a.channels != b.channels {
        return None;
    }
    let n = a.pixels.len().max(1) as f64;
    let mut sum = 0u64;
    let mut big = 0u64;
    for (x, y) in a.pixels.iter().zip(&b.pixels) {
        let d = x.abs_diff(*y);
        sum += u64::from(d);
        if d > 64 {
            big += 1;
        }
    }
    Some((sum as f64 / n, big as f64 / n))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn solid(w: u32, h: u32, v: u8) -> Image {
        Image {
            width: w,
            height: h,
            channels: 1,
            pixels: vec![v; (w * h) as usize],
        }
    }

    #[test]
    fn contact_sheet_tiles_pages() {
        let sheet = contact_sheet(&[solid(10, 20, 0), solid(10, 20, 0), solid(10, 20, 0)], 2);
        assert_eq!(
            (sheet.width, sheet.height),
            (2 * 10 + 3 * 8, 2 * 20 + 3 * 8)
        );
        // First page's top-left pixel is black, the gap is white, the empty cell white.
        assert_eq!(sheet.pixels[(8 * sheet.width + 8) as usize], 0);
        assert_eq!(sheet.pixels[0], 255);
        let empty = ((8 + 20 + 8) * sheet.width + 8 + 10 + 8) as usize;
        assert_eq!(sheet.pixels[empty], 255);
    }

    #[test]
    fn compare_measures_difference() {
        let a = solid(4, 4, 100);
        let mut b = solid(4, 4, 100);
        assert_eq!(compare(&a, &b), Some((0.0, 0.0)));
        b.pixels[0] = 255;
        let (mean, big) = compare(&a, &b).unwrap();
        assert!((mean - 155.0 / 16.0).abs() < 1e-9);
        assert!((big - 1.0 / 16.0).abs() < 1e-9);
        assert_eq!(compare(&a, &solid(4, 5, 0)), None);
    }
}
