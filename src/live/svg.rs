//! One page of the [`Document`] as SVG, for the live page view: the same glyphs at the
//! same positions as the PDF (outlines read from the fonts the PDF embeds), the rules,
//! boxes and emphasis dots, the photos, and a layer of marks (overset, loose lines) on
//! top.
//!
//! It is a screen proof of the layout, not of the plate: CMYK is shown by the naive
//! conversion (no colour management), overprint is not simulated, and a supplied PDF
//! ad is shown as a labelled grey box. Soft proofs of the plate are `broadsheet proof`.
//!
//! The view is the trim box (what is printed and cut); the bleed and slug are outside
//! it. Each glyph used on the page is one `<path>` in `<defs>`, in font units; a run of
//! glyphs is a group scaled to the font size that `<use>`s them. Ids carry the page
//! number, so several pages can sit in one HTML document.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write;
use std::sync::Arc;

use super::marks::{Mark, MarkKind};
use crate::geom::{Cmyk, Paint, Rect};
use crate::page::{BoxItem, Document, ImageItem, Item, Page, Rule, TextLine};
use crate::pictures::PictureInfo;
use crate::text::FontId;

/// The page as an SVG document with `marks` drawn over it. A picture's address carries
/// its version from `picture_versions` (by asset index), so a replaced picture is
/// fetched again; glyph outlines come from `outlines` (or the fonts, for those not
/// there).
pub fn page_svg(
    doc: &Document,
    page: &Page,
    marks: &[Mark],
    picture_versions: &[u32],
    outlines: &Outlines,
) -> String {
    let href = |asset: usize| {
        let version = picture_versions.get(asset).copied().unwrap_or(0);
        format!("/picture/{asset}?v={version}")
    };
    let draw = Draw {
        marks,
        picture_href: &href,
        overlay: "",
        name_supplied_pdfs: true,
    };
    page_svg_with(doc, page, &draw, outlines)
}

/// How [`page_svg_with`] draws a page besides the page itself.
pub struct Draw<'a> {
    /// Marks drawn over the page (overset, loose lines).
    pub marks: &'a [Mark],
    /// The address of a JPEG or PNG picture, by asset index.
    pub picture_href: &'a dyn Fn(usize) -> String,
    /// SVG drawn last, over everything (the e-paper's story regions).
    pub overlay: &'a str,
    /// Write a supplied PDF's file name in its grey box (the live view) or leave the
    /// box plain (the e-paper).
    pub name_supplied_pdfs: bool,
}

/// The page as an SVG document, drawn as `draw` says.
pub fn page_svg_with(doc: &Document, page: &Page, draw: &Draw<'_>, outlines: &Outlines) -> String {
    let n = page.number;
    let mut s = String::with_capacity(256 * 1024);
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" data-page="{n}">"#,
        num(doc.trim_width),
        num(doc.trim_height)
    );
    s.push_str("<defs>");
    glyph_defs(&mut s, doc, page, outlines);
    s.push_str("</defs>");
    let _ = write!(
        s,
        r##"<rect width="{}" height="{}" fill="#fff"/>"##,
        num(doc.trim_width),
        num(doc.trim_height)
    );
    for (i, item) in page.items.iter().enumerate() {
        match item {
            Item::Text(line) => text_line(&mut s, doc, n, line),
            Item::Rule(rule) => rule_line(&mut s, rule),
            Item::Box(b) => box_rect(&mut s, b),
            Item::Image(img) => image(&mut s, doc, (n, i), img, draw),
        }
    }
    marks_layer(&mut s, draw.marks);
    s.push_str(draw.overlay);
    s.push_str("</svg>");
    s
}

/// The id of a glyph's outline on page `n`.
fn glyph_id(s: &mut String, n: u32, font: FontId, glyph: u16) {
    let _ = write!(s, "p{n}f{}g{glyph}", font.0);
}

/// Glyph outlines as SVG path data (font units, y up, as in the font), kept from round
/// to round by the view: the same font gives the same outline. `None`: the glyph has no
/// outline (a space).
#[derive(Debug, Clone, Default)]
pub struct Outlines(HashMap<(FontId, u16), Option<Arc<str>>>);

impl Outlines {
    /// Add the outline of every glyph of `pages` that is not here yet.
    pub fn add_pages(&mut self, doc: &Document, pages: &[&Page]) {
        let mut missing: Vec<(FontId, u16)> = pages
            .iter()
            .flat_map(|p| &p.items)
            .filter_map(|item| match item {
                Item::Text(line) => Some(line.glyphs.iter().map(|g| (g.font, g.id))),
                _ => None,
            })
            .flatten()
            .filter(|k| !self.0.contains_key(k))
            .collect();
        missing.sort_unstable();
        missing.dedup();
        let mut font = None;
        for (id, glyph) in missing {
            if font.as_ref().is_none_or(|(f, _)| *f != id) {
                font = Some((id, doc.fonts.get(id).face()));
            }
            let outline = match &font {
                Some((_, Some(face))) => outline_of(face, glyph),
                _ => None,
            };
            self.0.insert((id, glyph), outline);
        }
    }

    /// The outline of a glyph: from here, or read from the font when it is not here.
    fn get(&self, doc: &Document, font: FontId, glyph: u16) -> Option<Arc<str>> {
        match self.0.get(&(font, glyph)) {
            Some(o) => o.clone(),
            None => outline_of(&doc.fonts.get(font).face()?, glyph),
        }
    }
}

/// A glyph's outline as path data; `None` when it has none.
fn outline_of(face: &ttf_parser::Face<'_>, glyph: u16) -> Option<Arc<str>> {
    let mut path = PathData(String::new());
    face.outline_glyph(ttf_parser::GlyphId(glyph), &mut path)?;
    Some(path.0.into())
}

/// One `<path>` per glyph the page uses that has an outline.
fn glyph_defs(s: &mut String, doc: &Document, page: &Page, outlines: &Outlines) {
    let used: BTreeSet<(FontId, u16)> = page
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Text(line) => Some(line.glyphs.iter().map(|g| (g.font, g.id))),
            _ => None,
        })
        .flatten()
        .collect();
    for (id, glyph) in used {
        let Some(path) = outlines.get(doc, id, glyph) else {
            continue; // a space or a glyph without outline
        };
        s.push_str(r#"<path id=""#);
        glyph_id(s, page.number, id, glyph);
        let _ = write!(s, r#"" d="{path}"/>"#);
    }
}

/// An outline as SVG path data, in font units rounded to 1/10.
struct PathData(String);

impl ttf_parser::OutlineBuilder for PathData {
    fn move_to(&mut self, x: f32, y: f32) {
        let _ = write!(self.0, "M{} {}", unit(x), unit(y));
    }
    fn line_to(&mut self, x: f32, y: f32) {
        let _ = write!(self.0, "L{} {}", unit(x), unit(y));
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let _ = write!(self.0, "Q{} {} {} {}", unit(x1), unit(y1), unit(x), unit(y));
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let _ = write!(
            self.0,
            "C{} {} {} {} {} {}",
            unit(x1),
            unit(y1),
            unit(x2),
            unit(y2),
            unit(x),
            unit(y)
        );
    }
    fn close(&mut self) {
        self.0.push('Z');
    }
}

/// A font-unit coordinate to 1/10 unit.
fn unit(v: f32) -> f64 {
    (f64::from(v) * 10.0).round() / 10.0
}

/// A page coordinate in points to 1/100 pt (a screen pixel is far coarser).
pub fn num(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// A CMYK colour shown on screen by the naive conversion (no profile).
fn rgb(c: Cmyk) -> String {
    let ch = |x: f32| {
        let v = (1.0 - x.clamp(0.0, 1.0)) * (1.0 - c.k.clamp(0.0, 1.0)) * 255.0;
        v.round() as u8
    };
    format!("#{:02x}{:02x}{:02x}", ch(c.c), ch(c.m), ch(c.y))
}

fn paint(p: Paint) -> String {
    match p {
        Paint::Process(c) => rgb(c),
        // Registration prints on every plate: black on screen.
        Paint::Registration => "#000000".into(),
    }
}

/// A text line: one group per run of one font, scaled from font units to the size
/// and flipped (font y is up), then its emphasis dots.
fn text_line(s: &mut String, doc: &Document, n: u32, line: &TextLine) {
    let fill = rgb(line.color);
    let _ = write!(s, r#"<g fill="{fill}">"#);
    for run in line.runs() {
        let Some(first) = run.glyphs.first() else {
            continue;
        };
        // The outlines are in font units; the group scales them to the size.
        let upem = f64::from(doc.fonts.get(run.font).units_per_em.max(1));
        let scale = line.size / upem;
        let _ = write!(
            s,
            r#"<g transform="matrix({} 0 0 {} {} {})">"#,
            scale,
            -scale,
            num(first.x),
            num(line.baseline)
        );
        for g in run.glyphs {
            s.push_str(r##"<use href="#"##);
            glyph_id(s, n, g.font, g.id);
            let dx = ((g.x - first.x) / scale).round();
            let _ = write!(s, r#"" x="{dx}""#);
            if g.y_offset != 0.0 {
                let _ = write!(s, r#" y="{}""#, (g.y_offset / scale).round());
            }
            s.push_str("/>");
        }
        s.push_str("</g>");
    }
    for d in &line.dots {
        let _ = write!(
            s,
            r#"<circle cx="{}" cy="{}" r="{}"/>"#,
            num(d.x),
            num(d.y),
            num(d.diameter / 2.0)
        );
    }
    s.push_str("</g>");
}

fn rule_line(s: &mut String, rule: &Rule) {
    let st = &rule.style;
    let _ = write!(
        s,
        r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="{}""#,
        num(rule.x0),
        num(rule.y0),
        num(rule.x1),
        num(rule.y1),
        paint(st.color),
        num(st.width)
    );
    if let Some([on, off]) = st.dash {
        let _ = write!(s, r#" stroke-dasharray="{} {}""#, num(on), num(off));
    }
    s.push_str("/>");
}

fn box_rect(s: &mut String, b: &BoxItem) {
    let st = &b.style;
    rect_open(s, b.rect);
    match st.fill {
        Some(c) => {
            let _ = write!(s, r#" fill="{}""#, rgb(c));
        }
        None => s.push_str(r#" fill="none""#),
    }
    if let Some((c, w)) = st.stroke {
        let _ = write!(s, r#" stroke="{}" stroke-width="{}""#, rgb(c), num(w));
    }
    s.push_str("/>");
}

pub fn rect_open(s: &mut String, r: Rect) {
    let _ = write!(
        s,
        r#"<rect x="{}" y="{}" width="{}" height="{}""#,
        num(r.x),
        num(r.y),
        num(r.w),
        num(r.h)
    );
}

/// A photo or an image ad: the picture at the address `draw` gives, placed and clipped
/// as in the PDF. A supplied PDF page: a grey box (with its name in the live view).
/// `at` is the page number and the item's index.
fn image(s: &mut String, doc: &Document, at: (u32, usize), img: &ImageItem, draw: &Draw<'_>) {
    let (n, i) = at;
    let picture = doc.pictures.get(img.asset.0);
    let is_image = picture.is_some_and(|p| !matches!(p.info, PictureInfo::Pdf(_)));
    if is_image {
        let _ = write!(s, r#"<clipPath id="p{n}c{i}">"#);
        rect_open(s, img.clip);
        s.push_str("/></clipPath>");
        let r = img.placed;
        let _ = write!(
            s,
            r#"<image href="{}" x="{}" y="{}" width="{}" height="{}" preserveAspectRatio="none" clip-path="url(#p{n}c{i})"/>"#,
            escape(&(draw.picture_href)(img.asset.0)),
            num(r.x),
            num(r.y),
            num(r.w),
            num(r.h)
        );
        return;
    }
    let c = img.clip;
    s.push_str(r#"<g class="supplied-pdf">"#);
    rect_open(s, c);
    s.push_str(r##" fill="#e4e4e4" stroke="#999" stroke-width="0.5"/>"##);
    if draw.name_supplied_pdfs {
        let name = picture.map_or("?", |p| p.name.as_str());
        let _ = write!(
            s,
            r##"<text x="{}" y="{}" font-size="9" fill="#555">PDF: {} p. {}</text>"##,
            num(c.x + 4.0),
            num(c.y + 12.0),
            escape(name),
            img.page
        );
    }
    s.push_str("</g>");
}

/// The marks layer: a red frame and label for an overset story, a yellow band under a
/// loose line; each with a tooltip.
fn marks_layer(s: &mut String, marks: &[Mark]) {
    s.push_str(r#"<g class="marks">"#);
    for m in marks {
        let (class, fill, stroke) = match m.kind {
            MarkKind::Overset => ("overset", "rgba(220,0,0,0.08)", "#d00000"),
            MarkKind::Loose => ("loose", "rgba(255,200,0,0.35)", "none"),
        };
        let _ = write!(
            s,
            r#"<g class="{class}" data-story="{}"><title>{}</title>"#,
            escape(&m.story),
            escape(&m.note)
        );
        rect_open(s, m.rect);
        let _ = write!(s, r#" fill="{fill}" stroke="{stroke}" stroke-width="2"/>"#);
        if m.kind == MarkKind::Overset {
            let _ = write!(
                s,
                r##"<rect x="{}" y="{}" width="{}" height="16" fill="#d00000"/><text x="{}" y="{}" font-size="11" fill="#fff">{}</text>"##,
                num(m.rect.x),
                num(m.rect.y + m.rect.h - 16.0),
                num(m.rect.w.min(260.0)),
                num(m.rect.x + 3.0),
                num(m.rect.y + m.rect.h - 4.0),
                escape(&m.label)
            );
        }
        s.push_str("</g>");
    }
    s.push_str("</g>");
}

/// Text for an SVG or HTML text node or attribute.
pub fn escape(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    for c in t.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
