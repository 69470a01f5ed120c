//! Page content streams: glyph runs, rules and boxes, painted in the order the compose
//! stage gave them, in DeviceCMYK.
//!
//! Text: one `BT … ET` per glyph run; `Tm` at the first glyph (and again wherever the
//! vertical offset changes), then `TJ` with 2-byte Identity-H codes. Between two glyphs
//! the `TJ` adjustment is the gap between where the PDF viewer's pen is (previous glyph
//! plus its `/W` width) and the glyph's `x`, so glyphs land exactly where they were
//! placed. Black text, rules and boxes overprint (an ExtGState with `/OP true /op true
//! /OPM 1`), so a misregistered plate never shows a white gap around them. Crop marks
//! are stroked in the registration colour `[/Separation /All /DeviceCMYK …]` (PDF 1.7
//! §8.6.6.4: `All` marks every separation).

use std::collections::{BTreeMap, BTreeSet};

use pdf_writer::types::{ColorSpaceOperand, OverprintMode};
use pdf_writer::{Content, Name, Pdf, Ref, Str, TextStr};

use super::boxes::PageFrame;
use super::fonts::{FontCodes, Fonts};
use super::tags::{ArtifactKind, Mark};
use crate::diag::Diagnostic;
use crate::geom::{Cmyk, Paint};
use crate::page::{BoxItem, Item, Page, Rule, Run, TextLine};
use crate::text::FontId;

/// Resource name of the ExtGState that turns overprint on.
pub(super) const OVERPRINT_GS: &str = "GSop";
/// Resource name of the ExtGState that turns overprint off again.
pub(super) const KNOCKOUT_GS: &str = "GSko";
/// Resource name of the registration colour space.
pub(super) const REGISTRATION_CS: &str = "CSall";

/// Positions are written to 1/1000 pt, far below any printer's resolution.
const POSITION_STEP: f64 = 1000.0;
/// `TJ` adjustments are written to 1/100 of a thousandth of an em.
const ADJUST_STEP: f64 = 100.0;

/// One page's content stream and the resources it needs.
#[derive(Debug)]
pub(super) struct PageContent {
    /// The content stream: uncompressed as [`write_page_content`] makes it, deflated
    /// by the caller before it is kept.
    pub bytes: Vec<u8>,
    /// Fonts used on the page, for its resource dictionary.
    pub fonts: BTreeSet<FontId>,
    /// Whether the page switches overprint (needs both ExtGStates).
    pub uses_overprint: bool,
    /// Pictures painted on the page: resource name → XObject.
    pub xobjects: BTreeMap<String, Ref>,
    /// Whether the page paints in the registration colour (needs its colour space).
    pub uses_registration: bool,
}

/// Write the two ExtGStates: overprint on (for black text) and off.
pub(super) fn write_ext_g_states(pdf: &mut Pdf, overprint_id: Ref, knockout_id: Ref) {
    pdf.ext_graphics(overprint_id)
        .overprint(true)
        .overprint_fill(true)
        .overprint_mode(OverprintMode::IgnoreZeroChannel);
    pdf.ext_graphics(knockout_id)
        .overprint(false)
        .overprint_fill(false)
        .overprint_mode(OverprintMode::OverrideAllColorants);
}

/// Write the registration colour space: `[/Separation /All /DeviceCMYK f]` with
/// `f(t) = (t, t, t, t)`, so tint 1 is 100 % of every process ink where a device
/// without separations falls back to the alternate space.
pub(super) fn write_registration_space(pdf: &mut Pdf, id: Ref) {
    let mut sep = pdf
        .indirect(id)
        .start::<pdf_writer::writers::ColorSpace>()
        .separation(Name(b"All"));
    sep.alternate_color_space().device_cmyk();
    sep.tint_exponential()
        .domain([0.0, 1.0])
        .c0([0.0; 4])
        .c1([1.0; 4])
        .n(1.0);
}

/// The graphics state already set in the stream, so each operator is written only
/// when its value changes, and which resources the page needed.
#[derive(Default)]
struct State {
    fill: Option<Cmyk>,
    stroke: Option<Paint>,
    line_width: Option<f64>,
    /// Dash pattern in force (`None`: solid, the initial state).
    dash: Option<[f64; 2]>,
    overprint: bool,
    used_overprint: bool,
    used_registration: bool,
}

impl State {
    fn set_fill(&mut self, content: &mut Content, c: Cmyk) {
        if self.fill != Some(c) {
            content.set_fill_cmyk(c.c, c.m, c.y, c.k);
            self.fill = Some(c);
        }
    }

    fn set_stroke(&mut self, content: &mut Content, paint: Paint, width: f64) {
        if self.stroke != Some(paint) {
            match paint {
                Paint::Process(c) => {
                    content.set_stroke_cmyk(c.c, c.m, c.y, c.k);
                }
                Paint::Registration => {
                    let cs = ColorSpaceOperand::Named(Name(REGISTRATION_CS.as_bytes()));
                    content.set_stroke_color_space(cs);
                    content.set_stroke_color([1.0]);
                    self.used_registration = true;
                }
            }
            self.stroke = Some(paint);
        }
        if self.line_width != Some(width) {
            content.set_line_width(pos(width));
            self.line_width = Some(width);
        }
    }

    fn set_dash(&mut self, content: &mut Content, dash: Option<[f64; 2]>) {
        if self.dash != dash {
            match dash {
                Some([on, off]) => content.set_dash_pattern([pos(on), pos(off)], 0.0),
                None => content.set_dash_pattern([], 0.0),
            };
            self.dash = dash;
        }
    }

    fn set_overprint(&mut self, content: &mut Content, on: bool) {
        if self.overprint != on {
            let gs = if on { OVERPRINT_GS } else { KNOCKOUT_GS };
            content.set_parameters(Name(gs.as_bytes()));
            self.overprint = on;
            self.used_overprint |= on;
        }
    }
}

/// Build the content stream of one page. `texts`: what each item reads as (a text
/// line's `/ActualText`); `marks`: how each item is marked for the structure tree
/// (`tags`), content with its MCID or an artifact.
pub(super) fn write_page_content(
    page: &Page,
    (texts, marks): (&[Option<String>], &[Mark]),
    frame: &PageFrame,
    fonts: &Fonts<'_>,
    images: &super::images::Images,
) -> Result<PageContent, Diagnostic> {
    // A little more than a body line takes (its mark with the text it reads as, font,
    // matrix and glyph array: about 260 bytes in the sample), so the buffer seldom grows.
    const BYTES_PER_ITEM: usize = 320;
    let mut content = Content::with_capacity(page.items.len().saturating_mul(BYTES_PER_ITEM));
    let mut state = State::default();
    let mut used_fonts = BTreeSet::new();
    let mut xobjects = BTreeMap::new();
    for (i, item) in page.items.iter().enumerate() {
        let mark = marks
            .get(i)
            .copied()
            .unwrap_or(Mark::Artifact(ArtifactKind::Layout));
        match item {
            Item::Text(line) => {
                check_line(page, line)?;
                // The line as it reads in the copy (`actual_text`), for text extraction.
                let reads = texts
                    .get(i)
                    .and_then(Option::as_deref)
                    .unwrap_or(&line.text);
                begin_mark(&mut content, mark, Some(reads));
                for run in line.runs() {
                    let Some(font) = fonts.codes(run.font) else {
                        return Err(page_error(page, "a glyph run's font was not embedded"));
                    };
                    state.set_overprint(&mut content, line.overprint);
                    state.set_fill(&mut content, line.color);
                    used_fonts.insert(run.font);
                    write_run(&mut content, line, &run, font, frame, page)?;
                }
                end_mark(&mut content, true);
                if !line.dots.is_empty() {
                    begin_mark(&mut content, Mark::Artifact(ArtifactKind::Layout), None);
                    state.set_overprint(&mut content, line.overprint);
                    state.set_fill(&mut content, line.color);
                    write_dots(&mut content, &line.dots, frame, page)?;
                    end_mark(&mut content, false);
                }
            }
            Item::Rule(rule) => {
                begin_mark(&mut content, mark, None);
                write_rule(&mut content, &mut state, rule, frame, page)?;
                end_mark(&mut content, false);
            }
            Item::Box(b) => {
                begin_mark(&mut content, mark, None);
                write_box(&mut content, &mut state, b, frame, page)?;
                end_mark(&mut content, false);
            }
            Item::Image(im) => {
                begin_mark(&mut content, mark, None);
                // Pictures knock out what is under them.
                state.set_overprint(&mut content, false);
                let xo = super::images::paint_image(&mut content, im, frame, images)
                    .map_err(|e| page_error(page, &e))?;
                xobjects.insert(xo.name.clone(), xo.id);
                end_mark(&mut content, false);
            }
        }
    }
    Ok(PageContent {
        bytes: content.finish().into_vec(),
        fonts: used_fonts,
        uses_overprint: state.used_overprint,
        uses_registration: state.used_registration,
        xobjects,
    })
}

/// Open the marked-content sequence of an item (ISO 32000-1 §14.6): structure content
/// with its MCID (§14.7.4), or an artifact of its type (§14.8.2.2). A text line's
/// sequence holds a `/Span` with the text it reads as (`/ActualText`, §14.9.4: the
/// spec, and poppler, take it from a `Span`); [`end_mark`] closes both.
fn begin_mark(content: &mut Content, mark: Mark, actual: Option<&str>) {
    match mark {
        Mark::Content { tag, mcid } => {
            content
                .begin_marked_content_with_properties(Name(tag.as_bytes()))
                .properties()
                .identify(mcid);
        }
        Mark::Artifact(kind) => {
            content
                .begin_marked_content_with_properties(Name(b"Artifact"))
                .properties()
                .pair(Name(b"Type"), Name(kind.name()));
        }
    }
    if let Some(t) = actual {
        content
            .begin_marked_content_with_properties(Name(b"Span"))
            .properties()
            .actual_text(TextStr(t));
    }
}

/// Close what [`begin_mark`] opened.
fn end_mark(content: &mut Content, actual: bool) {
    if actual {
        content.end_marked_content();
    }
    content.end_marked_content();
}

/// A glyph ready for the content stream: code, `/W` width and PDF-space position.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct GlyphPos {
    /// The 2-byte code (= CID).
    pub code: u16,
    /// Width in 1/1000 em, as in `/W`.
    pub width: f32,
    /// PDF-space x of the glyph origin.
    pub x: f64,
    /// PDF-space y of the glyph origin (baseline plus vertical offset).
    pub y: f64,
}

/// One element of a `TJ` array.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Shown {
    /// 2-byte codes shown without adjustment between them: these bytes of the
    /// segment's [`TjSegment::codes`].
    Codes(std::ops::Range<usize>),
    /// An adjustment in 1/1000 of text space (positive moves left).
    Adjust(f32),
}

/// A text matrix position and the `TJ` array shown from it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct TjSegment {
    /// `Tm` translation (already rounded to [`POSITION_STEP`]).
    pub x: f64,
    pub y: f64,
    pub items: Vec<Shown>,
    /// The codes of every glyph shown, in order (one buffer for the segment, not one
    /// for each stretch between adjustments: justified CJK text has one at almost
    /// every glyph).
    pub codes: Vec<u8>,
}

/// Split a run's glyphs into `Tm` + `TJ` segments: a new segment whenever the glyph's
/// y changes, otherwise an adjustment wherever the glyph is not where the pen is.
///
/// The pen is tracked with the rounded adjustments actually written, so rounding never
/// accumulates along a line.
pub(super) fn run_segments(
    glyphs: impl IntoIterator<Item = GlyphPos>,
    size: f64,
) -> Vec<TjSegment> {
    let mut segments: Vec<TjSegment> = Vec::new();
    let mut pen = 0.0;
    for g in glyphs {
        match segments.last_mut() {
            Some(seg) if seg.y == round_to(g.y, POSITION_STEP) => {
                let adjust = round_to((pen - g.x) * 1000.0 / size, ADJUST_STEP);
                if adjust != 0.0 {
                    seg.items.push(Shown::Adjust(adjust as f32));
                    pen -= adjust * size / 1000.0;
                }
            }
            _ => {
                let seg = TjSegment {
                    x: round_to(g.x, POSITION_STEP),
                    y: round_to(g.y, POSITION_STEP),
                    items: Vec::new(),
                    codes: Vec::new(),
                };
                pen = seg.x;
                segments.push(seg);
            }
        }
        let Some(seg) = segments.last_mut() else {
            continue;
        };
        let at = seg.codes.len();
        seg.codes.extend_from_slice(&g.code.to_be_bytes());
        match seg.items.last_mut() {
            Some(Shown::Codes(codes)) => codes.end = seg.codes.len(),
            _ => seg.items.push(Shown::Codes(at..seg.codes.len())),
        }
        pen += f64::from(g.width) * size / 1000.0;
    }
    segments
}

fn write_run(
    content: &mut Content,
    line: &TextLine,
    run: &Run<'_>,
    font: &FontCodes,
    frame: &PageFrame,
    page: &Page,
) -> Result<(), Diagnostic> {
    let baseline = frame.y(line.baseline);
    let mut glyphs = Vec::with_capacity(run.glyphs.len());
    for g in run.glyphs {
        let Some((code, width)) = font.code_of(g.id) else {
            return Err(page_error(page, "a glyph was not embedded"));
        };
        glyphs.push(GlyphPos {
            code,
            width,
            x: frame.x(g.x),
            y: baseline + g.y_offset,
        });
    }
    content.begin_text();
    content.set_font(Name(font.resource_name.as_bytes()), line.size as f32);
    for seg in run_segments(glyphs, line.size) {
        content.set_text_matrix([1.0, 0.0, 0.0, 1.0, seg.x as f32, seg.y as f32]);
        let mut tj = content.show_positioned();
        let mut items = tj.items();
        for item in &seg.items {
            match item {
                Shown::Codes(r) => items.show(Str(seg.codes.get(r.clone()).unwrap_or_default())),
                Shown::Adjust(a) => items.adjust(*a),
            };
        }
    }
    content.end_text();
    Ok(())
}

fn write_rule(
    content: &mut Content,
    state: &mut State,
    rule: &Rule,
    frame: &PageFrame,
    page: &Page,
) -> Result<(), Diagnostic> {
    let width = rule.style.width;
    let nums = [rule.x0, rule.y0, rule.x1, rule.y1, width];
    if nums.iter().any(|v| !v.is_finite()) || width < 0.0 {
        return Err(page_error(
            page,
            "a rule has a non-finite coordinate or bad width",
        ));
    }
    state.set_overprint(content, rule.style.overprint);
    state.set_stroke(content, rule.style.color, width);
    state.set_dash(content, rule.style.dash);
    content
        .move_to(pos(frame.x(rule.x0)), pos(frame.y(rule.y0)))
        .line_to(pos(frame.x(rule.x1)), pos(frame.y(rule.y1)))
        .stroke();
    Ok(())
}

fn write_box(
    content: &mut Content,
    state: &mut State,
    b: &BoxItem,
    frame: &PageFrame,
    page: &Page,
) -> Result<(), Diagnostic> {
    let r = b.rect;
    let style = &b.style;
    let stroke_width = style.stroke.map_or(0.0, |(_, w)| w);
    if [r.x, r.y, r.w, r.h, stroke_width]
        .iter()
        .any(|v| !v.is_finite())
        || stroke_width < 0.0
    {
        return Err(page_error(
            page,
            "a box has a non-finite coordinate or bad width",
        ));
    }
    if style.fill.is_none() && style.stroke.is_none() {
        return Ok(());
    }
    state.set_overprint(content, style.overprint);
    if let Some(fill) = style.fill {
        state.set_fill(content, fill);
    }
    if let Some((colour, width)) = style.stroke {
        state.set_stroke(content, Paint::Process(colour), width);
        state.set_dash(content, None);
    }
    // PDF rectangles grow upwards from their lower-left corner.
    content.rect(
        pos(frame.x(r.x)),
        pos(frame.y(r.bottom())),
        pos(r.w),
        pos(r.h),
    );
    match (style.fill.is_some(), style.stroke.is_some()) {
        (true, true) => content.fill_nonzero_and_stroke(),
        (true, false) => content.fill_nonzero(),
        _ => content.stroke(),
    };
    Ok(())
}

/// Emphasis dots (着重号) as filled circles, each four Bézier quarter arcs
/// (κ = 0.5523, the usual circle approximation), filled together.
fn write_dots(
    content: &mut Content,
    dots: &[crate::page::Dot],
    frame: &PageFrame,
    page: &Page,
) -> Result<(), Diagnostic> {
    const KAPPA: f64 = 0.552_284_75;
    for d in dots {
        if ![d.x, d.y, d.diameter].iter().all(|v| v.is_finite()) || d.diameter <= 0.0 {
            return Err(page_error(
                page,
                "an emphasis dot has a bad position or size",
            ));
        }
        let (cx, cy, r) = (frame.x(d.x), frame.y(d.y), d.diameter / 2.0);
        let k = r * KAPPA;
        content.move_to(pos(cx + r), pos(cy));
        content.cubic_to(
            pos(cx + r),
            pos(cy + k),
            pos(cx + k),
            pos(cy + r),
            pos(cx),
            pos(cy + r),
        );
        content.cubic_to(
            pos(cx - k),
            pos(cy + r),
            pos(cx - r),
            pos(cy + k),
            pos(cx - r),
            pos(cy),
        );
        content.cubic_to(
            pos(cx - r),
            pos(cy - k),
            pos(cx - k),
            pos(cy - r),
            pos(cx),
            pos(cy - r),
        );
        content.cubic_to(
            pos(cx + k),
            pos(cy - r),
            pos(cx + r),
            pos(cy - k),
            pos(cx + r),
            pos(cy),
        );
        content.close_path();
    }
    content.fill_nonzero();
    Ok(())
}

/// Reject lines the PDF cannot represent (NaN or infinite numbers, size ≤ 0).
fn check_line(page: &Page, line: &TextLine) -> Result<(), Diagnostic> {
    let bad_glyph = line
        .glyphs
        .iter()
        .any(|g| !g.x.is_finite() || !g.y_offset.is_finite());
    if !line.size.is_finite() || line.size <= 0.0 || !line.baseline.is_finite() || bad_glyph {
        return Err(page_error(
            page,
            &format!(
                "the line {:?} has a non-finite position or a size that is not positive",
                line.text
            ),
        ));
    }
    Ok(())
}

fn page_error(page: &Page, what: &str) -> Diagnostic {
    Diagnostic::error(format!(
        "failed to write pdf (page {}: {what})",
        page.number
    ))
}

/// Round to `1/step`.
fn round_to(v: f64, step: f64) -> f64 {
    (v * step).round() / step
}

/// A position rounded to [`POSITION_STEP`], as PDF writes it.
fn pos(v: f64) -> f32 {
    round_to(v, POSITION_STEP) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(code: u16, width: f32, x: f64, y: f64) -> GlyphPos {
        GlyphPos { code, width, x, y }
    }

    /// A segment's `TJ` array as it is written: codes and adjustments.
    #[derive(Debug, PartialEq)]
    enum Tj {
        Codes(Vec<u8>),
        Adjust(f32),
    }

    fn tj(seg: &TjSegment) -> Vec<Tj> {
        seg.items
            .iter()
            .map(|i| match i {
                Shown::Codes(r) => Tj::Codes(seg.codes[r.clone()].to_vec()),
                Shown::Adjust(a) => Tj::Adjust(*a),
            })
            .collect()
    }

    #[test]
    fn glyphs_at_their_advance_need_no_adjustment() {
        // 10 pt, full-width glyphs 1000/1000 em wide, placed 10 pt apart.
        let segs = run_segments([g(1, 1000.0, 50.0, 700.0), g(2, 1000.0, 60.0, 700.0)], 10.0);
        assert_eq!(segs.len(), 1);
        assert_eq!((segs[0].x, segs[0].y), (50.0, 700.0));
        assert_eq!(tj(&segs[0]), vec![Tj::Codes(vec![0, 1, 0, 2])]);
    }

    #[test]
    fn gaps_become_negative_and_overlaps_positive_adjustments() {
        // Second glyph 1 pt further right than the advance: -100/1000 em at 10 pt.
        // Third glyph back at its advance from the second: no adjustment.
        // Fourth glyph 0.5 pt left of the pen (squeezed punctuation): +50.
        let segs = run_segments(
            [
                g(1, 1000.0, 0.0, 0.0),
                g(2, 500.0, 11.0, 0.0),
                g(3, 1000.0, 16.0, 0.0),
                g(4, 1000.0, 25.5, 0.0),
            ],
            10.0,
        );
        assert_eq!(segs.len(), 1);
        assert_eq!(
            tj(&segs[0]),
            vec![
                Tj::Codes(vec![0, 1]),
                Tj::Adjust(-100.0),
                Tj::Codes(vec![0, 2, 0, 3]),
                Tj::Adjust(50.0),
                Tj::Codes(vec![0, 4]),
            ]
        );
    }

    #[test]
    fn rounding_does_not_accumulate() {
        // Glyphs 1/3 pt further apart than their advance, 30 in a row: each adjustment
        // is rounded, but the tracked pen keeps the total error below one step.
        let glyphs = (0..30).map(|i| g(1, 1000.0, f64::from(i) * (9.0 + 1.0 / 3.0), 0.0));
        let segs = run_segments(glyphs, 9.0);
        let mut pen = 0.0;
        let mut last_x = 0.0;
        for item in tj(&segs[0]) {
            match item {
                Tj::Codes(c) => {
                    for _ in 0..c.len() / 2 {
                        last_x = pen;
                        pen += 9.0;
                    }
                }
                Tj::Adjust(a) => pen -= f64::from(a) * 9.0 / 1000.0,
            }
        }
        assert!((last_x - 29.0 * (9.0 + 1.0 / 3.0)).abs() < 1e-3, "{last_x}");
    }

    #[test]
    fn vertical_offset_starts_a_new_text_matrix() {
        let segs = run_segments(
            [
                g(1, 1000.0, 0.0, 100.0),
                g(2, 1000.0, 10.0, 103.0),
                g(3, 1000.0, 20.0, 100.0),
            ],
            10.0,
        );
        let starts: Vec<(f64, f64)> = segs.iter().map(|s| (s.x, s.y)).collect();
        assert_eq!(starts, vec![(0.0, 100.0), (10.0, 103.0), (20.0, 100.0)]);
    }
}
