//! Display lines: headlines, kickers, captions, masthead and ad text. Each line of a
//! display style occupies a whole number of body lines (`Style::lines`), so headline
//! blocks keep the body text on the grid (CLReq "From the Template of the Page Format":
//! heading blocks take an integer number of body lines).

use crate::diag::Diagnostics;
use crate::layout::place::{place_line, Placement};
use crate::layout::setter::{Origin, Setter};
use crate::linebreak::{Line, Paragraph};
use crate::page::{Role, TextLine};
use crate::spec::{Align, Layout, Style, StyleId};

/// A block of display lines set one under another.
pub struct DisplayBlock {
    pub lines: Vec<TextLine>,
    /// Body lines the block occupies.
    pub rows: u32,
}

/// What a display block is and where it goes.
#[derive(Debug, Clone, Copy)]
pub struct DisplayAt {
    pub style: StyleId,
    pub role: Role,
    /// Left edge and width of the measure.
    pub x: f64,
    pub width: f64,
    /// Top of the block (a body line's top on the grid).
    pub top: f64,
}

/// Set `text` in `at.style` within `[x, x + width]`, starting at `top`. Lines wrap at
/// the width; each takes `style.lines` body lines; the em box is centred vertically in
/// that band. `align` replaces the style's alignment when given.
pub fn set_display(
    setter: &mut Setter,
    layout: &Layout,
    at: DisplayAt,
    align: Option<Align>,
    text: &str,
    origin: &Origin<'_>,
) -> Result<DisplayBlock, Diagnostics> {
    if text.trim().is_empty() {
        return Ok(DisplayBlock {
            lines: Vec::new(),
            rows: 0,
        });
    }
    let style = layout.style(at.style);
    let align = align.unwrap_or(style.align);
    let band = f64::from(style.lines) * layout.grid.line_pitch;
    let mut out = Vec::new();
    let mut y = at.top;
    let mut rows = 0;
    for (para, lines) in display_lines(setter, style, text, at.width, origin)? {
        for line in lines {
            let shift = match align {
                Align::Left | Align::Justify => 0.0,
                Align::Center => ((at.width - line.width) / 2.0).max(0.0),
                Align::Right => (at.width - line.width).max(0.0),
            };
            let baseline = layout.grid.band_baseline(y, style.lines, style.size);
            out.push(place_line(
                &line,
                para.text(),
                layout,
                Placement {
                    role: at.role,
                    style: at.style,
                    x: at.x,
                    shift,
                    baseline,
                    on_grid: false,
                },
            ));
            y += band;
            rows += style.lines;
        }
    }
    Ok(DisplayBlock { lines: out, rows })
}

/// Break display text into lines the way headlines are set: at the spaces between
/// phrases when it has them (a headline's phrases are not split across lines), and with
/// lines of even length rather than a full line and a short one (no 孤字-like tail).
/// Returns each prepared piece once with its lines (memory linear in the text).
fn display_lines(
    setter: &mut Setter,
    style: &Style,
    text: &str,
    width: f64,
    origin: &Origin<'_>,
) -> Result<Vec<(Paragraph, Vec<Line>)>, Diagnostics> {
    let whole = setter.prepare(style, text, &[], origin)?;
    let lines = whole.lines(width);
    if lines.len() <= 1 {
        return Ok(vec![(whole, lines)]);
    }
    // Pack phrases (separated by spaces) into lines.
    let phrases: Vec<&str> = text
        .split([' ', '\u{3000}'])
        .filter(|p| !p.is_empty())
        .collect();
    let mut texts: Vec<String> = Vec::new();
    if phrases.len() > 1 {
        let mut current = String::new();
        for ph in phrases {
            let candidate = if current.is_empty() {
                ph.to_string()
            } else {
                format!("{current} {ph}")
            };
            if current.is_empty()
                || natural_width(setter, style, &candidate, origin)? <= width + 0.01
            {
                current = candidate;
            } else {
                texts.push(std::mem::replace(&mut current, ph.to_string()));
            }
        }
        texts.push(current);
    } else {
        texts.push(text.to_string());
    }
    let mut out = Vec::new();
    for t in texts {
        let para = setter.prepare(style, &t, &[], origin)?;
        let lines = balanced_lines(&para, width, style.size);
        out.push((para, lines));
    }
    Ok(out)
}

/// Width of `text` set on one line.
fn natural_width(
    setter: &mut Setter,
    style: &Style,
    text: &str,
    origin: &Origin<'_>,
) -> Result<f64, Diagnostics> {
    let para = setter.prepare(style, text, &[], origin)?;
    Ok(para
        .lines(f64::from(u32::MAX))
        .first()
        .map_or(0.0, |l| l.width))
}

/// The lines of `para` at the narrowest measure (in half-em steps) that still gives as
/// few lines as `width` does, so a two-line headline has two lines of similar length.
fn balanced_lines(para: &Paragraph, width: f64, em: f64) -> Vec<Line> {
    let best = para.lines(width);
    let n = best.len();
    if n <= 1 {
        return best;
    }
    let mut best = best;
    let mut w = width - em / 2.0;
    while w > width / n as f64 {
        let lines = para.lines(w);
        if lines.len() != n || lines.iter().any(|l| l.width > w + 0.01) {
            break;
        }
        best = lines;
        w -= em / 2.0;
    }
    best
}
