//! Whether a supplied ad page brings RGB colour, for layouts that take CMYK-only ads
//! (newsprint printing, ISO 12647-3: the plant separates nothing itself). Looks at
//! what a page can use: RGB colour operators (`rg`, `RG`) in its content, RGB colour
//! spaces (DeviceRGB, CalRGB, ICCBased with `/N 3`, and Indexed spaces over them: what
//! [`ColourSpace::is_rgb`] says, as the preflight classifies them) among its resources,
//! and images and Form XObjects using them (forms' resources followed to a depth of 8;
//! operators inside forms are not read).

use hayro_syntax::content::ops::TypedInstruction;
use hayro_syntax::content::TypedIter;
use hayro_syntax::object::dict::keys::{COLORSPACE, RESOURCES, SUBTYPE, XOBJECT};
use hayro_syntax::object::{Dict, Name, Object, Stream};
use hayro_syntax::page::Page;

use crate::pdf_read::colour_space::ColourSpace;

/// How deep nested Form XObjects are followed.
const MAX_DEPTH: u8 = 8;

/// What RGB a page uses, if any (for the message). `content` is the page's content,
/// decoded within limits.
pub fn rgb_use(page: &Page<'_>, content: &[u8]) -> Option<&'static str> {
    if crate::pdf_read::bounded::shallow(content).is_err() {
        return None;
    }
    let mut ops = TypedIter::new(content);
    while let Some(op) = ops.next() {
        if matches!(
            op,
            TypedInstruction::StrokeColorDeviceRgb(_)
                | TypedInstruction::NonStrokeColorDeviceRgb(_)
        ) {
            return Some("RGB colour operators in its content");
        }
    }
    let r = page.resources();
    resources_rgb(&r.color_spaces, &r.x_objects, 0)
}

fn resources_rgb(spaces: &Dict<'_>, xobjects: &Dict<'_>, depth: u8) -> Option<&'static str> {
    let keys: Vec<Name<'_>> = spaces.keys().collect();
    if keys.iter().any(|k| {
        spaces
            .get::<Object<'_>>(k.as_ref())
            .is_some_and(|o| is_rgb(&o))
    }) {
        return Some("an RGB colour space");
    }
    let keys: Vec<Name<'_>> = xobjects.keys().collect();
    for k in keys {
        let Some(s) = xobjects.get::<Stream<'_>>(k.as_ref()) else {
            continue;
        };
        let d = s.dict();
        let subtype = d.get::<Name<'_>>(SUBTYPE);
        match subtype.as_ref().map(|n| n.as_ref()) {
            Some(b"Image") if d.get::<Object<'_>>(COLORSPACE).is_some_and(|o| is_rgb(&o)) => {
                return Some("an RGB image");
            }
            Some(b"Form") if depth < MAX_DEPTH => {
                let res = d.get::<Dict<'_>>(RESOURCES).unwrap_or_default();
                let spaces = res.get::<Dict<'_>>(COLORSPACE).unwrap_or_default();
                let xobjects = res.get::<Dict<'_>>(XOBJECT).unwrap_or_default();
                if let Some(what) = resources_rgb(&spaces, &xobjects, depth + 1) {
                    return Some(what);
                }
            }
            _ => {}
        }
    }
    None
}

/// An RGB colour space of any kind (ISO 32000-1 §8.6).
fn is_rgb(o: &Object<'_>) -> bool {
    ColourSpace::of(o).is_rgb()
}
