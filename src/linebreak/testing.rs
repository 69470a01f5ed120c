//! A monospaced shaping model for tests and benches (docs/cjk-rules.md §7.1), so the engine
//! can be exercised without fonts: Han 1 em; full-width punctuation 1 em with a ½-em
//! `halt` form (openers shifted left by ½ em); ASCII, U+00A0 and `·` ½ em; the other
//! defined spaces at their width ([`crate::text::defined_space`]); everything else 1 em.

use super::classes::{classify, CharClass};
use crate::text::{FontId, HalfMetrics, HyphenGlyph, ShapedGlyph, ShapedText};

/// Advance (em) and `halt` form of `c` in the model.
pub fn model_glyph(c: char) -> (f64, Option<HalfMetrics>) {
    if let Some(w) = crate::text::defined_space(c) {
        return (w.unwrap_or(0.5), None);
    }
    if c.is_ascii() || c == '·' {
        return (0.5, None);
    }
    match classify(c) {
        CharClass::Open => (
            1.0,
            Some(HalfMetrics {
                advance: 0.5,
                x_offset: -0.5,
            }),
        ),
        CharClass::Close | CharClass::Pause | CharClass::Stop => (
            1.0,
            Some(HalfMetrics {
                advance: 0.5,
                x_offset: 0.0,
            }),
        ),
        _ => (1.0, None),
    }
}

/// "Shape" `text` with the model at `size` points: one glyph per character.
pub fn shape_model(text: &str, size: f64) -> ShapedText {
    let glyphs = text
        .char_indices()
        .map(|(i, c)| {
            let (adv, half) = model_glyph(c);
            ShapedGlyph {
                font: FontId(0),
                id: 0,
                advance: adv * size,
                x_offset: 0.0,
                y_offset: 0.0,
                cluster: i,
                half: half.map(|h| HalfMetrics {
                    advance: h.advance * size,
                    x_offset: h.x_offset * size,
                }),
            }
        })
        .collect();
    ShapedText {
        text: text.to_string(),
        size,
        glyphs,
        hyphens: vec![HyphenGlyph {
            font: FontId(0),
            id: 0,
            advance: 0.5 * size,
        }],
    }
}
