//! A page's thumbnail for the e-paper's index: the page reduced to its layout — each text
//! line a bar as long as the line and as tall as its letters, headlines darker; rules;
//! photos and ads as tinted boxes — small enough for the index to show every page at
//! once (a few kilobytes where the page image is hundreds).

use std::fmt::Write;

use super::page_view::is_headline;
use crate::live::svg::{num, rect_open};
use crate::page::{Document, Item, Page};

pub fn thumbnail(doc: &Document, page: &Page) -> String {
    let mut s = String::with_capacity(32 * 1024);
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}"><rect width="100%" height="100%" fill="#fff"/>"##,
        num(doc.trim_width),
        num(doc.trim_height)
    );
    for item in &page.items {
        match item {
            Item::Text(l) => {
                let fill = if is_headline(l.role) { "#333" } else { "#aaa" };
                rect_open(
                    &mut s,
                    crate::geom::Rect {
                        x: l.x,
                        y: l.baseline - l.size * 0.8,
                        w: l.width,
                        h: l.size * 0.75,
                    },
                );
                let _ = write!(s, r#" fill="{fill}"/>"#);
            }
            Item::Rule(r) => {
                let _ = write!(
                    s,
                    r##"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#666" stroke-width="{}"/>"##,
                    num(r.x0),
                    num(r.y0),
                    num(r.x1),
                    num(r.y1),
                    num(r.style.width.max(0.5))
                );
            }
            Item::Image(im) => {
                rect_open(&mut s, im.clip);
                s.push_str(r##" fill="#c9d3dc"/>"##);
            }
            Item::Box(b) => {
                rect_open(&mut s, b.rect);
                s.push_str(r##" fill="none" stroke="#bbb"/>"##);
            }
        }
    }
    s.push_str("</svg>\n");
    s
}
