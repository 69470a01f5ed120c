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
//! - separated over the limit: with a PDF/X claim the plant's RIP separates an RGB
//!   picture through the output intent's profile; when that profile can give more ink
//!   than the layout allows (its RGB gamut, sampled once per source profile, reaches
//!   over `tac_percent`), the picture is separated here as the RIP would, and if any
//!   pixel goes over, it is converted to the output CMYK and held to the limit, with a
//!   warning; otherwise it goes in as RGB;
//! - decoded: a PNG the PDF cannot take as stored (a palette, transparency, interlacing,
//!   or 1, 2 or 4 bits a sample; see [`super::idat_stream`]) is decoded, palette and
//!   tRNS expanded, its alpha channel kept for a soft mask, in its own colour space;
//! - anything else goes in as it is (no entry).
//!
//! The samples are kept deflated (zlib, level 1: photographic samples gain little from
//! harder work), as the PDF stores them.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::cache::{OutputKey, PictureCache};
use super::convert::{convert_picture, limit_ink, rgb_source, separate_picture, OutputCmyk};
use super::ink::InkCoverage;
use super::memo::Prepared;
use super::{Picture, PictureInfo};
use crate::diag::{Diagnostic, Diagnostics};
use crate::spec::output::{OutputCondition, Standard};
use crate::spec::{Asset, AssetId};

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
    /// The samples, deflated (shared: the memo and every asset placing the file hold
    /// the same bytes).
    pub samples: Arc<Vec<u8>>,
    /// Bits per sample: 8, or 16 for a decoded 16-bit PNG.
    pub bits: u8,
    pub space: PreparedSpace,
    /// The alpha plane, deflated, and its bits per sample (8 or 16).
    pub alpha: Option<(Arc<Vec<u8>>, u8)>,
}

/// The pictures an output changes, and a warning for each one it changes to keep
/// within the ink limit.
#[derive(Debug, Default)]
pub struct PreparedPictures {
    pub images: BTreeMap<AssetId, PreparedImage>,
    pub warnings: Diagnostics,
}

/// What the output does with pictures.
struct Targets {
    /// `convert_images`: every RGB picture converted.
    convert: Option<OutputCmyk>,
    /// A PDF/X claim without `convert_images`: RGB pictures the RIP would separate
    /// over the limit are converted.
    intent: Option<OutputCmyk>,
    tac_percent: f64,
    /// The most ink the output profile gives each RGB source profile seen so far
    /// (shared by the threads that prepare pictures).
    gamut: std::sync::Mutex<Vec<(Vec<u8>, u32)>>,
}

/// Prepare every picture of `placed` (asset ids, in any order, repeats allowed) that the
/// output `out` does not take as it is; `assets` name them (indexed like `pictures`).
/// A file placed under several assets is prepared once. Fails naming the file when a
/// picture that must be changed cannot be decoded.
pub fn prepare_pictures(
    pictures: &[Picture],
    assets: &[Asset],
    placed: impl IntoIterator<Item = AssetId>,
    out: &OutputCondition,
) -> Result<PreparedPictures, Diagnostic> {
    prepare_pictures_with(pictures, assets, placed, out, None)
}

/// [`prepare_pictures`], taking a picture prepared for the same output in the last
/// round from `memo`.
pub fn prepare_pictures_with(
    pictures: &[Picture],
    assets: &[Asset],
    placed: impl IntoIterator<Item = AssetId>,
    out: &OutputCondition,
    memo: Option<&mut super::memo::PictureMemo>,
) -> Result<PreparedPictures, Diagnostic> {
    let mut p = Preparer::new(pictures, assets, out, memo)?;
    p.add(placed)?;
    Ok(p.finish())
}

/// A file's bytes and what preparing it gave (or why it could not be prepared).
type Made = (Arc<Vec<u8>>, Result<Prepared, String>);

/// Prepares pictures as pages place them ([`Preparer::add`], any number of times):
/// what [`prepare_pictures_with`] does for all of them at once, for a caller that
/// writes pages as they come.
pub struct Preparer<'a> {
    pictures: &'a [Picture],
    assets: &'a [Asset],
    out: &'a OutputCondition,
    targets: Targets,
    prepared: PreparedPictures,
    /// Each file prepared so far (a file placed under several assets once).
    done: Vec<(Arc<Vec<u8>>, Option<PreparedImage>)>,
    memo: Option<&'a mut super::memo::PictureMemo>,
    /// The picture cache (the memo's), and the output's key in it.
    disk: Option<(PictureCache, OutputKey)>,
}

impl<'a> Preparer<'a> {
    /// Fails when the output profile cannot be read for converting.
    pub fn new(
        pictures: &'a [Picture],
        assets: &'a [Asset],
        out: &'a OutputCondition,
        memo: Option<&'a mut super::memo::PictureMemo>,
    ) -> Result<Self, Diagnostic> {
        let target = || -> Result<Option<OutputCmyk>, Diagnostic> {
            out.profile
                .as_ref()
                .map(|p| OutputCmyk::new(&p.bytes, out.tac_percent))
                .transpose()
                .map_err(|e| Diagnostic::error(format!("cannot convert pictures: {e}")))
        };
        let claims = out.standard != Standard::None;
        let targets = Targets {
            convert: if out.convert_images { target()? } else { None },
            intent: if claims && !out.convert_images {
                target()?
            } else {
                None
            },
            tac_percent: out.tac_percent,
            gamut: std::sync::Mutex::new(Vec::new()),
        };
        let disk = memo
            .as_deref()
            .and_then(|m| m.disk())
            .map(|d| (d.clone(), OutputKey::of(out)));
        Ok(Preparer {
            pictures,
            assets,
            out,
            targets,
            prepared: PreparedPictures::default(),
            done: Vec::new(),
            memo,
            disk,
        })
    }

    /// The pictures prepared so far.
    pub fn images(&self) -> &BTreeMap<AssetId, PreparedImage> {
        &self.prepared.images
    }

    /// Prepare the pictures of `placed` (asset ids, in any order, repeats allowed)
    /// that the output does not take as they are and that are not prepared yet. The
    /// files neither an earlier call nor the memo prepared are prepared on threads, a
    /// file at a time; what they give is taken in placed order, so the warnings, the
    /// memo and the first failure are those of preparing them in turn.
    pub fn add(&mut self, placed: impl IntoIterator<Item = AssetId>) -> Result<(), Diagnostic> {
        let out = self.out;
        let placed: Vec<AssetId> = placed.into_iter().collect();
        let mut made = self.made_for(&placed)?;
        for asset in placed {
            if self.prepared.images.contains_key(&asset) {
                continue;
            }
            let Some(picture) = self.pictures.get(asset.0) else {
                continue;
            };
            let earlier = self
                .done
                .iter()
                .find(|(b, _)| Arc::ptr_eq(b, &picture.bytes))
                .map(|(_, p)| p.clone());
            let image = match earlier {
                Some(p) => p,
                None => {
                    let fail = |e: String| {
                        Diagnostic::error(format!(
                            "failed to prepare picture `{}` ({e})",
                            picture.name
                        ))
                    };
                    let k = made
                        .iter()
                        .position(|(b, _)| Arc::ptr_eq(b, &picture.bytes));
                    let r = match k.map(|k| made.swap_remove(k).1) {
                        Some(r) => r,
                        None => prepare_kept(picture, self.disk.as_ref(), &self.targets),
                    };
                    let r = r.map_err(fail)?;
                    if let Some(m) = self.memo.as_deref_mut() {
                        m.keep_prepared(&picture.bytes, out, &r);
                    }
                    let (p, ink) = r;
                    if let (Some(ink), Some(a)) = (ink, self.assets.get(asset.0)) {
                        self.prepared
                            .warnings
                            .push(over_limit_warning(a, &ink, out.tac_percent));
                    }
                    self.done.push((Arc::clone(&picture.bytes), p.clone()));
                    p
                }
            };
            if let Some(image) = image {
                self.prepared.images.insert(asset, image);
            }
        }
        Ok(())
    }

    /// What the files `placed` need that neither an earlier call nor another asset
    /// has: from the memo, or prepared now on threads. Each with its file's bytes.
    fn made_for(&mut self, placed: &[AssetId]) -> Result<Vec<Made>, Diagnostic> {
        let mut fresh: Vec<&Picture> = Vec::new();
        let mut remembered: Vec<(Arc<Vec<u8>>, Prepared)> = Vec::new();
        for asset in placed {
            let Some(picture) = self.pictures.get(asset.0) else {
                continue;
            };
            let known = |b: &Arc<Vec<u8>>| Arc::ptr_eq(b, &picture.bytes);
            if self.prepared.images.contains_key(asset)
                || self.done.iter().any(|(b, _)| known(b))
                || remembered.iter().any(|(b, _)| known(b))
                || fresh.iter().any(|p| known(&p.bytes))
            {
                continue;
            }
            match self
                .memo
                .as_deref_mut()
                .and_then(|m| m.prepared_for(&picture.bytes, self.out))
            {
                Some(r) => remembered.push((Arc::clone(&picture.bytes), r)),
                None => fresh.push(picture),
            }
        }
        let (disk, targets) = (&self.disk, &self.targets);
        let made = crate::threads::map_queued(&fresh, crate::threads::MAX_THREADS, |p| {
            prepare_kept(p, disk.as_ref(), targets)
        })
        .ok_or_else(|| Diagnostic::error("failed to prepare the pictures (a thread stopped)"))?;
        Ok(fresh
            .into_iter()
            .map(|p| Arc::clone(&p.bytes))
            .zip(made)
            .chain(remembered.into_iter().map(|(b, r)| (b, Ok(r))))
            .collect())
    }

    /// Everything prepared, with the warnings.
    pub fn finish(self) -> PreparedPictures {
        self.prepared
    }
}

/// The warning for an RGB picture the RIP would separate over the ink limit.
fn over_limit_warning(asset: &Asset, ink: &InkCoverage, limit: f64) -> Diagnostic {
    Diagnostic::warning(format!(
        "picture `{}` would print at up to {} % total area coverage through the output profile ({:.0} % of its pixels over the layout's {limit:.0} %): the PDF carries it converted to the output CMYK, held to {limit:.0} %",
        asset.name,
        ink.max_percent(),
        ink.share_over(limit) * 100.0
    ))
    .located(&asset.loc)
}

/// [`prepare_one`], or what it gave for the same JPEG or PNG file and output in an
/// earlier run, from the picture cache `disk` (kept there when made). A PDF is never
/// changed, and costs nothing to find so.
fn prepare_kept(
    picture: &Picture,
    disk: Option<&(PictureCache, OutputKey)>,
    targets: &Targets,
) -> Result<Prepared, String> {
    let disk = disk.filter(|_| !matches!(picture.info, PictureInfo::Pdf(_)));
    if let Some(kept) = disk.and_then(|(d, k)| d.prepared(picture.kind(), &picture.bytes, k)) {
        return Ok(kept);
    }
    let made = prepare_one(picture, targets)?;
    if let Some((d, k)) = disk {
        d.keep_prepared(picture.kind(), &picture.bytes, k, &made);
    }
    Ok(made)
}

/// One picture: converted, held to the ink limit, separated over it, a PNG decoded, or
/// `None` (as it is); with the ink the RIP would have given it when it is separated for
/// that reason.
fn prepare_one(picture: &Picture, targets: &Targets) -> Result<Prepared, String> {
    if let Some(target) = &targets.convert {
        if let Some(c) = convert_picture(picture, target)? {
            return Ok((Some(cmyk_image(c)), None));
        }
    }
    let tac_percent = targets.tac_percent;
    if picture.ink().is_some_and(|i| i.exceeds(tac_percent)) {
        return ink_limited(picture, tac_percent).map(|p| (Some(p), None));
    }
    if let Some(separated) = separated_over_limit(picture, targets)? {
        return Ok(separated);
    }
    match decoded_png(picture) {
        Some(decoded) => Ok((Some(decoded?), None)),
        None => Ok((None, None)),
    }
}

/// An RGB picture separated and held to the ink limit, when the output intent would
/// separate it over the limit (with the ink it would have had); `None` otherwise.
fn separated_over_limit(picture: &Picture, targets: &Targets) -> Result<Option<Prepared>, String> {
    let tac_percent = targets.tac_percent;
    if let (Some(target), Some(source)) = (&targets.intent, rgb_source(picture)) {
        // Held while sampled: another thread with the same profile waits for it.
        let mut seen = targets
            .gamut
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let gamut = match seen.iter().find(|(icc, _)| icc == source) {
            Some((_, g)) => *g,
            None => {
                let g = target.rgb_gamut_max_percent(source)?;
                seen.push((source.to_vec(), g));
                g
            }
        };
        drop(seen);
        if f64::from(gamut) > tac_percent {
            if let Some(mut c) = separate_picture(picture, target)? {
                let ink = InkCoverage::of_cmyk(&c.cmyk);
                if ink.exceeds(tac_percent) {
                    target.hold(&mut c.cmyk);
                    return Ok(Some((Some(cmyk_image(c)), Some(ink))));
                }
            }
        }
    }
    Ok(None)
}

/// A PNG that cannot go into the PDF as stored, decoded (`None` for any other
/// picture): palette and tRNS expanded, 8 or 16 bits a sample, the alpha channel kept
/// for a soft mask, both deflated.
pub fn decoded_png(picture: &Picture) -> Option<Result<PreparedImage, String>> {
    let PictureInfo::Png(p) = &picture.info else {
        return None;
    };
    if super::idat_stream(&picture.bytes, p).is_some() {
        return None;
    }
    Some(super::decode_png(&picture.bytes).map(|d| PreparedImage {
        width: p.width,
        height: p.height,
        samples: Arc::new(deflate_samples(&d.color)),
        bits: d.bits,
        space: PreparedSpace::Own,
        alpha: d.alpha.map(|a| (Arc::new(deflate_samples(&a)), d.bits)),
    }))
}

/// A picture converted to the output CMYK, deflated.
fn cmyk_image(c: super::convert::ConvertedImage) -> PreparedImage {
    PreparedImage {
        width: c.width,
        height: c.height,
        samples: Arc::new(deflate_samples(&c.cmyk)),
        bits: 8,
        space: PreparedSpace::OutputCmyk,
        alpha: c
            .alpha
            .map(|(a, bits)| (Arc::new(deflate_samples(&a)), bits)),
    }
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
        samples: Arc::new(deflate_samples(&samples)),
        bits: 8,
        space: PreparedSpace::Own,
        alpha: None,
    })
}
