//! Content checks: what each page paints, walked operator by operator (form XObjects
//! included) with the current transformation matrix, colours and text state.
//!
//! - `colour-spaces`: no DeviceRGB (ISO 15930-7 §6.2.4.3: with a CMYK output intent,
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
//!   not in DeviceRGB;
//! - `white-overprint`: nothing white (CMYK 0 0 0 0, grey 1) is painted with overprint
//!   on (ISO 32000-1 §8.6.7: an overprinted object leaves the other plates as they are,
//!   so a white one, which puts no ink on any plate, disappears);
//! - the limits of a newspaper plant (the kinds the Ghent Workgroup's newspaper variant
//!   sets; the values are the layout's `[output]`): `line-width`, no stroke inside the
//!   BleedBox thinner than the minimum (newsprint loses hairlines); `reversed-text`, no
//!   white text smaller than the minimum (ink spreads into it); `image-resolution`, no
//!   continuous-tone image printed below the minimum resolution (1-bit images and masks
//!   aside); `spot-colours`, no `/Separation` but `/All` unless allowed.
//!
//! Colour spaces are classified by `pdf_read::colour_space`, as the supplied-ad
//! checks classify them.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use hayro_syntax::object::{Array, Object, Stream};
use hayro_syntax::xref::XRef;

use super::content_objects::{check_ext_g_state, check_group, xobject, Res};
use super::content_ops::{OpRef, Ops, MAX_OPS_PER_PAGE};
use super::content_state::{apply, matrix, mul, scale, Colour, Gs, IDENTITY};
use super::document::Doc;
use super::pdf::{page_box, result};
use super::{error, CheckResult, Finding, PreflightLimits};
use crate::pdf_read::bounded;
use crate::pdf_read::colour_space::ColourSpace;

/// Walk every page for the content checks ([`content_results`] gives their results).
///
/// Runs of consecutive pages are walked on up to [`crate::threads::MAX_THREADS`]
/// threads and their findings put together in page order ([`Found::absorb`]): the
/// report is the one a walk of every page in turn gives.
pub(super) fn walk_pages(doc: &Doc, limits: &PreflightLimits) -> Found {
    let pages: Vec<_> = doc.pages().collect();
    let jobs = crate::threads::even_runs(&pages, crate::threads::MAX_THREADS);
    let walked = crate::threads::each_on_a_thread(jobs, |run| {
        let mut f = Found::default();
        for &(n, page) in run {
            walk_page(page, n, limits, &mut f);
        }
        f
    });
    match walked {
        Some(runs) => {
            let mut f = Found::default();
            runs.into_iter().for_each(|run| f.absorb(run));
            f
        }
        None => not_walked(),
    }
}

/// What [`walk_pages`] found when a checking thread stopped: that the pages are not
/// checked (an error, so no claim passes unchecked).
pub(super) fn not_walked() -> Found {
    let mut f = Found::default();
    f.push(
        |f| &mut f.colour,
        error(None, "the pages are not checked: a checking thread stopped"),
    );
    f
}

/// The content checks' results from what [`walk_pages`] found, one per check.
pub(super) fn content_results(f: Found) -> Vec<CheckResult> {
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
        result(
            "white-overprint",
            "nothing white (CMYK 0/0/0/0, grey 1) painted with overprint on",
            f.white,
        ),
        result(
            "line-width",
            "no line inside the BleedBox thinner than the minimum",
            f.line_width,
        ),
        result(
            "reversed-text",
            "no white (reversed) text below the minimum size",
            f.reversed,
        ),
        result(
            "image-resolution",
            "continuous-tone images at the minimum resolution or above",
            f.resolution,
        ),
        result(
            "spot-colours",
            "no spot colour (a /Separation other than /All) unless allowed",
            f.spot,
        ),
    ]
}

/// A stream's identity in the document: its object and where its dictionary is.
pub(super) fn stream_key(s: &Stream<'_>) -> (u32, i32, usize) {
    let id = s.obj_id();
    (
        id.obj_number,
        id.gen_number,
        s.dict().data().as_ptr() as usize,
    )
}

/// Findings per check, each deduplicated.
#[derive(Default)]
pub(super) struct Found {
    pub colour: Vec<Finding>,
    pub tac: Vec<Finding>,
    pub registration: Vec<Finding>,
    pub small_text: Vec<Finding>,
    pub gstate: Vec<Finding>,
    pub white: Vec<Finding>,
    pub line_width: Vec<Finding>,
    pub reversed: Vec<Finding>,
    pub resolution: Vec<Finding>,
    pub spot: Vec<Finding>,
    seen: BTreeSet<String>,
    /// Images already measured.
    pub images: BTreeSet<(u32, i32, usize)>,
    /// Each image measured, in order, with the range of `tac` its measure added.
    pub measured: Vec<((u32, i32, usize), std::ops::Range<usize>)>,
    /// Operators walked on the current page.
    ops: u64,
    /// Form contents parsed so far, each parsed once.
    pub forms: BTreeMap<(u32, i32, usize), Result<Arc<Ops>, String>>,
    /// The XObjects (resource names) being walked, outermost first: a finding inside
    /// one names it (the page's `/Fm4p1` is a supplied ad, `/Im2` a photo).
    pub within: Vec<String>,
}

impl Found {
    pub fn push(&mut self, which: fn(&mut Found) -> &mut Vec<Finding>, mut f: Finding) {
        if let Some(outer) = self.within.first() {
            f.message = format!("{} (in /{outer})", f.message);
            f.object = Some(outer.clone());
        }
        let key = format!("{:?}{}", f.page, f.message);
        if self.seen.insert(key) {
            which(self).push(f);
        }
    }

    /// Take in the findings of `later`, a walk of the pages after those this one
    /// walked: each finding once, and an image's ink only from its first measure (a
    /// walk of every page in turn measures each image once, where it is first painted).
    pub fn absorb(&mut self, mut later: Found) {
        let mut again = BTreeSet::new();
        for (key, tac) in std::mem::take(&mut later.measured) {
            if self.images.insert(key) {
                let start = self.tac.len();
                self.measured.push((key, start..start + tac.len()));
            } else {
                again.extend(tac);
            }
        }
        let lists: [fn(&mut Found) -> &mut Vec<Finding>; 10] = [
            |f| &mut f.colour,
            |f| &mut f.tac,
            |f| &mut f.registration,
            |f| &mut f.small_text,
            |f| &mut f.gstate,
            |f| &mut f.white,
            |f| &mut f.line_width,
            |f| &mut f.reversed,
            |f| &mut f.resolution,
            |f| &mut f.spot,
        ];
        for (k, which) in lists.into_iter().enumerate() {
            for (i, finding) in std::mem::take(which(&mut later)).into_iter().enumerate() {
                // `lists[1]` is the TAC list, whose entries `again` counts.
                if k == 1 && again.contains(&i) {
                    continue;
                }
                let key = format!("{:?}{}", finding.page, finding.message);
                if self.seen.insert(key) {
                    which(self).push(finding);
                }
            }
        }
    }
}

/// Everything the walk of one page needs.
pub(super) struct PageWalk<'a> {
    pub n: u32,
    /// The document's objects, to resolve XObjects by number.
    pub xref: &'a XRef,
    pub bleed: Option<[f64; 4]>,
    pub limits: &'a PreflightLimits,
}

/// The page's content streams, decoded within the limits and joined.
fn page_content(page: &hayro_syntax::page::Page<'_>) -> Result<Vec<u8>, String> {
    let raw = page.raw();
    let streams: Vec<Object<'_>> = match raw.get::<Object<'_>>(b"Contents") {
        Some(Object::Array(a)) => a.iter::<Object<'_>>().collect(),
        Some(o) => vec![o],
        None => Vec::new(),
    };
    let mut all = Vec::new();
    for s in streams {
        let Object::Stream(s) = s else {
            return Err("a content stream is missing".to_string());
        };
        all.extend(bounded::stream_data(&s)?);
        all.push(b'\n');
    }
    Ok(all)
}

fn walk_page(page: &hayro_syntax::page::Page<'_>, n: u32, limits: &PreflightLimits, f: &mut Found) {
    let raw = page.raw();
    let p = PageWalk {
        n,
        xref: page.xref(),
        bleed: page_box(raw, b"BleedBox").or_else(|| page_box(raw, b"TrimBox")),
        limits,
    };
    check_group(&p, raw, f);
    let res = vec![Res::of(&page.resources().clone())];
    let ops = match page_content(page).and_then(|data| Ops::parse(&data)) {
        Ok(ops) => ops,
        Err(why) => {
            f.push(
                |f| &mut f.colour,
                error(Some(n), format!("the page is not checked: {why}")),
            );
            return;
        }
    };
    f.ops = 0;
    walk(&p, &ops, &res, Gs::default(), 0, f);
}

/// Walk a content stream. `depth` guards against form XObjects that draw themselves.
pub(super) fn walk(
    page: &PageWalk<'_>,
    ops: &Ops,
    res: &[Res<'_>],
    start: Gs,
    depth: u32,
    f: &mut Found,
) {
    let mut gs = start;
    let mut stack: Vec<Gs> = Vec::new();
    let mut path: Vec<(f64, f64)> = Vec::new();
    for op in ops.iter() {
        if f.ops >= MAX_OPS_PER_PAGE {
            f.push(
                |f| &mut f.colour,
                error(
                    Some(page.n),
                    format!("the page is not checked to the end: its content and forms draw more than {MAX_OPS_PER_PAGE} operators"),
                ),
            );
            return;
        }
        f.ops += 1;
        match op.op {
            b"q" => stack.push(gs),
            b"Q" => gs = stack.pop().unwrap_or(gs),
            b"cm" => {
                if let Some(m) = matrix(op.args()) {
                    gs.ctm = mul(m, gs.ctm);
                }
            }
            b"w" => gs.line_width = op.args().first().copied().unwrap_or(1.0),
            b"gs" => check_ext_g_state(page, res, op.name, &mut gs, f),
            b"Do" if depth < 8 => {
                if let Some(x) = Res::xobject(res, op.name, page.xref) {
                    f.within.push(String::from_utf8_lossy(op.name).into_owned());
                    xobject(page, &x, res, gs, depth, f);
                    f.within.pop();
                }
            }
            _ if colour_op(page, res, &op, &mut gs, f) => {}
            _ if path_op(page, &op, &gs, &mut path, f) => {}
            _ => text_op(page, &op, &mut gs, f),
        }
    }
}

/// The colour operators (ISO 32000-1 §8.6.8). Whether `op` was one.
fn colour_op(
    page: &PageWalk<'_>,
    res: &[Res<'_>],
    op: &OpRef<'_>,
    gs: &mut Gs,
    f: &mut Found,
) -> bool {
    let n = Some(page.n);
    let args = op.args();
    let (fill, space) = match op.op {
        b"rg" | b"RG" => {
            // Reported; the colour the checks follow stays as it was.
            f.push(|f| &mut f.colour, error(n, "DeviceRGB colour (rg/RG)"));
            return true;
        }
        b"g" | b"G" => (op.op == b"g", ColourSpace::Grey { device: true }),
        b"k" | b"K" => (op.op == b"k", ColourSpace::Cmyk { device: true }),
        b"cs" | b"CS" => {
            let space = match op.name {
                b"DeviceCMYK" | b"DeviceGray" | b"DeviceRGB" => ColourSpace::of_name(op.name),
                b"Pattern" => ColourSpace::Other,
                name => {
                    Res::colour_space(res, name).map_or(ColourSpace::Other, |o| ColourSpace::of(&o))
                }
            };
            if space.is_device_rgb() {
                f.push(|f| &mut f.colour, error(n, "DeviceRGB colour space"));
            }
            if matches!(space, ColourSpace::Spot) && !page.limits.allow_spot {
                f.push(
                    |f| &mut f.spot,
                    error(
                        n,
                        "a spot colour (/Separation) is painted: the press prints CMYK",
                    ),
                );
            }
            let initial = Colour::initial(space);
            if op.op == b"cs" {
                (gs.fill_space, gs.fill) = (space, initial);
            } else {
                (gs.stroke_space, gs.stroke) = (space, initial);
            }
            return true;
        }
        b"sc" | b"scn" => {
            gs.fill = Colour::in_space(gs.fill_space, args);
            return true;
        }
        b"SC" | b"SCN" => {
            gs.stroke = Colour::in_space(gs.stroke_space, args);
            return true;
        }
        _ => return false,
    };
    let colour = Colour::in_space(space, args);
    if fill {
        (gs.fill_space, gs.fill) = (space, colour);
    } else {
        (gs.stroke_space, gs.stroke) = (space, colour);
    }
    true
}

/// Path construction and painting (ISO 32000-1 §8.5). Whether `op` was one.
fn path_op(
    page: &PageWalk<'_>,
    op: &OpRef<'_>,
    gs: &Gs,
    path: &mut Vec<(f64, f64)>,
    f: &mut Found,
) -> bool {
    let args = op.args();
    let stroke = (
        gs.stroke,
        gs.line_width / 2.0,
        gs.overprint_stroke,
        "stroke",
    );
    let fill = (gs.fill, 0.0, gs.overprint_fill, "fill");
    match op.op {
        b"m" | b"l" | b"c" | b"v" | b"y" => {
            for p in args.chunks(2) {
                if let [x, y] = p {
                    path.push(apply(gs.ctm, *x, *y));
                }
            }
            return true;
        }
        b"re" => {
            if let [x, y, w, h] = args {
                for (px, py) in [(*x, *y), (x + w, *y), (*x, y + h), (x + w, y + h)] {
                    path.push(apply(gs.ctm, px, py));
                }
            }
            return true;
        }
        b"S" | b"s" => {
            line_width(page, gs, path, f);
            paint(page, stroke, path, f);
        }
        b"f" | b"F" | b"f*" => paint(page, fill, path, f),
        b"B" | b"B*" | b"b" | b"b*" => {
            paint(page, fill, path, f);
            line_width(page, gs, path, f);
            paint(page, stroke, path, f);
        }
        b"n" => {}
        _ => return false,
    }
    path.clear();
    true
}

/// The text operators the checks follow (ISO 32000-1 §9.3, §9.4).
fn text_op(page: &PageWalk<'_>, op: &OpRef<'_>, gs: &mut Gs, f: &mut Found) {
    let args = op.args();
    match op.op {
        b"BT" => gs.tm = IDENTITY,
        b"Tf" => gs.font_size = args.first().copied().unwrap_or(0.0),
        b"Tr" => gs.invisible = args.first().copied() == Some(3.0),
        b"Tm" => {
            if let Some(m) = matrix(args) {
                gs.tm = m;
            }
        }
        b"Td" | b"TD" => {
            if let [x, y] = args {
                gs.tm = mul([1.0, 0.0, 0.0, 1.0, *x, *y], gs.tm);
            }
        }
        b"Tj" | b"TJ" | b"'" | b"\"" if !gs.invisible => show_text(page, gs, f),
        _ => {}
    }
}

/// A stroke inside the BleedBox thinner than the minimum (its width through the current
/// matrix; printer's marks in the registration colour aside).
fn line_width(page: &PageWalk<'_>, gs: &Gs, path: &[(f64, f64)], f: &mut Found) {
    let min = page.limits.min_line_width;
    if min <= 0.0 || path.is_empty() || matches!(gs.stroke, Colour::Registration(_)) {
        return;
    }
    let width = gs.line_width * scale(gs.ctm);
    let inside = page.bleed.is_none_or(|b| touches(path, 0.0, b));
    if inside && width + 1e-6 < min {
        f.push(
            |f| &mut f.line_width,
            error(
                Some(page.n),
                format!("a {width:.2} pt line (minimum {min:.2} pt)"),
            ),
        );
    }
}

/// Check a painted path: TAC, registration outside the bleed, white overprint. The
/// paint is its colour, the half line width it grows by, its overprint flag and what
/// it is ("fill", "stroke").
fn paint(
    page: &PageWalk<'_>,
    paint: (Colour, f64, bool, &str),
    path: &[(f64, f64)],
    f: &mut Found,
) {
    let (colour, grow, overprint, what) = paint;
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
    if !path.is_empty() {
        white_overprint(page, colour, overprint, what, f);
    }
}

/// A white object set to overprint (see the module's `white-overprint`).
fn white_overprint(
    page: &PageWalk<'_>,
    colour: Colour,
    overprint: bool,
    what: &str,
    f: &mut Found,
) {
    if let (true, Some(white)) = (overprint, colour.white()) {
        f.push(
            |f| &mut f.white,
            error(
                Some(page.n),
                format!("a white {what} ({white}) is set to overprint: it disappears on the plate"),
            ),
        );
    }
}

fn tac(page: &PageWalk<'_>, c: [f64; 4], f: &mut Found) {
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

fn show_text(page: &PageWalk<'_>, gs: &Gs, f: &mut Found) {
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
    white_overprint(page, gs.fill, gs.overprint_fill, "text", f);
    if let Some(white) = gs.fill.white() {
        let min = page.limits.min_reversed_text;
        if size + 1e-6 < min {
            f.push(
                |f| &mut f.reversed,
                error(
                    n,
                    format!("{size:.1} pt white text ({white}): reversed text must be {min:.1} pt or larger"),
                ),
            );
        }
    }
}

/// Numbers of an array entry (a `/Matrix`, a `/Decode`).
pub(super) fn numbers(a: &Array<'_>) -> Vec<f64> {
    a.iter::<f64>().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn touching_the_box_counts() {
        let b = [10.0, 10.0, 20.0, 20.0];
        assert!(touches(&[(5.0, 15.0), (10.0, 15.0)], 0.0, b));
        assert!(!touches(&[(5.0, 15.0), (9.0, 15.0)], 0.0, b));
        assert!(touches(&[(5.0, 15.0), (9.0, 15.0)], 1.0, b));
    }

    /// Walks of consecutive runs of pages, absorbed in order, report what one walk of
    /// every page gives: each finding once, in page order, and a CMYK image's ink only
    /// from the run that painted it first.
    #[test]
    fn runs_put_together_report_as_one_walk() {
        let image = (7, 0, 1234);
        let other = (8, 0, 99);
        // One walk: page 1 paints the image (over the limit), page 3 a DeviceRGB fill,
        // page 4 the image again (not measured again) and another image.
        let walk = |pages: &[u32], f: &mut Found| {
            for &n in pages {
                if (n == 1 || n == 4) && f.images.insert(image) {
                    let before = f.tac.len();
                    f.push(|f| &mut f.tac, error(Some(n), "image over the TAC"));
                    f.measured.push((image, before..f.tac.len()));
                }
                if n == 4 && f.images.insert(other) {
                    let before = f.tac.len();
                    f.push(|f| &mut f.tac, error(Some(n), "other image over the TAC"));
                    f.measured.push((other, before..f.tac.len()));
                }
                if n == 3 {
                    f.push(|f| &mut f.colour, error(Some(n), "DeviceRGB"));
                }
                f.push(|f| &mut f.colour, error(None, "once for the file"));
            }
        };
        let messages = |f: &Found| {
            [&f.colour, &f.tac]
                .iter()
                .flat_map(|l| l.iter().map(|x| format!("{:?} {}", x.page, x.message)))
                .collect::<Vec<_>>()
        };
        let mut one = Found::default();
        walk(&[1, 2, 3, 4], &mut one);
        for split in [1, 2, 3] {
            let mut all = Found::default();
            for run in [&[1u32, 2, 3, 4][..split], &[1, 2, 3, 4][split..]] {
                let mut f = Found::default();
                walk(run, &mut f);
                all.absorb(f);
            }
            assert_eq!(messages(&all), messages(&one), "split after {split}");
        }
        assert_eq!(
            messages(&one),
            [
                "None once for the file",
                "Some(3) DeviceRGB",
                "Some(1) image over the TAC",
                "Some(4) other image over the TAC"
            ]
        );
    }
}
