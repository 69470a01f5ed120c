//! What the output makes of a placed JPEG or PNG, decided once, before any output is
//! written, so that the PDF writer only embeds what it is given and every output (the
//! PDF, the report, the check) sees the same decision:
//!
//! - converted (`[output] convert_images`, [`super::convert`]): decoded, converted to the
//!   output profile's CMYK within the ink limit, 8-bit DeviceCMYK samples;
//! - held to the ink limit: a CMYK JPEG whose pixels go over the layout's total area
//!   coverage (`tac_percent`, measured by [`super::ink`]) is decoded and each pixel
//!   held to it (K kept, C, M and Y scaled down by one factor: [`limit_ink`]), in its own
//!   colour space;
//! - anything else goes in as it is (no entry).
//!
//! The samples are kept deflated (zlib, level 1: photographic samples gain little from
//! harder work), as the PDF stores them.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::convert::{convert_picture, limit_ink, OutputCmyk};
use super::{Picture, PictureInfo};
use crate::diag::Diagnostic;
use crate::spec::output::OutputCondition;
use crate::spec::AssetId;

/// Deflate level for decoded picture samples: 1 (zlib's fastest).
const SAMPLE_DEFLATE_LEVEL: u8 = 1;

/// Deflate picture samples (zlib format), deterministic.
pub fn deflate_samples(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, SAMPLE_DEFLATE_LEVEL)
}

/// The colour space of prepared samples.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PreparedSpace {
    /// The output profile's CMYK (written as DeviceCMYK: the output intent says what it
    /// is).
    OutputCmyk,
    /// The picture's own colour space (its ICC profile, or DeviceCMYK).
    Own,
}

/// A picture's samples as they go into the PDF.
#[derive(Debug, Clone, PartialEq)]
pub struct PreparedImage {
    pub width: u32,
    pub height: u32,
    /// 8-bit samples, deflated.
    pub samples: Vec<u8>,
    pub space: PreparedSpace,
    /// The alpha plane, deflated, and its bits per sample (8 or 16).
    pub alpha: Option<(Vec<u8>, u8)>,
}

/// Prepare every picture of `placed` (asset ids, in any order, repeats allowed) that the
/// output `out` does not take as it is. A file placed under several assets is prepared
/// once. Fails naming the file when a picture that must be changed cannot be decoded.
pub fn prepare_pictures(
    pictures: &[Picture],
    placed: impl IntoIterator<Item = AssetId>,
    out: &OutputCondition,
) -> Result<BTreeMap<AssetId, PreparedImage>, Diagnostic> {
    let target = match (&out.profile, out.convert_images) {
        (Some(p), true) => Some(
            OutputCmyk::new(&p.bytes, out.tac_percent)
                .map_err(|e| Diagnostic::error(format!("cannot convert pictures: {e}")))?,
        ),
        _ => None,
    };
    let mut prepared = BTreeMap::new();
    let mut done: Vec<(Arc<Vec<u8>>, Option<PreparedImage>)> = Vec::new();
    for asset in placed {
        if prepared.contains_key(&asset) {
            continue;
        }
        let Some(picture) = pictures.get(asset.0) else {
            continue;
        };
        let earlier = done
            .iter()
            .find(|(b, _)| Arc::ptr_eq(b, &picture.bytes))
            .map(|(_, p)| p.clone());
        let image = match earlier {
            Some(p) => p,
            None => {
                let p = prepare_one(picture, target.as_ref(), out.tac_percent).map_err(|e| {
                    Diagnostic::error(format!(
                        "failed to prepare picture `{}` ({e})",
                        picture.name
                    ))
                })?;
                done.push((Arc::clone(&picture.bytes), p.clone()));
                p
            }
        };
        if let Some(image) = image {
            prepared.insert(asset, image);
        }
    }
    Ok(prepared)
}

/// One picture: converted, held to the ink limit, or `None` (as it is).
fn prepare_one(
    picture: &Picture,
    target: Option<&OutputCmyk>,
    tac_percent: f64,
) -> Result<Option<PreparedImage>, String> {
    if let Some(target) = target {
        if let Some(c) = convert_picture(picture, target)? {
            return Ok(Some(PreparedImage {
                width: c.width,
                height: c.height,
                samples: deflate_samples(&c.cmyk),
                space: PreparedSpace::OutputCmyk,
                alpha: c.alpha.map(|(a, bits)| (deflate_samples(&a), bits)),
            }));
        }
    }
    if picture.ink().is_some_and(|i| i.exceeds(tac_percent)) {
        return ink_limited(picture, tac_percent).map(Some);
    }
    Ok(None)
}

/// A CMYK JPEG held to the ink limit `tac_percent`, in its own colour space.
fn ink_limited(picture: &Picture, tac_percent: f64) -> Result<PreparedImage, String> {
    let PictureInfo::Jpeg(j) = &picture.info else {
        return Err("only a CMYK JPEG is held to the ink limit".into());
    };
    let mut dec = jpeg_decoder::Decoder::new(picture.bytes.as_slice());
    let mut samples = dec
        .decode()
        .map_err(|e| format!("the JPEG cannot be decoded ({e})"))?;
    let expected = usize::try_from(u64::from(j.width) * u64::from(j.height) * 4).ok();
    if expected != Some(samples.len()) {
        return Err("its decoded size does not match its header".into());
    }
    // At least 255 (K alone always fits): the limit is at least 100 %.
    let limit = (tac_percent.clamp(100.0, 400.0) * 255.0 / 100.0).floor() as u32;
    for px in samples.chunks_exact_mut(4) {
        limit_ink(px, limit);
    }
    Ok(PreparedImage {
        width: j.width,
        height: j.height,
        samples: deflate_samples(&samples),
        space: PreparedSpace::Own,
        alpha: None,
    })
}
