//! Display lines: headlines, kickers, captions, masthead and ad text. Each line of a
//! display style occupies a whole number of body lines (`Style::lines`), so headline
//! blocks keep the body text on the grid (CLReq "From the Template of the Page Format":
//! heading blocks take an integer number of body lines).

use crate::diag::Diagnostic;
use crate::flow::model::SetLine;
use crate::flow::setter::{Origin, Setter};
use crate::linebreak::{Line, Paragraph};
use crate::spec::{Align, Grid, Style};

/// A block of display lines set one under another.
pub struct DisplayBlock {
    pub lines: Vec<SetLine>,
    /// Body lines the block occupies.
    pub rows: u32,
}

/// Set `text` in `style` within `[x, x + width]`, starting at the top of body line
/// `top` (a y coordinate on the grid). Lines wrap at `width`; each takes `style.lines`
/// body lines; the em box is centred vertically in that band.
#[allow(clippy::too_many_arguments)]
pub fn set_display(
    setter: &mut Setter,
    grid: &Grid,
    style: &Style,
    text: &str,
    x: f64,
    width: f64,
    top: f64,
    origin: &Origin<'_>,
) -> Result<DisplayBlock, Vec<Diagnostic>> {
    if text.trim().is_empty() {
        return Ok(DisplayBlock {
            lines: Vec::new(),
            rows: 0,
        });
    }
    let band = f64::from(style.lines) * grid.line_pitch;
    let mut out = Vec::new();
    let mut y = top;
    let mut rows = 0;
    let groups = display_lines(setter, style, text, width, origin)?;
    for (para, line) in groups
        .iter()
        .flat_map(|(p, ls)| ls.iter().map(move |l| (p, l)))
    {
        let shift = match style.align {
            Align::Left | Align::Justify => 0.0,
            Align::Center => ((width - line.width) / 2.0).max(0.0),
            Align::Right => (width - line.width).max(0.0),
        };
        let baseline = y + (band - style.size) / 2.0 + style.size * crate::spec::IDEO_ASCENT;
        out.push(SetLine::place(
            line,
            para.text(),
            style,
            x,
            shift,
            baseline,
            false,
            None,
        ));
        y += band;
        rows += style.lines;
    }
    Ok(DisplayBlock { lines: out, rows })
}

/// Break display text into lines the way headlines are set: at the spaces between
/// phrases when it has them (a headline's phrases are not split across lines), and with
/// lines of even length rather than a full line and a short one (no 孤字-like tail).
/// Returns each prepared paragraph once with its lines (memory linear in the text, not
/// a copy of the paragraph per line).
fn display_lines(
    setter: &mut Setter,
    style: &Style,
    text: &str,
    width: f64,
    origin: &Origin<'_>,
) -> Result<Vec<(Paragraph, Vec<Line>)>, Vec<Diagnostic>> {
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
) -> Result<f64, Vec<Diagnostic>> {
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
