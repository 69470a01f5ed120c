//! Interactive features PDF/X forbids (ISO 15930-7 §6.6: no actions or JavaScript;
//! §6.7: annotations only outside the BleedBox, but printer's marks and trap nets).

use std::collections::BTreeSet;

use hayro_syntax::object::{Array, Dict, MaybeRef, Object};

use super::document::Doc;
use super::pdf::{dict_of, name_of, page_box};
use super::{error, Finding};

/// Action types PDF/X forbids, and keys that carry scripts.
const FORBIDDEN_ACTIONS: &[&[u8]] = &[
    b"JavaScript",
    b"Launch",
    b"ImportData",
    b"SubmitForm",
    b"ResetForm",
    b"Movie",
    b"Sound",
    b"Rendition",
    b"Hide",
    b"SetOCGState",
    b"Trans",
    b"GoTo3DView",
    b"RichMediaExecute",
];

/// The actions and scripts PDF/X forbids (ISO 15930-7 §6.6), gathered object by object.
#[derive(Default)]
pub(super) struct Actions {
    out: Vec<Finding>,
    /// The action types (and `JS`) found so far, each reported once.
    seen: BTreeSet<Vec<u8>>,
}

impl Actions {
    /// Take in one object of the file: the actions in it and in the dictionaries inside.
    pub fn object(&mut self, obj: &Object<'_>) {
        let Actions { out, seen } = self;
        visit_dicts(obj, 0, &mut |d| {
            if let Some(s) = name_of(d, b"S") {
                if FORBIDDEN_ACTIONS.contains(&s.as_ref()) && seen.insert(s.to_vec()) {
                    out.push(error(None, format!("a {} action", s.as_str())));
                }
            }
            if d.contains_key(b"JS") && seen.insert(b"JS".to_vec()) {
                out.push(error(None, "a JavaScript (/JS) entry"));
            }
        });
    }

    /// What the objects held, then the document's and the pages' additional actions
    /// and document-level JavaScript.
    pub fn findings(self, doc: &Doc) -> Vec<Finding> {
        let mut out = self.out;
        let catalog = doc.catalog();
        if catalog.as_ref().is_some_and(|c| c.contains_key(b"AA")) {
            out.push(error(None, "document additional actions (/AA)"));
        }
        let names = catalog.and_then(|c| c.get::<Dict<'_>>(b"Names"));
        if names.is_some_and(|n| n.contains_key(b"JavaScript")) {
            out.push(error(None, "document-level JavaScript"));
        }
        for (n, page) in doc.pages() {
            if page.raw().contains_key(b"AA") {
                out.push(error(Some(n), "page additional actions (/AA)"));
            }
        }
        out
    }
}

/// Call `f` on every dictionary in `o`, nested ones included (not through references).
fn visit_dicts(o: &Object<'_>, depth: u32, f: &mut dyn FnMut(&Dict<'_>)) {
    if depth > 64 {
        return;
    }
    if let Object::Array(a) = o {
        for x in a.raw_iter() {
            if let MaybeRef::NotRef(x) = x {
                visit_dicts(&x, depth + 1, f);
            }
        }
    } else if let Some(d) = dict_of(o) {
        f(&d);
        for (_, v) in d.entries() {
            if let MaybeRef::NotRef(v) = v {
                visit_dicts(&v, depth + 1, f);
            }
        }
    }
}

/// Annotation types allowed anywhere on a PDF/X page.
const MARK_ANNOTATIONS: &[&[u8]] = &[b"PrinterMark", b"TrapNet"];
/// Annotation types never allowed (multimedia).
const MEDIA_ANNOTATIONS: &[&[u8]] = &[b"Movie", b"Sound", b"Screen", b"3D", b"RichMedia"];

pub(super) fn annotations(doc: &Doc) -> Vec<Finding> {
    let mut out = Vec::new();
    for (n, page) in doc.pages() {
        let page = page.raw();
        let Some(annots) = page.get::<Array<'_>>(b"Annots") else {
            continue;
        };
        let area = page_box(page, b"BleedBox").or_else(|| page_box(page, b"TrimBox"));
        for d in annots.iter::<Dict<'_>>() {
            let sub = name_of(&d, b"Subtype");
            let sub = sub.as_ref().map_or(&b""[..], |s| s.as_ref());
            let name = String::from_utf8_lossy(sub);
            if MEDIA_ANNOTATIONS.contains(&sub) {
                out.push(error(Some(n), format!("a {name} annotation")));
                continue;
            }
            if MARK_ANNOTATIONS.contains(&sub) {
                continue;
            }
            let rect: Option<Vec<f64>> = d
                .get::<Array<'_>>(b"Rect")
                .map(|a| a.iter::<f64>().collect());
            let inside = match (rect.as_deref(), area) {
                (Some([x0, y0, x1, y1]), Some(b)) => {
                    x0.min(*x1) < b[2]
                        && x0.max(*x1) > b[0]
                        && y0.min(*y1) < b[3]
                        && y0.max(*y1) > b[1]
                }
                _ => true,
            };
            if inside {
                out.push(error(
                    Some(n),
                    format!("a {name} annotation inside the BleedBox"),
                ));
            }
        }
    }
    out
}
