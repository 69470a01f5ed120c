//! Loading fonts once: the font book.
//!
//! Each font file is read once into memory and parsed with ttf-parser to check it and to
//! read its metrics; shaping (rustybuzz) and the pdf stage borrow the same bytes.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::{Diagnostic, Diagnostics};

/// Index of a font in the [`FontBook`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FontId(pub u16);

/// Outline format of a font, which decides how the pdf stage embeds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outlines {
    /// CFF (`CFF ` table): embedded as CIDFontType0 with FontFile3/CIDFontType0C.
    Cff,
    /// TrueType (`glyf` table): embedded as CIDFontType2 with FontFile2.
    TrueType,
}

/// One loaded font face. Two are equal when they are the same face of the same bytes
/// (the bytes are shared, so this is a pointer comparison in practice).
#[derive(Debug, Clone, PartialEq)]
pub struct Font {
    /// The file it came from (as named in the layout, resolved).
    pub path: PathBuf,
    /// PostScript name, used as the PDF BaseFont (after the subset tag).
    pub postscript_name: String,
    /// The whole file.
    pub data: Arc<FontBytes>,
    /// Face index inside a collection (0 for a plain font).
    pub index: u32,
    pub units_per_em: u16,
    pub ascender: i16,
    pub descender: i16,
    pub cap_height: i16,
    pub outlines: Outlines,
}

/// The bytes of a font file: memory-mapped (the kernel reads the pages a render touches,
/// nothing is copied; a CJK face is 16 MB of which a page uses a few hundred glyphs),
/// or owned (a file that cannot be mapped, fonts made in memory).
pub enum FontBytes {
    Mapped(memmap2::Mmap),
    Owned(Vec<u8>),
}

impl FontBytes {
    /// Map the file at `path`; read it into memory when it cannot be mapped (an empty
    /// file, a file system without mappings).
    pub fn open(path: &Path) -> std::io::Result<FontBytes> {
        let file = std::fs::File::open(path)?;
        #[allow(unsafe_code)] // font files are read in place, not copied into memory
        // SAFETY: the map is read-only and lives as long as the `Font` that owns it. A
        // font file is an input the engine never writes; if another program truncates
        // or rewrites it while a render runs, reads may see the new bytes or fault —
        // the same contract every mapping font loader has (fontdb, which this engine
        // already uses to find installed fonts, maps them the same way).
        let mapped = unsafe { memmap2::Mmap::map(&file) };
        match mapped {
            Ok(m) if !m.is_empty() => Ok(FontBytes::Mapped(m)),
            _ => Ok(FontBytes::Owned(std::fs::read(path)?)),
        }
    }
}

impl std::ops::Deref for FontBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            FontBytes::Mapped(m) => m,
            FontBytes::Owned(v) => v,
        }
    }
}

/// Two fonts' bytes are equal when their contents are.
impl PartialEq for FontBytes {
    fn eq(&self, other: &FontBytes) -> bool {
        **self == **other
    }
}

impl std::fmt::Debug for FontBytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let how = match self {
            FontBytes::Mapped(_) => "mapped",
            FontBytes::Owned(_) => "owned",
        };
        write!(f, "FontBytes({how}, {} bytes)", self.len())
    }
}

impl Font {
    /// Read and check a font file.
    pub fn load(path: &Path, index: u32) -> Result<Font, Diagnostic> {
        let data = FontBytes::open(path)
            .map_err(|e| Diagnostic::error(format!("failed to read font ({e})")).in_file(path))?;
        Font::from_bytes(path.to_path_buf(), data, index)
    }

    /// Parse font bytes already in memory.
    pub fn from_data(path: PathBuf, data: Vec<u8>, index: u32) -> Result<Font, Diagnostic> {
        Font::from_bytes(path, FontBytes::Owned(data), index)
    }

    /// Parse font bytes, mapped or owned.
    pub fn from_bytes(path: PathBuf, data: FontBytes, index: u32) -> Result<Font, Diagnostic> {
        let face = ttf_parser::Face::parse(&data, index)
            .map_err(|e| Diagnostic::error(format!("failed to parse font ({e})")).in_file(&path))?;
        let postscript_name = face
            .names()
            .into_iter()
            .find(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
            .and_then(|n| n.to_string())
            .unwrap_or_else(|| {
                path.file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "Font".into())
            });
        let outlines = if face.tables().cff.is_some() {
            Outlines::Cff
        } else if face.tables().glyf.is_some() {
            Outlines::TrueType
        } else {
            return Err(Diagnostic::error(
                "failed to use font (it has neither CFF nor TrueType outlines)",
            )
            .in_file(&path));
        };
        let units_per_em = face.units_per_em();
        let ascender = face.ascender();
        let descender = face.descender();
        let cap_height = face.capital_height().unwrap_or(ascender);
        Ok(Font {
            path,
            postscript_name,
            units_per_em,
            ascender,
            descender,
            cap_height,
            outlines,
            data: Arc::new(data),
            index,
        })
    }

    /// A parsed view of the face. Parsing only reads the table directory, so this is
    /// cheap enough to call per paragraph.
    pub fn face(&self) -> Option<ttf_parser::Face<'_>> {
        ttf_parser::Face::parse(&self.data, self.index).ok()
    }

    /// The glyph for a character, if the font has one.
    pub fn glyph_of(&self, c: char) -> Option<u16> {
        self.face()?.glyph_index(c).map(|g| g.0)
    }

    /// A glyph's advance width in font units.
    pub fn advance_units(&self, glyph: u16) -> u16 {
        self.face()
            .and_then(|f| f.glyph_hor_advance(ttf_parser::GlyphId(glyph)))
            .unwrap_or(0)
    }

    /// What identifies the face without reading the whole file: its index, the file's
    /// length and its first 8 KiB, which hold the table directory with every table's
    /// checksum (a font whose glyphs changed has another checksum).
    pub fn identity(&self) -> (u32, usize, &[u8]) {
        const HEAD_BYTES: usize = 8192;
        let data: &[u8] = &self.data;
        (
            self.index,
            data.len(),
            data.get(..HEAD_BYTES).unwrap_or(data),
        )
    }

    /// Font units to points at `size`.
    pub fn to_pt(&self, units: f64, size: f64) -> f64 {
        units * size / f64::from(self.units_per_em)
    }
}

/// All fonts of a job, loaded once and addressed by [`FontId`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FontBook {
    fonts: Vec<Font>,
    /// Warnings found while loading (a face made for another language), reported with
    /// the layout's other warnings by the flow stage.
    warnings: Diagnostics,
}

impl FontBook {
    pub fn new() -> Self {
        FontBook {
            fonts: Vec::new(),
            warnings: Diagnostics::new(),
        }
    }

    pub fn warn(&mut self, d: Diagnostic) {
        self.warnings.push(d);
    }

    pub fn warnings(&self) -> &Diagnostics {
        &self.warnings
    }

    /// Add a font, or return the id it already has if the same file and face was added.
    pub fn add(&mut self, font: Font) -> FontId {
        if let Some(i) = self
            .fonts
            .iter()
            .position(|f| f.path == font.path && f.index == font.index)
        {
            return FontId(i as u16);
        }
        self.fonts.push(font);
        FontId((self.fonts.len() - 1) as u16)
    }

    pub fn get(&self, id: FontId) -> &Font {
        // Ids are only made by `add`, so they are always in range.
        &self.fonts[usize::from(id.0)]
    }

    /// Whether `other` holds the same faces under the same ids (by
    /// [`Font::identity`] and file name; the font files are not compared whole).
    pub fn same_faces(&self, other: &FontBook) -> bool {
        self.fonts.len() == other.fonts.len()
            && self
                .fonts
                .iter()
                .zip(&other.fonts)
                .all(|(a, b)| a.path == b.path && a.identity() == b.identity())
    }

    pub fn iter(&self) -> impl Iterator<Item = (FontId, &Font)> {
        self.fonts
            .iter()
            .enumerate()
            .map(|(i, f)| (FontId(i as u16), f))
    }

    pub fn len(&self) -> usize {
        self.fonts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.fonts.is_empty()
    }
}
