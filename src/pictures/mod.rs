//! Stage 2½, pictures: every photo and supplied ad file named by the issue is read
//! once, here, and its header is understood: pixel size, colour model, embedded ICC
//! profile, Adobe's inverted CMYK (JPEG); bit depth, palette and alpha (PNG); pages and
//! their trim boxes (PDF); the Exif orientation of a JPEG or PNG (`exif.rs`). A JPEG
//! still goes into the PDF as it is, a PNG is decoded when the PDF is written, a PDF
//! page is copied as a Form XObject.
//!
//! Every JPEG and PNG is checked here, before its bytes go anywhere:
//!
//! - its size against the limits below, from the file's length and its header, before
//!   anything is allocated for its pixels;
//! - its structure and data: a JPEG's markers walked from SOI to EOI and the image
//!   decoded once (`jpeg.rs`); a PNG's chunks and their CRCs, its image data's length,
//!   and every row decoded (`png.rs`).
//!
//! A file that cannot be understood or is damaged (corrupt, truncated, a bad CRC, an
//! unsupported JPEG coding, a damaged or encrypted PDF) or too large is an error at the
//! `file = "…"` that named it, naming the file and what is wrong.

pub mod cache;
pub mod convert;
pub mod exif;
pub mod ink;
mod jpeg;
pub mod memo;
mod pdf;
mod pdf_colour;
mod pdf_fonts;
mod png;
pub mod prepare;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use crate::diag::{Diagnostic, Diagnostics};
use crate::spec::{Asset, AssetKind, Issue};
use ink::InkCoverage;

pub use exif::Orientation;
pub use pdf::{open as open_pdf, PdfInfo, PdfPage};
pub use png::{decode_png, idat_stream, DecodedPng};

/// A picture or supplied ad: its bytes (read once) and what its header says.
#[derive(Debug, Clone, PartialEq)]
pub struct Picture {
    /// The file as the issue names it.
    pub name: String,
    pub bytes: Arc<Vec<u8>>,
    pub info: PictureInfo,
}

/// What a file's header says.
#[derive(Debug, Clone, PartialEq)]
pub enum PictureInfo {
    Jpeg(JpegInfo),
    Png(PngInfo),
    Pdf(PdfInfo),
}

/// The colour model of an image's samples.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorModel {
    Gray,
    Rgb,
    Cmyk,
}

impl ColorModel {
    /// Components per pixel (the `N` of an ICCBased colour space).
    pub fn components(self) -> u8 {
        match self {
            ColorModel::Gray => 1,
            ColorModel::Rgb => 3,
            ColorModel::Cmyk => 4,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            ColorModel::Gray => "gray",
            ColorModel::Rgb => "rgb",
            ColorModel::Cmyk => "cmyk",
        }
    }
}

/// A JPEG's frame header and markers.
#[derive(Debug, Clone, PartialEq)]
pub struct JpegInfo {
    pub width: u32,
    pub height: u32,
    pub color: ColorModel,
    /// Progressive (SOF2) rather than baseline/extended sequential.
    pub progressive: bool,
    /// A 4-component JPEG with Adobe's APP14 marker stores inverted CMYK (as Photoshop
    /// writes it); the PDF needs `/Decode [1 0 1 0 1 0 1 0]`.
    pub adobe_inverted: bool,
    /// The embedded ICC profile (APP2 `ICC_PROFILE` chunks joined), if any.
    pub icc: Option<Arc<Vec<u8>>>,
    /// The Exif orientation (APP1), upright without one.
    pub orientation: Orientation,
    /// A CMYK picture's ink coverage, measured when it was checked.
    pub ink: Option<InkCoverage>,
}

/// A PNG's header chunks.
#[derive(Debug, Clone, PartialEq)]
pub struct PngInfo {
    pub width: u32,
    pub height: u32,
    /// Gray or RGB after palette expansion.
    pub color: ColorModel,
    /// Bits per sample as stored (1, 2, 4, 8 or 16).
    pub bit_depth: u8,
    pub palette: bool,
    /// An alpha channel or a tRNS chunk (written as a soft mask).
    pub alpha: bool,
    /// Adam7 interlacing.
    pub interlaced: bool,
    pub icc: Option<Arc<Vec<u8>>>,
    /// The Exif orientation (`eXIf` chunk), upright without one.
    pub orientation: Orientation,
}

/// The largest picture file read: 200 MiB (a 100-megapixel JPEG at high quality is
/// about 50 MB; a newspaper has no use for more).
pub const MAX_PICTURE_BYTES: u64 = 200 * 1024 * 1024;

/// The most pixels a JPEG or PNG may declare: 100 megapixels. A whole broadsheet page
/// (350 × 500 mm) at 300 ppi is about 25 megapixels; 100 megapixels of 16-bit RGBA is
/// 800 MB decoded, the most this ever allocates for one picture.
pub const MAX_PICTURE_PIXELS: u64 = 100_000_000;

/// The longest side a JPEG or PNG may declare: 30000 pixels (2.5 m at 300 ppi).
pub const MAX_PICTURE_SIDE: u32 = 30_000;

/// Check a picture's declared pixel size against the limits.
pub fn check_pixel_limits(w: u32, h: u32) -> Result<(), String> {
    let pixels = u64::from(w).saturating_mul(u64::from(h));
    if w > MAX_PICTURE_SIDE || h > MAX_PICTURE_SIDE || pixels > MAX_PICTURE_PIXELS {
        return Err(format!(
            "it declares {w} × {h} pixels ({:.1} megapixels); a picture may have at most {} megapixels and {MAX_PICTURE_SIDE} pixels a side",
            pixels as f64 / 1e6,
            MAX_PICTURE_PIXELS / 1_000_000
        ));
    }
    Ok(())
}

impl Picture {
    /// The kind of file, as its header says.
    pub fn kind(&self) -> AssetKind {
        match &self.info {
            PictureInfo::Jpeg(_) => AssetKind::Jpeg,
            PictureInfo::Png(_) => AssetKind::Png,
            PictureInfo::Pdf(_) => AssetKind::Pdf,
        }
    }

    /// Pixel size of an image as stored (None for a PDF).
    pub fn pixels(&self) -> Option<(u32, u32)> {
        match &self.info {
            PictureInfo::Jpeg(j) => Some((j.width, j.height)),
            PictureInfo::Png(p) => Some((p.width, p.height)),
            PictureInfo::Pdf(_) => None,
        }
    }

    /// A CMYK JPEG's ink coverage (None for other pictures).
    pub fn ink(&self) -> Option<&InkCoverage> {
        match &self.info {
            PictureInfo::Jpeg(j) => j.ink.as_ref(),
            _ => None,
        }
    }

    /// The Exif orientation of an image (upright for a PDF).
    pub fn orientation(&self) -> Orientation {
        match &self.info {
            PictureInfo::Jpeg(j) => j.orientation,
            PictureInfo::Png(p) => p.orientation,
            PictureInfo::Pdf(_) => Orientation::UPRIGHT,
        }
    }

    /// Pixel size of an image as displayed: width and height swapped when its Exif
    /// orientation turns it a quarter (None for a PDF). Fit, crop, focus and the
    /// effective resolution all work with this size.
    pub fn displayed_pixels(&self) -> Option<(u32, u32)> {
        let (w, h) = self.pixels()?;
        Some(self.orientation().displayed(w, h))
    }

    /// One line for the dump: format, size, colour, profile, orientation (when not
    /// upright).
    pub fn describe(&self) -> String {
        let icc = |i: &Option<Arc<Vec<u8>>>| if i.is_some() { " icc" } else { "" };
        let turned = match self.orientation().value() {
            1 => String::new(),
            v => format!(" exif-orientation-{v}"),
        };
        match &self.info {
            PictureInfo::Jpeg(j) => format!(
                "jpeg{} {}x{} {}{}{}{turned}",
                if j.progressive { " progressive" } else { "" },
                j.width,
                j.height,
                j.color.name(),
                if j.adobe_inverted {
                    " adobe-inverted"
                } else {
                    ""
                },
                icc(&j.icc)
            ),
            PictureInfo::Png(p) => format!(
                "png {}x{} {} {}-bit{}{}{}{turned}",
                p.width,
                p.height,
                p.color.name(),
                p.bit_depth,
                if p.palette { " palette" } else { "" },
                if p.alpha { " alpha" } else { "" },
                icc(&p.icc)
            ),
            PictureInfo::Pdf(d) => format!("pdf {} page(s)", d.pages.len()),
        }
    }
}

/// Read every asset of the issue; the result is indexed by [`crate::spec::AssetId`].
/// A file named more than once is read once and shares its bytes (so the PDF writer
/// writes it once).
pub fn read_pictures(issue: &Issue) -> Result<Vec<Picture>, Diagnostics> {
    read_pictures_with(issue, None)
}

/// [`read_pictures`], taking a file whose bytes have not changed since the last round
/// from `memo` instead of checking it again.
pub fn read_pictures_with(
    issue: &Issue,
    mut memo: Option<&mut memo::PictureMemo>,
) -> Result<Vec<Picture>, Diagnostics> {
    // Each file once, in order: read, and known to the memo or to be checked.
    let mut files: Vec<FileRead<'_>> = Vec::new();
    let mut file_of: Vec<usize> = Vec::with_capacity(issue.assets.len());
    let mut by_path: BTreeMap<&Path, usize> = BTreeMap::new();
    for asset in &issue.assets {
        if let Some(&k) = by_path.get(asset.path.as_path()) {
            file_of.push(k);
            continue;
        }
        let bytes = read_limited(asset);
        let known = match (&bytes, memo.as_deref_mut()) {
            (Ok(b), Some(m)) => m.checked(&asset.path, asset.kind, b),
            _ => None,
        };
        by_path.insert(&asset.path, files.len());
        file_of.push(files.len());
        files.push((asset, bytes, known));
    }
    // The checks (decoding every JPEG and PNG whole) on threads, a file to a thread at
    // a time: the pictures differ in size by a hundred times.
    let disk = memo.as_deref().and_then(|m| m.disk()).cloned();
    let checked = crate::threads::map_queued(
        &files,
        crate::threads::MAX_THREADS,
        |(asset, bytes, known)| match (bytes, known) {
            (_, Some(_)) => None,
            (Ok(b), None) => Some(check_picture(asset, b, disk.as_ref())),
            (Err(d), None) => Some(Err(d.clone())),
        },
    )
    .ok_or_else(|| {
        Diagnostics::from(Diagnostic::error(
            "failed to read the pictures (a checking thread stopped)",
        ))
    })?;
    let mut read: Vec<Result<Picture, Diagnostic>> = Vec::with_capacity(files.len());
    for ((asset, bytes, known), info) in files.into_iter().zip(checked) {
        let picture = match (known, info, bytes) {
            (Some(p), ..) => Ok(p),
            (None, Some(Ok(info)), Ok(bytes)) => {
                let picture = Picture {
                    name: asset.name.clone(),
                    bytes: Arc::new(bytes),
                    info,
                };
                if let Some(m) = memo.as_deref_mut() {
                    m.used(&asset.path, asset.kind, &picture);
                }
                Ok(picture)
            }
            (None, Some(Err(d)), _) | (None, None, Err(d)) => Err(d),
            (None, _, _) => Err(Diagnostic::error(format!(
                "failed to read picture file `{}`",
                asset.name
            ))),
        };
        read.push(picture);
    }
    // Every asset: its file's picture under its own name, or its file's error where
    // the issue names it.
    let mut out = Vec::with_capacity(issue.assets.len());
    let mut diags = Diagnostics::new();
    for (asset, &k) in issue.assets.iter().zip(&file_of) {
        match read.get(k) {
            Some(Ok(p)) => out.push(Picture {
                name: asset.name.clone(),
                ..p.clone()
            }),
            Some(Err(d)) => diags.push(d.clone().located(&asset.loc)),
            None => {}
        }
    }
    diags.into_result(out)
}

/// One picture file of an issue, read: the first asset that names it, its bytes (or
/// why not), and its picture when the memo knows these bytes.
type FileRead<'a> = (&'a Asset, Result<Vec<u8>, Diagnostic>, Option<Picture>);

/// Read one asset and its header, and check a JPEG or PNG: size limits first (file
/// length, then the header's pixel size), then its structure and data.
pub fn read_picture(asset: &Asset) -> Result<Picture, Diagnostic> {
    let bytes = read_limited(asset)?;
    let info = check_picture(asset, &bytes, None)?;
    Ok(Picture {
        name: asset.name.clone(),
        bytes: Arc::new(bytes),
        info,
    })
}

/// The bytes of an asset's file, refused past [`MAX_PICTURE_BYTES`] (checked before
/// reading, and while reading, should the file have grown since).
fn read_limited(asset: &Asset) -> Result<Vec<u8>, Diagnostic> {
    let failed = |e: std::io::Error| {
        Diagnostic::error(format!(
            "failed to read picture file `{}` ({e})",
            asset.name
        ))
    };
    let too_long = |len: u64| {
        Diagnostic::error(format!(
            "cannot use `{}`: the file is {:.1} MiB; a picture file may be at most {} MiB",
            asset.name,
            len as f64 / (1024.0 * 1024.0),
            MAX_PICTURE_BYTES / (1024 * 1024)
        ))
        .with_hint("supply the picture at the size it is printed")
    };
    let len = std::fs::metadata(&asset.path).map_err(failed)?.len();
    if len > MAX_PICTURE_BYTES {
        return Err(too_long(len));
    }
    // Read no more than the limit (and one byte to know it was passed), should the
    // file have grown since.
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(
            std::fs::File::open(&asset.path).map_err(failed)?,
            MAX_PICTURE_BYTES.saturating_add(1),
        ),
        &mut bytes,
    )
    .map_err(failed)?;
    let read = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if read > MAX_PICTURE_BYTES {
        return Err(too_long(read));
    }
    Ok(bytes)
}

/// The header of an asset's file, `bytes`, and for a JPEG or PNG its checks: size
/// limits first (the header's pixel size), then its structure and data — or what an
/// earlier run found of these very bytes (the picture cache `disk`), the checks made
/// now kept there.
fn check_picture(
    asset: &Asset,
    bytes: &[u8],
    disk: Option<&cache::PictureCache>,
) -> Result<PictureInfo, Diagnostic> {
    let what = |e: String| {
        Diagnostic::error(format!("cannot use `{}`: {e}", asset.name)).with_hint(
            "re-export the file (baseline or progressive JPEG, PNG, or an unencrypted PDF)",
        )
    };
    let too_large = |e: String| {
        Diagnostic::error(format!("cannot use `{}`: {e}", asset.name)).with_hint(
            "scale the picture down: a whole broadsheet page at 300 ppi is about 25 megapixels",
        )
    };
    let checked = |validate: &dyn Fn() -> Result<Option<InkCoverage>, String>| {
        if let Some(ink) = disk.and_then(|d| d.checked(asset.kind, bytes)) {
            return Ok(ink);
        }
        let ink = validate().map_err(what)?;
        if let Some(d) = disk {
            d.keep_checked(asset.kind, bytes, ink.as_ref());
        }
        Ok(ink)
    };
    Ok(match asset.kind {
        AssetKind::Jpeg => {
            let mut info = jpeg::read_info(bytes).map_err(what)?;
            check_pixel_limits(info.width, info.height).map_err(too_large)?;
            info.ink = checked(&|| jpeg::validate(bytes))?;
            PictureInfo::Jpeg(info)
        }
        AssetKind::Png => {
            let info = png::read_info(bytes).map_err(what)?;
            check_pixel_limits(info.width, info.height).map_err(too_large)?;
            checked(&|| png::validate(bytes).map(|()| None))?;
            PictureInfo::Png(info)
        }
        AssetKind::Pdf => PictureInfo::Pdf(pdf::read_info(bytes).map_err(what)?),
    })
}
