//! Pictures converted to the output CMYK (the layout's `[output] convert_images`).
//!
//! A JPEG or PNG is decoded and its pixels converted with `moxcms` from the picture's
//! own ICC profile (untagged RGB: sRGB, IEC 61966-2-1, the shipped `profiles/sRGB.icc`)
//! to the CMYK of the layout's output profile, perceptual rendering intent (ICC.1:2010
//! §6.2.2, the intent meant for photographs). The result is then held to the total
//! area coverage limit `tac_percent` (ISO 12647-3 §4.2.7: newsprint 240 %): a pixel
//! whose C + M + Y + K is over the limit keeps its K and has C, M and Y scaled down by
//! one factor, so its black and its hue stay and only the colour ink is reduced.
//!
//! Left as they are (the writer tags them as before, `convert_warning` says so): every
//! gray picture (moxcms has no gray → CMYK transform; an untagged gray has no defined
//! meaning to convert from anyway) and every CMYK picture (already in inks; a CMYK
//! JPEG's inversion conventions are not decoded here).

use std::sync::Arc;

use moxcms::{ColorProfile, Layout, RenderingIntent, TransformOptions};

use super::{decode_png, ColorModel, Picture, PictureInfo};
use crate::diag::Diagnostic;
use crate::spec::Asset;

/// The sRGB profile untagged RGB pictures are read with.
const SRGB_ICC: &[u8] = include_bytes!("../../profiles/sRGB.icc");

/// The conversion target: the output profile and the ink limit.
pub struct OutputCmyk {
    profile: ColorProfile,
    /// The ink limit in 8-bit units: C + M + Y + K (each 0–255) may be at most this.
    limit: u32,
}

impl std::fmt::Debug for OutputCmyk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OutputCmyk")
            .field("limit", &self.limit)
            .finish_non_exhaustive()
    }
}

/// A picture converted: 8-bit CMYK samples and, if it had one, its alpha plane.
#[derive(Debug, Clone, PartialEq)]
pub struct ConvertedImage {
    pub width: u32,
    pub height: u32,
    /// C, M, Y, K per pixel, 0 = no ink, 255 = solid (as DeviceCMYK).
    pub cmyk: Vec<u8>,
    /// The alpha plane and its bits per sample (8 or 16).
    pub alpha: Option<(Vec<u8>, u8)>,
}

impl OutputCmyk {
    /// The target for an output profile (a CMYK ICC profile) and a TAC in percent
    /// (100–400, checked by the spec).
    pub fn new(icc: &[u8], tac_percent: f64) -> Result<Self, String> {
        let profile = ColorProfile::new_from_slice(icc)
            .map_err(|e| format!("the output profile cannot be read ({e})"))?;
        if !tac_percent.is_finite() || !(100.0..=400.0).contains(&tac_percent) {
            return Err(format!("an ink limit of {tac_percent} %"));
        }
        // In range 255–1020, so the cast is exact after floor.
        let limit = (tac_percent * 255.0 / 100.0).floor() as u32;
        Ok(OutputCmyk { profile, limit })
    }

    /// Convert 8-bit samples of `model` described by `icc` to limited CMYK.
    pub fn convert(
        &self,
        icc: &[u8],
        model: ColorModel,
        samples: &[u8],
    ) -> Result<Vec<u8>, String> {
        let mut out = self.separate(icc, model, samples)?;
        self.hold(&mut out);
        Ok(out)
    }

    /// Hold 8-bit CMYK samples to the ink limit ([`limit_ink`] on every pixel).
    pub fn hold(&self, cmyk: &mut [u8]) {
        for px in cmyk.chunks_exact_mut(4) {
            limit_ink(px, self.limit);
        }
    }

    /// The most ink the output profile gives any colour of the RGB profile `icc`, in
    /// whole percent: the RGB cube sampled 33 levels a channel (every 8th code value and
    /// both ends) and separated as [`OutputCmyk::separate`] does. A picture of that
    /// profile cannot print over this, whatever its pixels.
    pub fn rgb_gamut_max_percent(&self, icc: &[u8]) -> Result<u32, String> {
        const LEVELS: u32 = 33;
        let level = |i: u32| u8::try_from(i * 255 / (LEVELS - 1)).unwrap_or(u8::MAX);
        let mut cube = Vec::with_capacity((LEVELS * LEVELS * LEVELS * 3) as usize);
        for r in 0..LEVELS {
            for g in 0..LEVELS {
                for b in 0..LEVELS {
                    cube.extend([level(r), level(g), level(b)]);
                }
            }
        }
        let cmyk = self.separate(icc, ColorModel::Rgb, &cube)?;
        Ok(super::ink::InkCoverage::of_cmyk(&cmyk).max_percent())
    }

    /// Separate 8-bit samples of `model` described by `icc` into the output CMYK, as a
    /// RIP does with the output intent, without the ink limit.
    pub fn separate(
        &self,
        icc: &[u8],
        model: ColorModel,
        samples: &[u8],
    ) -> Result<Vec<u8>, String> {
        let source = ColorProfile::new_from_slice(icc)
            .map_err(|e| format!("its ICC profile cannot be read ({e})"))?;
        let layout = match model {
            ColorModel::Gray => Layout::Gray,
            ColorModel::Rgb => Layout::Rgb,
            ColorModel::Cmyk => Layout::Rgba,
        };
        let options = TransformOptions {
            rendering_intent: RenderingIntent::Perceptual,
            ..TransformOptions::default()
        };
        // `Layout::Rgba` is moxcms's 4-channel layout, used for CMYK.
        let transform = source
            .create_transform_8bit(layout, &self.profile, Layout::Rgba, options)
            .map_err(|e| format!("no transform to the output profile ({e})"))?;
        let n = usize::from(model.components());
        let pixels = samples.len() / n;
        let mut out = vec![0u8; pixels.checked_mul(4).ok_or("a picture too large")?];
        transform
            .transform(&samples[..pixels * n], &mut out)
            .map_err(|e| format!("the colour conversion failed ({e})"))?;
        Ok(out)
    }
}

/// Hold one CMYK pixel (`px` = C, M, Y, K) to `limit` (in 8-bit units): keep K, scale
/// C, M and Y down by one factor, rounding down, so the sum is never over the limit.
/// `limit` is at least 255, so K alone always fits.
pub fn limit_ink(px: &mut [u8], limit: u32) {
    let [c, m, y, k] = [0, 1, 2, 3].map(|i| u32::from(px.get(i).copied().unwrap_or(0)));
    if c + m + y + k <= limit {
        return;
    }
    let cmy = c + m + y;
    let room = limit.saturating_sub(k);
    for (i, v) in [c, m, y].into_iter().enumerate() {
        if let Some(s) = px.get_mut(i) {
            // v * room / cmy ≤ room ≤ 1020 and ≤ v ≤ 255.
            *s = u8::try_from(v * room / cmy).unwrap_or(u8::MAX);
        }
    }
}

/// An image's colour model and embedded profile (`None` for a PDF).
pub fn colour_of(picture: &Picture) -> Option<(ColorModel, Option<&Arc<Vec<u8>>>)> {
    match &picture.info {
        PictureInfo::Jpeg(j) => Some((j.color, j.icc.as_ref())),
        PictureInfo::Png(p) => Some((p.color, p.icc.as_ref())),
        PictureInfo::Pdf(_) => None,
    }
}

/// The RGB profile an RGB picture is separated from (its own, else sRGB); `None` for
/// any other picture.
pub fn rgb_source(picture: &Picture) -> Option<&[u8]> {
    let (model, icc) = colour_of(picture)?;
    (model == ColorModel::Rgb)
        .then(|| source_profile(model, icc).ok())
        .flatten()
}

/// The profile a picture converts from, or why it is left as it is.
fn source_profile(model: ColorModel, icc: Option<&Arc<Vec<u8>>>) -> Result<&[u8], &'static str> {
    let tagged = |sig: &[u8]| {
        icc.filter(|p| p.get(16..20) == Some(sig))
            .map(|p| p.as_slice())
    };
    match model {
        ColorModel::Rgb => Ok(tagged(&b"RGB "[..]).unwrap_or(SRGB_ICC)),
        // moxcms has no gray → CMYK transform ("unsupported profile connection").
        ColorModel::Gray => Err("gray"),
        ColorModel::Cmyk => Err("already CMYK"),
    }
}

/// Why `picture` is not converted (None: it is, or it is a PDF, which never is).
pub fn left_as_is(picture: &Picture) -> Option<&'static str> {
    let (model, icc) = colour_of(picture)?;
    source_profile(model, icc).err()
}

/// The warning for a picture that `convert_images` leaves as it is, at its `file`.
pub fn convert_warning(picture: &Picture, asset: &Asset, what: &str) -> Option<Diagnostic> {
    let why = left_as_is(picture)?;
    Some(
        Diagnostic::warning(format!(
            "{what} `{}` is not converted to the output CMYK ({why}); it goes into the PDF as it is",
            asset.name
        ))
        .located(&asset.loc),
    )
}

/// Decode and convert a JPEG or PNG; `Ok(None)` when it is left as it is.
pub fn convert_picture(
    picture: &Picture,
    target: &OutputCmyk,
) -> Result<Option<ConvertedImage>, String> {
    let mut image = separate_picture(picture, target)?;
    if let Some(c) = &mut image {
        target.hold(&mut c.cmyk);
    }
    Ok(image)
}

/// Decode a JPEG or PNG and separate it into the output CMYK without the ink limit
/// (what a RIP makes of it through the output intent); `Ok(None)` when it is one that
/// is left as it is (gray, CMYK, a PDF).
pub fn separate_picture(
    picture: &Picture,
    target: &OutputCmyk,
) -> Result<Option<ConvertedImage>, String> {
    let Some((model, icc)) = colour_of(picture) else {
        return Ok(None);
    };
    let Ok(source) = source_profile(model, icc) else {
        return Ok(None);
    };
    let (width, height, samples, alpha) = match &picture.info {
        PictureInfo::Jpeg(j) => {
            let mut dec = jpeg_decoder::Decoder::new(picture.bytes.as_slice());
            let samples = dec
                .decode()
                .map_err(|e| format!("the JPEG cannot be decoded ({e})"))?;
            let format = dec.info().map(|i| i.pixel_format);
            let samples = match format {
                Some(jpeg_decoder::PixelFormat::L8 | jpeg_decoder::PixelFormat::RGB24) => samples,
                Some(jpeg_decoder::PixelFormat::L16) => high_bytes(&samples),
                _ => return Err("the JPEG decoded to an unexpected pixel format".into()),
            };
            (j.width, j.height, samples, None)
        }
        PictureInfo::Png(p) => {
            let d = decode_png(&picture.bytes)?;
            let samples = if d.bits == 16 {
                high_bytes(&d.color)
            } else {
                d.color
            };
            (p.width, p.height, samples, d.alpha.map(|a| (a, d.bits)))
        }
        PictureInfo::Pdf(_) => return Ok(None),
    };
    let expected = usize::try_from(u64::from(width) * u64::from(height))
        .ok()
        .and_then(|n| n.checked_mul(usize::from(model.components())));
    if expected != Some(samples.len()) {
        return Err("its decoded size does not match its header".into());
    }
    let cmyk = target.separate(source, model, &samples)?;
    Ok(Some(ConvertedImage {
        width,
        height,
        cmyk,
        alpha,
    }))
}

/// 16-bit big-endian samples to 8 bits (the high byte).
fn high_bytes(samples: &[u8]) -> Vec<u8> {
    samples.chunks_exact(2).map(|s| s[0]).collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may panic
mod tests {
    use super::*;

    const NEWSPRINT: &[u8] = include_bytes!("../../profiles/CGATS-TR002-newsprint.icc");

    fn sum(px: &[u8]) -> u32 {
        px.iter().map(|&v| u32::from(v)).sum()
    }

    /// The shipped newsprint profile separates no sRGB colour over 240 %, so with the
    /// house limit an RGB photo never needs converting for ink.
    #[test]
    fn the_newsprint_profile_gives_srgb_at_most_240_percent() {
        let out = OutputCmyk::new(NEWSPRINT, 240.0).unwrap();
        assert_eq!(out.rgb_gamut_max_percent(SRGB_ICC).unwrap(), 240);
    }

    #[test]
    fn srgb_red_becomes_magenta_and_yellow_within_the_ink_limit() {
        let out = OutputCmyk::new(NEWSPRINT, 240.0).unwrap();
        let px = out
            .convert(SRGB_ICC, ColorModel::Rgb, &[255, 0, 0])
            .unwrap();
        let [c, m, y, _k] = [px[0], px[1], px[2], px[3]];
        assert!(m > 200 && y > 200 && c < 40, "red → {px:?}");
        assert!(sum(&px) <= 612, "red → {px:?}");
    }

    #[test]
    fn srgb_white_is_paper_and_black_is_within_the_ink_limit() {
        let out = OutputCmyk::new(NEWSPRINT, 240.0).unwrap();
        let px = out
            .convert(SRGB_ICC, ColorModel::Rgb, &[255, 255, 255, 0, 0, 0])
            .unwrap();
        assert_eq!(&px[..4], &[0, 0, 0, 0], "white → {px:?}");
        assert!(px[7] > 200, "black has a strong K: {px:?}");
        assert!(sum(&px[4..]) <= 612, "black → {px:?}");
    }

    #[test]
    fn no_colour_exceeds_the_ink_limit() {
        // Every 17th step of the RGB cube (4913 colours), at 240 % and at 200 %.
        let mut rgb = Vec::new();
        for r in (0..=255).step_by(17) {
            for g in (0..=255).step_by(17) {
                for b in (0..=255).step_by(17) {
                    rgb.extend_from_slice(&[r as u8, g as u8, b as u8]);
                }
            }
        }
        for (tac, limit) in [(240.0, 612), (200.0, 510)] {
            let out = OutputCmyk::new(NEWSPRINT, tac).unwrap();
            let cmyk = out.convert(SRGB_ICC, ColorModel::Rgb, &rgb).unwrap();
            assert_eq!(cmyk.len(), rgb.len() / 3 * 4);
            let max = cmyk.chunks_exact(4).map(sum).max().unwrap();
            assert!(max <= limit, "{max} over {limit} at {tac} %");
        }
    }

    #[test]
    fn the_limit_keeps_k_and_scales_cmy() {
        let mut px = [200, 200, 200, 200];
        limit_ink(&mut px, 612);
        assert_eq!(px[3], 200);
        assert!(sum(&px) <= 612 && sum(&px) >= 609, "{px:?}");
        assert_eq!(px[0], px[1]);
        let mut under = [10, 20, 30, 40];
        limit_ink(&mut under, 612);
        assert_eq!(under, [10, 20, 30, 40]);
        let mut solid = [255, 255, 255, 255];
        limit_ink(&mut solid, 255);
        assert_eq!(solid, [0, 0, 0, 255]);
    }

    #[test]
    fn gray_and_cmyk_are_left_as_they_are() {
        assert_eq!(source_profile(ColorModel::Gray, None), Err("gray"));
        assert_eq!(source_profile(ColorModel::Cmyk, None), Err("already CMYK"));
        assert_eq!(source_profile(ColorModel::Rgb, None), Ok(SRGB_ICC));
    }
}
