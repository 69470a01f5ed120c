//! The ink of the CMYK images a page paints, against the total area coverage limit
//! (ISO 12647-3): 8-bit DCT (JPEG) and unpredicted Flate images are measured.

use hayro_syntax::object::{Array, Stream};

use super::content::{numbers, Found, PageWalk};
use super::error;
use super::pdf::filter_name;
use crate::pictures::cache::PictureCache;
use crate::pictures::ink::InkCoverage;

/// Largest image whose ink is measured, in pixels (the pictures' own limit).
const MAX_MEASURED_PIXELS: u64 = 100_000_000;

/// The ink of an 8-bit CMYK image: the samples of a `/DCTDecode` image as the JPEG
/// decoder gives them (ink values; Adobe's inverted storage undone), or those of an
/// unpredicted `/FlateDecode` image (inflated to at most the size its dictionary
/// declares, `/Decode [1 0 …]` applied). `None` when the image is of another kind or
/// cannot be read (other checks report an unreadable file).
///
/// With `cache`, an ink measured in an earlier run is taken for the very same stream
/// data read the same way (filter, size, `/Decode`), and one measured now is kept there.
pub(super) fn image_ink(stream: &Stream<'_>, cache: Option<&PictureCache>) -> Option<InkCoverage> {
    let d = stream.dict();
    let dim = |k: &[u8]| d.get::<i64>(k).and_then(|v| u64::try_from(v).ok());
    let (w, h) = (dim(b"Width")?, dim(b"Height")?);
    if w.checked_mul(h)? > MAX_MEASURED_PIXELS || dim(b"BitsPerComponent") != Some(8) {
        return None;
    }
    let raw = stream.raw_data();
    let filter = filter_name(d)?;
    let inverted = d
        .get::<Array<'_>>(b"Decode")
        .is_some_and(|a| numbers(&a).first() == Some(&1.0));
    let predicted = d.contains_key(b"DecodeParms");
    let mut how = filter.as_ref().to_vec();
    how.extend_from_slice(&w.to_le_bytes());
    how.extend_from_slice(&h.to_le_bytes());
    how.extend([u8::from(inverted), u8::from(predicted)]);
    if let Some(ink) = cache.and_then(|c| c.measured_ink(&how, &raw)) {
        return Some(ink);
    }
    let ink = measure(&filter, &raw, (w, h), inverted, predicted)?;
    if let Some(c) = cache {
        c.keep_measured_ink(&how, &raw, &ink);
    }
    Some(ink)
}

/// [`image_ink`] of stream data `raw` whose filter is `filter`.
fn measure(
    filter: &[u8],
    raw: &[u8],
    (w, h): (u64, u64),
    inverted: bool,
    predicted: bool,
) -> Option<InkCoverage> {
    let samples = match filter {
        b"DCTDecode" => {
            let mut dec = jpeg_decoder::Decoder::new(raw);
            let px = dec.decode().ok()?;
            (dec.info()?.pixel_format == jpeg_decoder::PixelFormat::CMYK32).then_some(px)?
        }
        b"FlateDecode" if !predicted => {
            let size = usize::try_from(w.checked_mul(h)?.checked_mul(4)?).ok()?;
            let mut px = miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(raw, size).ok()?;
            if inverted {
                px.iter_mut().for_each(|v| *v = 255 - *v);
            }
            px
        }
        _ => return None,
    };
    Some(InkCoverage::of_cmyk(&samples))
}

/// The total area coverage of a CMYK image's pixels against the limit.
pub(super) fn image_tac(page: &PageWalk<'_>, stream: &Stream<'_>, f: &mut Found) {
    let limit = page.limits.tac_percent;
    let Some(ink) = image_ink(stream, page.limits.ink_cache.as_ref()) else {
        return;
    };
    if !ink.exceeds(limit + 0.5) {
        return;
    }
    let dim = |k: &[u8]| stream.dict().get::<i64>(k).unwrap_or(0);
    f.push(
        |f| &mut f.tac,
        error(
            Some(page.n),
            format!(
                "a CMYK image ({} × {} px) reaches {} % total area coverage; {:.0} % of its pixels are over the limit of {limit:.0} %",
                dim(b"Width"),
                dim(b"Height"),
                ink.max_percent(),
                ink.share_over(limit) * 100.0
            ),
        ),
    );
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may panic
mod tests {
    use super::*;
    use hayro_syntax::object::FromBytes;

    /// A deflated 8-bit CMYK image as a stream object's bytes.
    fn image(samples: &[u8], decode: bool, w: i64) -> Vec<u8> {
        let data = miniz_oxide::deflate::compress_to_vec_zlib(samples, 6);
        let decode = if decode {
            "/Decode [1 0 1 0 1 0 1 0]"
        } else {
            ""
        };
        let mut out = format!(
            "<< /Width {w} /Height 1 /BitsPerComponent 8 /Filter /FlateDecode {decode} /Length {} >>\nstream\n",
            data.len()
        )
        .into_bytes();
        out.extend_from_slice(&data);
        out.extend_from_slice(b"\nendstream");
        out
    }

    /// Its pixels' coverage, `/Decode [1 0 …]` applied, and an image whose data
    /// inflates past its declared size is not measured.
    #[test]
    fn image_ink_reads_flate_cmyk_samples() {
        let ink_of = |bytes: &[u8]| image_ink(&Stream::from_bytes(bytes).unwrap(), None);
        let plain = image(&[255, 255, 255, 255, 0, 0, 0, 255], false, 2);
        let ink = ink_of(&plain).unwrap();
        assert_eq!(ink.max_percent(), 400);
        assert_eq!(ink.share_over(240.0), 0.5);
        let inverted = image(&[0, 0, 0, 0, 255, 255, 255, 0], true, 2);
        assert_eq!(ink_of(&inverted).unwrap(), ink);
        // Declared one pixel, holds two: more than declared is not inflated.
        assert!(ink_of(&image(&[255; 8], false, 1)).is_none());
    }
}
