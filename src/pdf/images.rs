//! Pictures and supplied ads as XObjects, each written once however often it is placed.
//!
//! - JPEG: the file's bytes unchanged as a `/DCTDecode` image (ISO 32000-1 §7.4.8), no
//!   recompression; Adobe's inverted CMYK gets `/Decode [1 0 1 0 1 0 1 0]`.
//! - PNG: an opaque, non-interlaced 8- or 16-bit PNG goes in as stored (its IDAT data
//!   with PNG predictors, §7.4.4.4); any other was decoded by `pictures::prepare` (below)
//!   and goes in as its deflated samples (palette and tRNS expanded); an alpha channel
//!   becomes a `/SMask` image (§11.6.5.3), which PDF/X-4 allows.
//! - Colour (§8.6.5.5): the picture's own ICC profile as `/ICCBased` (`/N` 1, 3 or 4);
//!   untagged RGB as sRGB (the profile from Debian's icc-profiles-free,
//!   `profiles/sRGB.icc`); untagged gray and CMYK as DeviceGray/DeviceCMYK.
//! - PDF: the page copied as a Form XObject by `hayro-write` (content, fonts, images
//!   and colour spaces of the ad kept); its trim box is mapped onto the slot.
//!
//! - Prepared (`page::Document::prepared`, decided by `pictures::prepare` before any
//!   output is written): a JPEG or PNG converted to the output profile's CMYK
//!   (`/DeviceCMYK`), a CMYK JPEG held to the ink limit (its own colour space), or a PNG
//!   decoded, as samples already deflated (no JPEG passthrough for these). Nothing is
//!   decoded or converted here, except a PNG that must be decoded in a Document whose
//!   pictures were not prepared.
//!
//! - Orientation: a JPEG or PNG with an Exif orientation other than 1 is written as
//!   stored (converted ones too) and turned where it is painted: the `cm` that maps the
//!   image's unit square onto the placed rectangle includes the orientation's turn or
//!   mirror (`pictures::exif`), so the picture prints upright without re-encoding.
//!
//! Each is written when the first page that places it is written, so the bytes are
//! deterministic.

use std::collections::BTreeMap;
use std::sync::Arc;

use hayro_write::{extract, ChunkSettings, ExtractionQuery};
use pdf_writer::types::Predictor;
use pdf_writer::{Chunk, Content, Filter, Name, Pdf, Ref};

use super::boxes::PageFrame;
use super::{deflate, RefAlloc};
use crate::diag::Diagnostic;
use crate::page::{Document, ImageItem, Item, Page};
use crate::pictures::prepare::{decoded_png, PreparedImage, PreparedSpace};
use crate::pictures::{idat_stream, ColorModel, Orientation, PdfInfo, Picture, PictureInfo};
use crate::spec::AssetId;

/// The sRGB profile untagged RGB pictures are tagged with.
const SRGB_ICC: &[u8] = include_bytes!("../../profiles/sRGB.icc");

/// One written XObject.
#[derive(Debug, Clone)]
pub(super) struct XObject {
    /// Resource name (`Im1`, `Fm2p1`).
    pub name: String,
    pub id: Ref,
    /// For a PDF page: its trim box in the form's space.
    trim: Option<[f64; 4]>,
    /// For an image: its Exif orientation, applied where it is painted.
    orientation: Orientation,
}

/// An XObject with its (asset, page) key.
type Keyed = ((AssetId, u32), XObject);

/// The pictures written so far, each the first time a page places it.
#[derive(Default)]
pub(super) struct Images {
    by_key: BTreeMap<(AssetId, u32), XObject>,
    profiles: Profiles,
    /// Each file written, by its bytes, under the first asset that placed it: a file
    /// placed under several assets is written once.
    files: Vec<(Arc<Vec<u8>>, AssetId)>,
    /// Pages of supplied PDFs copied before they are placed.
    pub ahead: CopiedAhead,
}

impl Images {
    fn get(&self, im: &ImageItem) -> Option<&XObject> {
        self.by_key.get(&(im.asset, im.page))
    }

    /// Write each picture (or page of a supplied PDF) `page` places that no earlier
    /// page placed: as `prepared` has it when it is there (`pictures::prepare`), else
    /// as its file has it.
    pub fn add_page(
        &mut self,
        pdf: &mut Pdf,
        (doc, prepared): (&Document, &BTreeMap<AssetId, PreparedImage>),
        page: &Page,
        alloc: &mut RefAlloc,
    ) -> Result<(), Diagnostic> {
        for item in &page.items {
            let Item::Image(im) = item else { continue };
            if self.by_key.contains_key(&(im.asset, im.page)) {
                continue;
            }
            let picture = doc.pictures.get(im.asset.0).ok_or_else(|| {
                Diagnostic::error("failed to write pdf (a placed picture was not read)")
            })?;
            let xo = match self.written_as(picture, im.page) {
                Some(xo) => xo,
                None => self.write(pdf, prepared, (picture, im.asset, im.page), alloc)?,
            };
            self.by_key.insert((im.asset, im.page), xo);
        }
        Ok(())
    }

    /// The XObject of page `page` of `picture`'s file, when it was written under
    /// another asset.
    fn written_as(&self, picture: &Picture, page: u32) -> Option<XObject> {
        let first = self
            .files
            .iter()
            .find(|(b, _)| Arc::ptr_eq(b, &picture.bytes))
            .map(|(_, a)| *a)?;
        self.by_key.get(&(first, page)).cloned()
    }

    /// Write page `page` of `picture` (asset `asset`).
    fn write(
        &mut self,
        pdf: &mut Pdf,
        prepared: &BTreeMap<AssetId, PreparedImage>,
        (picture, asset, page): (&Picture, AssetId, u32),
        alloc: &mut RefAlloc,
    ) -> Result<XObject, Diagnostic> {
        if !self
            .files
            .iter()
            .any(|(b, _)| Arc::ptr_eq(b, &picture.bytes))
        {
            self.files.push((Arc::clone(&picture.bytes), asset));
        }
        let fail = |e: String| write_failed(picture, e);
        match &picture.info {
            PictureInfo::Pdf(info) => {
                let mut forms = write_pdf_pages(
                    pdf,
                    (alloc, &mut self.ahead),
                    (picture, info),
                    asset,
                    &[page],
                )?;
                forms
                    .pop()
                    .map(|(_, xo)| xo)
                    .ok_or_else(|| fail(format!("no page {page}")))
            }
            _ => {
                let id = match prepared.get(&asset) {
                    Some(prep) => write_prepared(pdf, picture, prep, alloc, &mut self.profiles)
                        .map_err(fail)?,
                    None => write_image(pdf, picture, alloc, &mut self.profiles).map_err(fail)?,
                };
                Ok(XObject {
                    name: format!("Im{}", asset.0 + 1),
                    id,
                    trim: None,
                    orientation: picture.orientation(),
                })
            }
        }
    }
}

/// Writing `picture` failed: the error `e`, naming the picture.
fn write_failed(picture: &Picture, e: String) -> Diagnostic {
    Diagnostic::error(format!("failed to write picture `{}` ({e})", picture.name))
}

/// The pages of a supplied PDF (`read`: its picture and info), written as Form
/// XObjects, each with its trim box, keyed by (asset, page).
fn write_pdf_pages(
    pdf: &mut Pdf,
    (alloc, ahead): (&mut RefAlloc, &mut CopiedAhead),
    read: (&Picture, &PdfInfo),
    asset: AssetId,
    pages: &[u32],
) -> Result<Vec<Keyed>, Diagnostic> {
    let (picture, info) = read;
    let n = asset.0 + 1;
    let fail = |e: String| write_failed(picture, e);
    let forms = write_forms(pdf, picture, pages, (alloc, ahead)).map_err(fail)?;
    pages
        .iter()
        .zip(forms)
        .map(|(&p, id)| {
            let trim = usize::try_from(p)
                .ok()
                .and_then(|p| info.pages.get(p.checked_sub(1)?))
                .map(|pg| pg.trim)
                .ok_or_else(|| fail(format!("no page {p}")))?;
            let form = XObject {
                name: format!("Fm{n}p{p}"),
                id,
                trim: Some(trim),
                orientation: Orientation::UPRIGHT,
            };
            Ok(((asset, p), form))
        })
        .collect()
}

/// ICC profiles written so far (a profile shared by several pictures is written once).
#[derive(Default)]
struct Profiles {
    written: BTreeMap<Arc<Vec<u8>>, Ref>,
}

impl Profiles {
    fn get(&mut self, pdf: &mut Pdf, alloc: &mut RefAlloc, icc: &Arc<Vec<u8>>, n: u8) -> Ref {
        if let Some(r) = self.written.get(icc) {
            return *r;
        }
        // A profile newer than the ICC version PDF 1.6 is based on gets an alternate the
        // version does read: sRGB (ICC v2) for RGB, the output CMYK or gray otherwise.
        let alternate = (!crate::spec::output::icc_fits_pdf_1_6(icc)).then(|| {
            (n == 3).then(|| {
                let srgb = Arc::new(SRGB_ICC.to_vec());
                self.get(pdf, alloc, &srgb, 3)
            })
        });
        let id = alloc.bump();
        let packed = deflate(icc);
        let mut s = pdf.icc_profile(id, &packed);
        s.n(i32::from(n));
        s.filter(Filter::FlateDecode);
        match alternate {
            None => {}
            Some(Some(srgb)) => s.alternate().icc_based(srgb),
            Some(None) if n == 4 => {
                s.alternate_name(pdf_writer::Name(b"DeviceCMYK"));
            }
            Some(None) => {
                s.alternate_name(pdf_writer::Name(b"DeviceGray"));
            }
        }
        drop(s);
        self.written.insert(Arc::clone(icc), id);
        id
    }
}

/// The colour space of a picture: its profile if that profile is for the picture's
/// colour model (ICC.1 header bytes 16–19), sRGB for untagged RGB, else Device*.
fn colour_space(
    pdf: &mut Pdf,
    alloc: &mut RefAlloc,
    profiles: &mut Profiles,
    model: ColorModel,
    icc: Option<&Arc<Vec<u8>>>,
) -> Space {
    let sig: &[u8] = match model {
        ColorModel::Gray => b"GRAY",
        ColorModel::Rgb => b"RGB ",
        ColorModel::Cmyk => b"CMYK",
    };
    if let Some(p) = icc.filter(|p| p.get(16..20) == Some(sig)) {
        return Space::Icc(profiles.get(pdf, alloc, p, model.components()));
    }
    match model {
        ColorModel::Rgb => {
            let srgb = Arc::new(SRGB_ICC.to_vec());
            Space::Icc(profiles.get(pdf, alloc, &srgb, 3))
        }
        ColorModel::Gray => Space::Gray,
        ColorModel::Cmyk => Space::Cmyk,
    }
}

#[derive(Clone, Copy)]
enum Space {
    Icc(Ref),
    Gray,
    Cmyk,
}

fn set_space(cs: pdf_writer::writers::ColorSpace<'_>, space: Space) {
    match space {
        Space::Icc(r) => cs.icc_based(r),
        Space::Gray => cs.device_gray(),
        Space::Cmyk => cs.device_cmyk(),
    }
}

/// One image XObject (and its soft mask).
fn write_image(
    pdf: &mut Pdf,
    picture: &Picture,
    alloc: &mut RefAlloc,
    profiles: &mut Profiles,
) -> Result<Ref, String> {
    let dim = |v: u32| i32::try_from(v).map_err(|_| "picture too large".to_string());
    match &picture.info {
        PictureInfo::Jpeg(j) => {
            let space = colour_space(pdf, alloc, profiles, j.color, j.icc.as_ref());
            let id = alloc.bump();
            let mut x = pdf.image_xobject(id, &picture.bytes);
            x.filter(Filter::DctDecode);
            x.width(dim(j.width)?).height(dim(j.height)?);
            x.bits_per_component(8);
            set_space(x.color_space(), space);
            if j.adobe_inverted {
                x.decode([1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0]);
            }
            Ok(id)
        }
        PictureInfo::Png(p) => {
            if let Some(idat) = idat_stream(&picture.bytes, p) {
                // Opaque, not interlaced: the compressed data goes in as it is.
                let space = colour_space(pdf, alloc, profiles, p.color, p.icc.as_ref());
                let id = alloc.bump();
                let mut x = pdf.image_xobject(id, &idat);
                x.filter(Filter::FlateDecode);
                x.decode_parms()
                    .predictor(Predictor::PngOptimum)
                    .colors(i32::from(p.color.components()))
                    .bits_per_component(i32::from(p.bit_depth))
                    .columns(dim(p.width)?);
                x.width(dim(p.width)?).height(dim(p.height)?);
                x.bits_per_component(i32::from(p.bit_depth));
                set_space(x.color_space(), space);
                return Ok(id);
            }
            // Decoded here only when the Document has no preparation for it (a
            // layout's Document written without `pictures::prepare`).
            match decoded_png(picture) {
                Some(decoded) => write_prepared(pdf, picture, &decoded?, alloc, profiles),
                None => Err("the PNG's image data cannot be read".into()),
            }
        }
        PictureInfo::Pdf(_) => Err("a PDF is not an image".into()),
    }
}

/// A prepared picture (`pictures::prepare`): its samples, already deflated, in
/// the output CMYK (`/DeviceCMYK`) or the picture's own colour space, and its alpha
/// plane as a `/SMask`.
fn write_prepared(
    pdf: &mut Pdf,
    picture: &Picture,
    prep: &PreparedImage,
    alloc: &mut RefAlloc,
    profiles: &mut Profiles,
) -> Result<Ref, String> {
    let dim = |v: u32| i32::try_from(v).map_err(|_| "picture too large".to_string());
    let (w, h) = (dim(prep.width)?, dim(prep.height)?);
    let space = match prep.space {
        PreparedSpace::OutputCmyk => Space::Cmyk,
        PreparedSpace::Own => match crate::pictures::convert::colour_of(picture) {
            Some((model, icc)) => colour_space(pdf, alloc, profiles, model, icc),
            None => return Err("a PDF is not an image".into()),
        },
    };
    let mask = match &prep.alpha {
        Some((a, bits)) => {
            let mid = alloc.bump();
            let mut m = pdf.image_xobject(mid, a);
            m.filter(Filter::FlateDecode);
            m.width(w).height(h);
            m.bits_per_component(i32::from(*bits));
            m.color_space().device_gray();
            Some(mid)
        }
        None => None,
    };
    let id = alloc.bump();
    let mut x = pdf.image_xobject(id, &prep.samples);
    x.filter(Filter::FlateDecode);
    x.width(w).height(h);
    x.bits_per_component(i32::from(prep.bits));
    set_space(x.color_space(), space);
    if let Some(m) = mask {
        x.s_mask(m);
    }
    Ok(id)
}

/// The named pages (1-based) of a supplied PDF as Form XObjects, with everything they
/// use, copied by `hayro-write` — or, for one page, as [`copy_pages`] copied it ahead
/// (`ahead`).
fn write_forms(
    pdf: &mut Pdf,
    picture: &Picture,
    pages: &[u32],
    (alloc, ahead): (&mut RefAlloc, &mut CopiedAhead),
) -> Result<Vec<Ref>, String> {
    let copied = match pages {
        [page] => ahead.take(picture, *page),
        _ => None,
    };
    let copied = match copied {
        Some(c) => c,
        None => copy_pages(&picture.bytes, pages),
    }?;
    // The copy's objects follow the file's: the bytes of copying them there.
    let base = alloc.next;
    alloc.next = alloc
        .next
        .checked_add(copied.count)
        .ok_or_else(|| "too many objects".to_string())?;
    let map = |r: Ref| Ref::new(r.get() + base - 1);
    copied.chunk.renumber_into(pdf, map);
    copied.roots.into_iter().map(|r| r.map(map)).collect()
}

/// Pages of a supplied PDF copied by `hayro-write` into a chunk of their own, their
/// objects numbered from 1.
pub(super) struct Copied {
    chunk: Chunk,
    /// How many objects the copy numbered.
    count: i32,
    /// Each page's Form XObject, or why it cannot be copied.
    roots: Vec<Result<Ref, String>>,
}

/// The named pages (1-based) of the supplied PDF `bytes`, copied ([`Copied`]).
fn copy_pages(bytes: &Arc<Vec<u8>>, pages: &[u32]) -> Result<Copied, String> {
    let retagged = retag_subset_fonts(bytes).map(Arc::new);
    let source = crate::pictures::open_pdf(retagged.as_ref().unwrap_or(bytes))?;
    let queries = pages
        .iter()
        .map(|&p| {
            usize::try_from(p)
                .ok()
                .and_then(|p| p.checked_sub(1))
                .map(ExtractionQuery::new_xobject)
                .ok_or_else(|| format!("no page {p}"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut local = RefAlloc::new();
    let result = extract(
        &source,
        Box::new(|| local.bump()),
        ChunkSettings::default(),
        &queries,
    )
    .map_err(|e| format!("its pages cannot be copied: {e:?}"))?;
    Ok(Copied {
        chunk: result.chunk,
        count: local.next - 1,
        roots: result
            .root_refs
            .into_iter()
            .map(|r| r.map_err(|e| format!("a page cannot be copied: {e:?}")))
            .collect(),
    })
}

/// Pages of supplied PDFs copied before the pages placing them are written (on
/// another thread, while the issue is laid out): each file's page once, by the file's
/// bytes, taken when a page first places it.
#[derive(Default)]
pub struct CopiedAhead {
    copies: Vec<PageCopy>,
}

/// A file (by its bytes), one of its pages, and that page copied.
type PageCopy = (Arc<Vec<u8>>, u32, Result<Copied, String>);

impl CopiedAhead {
    /// Copy page `page` of each of `pictures` that is a supplied PDF (a file once per
    /// page).
    pub fn copy<'p>(pictures: impl IntoIterator<Item = (&'p Picture, u32)>) -> CopiedAhead {
        let mut copies: Vec<PageCopy> = Vec::new();
        for (picture, page) in pictures {
            let known = copies
                .iter()
                .any(|(b, p, _)| *p == page && Arc::ptr_eq(b, &picture.bytes));
            if matches!(picture.info, PictureInfo::Pdf(_)) && !known {
                let copied = copy_pages(&picture.bytes, &[page]);
                copies.push((Arc::clone(&picture.bytes), page, copied));
            }
        }
        CopiedAhead { copies }
    }

    /// The copy of page `page` of `picture`, if it was made ahead.
    fn take(&mut self, picture: &Picture, page: u32) -> Option<Result<Copied, String>> {
        let k = self
            .copies
            .iter()
            .position(|(b, p, _)| *p == page && Arc::ptr_eq(b, &picture.bytes))?;
        Some(self.copies.swap_remove(k).2)
    }
}

/// A supplied PDF's bytes with each font subset tag (`ABCDEF+` before a `/BaseFont` or
/// `/FontName`, ISO 32000-1 §9.6.4) replaced by one derived from the file and the old
/// tag — same length, so every offset stays — or `None` when it names no subset. Ads
/// made by one tool all call their subsets `AAAAAA+…`; a RIP that caches fonts by name
/// would print one ad's glyphs with another's program. Names inside compressed object
/// streams are not reached.
fn retag_subset_fonts(bytes: &[u8]) -> Option<Vec<u8>> {
    let file = super::fnv1a64(super::FNV_OFFSET, bytes);
    let mut out: Option<Vec<u8>> = None;
    for key in [&b"/BaseFont"[..], b"/FontName"] {
        let mut from = 0;
        while let Some(at) = crate::pdf_read::find_bytes(bytes, key, from) {
            from = at + key.len();
            let rest = bytes.get(from..)?;
            let gap = rest.iter().take_while(|b| b.is_ascii_whitespace()).count();
            let name = rest.get(gap..)?;
            let is_tag = name.first() == Some(&b'/')
                && name.get(7) == Some(&b'+')
                && name
                    .get(1..7)
                    .is_some_and(|t| t.iter().all(u8::is_ascii_uppercase));
            if !is_tag {
                continue;
            }
            let start = from + gap + 1;
            let old = bytes.get(start..start + 6)?;
            let mut h = super::fnv1a64(file, old);
            let buf = out.get_or_insert_with(|| bytes.to_vec());
            for b in buf.get_mut(start..start + 6)? {
                // `h % 26` is below 26, so the cast is exact.
                *b = b'A' + (h % 26) as u8;
                h /= 26;
            }
        }
    }
    out
}

/// Paint a placed picture: clipped to its box, the image's unit square (turned by its
/// Exif orientation) or the form's trim box mapped onto `placed`. Returns the XObject
/// for the page's resources.
pub(super) fn paint_image<'i>(
    content: &mut Content,
    im: &ImageItem,
    frame: &PageFrame,
    images: &'i Images,
) -> Result<&'i XObject, String> {
    let xo = images.get(im).ok_or("a placed picture was not written")?;
    let (c, p) = (im.clip, im.placed);
    if ![c.x, c.y, c.w, c.h, p.x, p.y, p.w, p.h]
        .iter()
        .all(|v| v.is_finite())
        || p.w <= 0.0
        || p.h <= 0.0
    {
        return Err("a picture has a non-finite or empty rectangle".into());
    }
    let (x, y) = (frame.x(p.x), frame.y(p.bottom()));
    let matrix = match xo.trim {
        None => {
            // The orientation's unit-square matrix, then the unit square scaled and
            // moved onto `placed` (for orientation 1, [w 0 0 h x y] as it always was).
            let [a, b, c, d, e, f] = xo.orientation.unit_matrix();
            [a * p.w, b * p.h, c * p.w, d * p.h, e * p.w + x, f * p.h + y]
        }
        Some([x0, y0, x1, y1]) => {
            let sx = p.w / (x1 - x0);
            let sy = p.h / (y1 - y0);
            [sx, 0.0, 0.0, sy, x - x0 * sx, y - y0 * sy]
        }
    };
    content.save_state();
    content.rect(
        round(frame.x(c.x)),
        round(frame.y(c.bottom())),
        round(c.w),
        round(c.h),
    );
    content.clip_nonzero();
    content.end_path();
    content.transform(matrix.map(round));
    content.x_object(Name(xo.name.as_bytes()));
    content.restore_state();
    Ok(xo)
}

/// A number for the content stream, to 1/10000 (a transform's scale can be small).
fn round(v: f64) -> f32 {
    ((v * 10_000.0).round() / 10_000.0) as f32
}
