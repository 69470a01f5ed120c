//! Content checks: what each page paints, walked operator by operator (form XObjects
//! included) with the current transformation matrix, colours and text state.
//!
//! - `colour-spaces`: no DeviceRGB (ISO 15930-7: with a CMYK output intent,
//!   device colour must be CMYK or grey; device-independent spaces — ICCBased, Lab,
//!   CalRGB — and Separation/DeviceN are allowed), in paths, text and images;
//! - `tac`: the total area coverage of DeviceCMYK colours painted on the page is at most
//!   the limit (ISO 12647-3 for coldset newsprint: 240–260 %);
//! - `registration`: the registration colour (`/Separation /All`) is only painted
//!   outside the BleedBox (printer's marks; anything inside would print on every plate);
//! - `small-text`: text under the minimum size is painted in one ink (misregistration of
//!   a newspaper press makes small multi-ink text illegible);
//! - `graphics-state`: no transfer functions or halftones in ExtGStates, blend
//!   modes among those PDF 1.6 defines (X-4 allows transparency), transparency groups
//!   not in DeviceRGB.

use std::collections::{BTreeMap, BTreeSet};

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

use super::pdf::{deref, page_box, result};
use super::{bounded, error, CheckResult, Finding, Limits};

/// The blend modes of PDF 1.6 (PDF 1.7 Table 136/137).
const BLEND_MODES: &[&[u8]] = &[
    b"Normal",
    b"Compatible",
    b"Multiply",
    b"Screen",
    b"Overlay",
    b"Darken",
    b"Lighten",
    b"ColorDodge",
    b"ColorBurn",
    b"HardLight",
    b"SoftLight",
    b"Difference",
    b"Exclusion",
    b"Hue",
    b"Saturation",
    b"Color",
    b"Luminosity",
];

/// Run the content checks on every page.
pub(super) fn check_content(doc: &Document, limits: &Limits) -> Vec<CheckResult> {
    let mut f = Found::default();
    for (n, id) in doc.get_pages() {
        walk_page(doc, n, id, limits, &mut f);
    }
    vec![
        result(
            "colour-spaces",
            "only CMYK, grey, spot and device-independent colour; no DeviceRGB",
            f.colour,
        ),
        result(
            "tac",
            "total area coverage of CMYK colours within the limit",
            f.tac,
        ),
        result(
            "registration",
            "registration colour (/Separation /All) only outside the BleedBox",
            f.registration,
        ),
        result(
            "small-text",
            "text below the minimum size in one ink only",
            f.small_text,
        ),
        result(
            "graphics-state",
            "no transfer functions or halftones; PDF 1.6 blend modes; no RGB groups",
            f.gstate,
        ),
    ]
}

/// Findings per check, each deduplicated.
#[derive(Default)]
struct Found {
    colour: Vec<Finding>,
    tac: Vec<Finding>,
    registration: Vec<Finding>,
    small_text: Vec<Finding>,
    gstate: Vec<Finding>,
    seen: BTreeSet<String>,
    /// Images already measured (by address in the document).
    images: BTreeSet<usize>,
    /// Operators walked on the current page.
    ops: u64,
    /// Form contents decoded so far (by address in the document), each parsed once.
    forms: BTreeMap<usize, Result<std::rc::Rc<Content>, String>>,
    /// The XObjects (resource names) being walked, outermost first: a finding inside
    /// one names it (the page's `/Fm4p1` is a supplied ad, `/Im2` a photo).
    within: Vec<String>,
}

impl Found {
    fn push(&mut self, which: fn(&mut Found) -> &mut Vec<Finding>, mut f: Finding) {
        if let Some(outer) = self.within.first() {
            f.message = format!("{} (in /{outer})", f.message);
        }
        let key = format!("{:?}{}", f.page, f.message);
        if self.seen.insert(key) {
            which(self).push(f);
        }
    }
}

/// A colour as far as the checks care.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Colour {
    /// DeviceCMYK (or a 4-component ICC space), components 0–1.
    Cmyk([f64; 4]),
    /// One ink: grey, or a named spot colour.
    OneInk,
    /// Several inks of a DeviceN or a 3-component space (converted to CMYK by the RIP).
    Several,
    /// `/Separation /All`, with its tint.
    Registration(f64),
}

impl Colour {
    fn inks(&self) -> usize {
        match self {
            Colour::Cmyk(c) => c.iter().filter(|v| **v > 0.0).count(),
            Colour::OneInk => 1,
            Colour::Several => 2,
            Colour::Registration(t) if *t > 0.0 => 4,
            Colour::Registration(_) => 0,
        }
    }
}

/// What a colour space name or array stands for.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Space {
    Cmyk,
    Gray,
    Registration,
    Spot,
    Multi,
    Rgb,
}

#[derive(Debug, Clone, Copy)]
struct Gs {
    ctm: [f64; 6],
    fill_space: Space,
    stroke_space: Space,
    fill: Colour,
    stroke: Colour,
    line_width: f64,
    font_size: f64,
    tm: [f64; 6],
    invisible: bool,
}

impl Default for Gs {
    fn default() -> Self {
        Gs {
            ctm: IDENTITY,
            fill_space: Space::Gray,
            stroke_space: Space::Gray,
            fill: Colour::OneInk,
            stroke: Colour::OneInk,
            line_width: 1.0,
            font_size: 0.0,
            tm: IDENTITY,
            invisible: false,
        }
    }
}

const IDENTITY: [f64; 6] = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `a × b` for PDF matrices `[a b c d e f]` (row vectors: p' = p × M).
fn mul(a: [f64; 6], b: [f64; 6]) -> [f64; 6] {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

fn apply(m: [f64; 6], x: f64, y: f64) -> (f64, f64) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

/// The linear scale of a matrix: √|det|.
fn scale(m: [f64; 6]) -> f64 {
    (m[0] * m[3] - m[1] * m[2]).abs().sqrt()
}

/// Everything the walk of one page needs.
struct Page<'a> {
    doc: &'a Document,
    n: u32,
    bleed: Option<[f64; 4]>,
    limits: &'a Limits,
}

fn walk_page(doc: &Document, n: u32, id: ObjectId, limits: &Limits, f: &mut Found) {
    let page = Page {
        doc,
        n,
        bleed: page_box(doc, id, b"BleedBox").or_else(|| page_box(doc, id, b"TrimBox")),
        limits,
    };
    let resources = page_resources(doc, id);
    if let Ok(pd) = doc.get_dictionary(id) {
        check_group(&page, pd, f);
    }
    let content = doc
        .get_page_contents(id)
        .iter()
        .try_fold(Vec::new(), |mut all, &c| {
            let stream = doc
                .get_object(c)
                .and_then(Object::as_stream)
                .map_err(|_| "a content stream is missing".to_string())?;
            all.extend(bounded::stream_data(stream)?);
            all.push(b'\n');
            Ok::<_, String>(all)
        });
    let content = content.and_then(|data| bounded::decode_content(&data));
    let content = match content {
        Ok(c) => c,
        Err(why) => {
            f.push(
                |f| &mut f.colour,
                error(Some(n), format!("the page is not checked: {why}")),
            );
            return;
        }
    };
    f.ops = 0;
    walk(&page, &content, &resources, Gs::default(), 0, f);
}

/// Most operators walked on one page, forms included (a form that draws itself 40
/// times, 8 deep, would be 40^8).
const MAX_OPS_PER_PAGE: u64 = 2_000_000;

/// The page's resource dictionaries, own first, then inherited.
fn page_resources(doc: &Document, id: ObjectId) -> Vec<&Dictionary> {
    let mut out = Vec::new();
    if let Ok((own, inherited)) = doc.get_page_resources(id) {
        out.extend(own);
        out.extend(
            inherited
                .into_iter()
                .filter_map(|r| doc.get_dictionary(r).ok()),
        );
    }
    out
}

/// A named resource of a category (`ColorSpace`, `XObject`, `ExtGState`).
fn resource<'a>(
    doc: &'a Document,
    res: &[&'a Dictionary],
    category: &[u8],
    name: &[u8],
) -> Option<&'a Object> {
    res.iter().find_map(|r| {
        let cat = deref(doc, r.get(category).ok()?).as_dict().ok()?;
        Some(deref(doc, cat.get(name).ok()?))
    })
}

/// Classify a colour space object (a name or an array).
fn space_of(doc: &Document, o: &Object, depth: u32) -> Space {
    let o = deref(doc, o);
    if let Ok(n) = o.as_name() {
        return match n {
            b"DeviceCMYK" | b"CMYK" => Space::Cmyk,
            b"DeviceGray" | b"G" | b"CalGray" => Space::Gray,
            b"DeviceRGB" | b"RGB" => Space::Rgb,
            b"Pattern" => Space::Multi,
            _ => Space::Multi,
        };
    }
    let Ok(a) = o.as_array() else {
        return Space::Multi;
    };
    let head = a.first().and_then(|h| h.as_name().ok()).unwrap_or(b"");
    match head {
        b"Separation" => match a.get(1).and_then(|x| x.as_name().ok()) {
            Some(b"All") => Space::Registration,
            _ => Space::Spot,
        },
        b"ICCBased" => {
            let n = a
                .get(1)
                .and_then(|s| deref(doc, s).as_stream().ok())
                .and_then(|s| s.dict.get(b"N").and_then(Object::as_i64).ok());
            match n {
                Some(4) => Space::Cmyk,
                Some(1) => Space::Gray,
                _ => Space::Multi,
            }
        }
        b"Indexed" | b"I" if depth < 4 => match a.get(1).map(|b| space_of(doc, b, depth + 1)) {
            Some(Space::Rgb) => Space::Rgb,
            _ => Space::Multi,
        },
        _ => Space::Multi,
    }
}

/// The colour set by `sc`/`scn` (or `k`, `g`) in `space`.
fn colour_in(space: Space, ops: &[f64]) -> Colour {
    match (space, ops) {
        (Space::Cmyk, [c, m, y, k]) => Colour::Cmyk([*c, *m, *y, *k]),
        (Space::Registration, [t]) => Colour::Registration(*t),
        (Space::Gray | Space::Spot, _) => Colour::OneInk,
        _ => Colour::Several,
    }
}

fn nums(ops: &[Object]) -> Vec<f64> {
    ops.iter()
        .filter_map(|o| o.as_float().ok())
        .map(f64::from)
        .collect()
}

fn name_arg(ops: &[Object]) -> &[u8] {
    ops.first().and_then(|o| o.as_name().ok()).unwrap_or(b"")
}

/// Walk a content stream. `depth` guards against form XObjects that draw themselves.
fn walk(
    page: &Page<'_>,
    content: &Content,
    res: &[&Dictionary],
    start: Gs,
    depth: u32,
    f: &mut Found,
) {
    let doc = page.doc;
    let n = Some(page.n);
    let mut gs = start;
    let mut stack: Vec<Gs> = Vec::new();
    let mut path: Vec<(f64, f64)> = Vec::new();
    for op in &content.operations {
        if f.ops >= MAX_OPS_PER_PAGE {
            f.push(
                |f| &mut f.colour,
                error(
                    n,
                    format!("the page is not checked to the end: its content and forms draw more than {MAX_OPS_PER_PAGE} operators"),
                ),
            );
            return;
        }
        f.ops += 1;
        let args = nums(&op.operands);
        match op.operator.as_str() {
            "q" => stack.push(gs),
            "Q" => gs = stack.pop().unwrap_or(gs),
            "cm" => {
                if let [a, b, c, d, e, g] = args.as_slice() {
                    gs.ctm = mul([*a, *b, *c, *d, *e, *g], gs.ctm);
                }
            }
            "w" => gs.line_width = args.first().copied().unwrap_or(1.0),
            "rg" | "RG" => f.push(|f| &mut f.colour, error(n, "DeviceRGB colour (rg/RG)")),
            "g" => {
                gs.fill_space = Space::Gray;
                gs.fill = Colour::OneInk;
            }
            "G" => {
                gs.stroke_space = Space::Gray;
                gs.stroke = Colour::OneInk;
            }
            "k" => {
                gs.fill_space = Space::Cmyk;
                gs.fill = colour_in(Space::Cmyk, &args);
            }
            "K" => {
                gs.stroke_space = Space::Cmyk;
                gs.stroke = colour_in(Space::Cmyk, &args);
            }
            "cs" | "CS" => {
                let name = name_arg(&op.operands);
                let space = match name {
                    b"DeviceCMYK" => Space::Cmyk,
                    b"DeviceGray" => Space::Gray,
                    b"DeviceRGB" => Space::Rgb,
                    b"Pattern" => Space::Multi,
                    _ => resource(doc, res, b"ColorSpace", name)
                        .map_or(Space::Multi, |o| space_of(doc, o, 0)),
                };
                if space == Space::Rgb {
                    f.push(|f| &mut f.colour, error(n, "DeviceRGB colour space"));
                }
                // Setting a space sets its initial colour (PDF 1.7 §8.6.8).
                let initial = match space {
                    Space::Cmyk => Colour::Cmyk([0.0, 0.0, 0.0, 1.0]),
                    Space::Registration => Colour::Registration(1.0),
                    other => colour_in(other, &[]),
                };
                if op.operator == "cs" {
                    gs.fill_space = space;
                    gs.fill = initial;
                } else {
                    gs.stroke_space = space;
                    gs.stroke = initial;
                }
            }
            "sc" | "scn" => gs.fill = colour_in(gs.fill_space, &args),
            "SC" | "SCN" => gs.stroke = colour_in(gs.stroke_space, &args),
            "gs" => check_ext_g_state(page, res, name_arg(&op.operands), f),
            "m" | "l" => {
                if let [x, y] = args.as_slice() {
                    path.push(apply(gs.ctm, *x, *y));
                }
            }
            "c" | "v" | "y" => {
                for p in args.chunks(2) {
                    if let [x, y] = p {
                        path.push(apply(gs.ctm, *x, *y));
                    }
                }
            }
            "re" => {
                if let [x, y, w, h] = args.as_slice() {
                    for (px, py) in [(*x, *y), (x + w, *y), (*x, y + h), (x + w, y + h)] {
                        path.push(apply(gs.ctm, px, py));
                    }
                }
            }
            "S" | "s" => {
                paint(page, gs.stroke, &path, gs.line_width / 2.0, f);
                path.clear();
            }
            "f" | "F" | "f*" => {
                paint(page, gs.fill, &path, 0.0, f);
                path.clear();
            }
            "B" | "B*" | "b" | "b*" => {
                paint(page, gs.fill, &path, 0.0, f);
                paint(page, gs.stroke, &path, gs.line_width / 2.0, f);
                path.clear();
            }
            "n" => path.clear(),
            "BT" => gs.tm = IDENTITY,
            "Tf" => gs.font_size = args.first().copied().unwrap_or(0.0),
            "Tr" => gs.invisible = args.first().copied() == Some(3.0),
            "Tm" => {
                if let [a, b, c, d, e, g] = args.as_slice() {
                    gs.tm = [*a, *b, *c, *d, *e, *g];
                }
            }
            "Td" | "TD" => {
                if let [x, y] = args.as_slice() {
                    gs.tm = mul([1.0, 0.0, 0.0, 1.0, *x, *y], gs.tm);
                }
            }
            "Tj" | "TJ" | "'" | "\"" if !gs.invisible => show_text(page, &gs, f),
            "Do" if depth < 8 => {
                let name = name_arg(&op.operands);
                if let Some(x) = resource(doc, res, b"XObject", name) {
                    f.within.push(String::from_utf8_lossy(name).into_owned());
                    xobject(page, x, res, gs, depth, f);
                    f.within.pop();
                }
            }
            _ => {}
        }
    }
}

/// Check a painted path: TAC, registration outside the bleed.
fn paint(page: &Page<'_>, colour: Colour, path: &[(f64, f64)], grow: f64, f: &mut Found) {
    let n = Some(page.n);
    if let Colour::Cmyk(c) = colour {
        tac(page, c, f);
    }
    if let (Colour::Registration(t), Some(b)) = (colour, page.bleed) {
        if t > 0.0 && touches(path, grow, b) {
            f.push(
                |f| &mut f.registration,
                error(n, "registration colour painted inside or on the BleedBox"),
            );
        }
    }
}

fn tac(page: &Page<'_>, c: [f64; 4], f: &mut Found) {
    let total = (c[0] + c[1] + c[2] + c[3]) * 100.0;
    if total > page.limits.tac_percent + 0.5 {
        f.push(
            |f| &mut f.tac,
            error(
                Some(page.n),
                format!(
                    "CMYK {:.0}/{:.0}/{:.0}/{:.0} covers {total:.0} % (limit {:.0} %)",
                    c[0] * 100.0,
                    c[1] * 100.0,
                    c[2] * 100.0,
                    c[3] * 100.0,
                    page.limits.tac_percent
                ),
            ),
        );
    }
}

/// Whether the path's bounding box, grown by `grow`, meets the box `b` (touching
/// counts: marks must lie strictly outside).
fn touches(path: &[(f64, f64)], grow: f64, b: [f64; 4]) -> bool {
    if path.is_empty() {
        return false;
    }
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &(x, y) in path {
        x0 = x0.min(x);
        y0 = y0.min(y);
        x1 = x1.max(x);
        y1 = y1.max(y);
    }
    x0 - grow <= b[2] && x1 + grow >= b[0] && y0 - grow <= b[3] && y1 + grow >= b[1]
}

fn show_text(page: &Page<'_>, gs: &Gs, f: &mut Found) {
    let n = Some(page.n);
    let size = gs.font_size.abs() * scale(gs.tm) * scale(gs.ctm);
    if let Colour::Cmyk(c) = gs.fill {
        tac(page, c, f);
    }
    if gs.fill.inks() > 1 && size < page.limits.min_multi_ink_text {
        f.push(
            |f| &mut f.small_text,
            error(
                n,
                format!(
                    "{size:.1} pt text in {} inks (minimum {:.1} pt for more than one ink)",
                    gs.fill.inks(),
                    page.limits.min_multi_ink_text
                ),
            ),
        );
    }
    if let (Colour::Registration(t), Some(b)) = (gs.fill, page.bleed) {
        let origin = apply(mul(gs.tm, gs.ctm), 0.0, 0.0);
        if t > 0.0 && touches(&[origin], size, b) {
            f.push(
                |f| &mut f.registration,
                error(n, "text in the registration colour inside the BleedBox"),
            );
        }
    }
}

/// An image (its colour space) or a form (walked with its own matrix and resources).
fn xobject(page: &Page<'_>, x: &Object, res: &[&Dictionary], gs: Gs, depth: u32, f: &mut Found) {
    let doc = page.doc;
    let Ok(stream) = x.as_stream() else { return };
    let d = &stream.dict;
    match d.get(b"Subtype").and_then(Object::as_name).unwrap_or(b"") {
        b"Image" => {
            let space = d.get(b"ColorSpace").ok().map(|cs| space_of(doc, cs, 0));
            if space == Some(Space::Rgb) {
                f.push(
                    |f| &mut f.colour,
                    error(Some(page.n), "an image in DeviceRGB"),
                );
            }
            // Each image once, however often it is painted.
            if space == Some(Space::Cmyk) && f.images.insert(std::ptr::from_ref(stream) as usize) {
                image_tac(page, stream, f);
            }
        }
        b"Form" => {
            check_group(page, d, f);
            let mut inner = gs;
            if let Ok(m) = d.get(b"Matrix").and_then(Object::as_array) {
                if let [a, b, c, dd, e, g] = nums(m).as_slice() {
                    inner.ctm = mul([*a, *b, *c, *dd, *e, *g], gs.ctm);
                }
            }
            let own = d
                .get(b"Resources")
                .ok()
                .and_then(|r| deref(doc, r).as_dict().ok());
            let mut form_res: Vec<&Dictionary> = own.into_iter().collect();
            form_res.extend_from_slice(res);
            let decoded = f
                .forms
                .entry(std::ptr::from_ref(stream) as usize)
                .or_insert_with(|| {
                    bounded::stream_data(stream)
                        .and_then(|d| bounded::decode_content(&d))
                        .map(std::rc::Rc::new)
                })
                .clone();
            match decoded {
                Ok(content) => walk(page, &content, &form_res, inner, depth + 1, f),
                Err(why) => f.push(
                    |f| &mut f.colour,
                    error(
                        Some(page.n),
                        format!("a form on the page is not checked: {why}"),
                    ),
                ),
            }
        }
        _ => {}
    }
}

/// Largest image whose ink is measured, in pixels (the pictures' own limit).
const MAX_MEASURED_PIXELS: u64 = 100_000_000;

/// The ink of an 8-bit CMYK image: the samples of a `/DCTDecode` image as the JPEG
/// decoder gives them (ink values; Adobe's inverted storage undone), or those of an
/// unpredicted `/FlateDecode` image (inflated to at most the size its dictionary
/// declares, `/Decode [1 0 …]` applied). `None` when the image is of another kind or
/// cannot be read (other checks report an unreadable file).
fn image_ink(stream: &lopdf::Stream) -> Option<crate::pictures::ink::InkCoverage> {
    let d = &stream.dict;
    let dim = |k: &[u8]| {
        d.get(k)
            .and_then(Object::as_i64)
            .ok()
            .and_then(|v| u64::try_from(v).ok())
    };
    let (w, h) = (dim(b"Width")?, dim(b"Height")?);
    if w.checked_mul(h)? > MAX_MEASURED_PIXELS || dim(b"BitsPerComponent") != Some(8) {
        return None;
    }
    let filter = match d.get(b"Filter").ok()? {
        Object::Name(n) => n.as_slice(),
        Object::Array(a) if a.len() == 1 => a.first()?.as_name().ok()?,
        _ => return None,
    };
    let samples = match filter {
        b"DCTDecode" => {
            let mut dec = jpeg_decoder::Decoder::new(stream.content.as_slice());
            let px = dec.decode().ok()?;
            (dec.info()?.pixel_format == jpeg_decoder::PixelFormat::CMYK32).then_some(px)?
        }
        b"FlateDecode" if d.get(b"DecodeParms").is_err() => {
            let size = usize::try_from(w.checked_mul(h)?.checked_mul(4)?).ok()?;
            let mut px =
                miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(&stream.content, size)
                    .ok()?;
            let inverted = d
                .get(b"Decode")
                .and_then(Object::as_array)
                .is_ok_and(|a| nums(a).first() == Some(&1.0));
            if inverted {
                px.iter_mut().for_each(|v| *v = 255 - *v);
            }
            px
        }
        _ => return None,
    };
    Some(crate::pictures::ink::InkCoverage::of_cmyk(&samples))
}

/// The total area coverage of a CMYK image's pixels against the limit.
fn image_tac(page: &Page<'_>, stream: &lopdf::Stream, f: &mut Found) {
    let limit = page.limits.tac_percent;
    let Some(ink) = image_ink(stream) else { return };
    if !ink.exceeds(limit + 0.5) {
        return;
    }
    let dim = |k: &[u8]| stream.dict.get(k).and_then(Object::as_i64).unwrap_or(0);
    f.push(
        |f| &mut f.tac,
        error(
            Some(page.n),
            format!(
                "a CMYK image ({} × {} px) reaches {} % total area coverage; {:.0} % of its pixels are over the limit of {limit:.0} %",
                dim(b"Width"),
                dim(b"Height"),
                ink.max_percent(),
                ink.share_over(limit) * 100.0
            ),
        ),
    );
}

/// A transparency group must not blend in DeviceRGB.
fn check_group(page: &Page<'_>, d: &Dictionary, f: &mut Found) {
    let doc = page.doc;
    let cs = d
        .get(b"Group")
        .ok()
        .and_then(|g| deref(doc, g).as_dict().ok())
        .and_then(|g| g.get(b"CS").ok());
    if cs.is_some_and(|cs| space_of(doc, cs, 0) == Space::Rgb) {
        f.push(
            |f| &mut f.gstate,
            error(Some(page.n), "a transparency group in DeviceRGB"),
        );
    }
}

fn check_ext_g_state(page: &Page<'_>, res: &[&Dictionary], name: &[u8], f: &mut Found) {
    let doc = page.doc;
    let Some(d) = resource(doc, res, b"ExtGState", name).and_then(|o| o.as_dict().ok()) else {
        return;
    };
    let n = Some(page.n);
    for key in ["TR", "TR2"] {
        let v = d.get(key.as_bytes()).ok().map(|v| deref(doc, v));
        let default = v.is_none_or(|v| v.as_name().ok() == Some(b"Default"));
        if !default {
            f.push(
                |f| &mut f.gstate,
                error(n, format!("a transfer function (/{key})")),
            );
        }
    }
    if d.has(b"HT") {
        f.push(|f| &mut f.gstate, error(n, "a halftone (/HT)"));
    }
    let modes: BTreeMap<usize, &[u8]> = match d.get(b"BM").map(|b| deref(doc, b)) {
        Ok(Object::Name(m)) => [(0, m.as_slice())].into_iter().collect(),
        Ok(Object::Array(a)) => a
            .iter()
            .filter_map(|m| m.as_name().ok())
            .enumerate()
            .collect(),
        _ => BTreeMap::new(),
    };
    for m in modes.values() {
        if !BLEND_MODES.contains(m) {
            let m = String::from_utf8_lossy(m);
            f.push(|f| &mut f.gstate, error(n, format!("blend mode {m}")));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deflated 8-bit CMYK image: its pixels' coverage, `/Decode [1 0 …]` applied,
    /// and an image whose data inflates past its declared size is not measured.
    #[test]
    fn image_ink_reads_flate_cmyk_samples() {
        let image = |samples: &[u8], decode: bool, w: i64| {
            let mut d = lopdf::Dictionary::new();
            d.set("Width", w);
            d.set("Height", 1);
            d.set("BitsPerComponent", 8);
            d.set("Filter", Object::Name(b"FlateDecode".to_vec()));
            if decode {
                d.set(
                    "Decode",
                    vec![
                        1.into(),
                        0.into(),
                        1.into(),
                        0.into(),
                        1.into(),
                        0.into(),
                        1.into(),
                        0.into(),
                    ],
                );
            }
            lopdf::Stream::new(d, miniz_oxide::deflate::compress_to_vec_zlib(samples, 6))
        };
        let ink = image_ink(&image(&[255, 255, 255, 255, 0, 0, 0, 255], false, 2)).unwrap();
        assert_eq!(ink.max_percent(), 400);
        assert_eq!(ink.share_over(240.0), 0.5);
        let inverted = image_ink(&image(&[0, 0, 0, 0, 255, 255, 255, 0], true, 2)).unwrap();
        assert_eq!(inverted, ink);
        // Declared one pixel, holds two: more than declared is not inflated.
        assert!(image_ink(&image(&[255; 8], false, 1)).is_none());
    }

    #[test]
    fn matrices_compose_like_pdf() {
        // Scale by 2, then translate by (10, 0): (1, 1) → (12, 2).
        let m = mul(
            [2.0, 0.0, 0.0, 2.0, 0.0, 0.0],
            [1.0, 0.0, 0.0, 1.0, 10.0, 0.0],
        );
        assert_eq!(apply(m, 1.0, 1.0), (12.0, 2.0));
        assert_eq!(scale(m), 2.0);
    }

    #[test]
    fn ink_counts() {
        assert_eq!(Colour::Cmyk([0.0, 0.0, 0.0, 1.0]).inks(), 1);
        assert_eq!(Colour::Cmyk([0.0, 1.0, 1.0, 0.0]).inks(), 2);
        assert_eq!(Colour::Registration(1.0).inks(), 4);
        assert_eq!(Colour::OneInk.inks(), 1);
    }

    #[test]
    fn touching_the_box_counts() {
        let b = [10.0, 10.0, 20.0, 20.0];
        assert!(touches(&[(5.0, 15.0), (10.0, 15.0)], 0.0, b));
        assert!(!touches(&[(5.0, 15.0), (9.0, 15.0)], 0.0, b));
        assert!(touches(&[(5.0, 15.0), (9.0, 15.0)], 1.0, b));
    }
}
