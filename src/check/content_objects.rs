//! What the content walk meets through resources (ISO 32000-1 §7.8.3): XObjects
//! (images measured for ink, forms walked with their own matrix and resources),
//! transparency groups and ExtGStates.

use std::collections::BTreeMap;
use std::sync::Arc;

use hayro_syntax::object::{Array, Dict, Name, Object, Stream};
use hayro_syntax::xref::XRef;

use super::content::{numbers, stream_key, walk, Found, PageWalk};
use super::content_ops::Ops;
use super::content_state::{mul, Gs};
use super::error;
use super::pdf::name_of;
use crate::pdf_read::bounded;
use crate::pdf_read::colour_space::ColourSpace;

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

/// One resource dictionary's categories the checks read.
#[derive(Clone)]
pub(super) struct Res<'a> {
    spaces: Dict<'a>,
    xobjects: Dict<'a>,
    states: Dict<'a>,
}

impl<'a> Res<'a> {
    /// A page's resources as the parser gives them (inherited from the page tree).
    pub fn of(r: &hayro_syntax::page::Resources<'a>) -> Res<'a> {
        Res {
            spaces: r.color_spaces.clone(),
            xobjects: r.x_objects.clone(),
            states: r.ext_g_states.clone(),
        }
    }

    /// A form's own `/Resources`.
    fn of_dict(d: &Dict<'a>) -> Res<'a> {
        let get = |k: &[u8]| d.get::<Dict<'a>>(k).unwrap_or_default();
        Res {
            spaces: get(b"ColorSpace"),
            xobjects: get(b"XObject"),
            states: get(b"ExtGState"),
        }
    }

    /// A named colour space, from the innermost resources that have it.
    pub fn colour_space(res: &[Res<'a>], name: &[u8]) -> Option<Object<'a>> {
        res.iter().find_map(|r| r.spaces.get::<Object<'a>>(name))
    }

    /// A named XObject. A reference is resolved through the document's table, not
    /// the resources' reader: the parser reads no object inside itself (its guard
    /// against reference cycles), and a form that lists itself as a resource must be
    /// walked to the operator budget and reported, not passed unread.
    pub fn xobject(res: &[Res<'a>], name: &[u8], xref: &'a XRef) -> Option<Stream<'a>> {
        res.iter().find_map(|r| match r.xobjects.get_ref(name) {
            Some(id) => xref.get::<Stream<'a>>(id.into()),
            None => r.xobjects.get::<Stream<'a>>(name),
        })
    }

    fn ext_g_state(res: &[Res<'a>], name: &[u8]) -> Option<Dict<'a>> {
        res.iter().find_map(|r| r.states.get::<Dict<'a>>(name))
    }
}

/// An image (its colour space) or a form (walked with its own matrix and resources).
pub(super) fn xobject(
    page: &PageWalk<'_>,
    x: &Stream<'_>,
    res: &[Res<'_>],
    gs: Gs,
    depth: u32,
    f: &mut Found,
) {
    let d = x.dict();
    match name_of(d, b"Subtype").as_ref().map(|s| s.as_ref()) {
        Some(b"Image") => {
            let space = d
                .get::<Object<'_>>(b"ColorSpace")
                .map(|cs| ColourSpace::of(&cs));
            if space.is_some_and(ColourSpace::is_device_rgb) {
                f.push(
                    |f| &mut f.colour,
                    error(Some(page.n), "an image in DeviceRGB"),
                );
            }
            if matches!(space, Some(ColourSpace::Spot)) && !page.limits.allow_spot {
                f.push(
                    |f| &mut f.spot,
                    error(Some(page.n), "an image in a spot colour (/Separation)"),
                );
            }
            image_resolution(page, d, &gs, f);
            // Each image once, however often it is painted.
            let cmyk = matches!(space, Some(ColourSpace::Cmyk { .. }));
            let key = stream_key(x);
            if cmyk && f.images.insert(key) {
                let before = f.tac.len();
                super::image_ink::image_tac(page, x, f);
                f.measured.push((key, before..f.tac.len()));
            }
        }
        Some(b"Form") => form(page, x, res, gs, depth, f),
        _ => {}
    }
}

/// A continuous-tone image printed below the minimum resolution: its pixels over the
/// size the current matrix gives its unit square (1-bit images and masks aside).
fn image_resolution(page: &PageWalk<'_>, d: &Dict<'_>, gs: &Gs, f: &mut Found) {
    let min = page.limits.min_image_ppi;
    let mask = d.get::<bool>(b"ImageMask").unwrap_or(false);
    let bits = d.get::<f64>(b"BitsPerComponent").unwrap_or(8.0);
    if min <= 0.0 || mask || bits <= 1.0 {
        return;
    }
    let (Some(w), Some(h)) = (d.get::<f64>(b"Width"), d.get::<f64>(b"Height")) else {
        return;
    };
    let m = gs.ctm;
    let (across, down) = (m[0].hypot(m[1]), m[2].hypot(m[3]));
    if across <= 0.0 || down <= 0.0 {
        return;
    }
    let ppi = (w / (across / 72.0)).min(h / (down / 72.0));
    if ppi + 0.5 < min {
        f.push(
            |f| &mut f.resolution,
            error(
                Some(page.n),
                format!("an image printed at {ppi:.0} ppi (minimum {min:.0} ppi)"),
            ),
        );
    }
}

/// A form XObject (ISO 32000-1 §8.10): its group checked, its content parsed once and
/// walked with its matrix, in its own resources then those it is drawn with.
fn form(page: &PageWalk<'_>, x: &Stream<'_>, res: &[Res<'_>], gs: Gs, depth: u32, f: &mut Found) {
    let d = x.dict();
    check_group(page, d, f);
    let mut inner = gs;
    if let Some(m) = d.get::<Array<'_>>(b"Matrix") {
        if let Some(m) = super::content_state::matrix(&numbers(&m)) {
            inner.ctm = mul(m, gs.ctm);
        }
    }
    let mut form_res: Vec<Res<'_>> = d
        .get::<Dict<'_>>(b"Resources")
        .map(|r| Res::of_dict(&r))
        .into_iter()
        .collect();
    form_res.extend_from_slice(res);
    let parsed = parsed_form(&mut f.forms, x);
    match parsed {
        Ok(ops) => walk(page, &ops, &form_res, inner, depth + 1, f),
        Err(why) => f.push(
            |f| &mut f.colour,
            error(
                Some(page.n),
                format!("a form on the page is not checked: {why}"),
            ),
        ),
    }
}

type Forms = BTreeMap<(u32, i32, usize), Result<Arc<Ops>, String>>;

/// A form's operators, parsed the first time it is drawn.
fn parsed_form(forms: &mut Forms, x: &Stream<'_>) -> Result<Arc<Ops>, String> {
    forms
        .entry(stream_key(x))
        .or_insert_with(|| {
            bounded::stream_data(x)
                .and_then(|d| Ops::parse(&d))
                .map(Arc::new)
        })
        .clone()
}

/// A transparency group must not blend in DeviceRGB.
pub(super) fn check_group(page: &PageWalk<'_>, d: &Dict<'_>, f: &mut Found) {
    let cs = d
        .get::<Dict<'_>>(b"Group")
        .and_then(|g| g.get::<Object<'_>>(b"CS"));
    if cs.is_some_and(|cs| ColourSpace::of(&cs).is_device_rgb()) {
        f.push(
            |f| &mut f.gstate,
            error(Some(page.n), "a transparency group in DeviceRGB"),
        );
    }
}

/// An ExtGState set with `gs` (ISO 32000-1 §8.4.5): no transfer function or halftone,
/// PDF 1.6 blend modes; its overprint flags go into `gs` (`/OP` sets both when `/op`
/// is absent, Table 58).
pub(super) fn check_ext_g_state(
    page: &PageWalk<'_>,
    res: &[Res<'_>],
    name: &[u8],
    gs: &mut Gs,
    f: &mut Found,
) {
    let Some(d) = Res::ext_g_state(res, name) else {
        return;
    };
    if let Some(op) = d.get::<bool>(b"OP") {
        gs.overprint_stroke = op;
        gs.overprint_fill = op;
    }
    if let Some(op) = d.get::<bool>(b"op") {
        gs.overprint_fill = op;
    }
    let n = Some(page.n);
    for key in ["TR", "TR2"] {
        let v = d.get::<Object<'_>>(key.as_bytes());
        let default = v.is_none_or(|v| matches!(&v, Object::Name(n) if n.as_ref() == b"Default"));
        if !default {
            f.push(
                |f| &mut f.gstate,
                error(n, format!("a transfer function (/{key})")),
            );
        }
    }
    if d.contains_key(b"HT") {
        f.push(|f| &mut f.gstate, error(n, "a halftone (/HT)"));
    }
    let modes: Vec<Name<'_>> = match d.get::<Object<'_>>(b"BM") {
        Some(Object::Name(m)) => vec![m],
        Some(Object::Array(a)) => a.iter::<Name<'_>>().collect(),
        _ => Vec::new(),
    };
    for m in &modes {
        if !BLEND_MODES.contains(&m.as_ref()) {
            f.push(
                |f| &mut f.gstate,
                error(n, format!("blend mode {}", m.as_str())),
            );
        }
    }
}
