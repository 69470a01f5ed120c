//! Fonts: collect the glyphs the document uses, subset each font and write it as a
//! Type0 font with Identity-H encoding.
//!
//! CID = glyph id of the subset. Glyphs are numbered 1, 2, 3, … in the order the pages
//! first use them (`.notdef` is 0; [`Fonts::add_page`]), so a page's codes are final
//! when it is written, before the glyphs of later pages are known; `subsetter` keeps
//! that numbering and, for CFF, rewrites the font as a
//! CID-keyed CFF with ROS Adobe-Identity-0 whose charset is the identity (CID n = GID n),
//! whatever CIDs the original font had (Noto CJK's 衡 is GID 6124 but CID 36633; in the
//! subset both are the new GID). For TrueType the descendant font says
//! `/CIDToGIDMap /Identity`. So in both cases the 2-byte code in the content stream, the
//! CID, the `/W` key and the ToUnicode key are all the glyph's new id.

use std::collections::BTreeMap;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Filter, Finish, Name, Pdf, Rect, Ref, Str};
use subsetter::GlyphRemapper;

use super::font_cache::{CachedProgram, FontCache};

use super::{deflate, fnv1a64, RefAlloc, FNV_OFFSET};
use crate::diag::Diagnostic;
use crate::page::{Glyph, Item, Page, TextLine};
use crate::text::{Font, FontBook, FontId, Outlines};

/// The character collection of every embedded font (and its ToUnicode CMap).
const IDENTITY_INFO: SystemInfo<'static> = SystemInfo {
    registry: Str(b"Adobe"),
    ordering: Str(b"Identity"),
    supplement: 0,
};

/// Longest PostScript name kept in `/BaseFont` (PDF limits names to 127 bytes; the
/// subset tag and `-Identity-H` take 18).
const MAX_BASE_NAME: usize = 100;

/// What a content stream needs of a font: its resource name, its Type0 font object and
/// each glyph's code.
#[derive(Debug)]
pub(super) struct FontCodes {
    /// Name in page resource dictionaries (`F0`, `F1`, … after the [`FontId`]).
    pub resource_name: String,
    /// The Type0 font, referenced from page resources.
    pub type0_id: Ref,
    /// By original glyph id: (CID = subset glyph id, width in 1/1000 em), `None` for a
    /// glyph not used so far.
    codes: Vec<Option<(u16, f32)>>,
}

impl FontCodes {
    /// The 2-byte code (= CID) and the `/W` width (1/1000 em) of an original glyph id.
    pub fn code_of(&self, glyph: u16) -> Option<(u16, f32)> {
        self.codes.get(usize::from(glyph)).copied().flatten()
    }
}

/// The glyphs of one font that the pages written so far use.
struct UsedFont<'a> {
    font: &'a Font,
    face: ttf_parser::Face<'a>,
    /// Glyph count of the font (glyph ids at or above it are an error).
    num_glyphs: u16,
    /// The subset's glyph ids, given in the order the pages first use the glyphs
    /// (`.notdef` is 0): a page's codes are final when it is written.
    remapper: GlyphRemapper,
    codes: FontCodes,
    /// By CID: the text the glyph stands for (the first non-empty cluster seen).
    texts: Vec<Option<String>>,
    /// By glyph id, [`UNSEEN`], [`NO_TEXT`] or [`HAS_TEXT`], so a glyph met again
    /// (most are) costs no lookup.
    state: Vec<u8>,
}

/// A glyph not used yet.
const UNSEEN: u8 = 0;
/// A glyph used, without text yet.
const NO_TEXT: u8 = 1;
/// A glyph used, with its text.
const HAS_TEXT: u8 = 2;

/// The fonts of a document being written: the glyphs each uses, page by page.
pub(super) struct Fonts<'a> {
    book: Vec<&'a Font>,
    used: BTreeMap<FontId, UsedFont<'a>>,
}

impl<'a> Fonts<'a> {
    pub fn new(book: &'a FontBook) -> Self {
        Fonts {
            book: book.iter().map(|(_, f)| f).collect(),
            used: BTreeMap::new(),
        }
    }

    /// What a content stream needs of font `id`, if a page uses it.
    pub fn codes(&self, id: FontId) -> Option<&FontCodes> {
        self.used.get(&id).map(|u| &u.codes)
    }

    /// Take in the glyphs of `page`: a glyph first used here gets the next code of its
    /// font, and a font first used here its Type0 object id.
    pub fn add_page(&mut self, page: &Page, alloc: &mut RefAlloc) -> Result<(), Diagnostic> {
        for item in &page.items {
            let Item::Text(line) = item else { continue };
            for run in line.runs() {
                let entry = match self.used.entry(run.font) {
                    std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
                    std::collections::btree_map::Entry::Vacant(v) => {
                        let font = self.book.get(usize::from(run.font.0)).copied();
                        v.insert(first_use(run.font, font, page, alloc)?)
                    }
                };
                for glyph in run.glyphs {
                    entry.add(glyph, line, page)?;
                }
            }
        }
        Ok(())
    }

    /// Subset every used font: fonts on threads, one each (subsetting and deflating a
    /// CJK font is the most expensive step of writing a PDF). `Err` when a thread
    /// stopped; each font's own failure is in its result.
    pub fn subset_all(
        &self,
        opts: &super::PdfOptions,
    ) -> Result<Vec<Result<EmbeddedFont, Diagnostic>>, Diagnostic> {
        let cache = opts.font_cache.as_ref();
        let used: Vec<&UsedFont<'a>> = self.used.values().collect();
        if !opts.parallel {
            return Ok(used.into_iter().map(|u| subset_font(u, cache)).collect());
        }
        crate::threads::each_on_a_thread(used, |u| subset_font(u, cache))
            .ok_or_else(|| Diagnostic::error("failed to embed a font (the subsetter crashed)"))
    }

    /// The fonts [`Fonts::subset_all`] subset, their other objects' ids allocated in
    /// font order, so the output does not depend on scheduling.
    pub fn finish(
        subsets: Result<Vec<Result<EmbeddedFont, Diagnostic>>, Diagnostic>,
        alloc: &mut RefAlloc,
    ) -> Result<Vec<EmbeddedFont>, Diagnostic> {
        let results = subsets?;
        let mut out = Vec::with_capacity(results.len());
        for r in results {
            let mut font = r?;
            font.cid_id = alloc.bump();
            font.descriptor_id = alloc.bump();
            font.cmap_id = alloc.bump();
            font.file_id = alloc.bump();
            out.push(font);
        }
        Ok(out)
    }
}

/// Font `id` (`font`, from the book), first used on `page`: its Type0 id and an empty
/// subset.
fn first_use<'a>(
    id: FontId,
    font: Option<&'a Font>,
    page: &Page,
    alloc: &mut RefAlloc,
) -> Result<UsedFont<'a>, Diagnostic> {
    let font = font.ok_or_else(|| {
        Diagnostic::error(format!(
            "failed to write pdf (page {}: a glyph run uses font #{}, which is not loaded)",
            page.number, id.0
        ))
    })?;
    let fail = |what: &str| {
        Diagnostic::error(format!("failed to embed font ({what})")).in_file(&font.path)
    };
    if font.units_per_em == 0 {
        return Err(fail("units per em is 0"));
    }
    // Parsing a CFF face is not free: once per font, not per run.
    let face = font
        .face()
        .ok_or_else(|| fail("the font no longer parses"))?;
    let num_glyphs = face.number_of_glyphs();
    Ok(UsedFont {
        font,
        face,
        num_glyphs,
        remapper: GlyphRemapper::new(),
        codes: FontCodes {
            resource_name: format!("F{}", id.0),
            type0_id: alloc.bump(),
            codes: vec![None; usize::from(num_glyphs)],
        },
        texts: Vec::new(),
        state: vec![UNSEEN; usize::from(num_glyphs)],
    })
}

impl UsedFont<'_> {
    /// Take in one glyph of `line` on `page`.
    fn add(&mut self, glyph: &Glyph, line: &TextLine, page: &Page) -> Result<(), Diagnostic> {
        if glyph.id >= self.num_glyphs {
            return Err(Diagnostic::error(format!(
                "failed to write pdf (page {}: glyph {} is not in font {}, which has {} glyphs)",
                page.number, glyph.id, self.font.postscript_name, self.num_glyphs
            )));
        }
        let text = line.text.get(glyph.text.clone()).ok_or_else(|| {
            Diagnostic::error(format!(
                "failed to write pdf (page {}: glyph text range {:?} is outside the line's text {:?})",
                page.number, glyph.text, line.text
            ))
        })?;
        let Some(state) = self.state.get_mut(usize::from(glyph.id)) else {
            return Ok(());
        };
        if *state == HAS_TEXT || (*state == NO_TEXT && text.is_empty()) {
            return Ok(()); // nothing to add
        }
        let first = *state == UNSEEN;
        *state = if text.is_empty() { NO_TEXT } else { HAS_TEXT };
        let cid = self.remapper.remap(glyph.id);
        if first {
            let advance = self
                .face
                .glyph_hor_advance(ttf_parser::GlyphId(glyph.id))
                .unwrap_or(0);
            let width = width_in_thousandths(advance, self.font.units_per_em);
            if let Some(slot) = self.codes.codes.get_mut(usize::from(glyph.id)) {
                *slot = Some((cid, width));
            }
        }
        let at = usize::from(cid);
        if self.texts.len() <= at {
            self.texts.resize(at + 1, None);
        }
        if let Some(slot @ None) = self.texts.get_mut(at) {
            if !text.is_empty() {
                // Defined spaces (U+3000, U+00A0, …) are drawn with the font's U+0020
                // glyph: it maps back to a space whichever came first.
                *slot = Some(
                    text.chars()
                        .map(|c| {
                            if crate::text::defined_space(c).is_some() {
                                ' '
                            } else {
                                c
                            }
                        })
                        .collect(),
                );
            }
        }
        Ok(())
    }
}

/// A subset font ready to be written.
#[derive(Debug)]
pub(super) struct EmbeddedFont {
    /// The Type0 font, referenced from page resources.
    pub type0_id: Ref,
    cid_id: Ref,
    descriptor_id: Ref,
    cmap_id: Ref,
    file_id: Ref,
    /// `ABCDEF+PostScriptName`.
    base_font: String,
    outlines: Outlines,
    /// `/W` entries: runs of consecutive CIDs with their widths.
    widths: Vec<(u16, Vec<f32>)>,
    /// Deflated font program and its length before deflating.
    font_file: Vec<u8>,
    font_file_len: usize,
    /// Deflated ToUnicode CMap.
    to_unicode: Vec<u8>,
    metrics: Metrics,
}

/// Font descriptor metrics, in 1/1000 em.
#[derive(Debug, Clone, Copy)]
struct Metrics {
    bbox: Rect,
    italic_angle: f32,
    ascent: f32,
    descent: f32,
    cap_height: f32,
    stem_v: f32,
}

/// Subset `usage`'s font to the glyphs the pages used, in their CID order.
fn subset_font(
    usage: &UsedFont<'_>,
    cache: Option<&FontCache>,
) -> Result<EmbeddedFont, Diagnostic> {
    let font = usage.font;
    let fail = |what: String| {
        Diagnostic::error(format!("failed to embed font ({what})")).in_file(&font.path)
    };
    // The original glyph ids in CID order (.notdef first).
    let glyph_ids: Vec<u16> = usage.remapper.remapped_gids().collect();
    let program = font_program(font, &glyph_ids, &usage.remapper, cache).map_err(fail)?;
    let mut cid_widths: Vec<(u16, f32)> = glyph_ids
        .iter()
        .filter_map(|&old| usage.codes.code_of(old))
        .collect();
    cid_widths.sort_by_key(|&(cid, _)| cid);

    let mut cmap = UnicodeCmap::new(Name(b"Custom"), IDENTITY_INFO);
    for (cid, text) in usage.texts.iter().enumerate() {
        if let (Ok(cid), Some(text)) = (u16::try_from(cid), text) {
            cmap.pair_with_multiple(cid, text.chars());
        }
    }

    let tag = subset_tag(&font.postscript_name, glyph_ids.iter().copied());
    Ok(EmbeddedFont {
        type0_id: usage.codes.type0_id,
        // Allocated by `Fonts::finish` in font order.
        cid_id: Ref::new(1),
        descriptor_id: Ref::new(1),
        cmap_id: Ref::new(1),
        file_id: Ref::new(1),
        base_font: format!("{tag}+{}", base_name(&font.postscript_name)),
        outlines: font.outlines,
        widths: group_widths(&cid_widths),
        font_file_len: program.program_len,
        font_file: program.deflated,
        to_unicode: deflate(cmap.finish().as_slice()),
        metrics: metrics_of(font),
    })
}

/// The deflated font program of `font` subset to `glyph_ids` (in the order of
/// `remapper`):
/// from `cache` when it has it, else made (and kept there).
fn font_program(
    font: &Font,
    glyph_ids: &[u16],
    remapper: &GlyphRemapper,
    cache: Option<&FontCache>,
) -> Result<CachedProgram, String> {
    let key = cache.and_then(|c| c.key(font, glyph_ids, super::DEFLATE_LEVEL));
    if let Some(hit) = cache.zip(key.as_deref()).and_then(|(c, k)| c.get(k)) {
        return Ok(hit);
    }
    let program = subset_program(font, remapper)?;
    let made = CachedProgram {
        program_len: program.len(),
        deflated: deflate(&program),
    };
    if let (Some(c), Some(k)) = (cache, key.as_deref()) {
        c.put(k, &made);
    }
    Ok(made)
}

/// The font program of `font` subset to the glyphs of `remapper`: the bare CFF table
/// for CFF outlines (FontFile3/CIDFontType0C wants it without the OpenType wrapper), the
/// whole subset TrueType font otherwise.
fn subset_program(font: &Font, remapper: &GlyphRemapper) -> Result<Vec<u8>, String> {
    let subset = subsetter::subset(&font.data, font.index, remapper)
        .map_err(|e| format!("subsetting failed: {e}"))?;
    Ok(match font.outlines {
        Outlines::Cff => ttf_parser::RawFace::parse(&subset, 0)
            .ok()
            .and_then(|raw| raw.table(ttf_parser::Tag::from_bytes(b"CFF ")))
            .ok_or("the subset has no CFF table")?
            .to_vec(),
        Outlines::TrueType => subset,
    })
}

/// Write the five objects of an embedded font.
pub(super) fn write_font(pdf: &mut Pdf, font: &EmbeddedFont) {
    let is_cff = font.outlines == Outlines::Cff;
    // For a CIDFontType0 descendant the spec wants `BaseFont` = CIDFont name + "-" +
    // CMap name; for CIDFontType2 the plain name.
    let type0_name = if is_cff {
        format!("{}-Identity-H", font.base_font)
    } else {
        font.base_font.clone()
    };
    pdf.type0_font(font.type0_id)
        .base_font(Name(type0_name.as_bytes()))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(font.cid_id)
        .to_unicode(font.cmap_id);

    let mut cid = pdf.cid_font(font.cid_id);
    cid.subtype(if is_cff {
        CidFontType::Type0
    } else {
        CidFontType::Type2
    })
    .base_font(Name(font.base_font.as_bytes()))
    .system_info(IDENTITY_INFO)
    .font_descriptor(font.descriptor_id);
    {
        let mut w = cid.widths();
        for (first, widths) in &font.widths {
            w.consecutive(*first, widths.iter().copied());
        }
    }
    if !is_cff {
        cid.cid_to_gid_map_predefined(Name(b"Identity"));
    }
    cid.finish();

    let m = font.metrics;
    let mut flags = FontFlags::SYMBOLIC;
    if m.italic_angle != 0.0 {
        flags |= FontFlags::ITALIC;
    }
    let mut desc = pdf.font_descriptor(font.descriptor_id);
    desc.name(Name(font.base_font.as_bytes()))
        .flags(flags)
        .bbox(m.bbox)
        .italic_angle(m.italic_angle)
        .ascent(m.ascent)
        .descent(m.descent)
        .cap_height(m.cap_height)
        .stem_v(m.stem_v);
    if is_cff {
        desc.font_file3(font.file_id);
    } else {
        desc.font_file2(font.file_id);
    }
    desc.finish();

    pdf.stream(font.cmap_id, &font.to_unicode)
        .filter(Filter::FlateDecode);

    let mut file = pdf.stream(font.file_id, &font.font_file);
    file.filter(Filter::FlateDecode);
    if is_cff {
        file.pair(Name(b"Subtype"), Name(b"CIDFontType0C"));
    } else {
        let len = i32::try_from(font.font_file_len).unwrap_or(i32::MAX);
        file.pair(Name(b"Length1"), len);
    }
}

/// A glyph's advance in 1/1000 em, rounded to a whole number as `/W` carries it.
pub(super) fn width_in_thousandths(advance: u16, units_per_em: u16) -> f32 {
    let w = f64::from(advance) * 1000.0 / f64::from(units_per_em.max(1));
    w.round() as f32
}

/// Group `(cid, width)` pairs (sorted by CID) into runs of consecutive CIDs, one
/// `first [w1 w2 …]` entry of the `/W` array each.
pub(super) fn group_widths(cid_widths: &[(u16, f32)]) -> Vec<(u16, Vec<f32>)> {
    let mut out: Vec<(u16, Vec<f32>)> = Vec::new();
    for &(cid, width) in cid_widths {
        match out.last_mut() {
            Some((first, ws)) if usize::from(*first) + ws.len() == usize::from(cid) => {
                ws.push(width);
            }
            _ => out.push((cid, vec![width])),
        }
    }
    out
}

/// The six-letter subset tag (`ABCDEF`), a hash of the font's name and the glyphs kept,
/// so that the same subset always gets the same tag and different subsets (almost
/// always) different ones.
pub(super) fn subset_tag(postscript_name: &str, glyphs: impl Iterator<Item = u16>) -> String {
    let mut h = fnv1a64(FNV_OFFSET, postscript_name.as_bytes());
    for g in glyphs {
        h = fnv1a64(h, &g.to_be_bytes());
    }
    let mut tag = String::with_capacity(6);
    for _ in 0..6 {
        // `h % 26` is below 26, so the cast is exact.
        tag.push(char::from(b'A' + (h % 26) as u8));
        h /= 26;
    }
    tag
}

/// The PostScript name made safe for a PDF name: printable ASCII without delimiters or
/// spaces, at most [`MAX_BASE_NAME`] bytes.
fn base_name(postscript_name: &str) -> String {
    let name: String = postscript_name
        .chars()
        .filter(|c| c.is_ascii_graphic() && !"()<>[]{}/%#".contains(*c))
        .take(MAX_BASE_NAME)
        .collect();
    if name.is_empty() {
        "Font".into()
    } else {
        name
    }
}

/// Descriptor metrics from the font's tables, scaled to 1/1000 em.
fn metrics_of(font: &Font) -> Metrics {
    let scale = 1000.0 / f32::from(font.units_per_em.max(1));
    let face = font.face();
    let bbox =
        face.as_ref()
            .map(|f| f.global_bounding_box())
            .map_or(Rect::new(0.0, 0.0, 0.0, 0.0), |b| {
                Rect::new(
                    f32::from(b.x_min) * scale,
                    f32::from(b.y_min) * scale,
                    f32::from(b.x_max) * scale,
                    f32::from(b.y_max) * scale,
                )
            });
    let italic_angle = face.as_ref().map_or(0.0, |f| f.italic_angle());
    let weight = face.as_ref().map_or(400, |f| f.weight().to_number());
    Metrics {
        bbox,
        italic_angle,
        ascent: f32::from(font.ascender) * scale,
        descent: f32::from(font.descender) * scale,
        cap_height: f32::from(font.cap_height) * scale,
        // No font table has StemV; this estimate from the weight class is what other
        // PDF writers use too.
        stem_v: 10.0 + 0.244 * (f32::from(weight) - 50.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_rounded_thousandths() {
        assert_eq!(width_in_thousandths(1000, 1000), 1000.0);
        assert_eq!(width_in_thousandths(1024, 2048), 500.0);
        assert_eq!(width_in_thousandths(1229, 2048), 600.0); // 600.098
        assert_eq!(width_in_thousandths(1231, 2048), 601.0); // 601.07
        assert_eq!(width_in_thousandths(0, 1000), 0.0);
    }

    #[test]
    fn widths_group_into_consecutive_runs() {
        let w = group_widths(&[(0, 0.0), (1, 1000.0), (2, 500.0), (5, 1000.0), (6, 250.0)]);
        assert_eq!(
            w,
            vec![(0, vec![0.0, 1000.0, 500.0]), (5, vec![1000.0, 250.0])]
        );
        assert!(group_widths(&[]).is_empty());
        assert_eq!(group_widths(&[(7, 3.0)]), vec![(7, vec![3.0])]);
    }

    #[test]
    fn subset_tag_is_deterministic_and_depends_on_glyphs() {
        let a = subset_tag("NotoSerifCJKsc-Regular", [0u16, 3, 6124].into_iter());
        assert_eq!(
            a,
            subset_tag("NotoSerifCJKsc-Regular", [0u16, 3, 6124].into_iter())
        );
        assert_eq!(a.len(), 6);
        assert!(a.bytes().all(|b| b.is_ascii_uppercase()));
        assert_ne!(
            a,
            subset_tag("NotoSerifCJKsc-Regular", [0u16, 3, 6125].into_iter())
        );
        assert_ne!(
            a,
            subset_tag("NotoSansCJKsc-Regular", [0u16, 3, 6124].into_iter())
        );
    }

    #[test]
    fn base_name_drops_pdf_delimiters() {
        assert_eq!(base_name("LXGW WenKai"), "LXGWWenKai");
        assert_eq!(base_name("A(b)/c#d"), "Abcd");
        assert_eq!(base_name("思源"), "Font");
    }
}
