//! Placing a broken line on the page: the linebreak stage's [`Line`] (glyph x relative
//! to the measure, text as a range of the paragraph) becomes a page-description
//! [`TextLine`] with absolute glyph positions, its own text, its style and provenance.
//! Overprint is decided here: 100 % black text overprints (so it never shows a white
//! halo when the plates are slightly out of register), coloured text knocks out.

use crate::geom::Cmyk;
use crate::linebreak::Line;
use crate::page::{Glyph, Role, TextLine};
use crate::spec::{Layout, StyleId};

/// Where and as what a line is placed.
#[derive(Debug, Clone, Copy)]
pub struct Placement {
    pub role: Role,
    pub style: StyleId,
    /// Left edge of the measure.
    pub x: f64,
    /// Moves the glyphs right inside the measure (centred or right-aligned lines).
    pub shift: f64,
    pub baseline: f64,
    /// A body line on the baseline grid.
    pub on_grid: bool,
}

/// Place `line` (of a paragraph whose text is `para_text`). The line belongs to frame 0
/// until the page builder adds it to its frame.
pub fn place_line(line: &Line, para_text: &str, layout: &Layout, at: Placement) -> TextLine {
    let style = layout.style(at.style);
    // The line's text: its range of the paragraph, grown to cover every glyph's cluster
    // (so each glyph's text is a range of the line's own text).
    let start = line
        .glyphs
        .iter()
        .filter(|g| !g.text.is_empty())
        .map(|g| g.text.start)
        .fold(line.text.start, usize::min);
    let end = line
        .glyphs
        .iter()
        .map(|g| g.text.end)
        .fold(line.text.end, usize::max);
    let mut text = para_text.get(start..end).unwrap_or("").to_string();
    let mut glyphs: Vec<Glyph> = line
        .glyphs
        .iter()
        .map(|g| Glyph {
            font: g.font,
            id: g.id,
            x: at.x + at.shift + g.x,
            y_offset: g.y_offset,
            advance: g.advance,
            text: if g.text.is_empty() {
                0..0
            } else {
                g.text.start - start..g.text.end - start
            },
        })
        .collect();
    // A hyphenated line (issue 11) shows its added hyphen, the last glyph, as `-`.
    if let (true, Some(g)) = (line.hyphenated, glyphs.last_mut()) {
        g.text = text.len()..text.len() + 1;
        text.push('-');
    }
    TextLine {
        role: at.role,
        frame: 0,
        style: at.style,
        size: style.size,
        color: style.color,
        overprint: style.color == Cmyk::BLACK,
        x: at.x,
        baseline: at.baseline,
        width: line.width,
        measure: line.measure,
        reason: line.reason,
        adjustments: line.adjustments.clone(),
        worst_gap: line.worst_gap,
        on_grid: at.on_grid,
        text,
        source: line.text.clone(),
        glyphs,
        faces: Vec::new(),
        dots: Vec::new(),
    }
}
