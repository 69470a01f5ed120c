//! Display lines: headlines, kickers, captions, masthead and ad text. Each line of a
//! display style occupies a whole number of body lines (`Style::lines`), so headline
//! blocks keep the body text on the grid (CLReq "From the Template of the Page Format":
//! heading blocks take an integer number of body lines).

use crate::diag::Diagnostic;
use crate::flow::model::SetLine;
use crate::flow::setter::{Origin, Setter};
use crate::spec::{Align, Grid, Style};
use crate::text::FontBook;

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
    fonts: &FontBook,
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
    let para = setter.prepare(fonts, style, text, &[], origin)?;
    let band = f64::from(style.lines) * grid.line_pitch;
    let mut out = Vec::new();
    let mut y = top;
    let mut rows = 0;
    for line in para.lines(width) {
        let shift = match style.align {
            Align::Left | Align::Justify => 0.0,
            Align::Center => ((width - line.width) / 2.0).max(0.0),
            Align::Right => (width - line.width).max(0.0),
        };
        let baseline = y + (band - style.size) / 2.0 + style.size * crate::spec::IDEO_ASCENT;
        out.push(SetLine::place(
            &line,
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
