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
    // A hyphenated line shows its added hyphen, the last glyph, as `-`.
    if let (true, Some(g)) = (line.hyphenated, glyphs.last_mut()) {
        g.text = text.len()..text.len() + 1;
        text.push('-');
    }
    TextLine {
        role: at.role,
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
        break_space: false,
        glyphs,
        faces: Vec::new(),
        dots: Vec::new(),
    }
}

/// Place `line` like [`place_line`], with the emphasis of its paragraph: the runs in
/// another face are recorded for the dump, and emphasis dots (着重号) are added under
/// each character of a dotted run — centred under the character, one per character,
/// none under punctuation or spaces, below the em box by `[article] emphasis_gap_em`
/// (horizontal Chinese puts them under the text: CLReq "Emphasis dots"; GB/T
/// 15834-2011 §4.15 着重号). The layout checked that they clear the next line.
pub fn place_marked(
    line: &Line,
    para_text: &str,
    layout: &Layout,
    at: Placement,
    inlines: &[crate::spec::Inline],
) -> TextLine {
    let mut placed = place_line(line, para_text, layout, at);
    if inlines.is_empty() {
        return placed;
    }
    let size = placed.size;
    let al = &layout.article;
    let dot_y =
        at.baseline + size * (1.0 - crate::spec::IDEO_ASCENT + al.dot_gap + al.dot_diameter / 2.0);
    for (lg, pg) in line.glyphs.iter().zip(&placed.glyphs) {
        if lg.text.is_empty() {
            continue;
        }
        let Some(inline) = inlines.iter().find(|i| i.range.contains(&lg.text.start)) else {
            continue;
        };
        if inline.face != crate::spec::Face::Regular {
            match placed.faces.last_mut() {
                Some((r, f)) if *f == inline.face && r.end == pg.text.start => r.end = pg.text.end,
                _ => placed.faces.push((pg.text.clone(), inline.face)),
            }
        }
        let ch = para_text
            .get(lg.text.clone())
            .and_then(|s| s.chars().next());
        let dotted = ch.is_some_and(|c| {
            !c.is_whitespace() && !crate::linebreak::classes::classify(c).is_punct()
        });
        if inline.dots && dotted {
            placed.dots.push(crate::page::Dot {
                x: pg.x + pg.advance / 2.0,
                y: dot_y,
                diameter: size * al.dot_diameter,
            });
        }
    }
    placed
}
