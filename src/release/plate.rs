//! One page as a Document of its own — what a plate file is made from — and the inks
//! it prints with.
//!
//! The plate's Document holds only that page and only the pictures it places,
//! renumbered in the order the page paints them, so that the same page gives the same
//! bytes in any issue or edition that prints it (the PDF names pictures by number).

use std::collections::BTreeMap;

use crate::geom::{Cmyk, Paint};
use crate::page::{BoxRole, Document, Item, Page};
use crate::pictures::{ColorModel, PictureInfo};
use crate::spec::AssetId;

/// The Document of page `index` of `doc` alone: titled with the page's label, its
/// pictures renumbered from 0.
pub fn plate_document(doc: &Document, index: usize) -> Option<Document> {
    let page = doc.pages.get(index)?;
    let mut renumber: BTreeMap<AssetId, AssetId> = BTreeMap::new();
    let mut order: Vec<AssetId> = Vec::new();
    let mut number = |a: AssetId| -> AssetId {
        *renumber.entry(a).or_insert_with(|| {
            order.push(a);
            AssetId(order.len() - 1)
        })
    };
    let mut page = page.clone();
    for item in &mut page.items {
        match item {
            Item::Image(im) => im.asset = number(im.asset),
            Item::Box(b) => match &mut b.role {
                BoxRole::Photo { asset: Some(a) } | BoxRole::Ad { asset: Some(a) } => {
                    *a = number(*a);
                }
                _ => {}
            },
            _ => {}
        }
    }
    let pictures = order
        .iter()
        .map(|a| doc.pictures.get(a.0).cloned())
        .collect::<Option<Vec<_>>>()?;
    let prepared = order
        .iter()
        .enumerate()
        .filter_map(|(new, old)| Some((AssetId(new), doc.prepared.get(old)?.clone())))
        .collect();
    let title = format!("{} {}", doc.title, page.label).trim().to_string();
    Some(Document {
        title,
        pictures,
        prepared,
        pages: vec![page],
        ..doc.clone_without_pages()
    })
}

/// The inks a plate prints with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inks {
    /// Black alone.
    Mono,
    /// The four process inks.
    Process,
}

impl Inks {
    pub fn names(self) -> &'static [&'static str] {
        match self {
            Inks::Mono => &["K"],
            Inks::Process => &["C", "M", "Y", "K"],
        }
    }
}

/// The inks `page` prints with: process when any text, rule, box or dot has cyan,
/// magenta or yellow, or a picture is in colour (RGB or CMYK samples); a supplied PDF
/// ad counts as process (its content is not analysed). Registration marks print on
/// every plate and do not count.
pub fn page_inks(doc: &Document, page: &Page) -> Inks {
    let colour = |c: Cmyk| c.c > 0.0 || c.m > 0.0 || c.y > 0.0;
    let coloured = page.items.iter().any(|item| match item {
        Item::Text(l) => colour(l.color),
        Item::Rule(r) => matches!(r.style.color, Paint::Process(c) if colour(c)),
        Item::Box(b) => {
            b.style.fill.is_some_and(colour) || b.style.stroke.is_some_and(|(c, _)| colour(c))
        }
        Item::Image(im) => match doc.pictures.get(im.asset.0).map(|p| &p.info) {
            Some(PictureInfo::Jpeg(j)) => j.color != ColorModel::Gray,
            Some(PictureInfo::Png(p)) => p.color != ColorModel::Gray,
            Some(PictureInfo::Pdf(_)) | None => true,
        },
    });
    if coloured {
        Inks::Process
    } else {
        Inks::Mono
    }
}
