//! Stage 2½, pictures: every photo and supplied ad file named by the issue is read
//! once, here, and its header is understood: pixel size, colour model, embedded ICC
//! profile, Adobe's inverted CMYK (JPEG); bit depth, palette and alpha (PNG); pages and
//! their trim boxes (PDF). Nothing is decoded: a JPEG goes into the PDF as it is, a PNG
//! is decoded when the PDF is written, a PDF page is copied as a Form XObject.
//!
//! A file that cannot be understood (corrupt, truncated, an unsupported JPEG coding, a
//! damaged or encrypted PDF) is an error at the `file = "…"` that named it.

pub mod convert;
mod jpeg;
mod pdf;
mod pdf_colour;
mod pdf_fonts;
mod png;
pub mod report;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use crate::diag::{Diagnostic, Diagnostics};
use crate::spec::{Asset, AssetKind, Issue};

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
}

impl Picture {
    /// Pixel size of an image (None for a PDF).
    pub fn pixels(&self) -> Option<(u32, u32)> {
        match &self.info {
            PictureInfo::Jpeg(j) => Some((j.width, j.height)),
            PictureInfo::Png(p) => Some((p.width, p.height)),
            PictureInfo::Pdf(_) => None,
        }
    }

    /// One line for the dump: format, size, colour, profile.
    pub fn describe(&self) -> String {
        let icc = |i: &Option<Arc<Vec<u8>>>| if i.is_some() { " icc" } else { "" };
        match &self.info {
            PictureInfo::Jpeg(j) => format!(
                "jpeg{} {}x{} {}{}{}",
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
                "png {}x{} {} {}-bit{}{}{}",
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
    let mut out = Vec::with_capacity(issue.assets.len());
    let mut seen: BTreeMap<&Path, Picture> = BTreeMap::new();
    let mut diags = Diagnostics::new();
    for asset in &issue.assets {
        if let Some(p) = seen.get(asset.path.as_path()) {
            out.push(Picture {
                name: asset.name.clone(),
                ..p.clone()
            });
            continue;
        }
        match read_picture(asset) {
            Ok(p) => {
                seen.insert(&asset.path, p.clone());
                out.push(p);
            }
            Err(d) => diags.push(d.located(&asset.loc)),
        }
    }
    diags.into_result(out)
}

/// Read one asset and its header.
pub fn read_picture(asset: &Asset) -> Result<Picture, Diagnostic> {
    let bytes = std::fs::read(&asset.path).map_err(|e| {
        Diagnostic::error(format!(
            "failed to read picture file `{}` ({e})",
            asset.name
        ))
    })?;
    let what = |e: String| {
        Diagnostic::error(format!("cannot use `{}`: {e}", asset.name)).with_hint(
            "re-export the file (baseline or progressive JPEG, PNG, or an unencrypted PDF)",
        )
    };
    let info = match asset.kind {
        AssetKind::Jpeg => PictureInfo::Jpeg(jpeg::read_info(&bytes).map_err(what)?),
        AssetKind::Png => PictureInfo::Png(png::read_info(&bytes).map_err(what)?),
        AssetKind::Pdf => PictureInfo::Pdf(pdf::read_info(&bytes).map_err(what)?),
    };
    Ok(Picture {
        name: asset.name.clone(),
        bytes: Arc::new(bytes),
        info,
    })
}
