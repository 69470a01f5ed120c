//! Shaping a paragraph with rustybuzz.
//!
//! The whole paragraph is shaped at once per font run (not character by character), so
//! contextual features (`chws` pair spacing, `locl`, ligatures in Latin words) see their
//! neighbours. Each full-width punctuation glyph also gets its `halt` (Alternate Half
//! Widths) metrics, which the linebreak stage uses when it trims the mark (CLReq
//! "Punctuation width adjustment"; JLReq 3.1.2).

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::str::FromStr;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::text::fonts::{FontBook, FontId};

/// A glyph as shaped, before line breaking. Lengths in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShapedGlyph {
    pub font: FontId,
    pub id: u16,
    pub advance: f64,
    pub x_offset: f64,
    pub y_offset: f64,
    /// Byte offset of the glyph's cluster in the paragraph text.
    pub cluster: usize,
    /// The glyph's half-width form from the font's `halt` feature, if the font has one
    /// for it and it differs from the full form.
    pub half: Option<HalfMetrics>,
}

/// Advance and x offset of a glyph set half-width by `halt`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HalfMetrics {
    pub advance: f64,
    pub x_offset: f64,
}

/// A shaped paragraph: its text, size and glyphs in logical order.
#[derive(Debug, Clone, PartialEq)]
pub struct ShapedText {
    pub text: String,
    /// Font size in points (= 1 em).
    pub size: f64,
    pub glyphs: Vec<ShapedGlyph>,
    /// The hyphen (U+002D) of each font used, for hyphenated line ends.
    pub hyphens: Vec<HyphenGlyph>,
}

/// The hyphen glyph of one font at the paragraph's size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HyphenGlyph {
    pub font: FontId,
    pub id: u16,
    /// Advance in points.
    pub advance: f64,
}

/// Spaces with a width defined here rather than by the font, so that they set even when
/// the font has no glyph for them (drawn as the font's U+0020 glyph at this width, em):
/// U+00A0 no-break space (a word space that does not break, UAX #14 GL; `None` = the
/// font's own word space), U+202F narrow no-break space and U+2009 thin space (⅙ em,
/// the thin space of Chicago 6.116 / Unicode's "thin"), U+200A hair space (1/12 em),
/// U+3000 ideographic space (1 em, CLReq: a full-width blank).
pub fn defined_space(c: char) -> Option<Option<f64>> {
    match c {
        '\u{A0}' => Some(None),
        '\u{202F}' | '\u{2009}' => Some(Some(1.0 / 6.0)),
        '\u{200A}' => Some(Some(1.0 / 12.0)),
        '\u{3000}' => Some(Some(1.0)),
        _ => None,
    }
}

/// The fonts a style may use, in order of preference: the first that has a character
/// sets it.
#[derive(Debug, Clone, PartialEq)]
pub struct FontChain(pub Vec<FontId>);

/// A character that no font of the chain has.
#[derive(Debug, Clone, PartialEq)]
pub struct MissingGlyph {
    pub ch: char,
    /// Byte offset in the paragraph text.
    pub offset: usize,
}

/// Letters of the alphabetic scripts (Latin, Greek, Cyrillic, with Combining Diacritical
/// Marks and Latin Extended Additional / Greek Extended): a word of them is set in one
/// face, so that a letter the first font lacks (the Š of Škoda) does not put one letter
/// of another design into the word.
fn is_word_letter(c: char) -> bool {
    // The block test first: it is cheap, and it rules out every Chinese character
    // before the Unicode property lookup.
    (c < '\u{530}' || ('\u{1E00}'..='\u{1FFF}').contains(&c))
        && (c.is_alphabetic() || ('\u{300}'..='\u{36F}').contains(&c))
}

/// Characters that never take a glyph of their own: they pass through shaping only to
/// keep clusters aligned, and are skipped for coverage checks.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' | '\n' | '\r' | '\t'
    )
}

/// Which of `faces` (byte ranges in their own font chain) holds byte `i`.
fn face_at(faces: &[(std::ops::Range<usize>, &FontChain)], i: usize) -> Option<usize> {
    faces.iter().position(|(r, _)| r.contains(&i))
}

/// Shapes paragraphs with faces parsed once per font (parsing a CJK font's layout
/// tables is far more expensive than shaping a paragraph), and caches `halt` metrics.
pub struct Shaper<'f> {
    book: &'f FontBook,
    /// The parsed faces and their plans, shared with the shapers of other threads
    /// ([`Shaper::sibling`]).
    parsed: Arc<ParsedFaces<'f>>,
    halt: BTreeMap<(FontId, char), Option<(i32, i32)>>,
    fallbacks: Vec<Fallback>,
    /// Whether a font has a character, looked up once per (font, character): the cmap
    /// lookup is a binary search, and choosing fonts asks it for every character of
    /// every paragraph.
    covers: RefCell<FxHashMap<(FontId, char), bool>>,
}

/// A character set in a later font of the chain because the first lacks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fallback {
    pub ch: char,
    /// Byte offset in the paragraph text.
    pub offset: usize,
    /// The font that set it.
    pub font: FontId,
}

/// Every face of a font book parsed, with its shaping plan: read once per job and
/// shared by its shapers.
struct ParsedFaces<'f> {
    faces: Vec<Option<rustybuzz::Face<'f>>>,
    /// Each face's shaping plan (left to right, Han, zh-Hans, no features: what every
    /// run is shaped with), made once: making a plan reads the font's layout tables.
    plans: Vec<Option<rustybuzz::ShapePlan>>,
}

impl<'f> Shaper<'f> {
    pub fn new(book: &'f FontBook) -> Self {
        let faces: Vec<Option<rustybuzz::Face<'f>>> = book
            .iter()
            .map(|(_, f)| rustybuzz::Face::from_slice(&f.data, f.index))
            .collect();
        let plans = faces.iter().map(|f| f.as_ref().map(run_plan)).collect();
        Shaper {
            book,
            parsed: Arc::new(ParsedFaces { faces, plans }),
            halt: BTreeMap::new(),
            fallbacks: Vec::new(),
            covers: RefCell::new(FxHashMap::default()),
        }
    }

    /// A shaper of the same fonts for another thread: the parsed faces and plans
    /// shared, its caches its own. It shapes exactly as this one does.
    pub fn sibling(&self) -> Shaper<'f> {
        Shaper {
            book: self.book,
            parsed: Arc::clone(&self.parsed),
            halt: BTreeMap::new(),
            fallbacks: Vec::new(),
            covers: RefCell::new(FxHashMap::default()),
        }
    }

    /// Whether font `id` has a glyph for `c`.
    fn has(&self, id: FontId, c: char) -> bool {
        if let Some(&known) = self.covers.borrow().get(&(id, c)) {
            return known;
        }
        let has = self.face(id).and_then(|f| f.glyph_index(c)).is_some();
        self.covers.borrow_mut().insert((id, c), has);
        has
    }

    /// Characters of the last shaped paragraph that a fallback font set.
    pub fn fallbacks(&self) -> &[Fallback] {
        &self.fallbacks
    }

    fn face(&self, id: FontId) -> Option<&rustybuzz::Face<'f>> {
        self.parsed
            .faces
            .get(usize::from(id.0))
            .and_then(Option::as_ref)
    }

    /// Which font of the chain sets `c`: the first that has it. Spaces and invisible
    /// characters take the font of the text around them (`Ok(None)`).
    fn font_for(&self, chain: &FontChain, c: char) -> Result<Option<FontId>, ()> {
        if is_invisible(c) || defined_space(c).is_some() {
            return Ok(None);
        }
        for &id in &chain.0 {
            if self.has(id, c) {
                return Ok(Some(id));
            }
        }
        Err(())
    }

    /// The font for the word of alphabetic letters `word` when the first font that has
    /// each letter is not the same for all: the first font of the chain that has every
    /// letter (`None`: no font has them all, each letter takes its own).
    fn font_for_word(&self, chain: &FontChain, word: &str) -> Option<FontId> {
        chain
            .0
            .iter()
            .copied()
            .find(|&id| word.chars().all(|c| self.has(id, c)))
    }

    /// Shape `text` at `size` with the first font of `chain` that has each character;
    /// a word of alphabetic letters (Latin, Greek, Cyrillic) that font lacks a letter of
    /// is set whole in the first font that has all its letters.
    ///
    /// Returns the shaped text, or the list of characters that no font has (the caller
    /// turns them into diagnostics naming the article and paragraph).
    pub fn shape(
        &mut self,
        chain: &FontChain,
        text: &str,
        size: f64,
    ) -> Result<ShapedText, Vec<MissingGlyph>> {
        self.shape_faces(chain, &[], text, size)
    }

    /// Shape `text` like [`Shaper::shape`], with the byte ranges of `faces` in their own
    /// font chain (bold or 楷体 runs inside a paragraph): the font switches
    /// inside the paragraph; every run keeps the paragraph's size, so full-width
    /// characters of every face stay on the character grid. `faces` are in text order
    /// and do not overlap.
    pub fn shape_faces(
        &mut self,
        chain: &FontChain,
        faces: &[(std::ops::Range<usize>, &FontChain)],
        text: &str,
        size: f64,
    ) -> Result<ShapedText, Vec<MissingGlyph>> {
        // 1. Split into runs of one font.
        let runs = self.font_runs(chain, faces, text)?;
        // 2. Shape each run whole.
        let mut glyphs = Vec::with_capacity(text.len() / 2);
        let mut hyphens: Vec<HyphenGlyph> = Vec::new();
        for (font_id, start, end) in runs {
            self.shape_run(font_id, text, start..end, size, &mut glyphs);
            if hyphens.iter().all(|h| h.font != font_id) {
                hyphens.extend(self.hyphen(font_id, size));
            }
        }
        Ok(ShapedText {
            text: text.to_string(),
            size,
            glyphs,
            hyphens,
        })
    }

    /// Split `text` into runs of one font, `(font, start, end)`, in text order, noting
    /// the characters a fallback font sets; `Err`: the characters no font has.
    fn font_runs(
        &mut self,
        chain: &FontChain,
        faces: &[(std::ops::Range<usize>, &FontChain)],
        text: &str,
    ) -> Result<Vec<(FontId, usize, usize)>, Vec<MissingGlyph>> {
        let mut missing = Vec::new();
        let mut runs: Vec<(FontId, usize, usize)> = Vec::new();
        self.fallbacks.clear();
        // The font of the alphabetic word being set, and where that word ends.
        let mut word: Option<(usize, FontId)> = None;
        for (i, c) in text.char_indices() {
            let face = face_at(faces, i);
            let chain = face.and_then(|k| faces.get(k)).map_or(chain, |(_, ch)| *ch);
            let first = chain.0.first().copied().unwrap_or(FontId(0));
            if word.is_some_and(|(end, _)| i >= end) {
                word = None;
            }
            if word.is_none() && is_word_letter(c) {
                word = self.word_font(chain, faces, text, i);
            }
            let own = match word {
                Some((_, f)) => Ok(Some(f)),
                None => self.font_for(chain, c),
            };
            let font = match own {
                Ok(Some(f)) => {
                    self.note_fallback(c, i, f, first);
                    f
                }
                // A space takes the font before it, unless a face starts with it.
                Ok(None) => match runs.last() {
                    Some(r) if !faces.iter().any(|(f, _)| f.start == i) => r.0,
                    _ => first,
                },
                Err(()) => {
                    missing.push(MissingGlyph { ch: c, offset: i });
                    first
                }
            };
            let end = i + c.len_utf8();
            match runs.last_mut() {
                Some(run) if run.0 == font => run.2 = end,
                _ => runs.push((font, i, end)),
            }
        }
        if !missing.is_empty() {
            return Err(missing);
        }
        Ok(runs)
    }

    /// For the word of alphabetic letters starting at `i` (up to a non-letter or a change
    /// of face) whose letters do not all take one font of `chain`: where it ends and the
    /// font that sets it whole, if one has all its letters.
    fn word_font(
        &self,
        chain: &FontChain,
        faces: &[(std::ops::Range<usize>, &FontChain)],
        text: &str,
        i: usize,
    ) -> Option<(usize, FontId)> {
        let face = face_at(faces, i);
        let end = text
            .get(i..)
            .unwrap_or("")
            .char_indices()
            .find(|&(k, ch)| !is_word_letter(ch) || face_at(faces, i + k) != face)
            .map_or(text.len(), |(k, _)| i + k);
        let letters = text.get(i..end).unwrap_or("");
        let mut fonts = letters.chars().map(|ch| self.font_for(chain, ch));
        let one = fonts.next().and_then(Result::ok).flatten();
        if fonts.any(|f| f.ok().flatten() != one) || one.is_none() {
            self.font_for_word(chain, letters).map(|f| (end, f))
        } else {
            None
        }
    }

    /// Note `c` at `i` as set by a fallback when its font `f` is not the chain's `first`
    /// and `first` lacks it.
    fn note_fallback(&mut self, c: char, i: usize, f: FontId, first: FontId) {
        let lacks = |id: FontId| !self.has(id, c);
        if f != first && lacks(first) {
            self.fallbacks.push(Fallback {
                ch: c,
                offset: i,
                font: f,
            });
        }
    }

    /// The hyphen (U+002D) of font `font_id` at `size`, if the font has one (read from
    /// the face parsed once for the shaper: parsing a CFF face reads its whole charset).
    fn hyphen(&self, font_id: FontId, size: f64) -> Option<HyphenGlyph> {
        let face = self.face(font_id)?;
        let id = face.glyph_index('-')?;
        let advance = face.glyph_hor_advance(id).unwrap_or(0);
        Some(HyphenGlyph {
            font: font_id,
            id: id.0,
            advance: self.book.get(font_id).to_pt(f64::from(advance), size),
        })
    }

    fn shape_run(
        &mut self,
        font_id: FontId,
        text: &str,
        range: std::ops::Range<usize>,
        size: f64,
        out: &mut Vec<ShapedGlyph>,
    ) {
        let font = self.book.get(font_id);
        let scale = size / f64::from(font.units_per_em);
        let Some(face) = self.face(font_id) else {
            return;
        };
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        let run = text.get(range.clone()).unwrap_or("");
        if run.chars().any(|c| defined_space(c).is_some()) {
            // Defined spaces are shaped as U+0020 (every font has it) and given their
            // width below; clusters stay byte offsets into the run.
            for (i, c) in run.char_indices() {
                let c = if defined_space(c).is_some() { ' ' } else { c };
                buffer.add(c, i as u32);
            }
        } else {
            buffer.push_str(run);
        }
        buffer.set_direction(rustybuzz::Direction::LeftToRight);
        if let Ok(lang) = rustybuzz::Language::from_str(LANGUAGE) {
            buffer.set_language(lang);
        }
        buffer.set_script(rustybuzz::script::HAN);
        let output = match self
            .parsed
            .plans
            .get(usize::from(font_id.0))
            .and_then(Option::as_ref)
        {
            Some(plan) => rustybuzz::shape_with_plan(face, plan, buffer),
            None => rustybuzz::shape(face, &[], buffer),
        };
        for (info, pos) in output.glyph_infos().iter().zip(output.glyph_positions()) {
            let cluster = range.start + info.cluster as usize;
            let ch = text.get(cluster..).and_then(|s| s.chars().next());
            let advance = match ch.and_then(defined_space) {
                Some(Some(em)) => em * size,
                _ => f64::from(pos.x_advance) * scale,
            };
            let half = ch
                .filter(|&c| wants_half_form(c))
                .and_then(|c| self.half_units(font_id, c))
                .filter(|h| h.0 != pos.x_advance)
                .map(|(adv, off)| HalfMetrics {
                    advance: f64::from(adv) * scale,
                    x_offset: f64::from(off) * scale,
                });
            out.push(ShapedGlyph {
                font: font_id,
                id: info.glyph_id as u16,
                advance,
                x_offset: f64::from(pos.x_offset) * scale,
                y_offset: f64::from(pos.y_offset) * scale,
                cluster,
                half,
            });
        }
    }

    /// Advance and x offset (font units) of `c` shaped alone with `halt` on.
    fn half_units(&mut self, font_id: FontId, c: char) -> Option<(i32, i32)> {
        if let Some(v) = self.halt.get(&(font_id, c)) {
            return *v;
        }
        let v = self.face(font_id).and_then(|face| {
            let mut buffer = rustybuzz::UnicodeBuffer::new();
            buffer.push_str(c.encode_utf8(&mut [0; 4]));
            if let Ok(lang) = rustybuzz::Language::from_str(LANGUAGE) {
                buffer.set_language(lang);
            }
            buffer.set_script(rustybuzz::script::HAN);
            let halt =
                rustybuzz::Feature::new(rustybuzz::ttf_parser::Tag::from_bytes(b"halt"), 1, ..);
            let out = rustybuzz::shape(face, &[halt], buffer);
            let pos = out.glyph_positions().first()?;
            Some((pos.x_advance, pos.x_offset))
        });
        self.halt.insert((font_id, c), v);
        v
    }
}

/// The language every run is shaped in.
const LANGUAGE: &str = "zh-Hans";

/// The plan runs are shaped with: the properties each run's buffer is given (left to
/// right, Han, [`LANGUAGE`]), no features; what `rustybuzz::shape` would make for each
/// run.
fn run_plan(face: &rustybuzz::Face<'_>) -> rustybuzz::ShapePlan {
    let lang = rustybuzz::Language::from_str(LANGUAGE).ok();
    rustybuzz::ShapePlan::new(
        face,
        rustybuzz::Direction::LeftToRight,
        Some(rustybuzz::script::HAN),
        lang.as_ref(),
        &[],
    )
}

/// Characters whose half-width (`halt`) form the linebreak stage may need: full-width
/// CJK punctuation and brackets.
fn wants_half_form(c: char) -> bool {
    matches!(c,
        '\u{3001}'..='\u{3003}' | '\u{3008}'..='\u{3011}' | '\u{3014}'..='\u{301F}'
        | '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF1F}' | '\u{FF3B}' | '\u{FF3D}'
        | '\u{FF5B}' | '\u{FF5D}' | '\u{FF5E}' | '\u{00B7}' | '\u{2018}'..='\u{201D}'
        | '\u{30FB}')
}
