//! Stage 2, text: fonts and shaping.
//!
//! Fonts are loaded once into a [`FontBook`]; a paragraph is shaped whole with rustybuzz
//! (language zh-Hans, so `locl` picks the mainland punctuation forms) into
//! [`ShapedText`]: glyph ids, advances and source clusters, which the linebreak stage
//! turns into lines and the pdf stage writes as they are (never re-shaped).
//!
//! Steps: [`fonts`] loads and checks font files → [`shape`] splits a paragraph into runs
//! by font coverage (reporting characters no font has) and shapes each run.

pub mod charname;
pub mod fonts;
pub mod locate;
pub mod shape;

pub use charname::describe_char;
pub use fonts::{Font, FontBook, FontId, Outlines};
pub use shape::{
    defined_space, FontChain, HalfMetrics, HyphenGlyph, MissingGlyph, ShapedGlyph, ShapedText,
    Shaper,
};
