//! The live page view of `broadsheet watch --serve`: every page of the last good round
//! as an image (SVG drawn from the [`crate::page::Document`], `svg`), with the
//! overset and loose lines marked on it (`marks`), and the round's status, overset and
//! warnings beside it, served on 127.0.0.1 (`server`); the browser is told of each
//! round by server-sent events and fetches only the pages whose image changed.
//!
//! A page's version is the round in which its image last changed (compared by digest),
//! so an edit that moves only page 3 sends page 3 again and leaves the others alone.

pub mod marks;
pub mod server;
pub mod svg;

use std::sync::Arc;

use serde::Serialize;

use crate::pictures::PictureInfo;
use crate::watch::Round;
use crate::Laid;

/// A page's current image.
#[derive(Debug, Clone)]
pub struct PageImage {
    pub number: u32,
    pub svg: Arc<String>,
    digest: [u8; 16],
    /// The round in which the image last changed.
    pub version: u32,
}

/// A picture the current pages show, as the server gives it to the browser.
#[derive(Debug, Clone)]
pub struct ServedPicture {
    pub bytes: Arc<Vec<u8>>,
    pub content_type: &'static str,
}

/// What the browser is told after each round (`/state.json` and each event).
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Status {
    pub round: u32,
    /// The round's line as `watch` prints it.
    pub line: String,
    /// Whether the round wrote a PDF (a failed round keeps the last pages).
    pub ok: bool,
    /// `[page number, version]` of every page.
    pub pages: Vec<(u32, u32)>,
    /// One message per overset story.
    pub overset: Vec<String>,
    pub warnings: Vec<String>,
    /// The errors of a failed round.
    pub errors: Vec<String>,
}

/// The pages, pictures and status the server gives out, and what the pages were drawn
/// from (to draw again only the pages that changed).
#[derive(Debug, Clone, Default)]
pub struct View {
    pub pages: Vec<PageImage>,
    /// By asset index: the JPEG and PNG pictures placed on the current pages.
    pub pictures: Vec<Option<ServedPicture>>,
    pub status: Status,
    /// The pages, fonts and pictures of the last layout drawn.
    drawn: Option<Drawn>,
    /// The glyph outlines drawn so far (for the fonts of `drawn`).
    outlines: svg::Outlines,
}

#[derive(Debug, Clone)]
struct Drawn {
    pages: Vec<crate::page::Page>,
    /// Each page's marks, as `pages`.
    marks: Vec<Vec<marks::Mark>>,
    fonts: crate::text::FontBook,
    pictures: Vec<crate::pictures::Picture>,
    /// By asset index: the round in which the picture's bytes last changed (the
    /// picture's address carries it, so the browser fetches a replaced picture).
    picture_versions: Vec<u32>,
}

impl View {
    /// Take in a round's layout: draw the pages that changed since the last layout
    /// (a page whose items or marks differ, that places a picture whose file changed,
    /// or every page when a font changed). Returns the numbers of the pages whose image changed.
    pub fn update_pages(&mut self, round: u32, laid: &Laid) -> Vec<u32> {
        let doc = &laid.document;
        let old = self.drawn.take();
        let fonts_same = old.as_ref().is_some_and(|o| o.fonts.same_faces(&doc.fonts));
        let picture_versions = picture_versions(old.as_ref(), doc, round);
        // The marks of every page (cheap): an overset that grows leaves the page as it
        // was but changes its mark.
        let marks: Vec<Vec<marks::Mark>> = doc
            .pages
            .iter()
            .map(|p| marks::page_marks(laid, p))
            .collect();
        let last = old.as_ref().filter(|_| fonts_same);
        let redraw: Vec<(&crate::page::Page, &[marks::Mark])> = doc
            .pages
            .iter()
            .zip(&marks)
            .filter(|(page, page_marks)| {
                needs_drawing(last, page, page_marks, &picture_versions, round)
            })
            .map(|(page, page_marks)| (page, page_marks.as_slice()))
            .collect();
        if !fonts_same {
            self.outlines = svg::Outlines::default();
        }
        let redraw_pages: Vec<&crate::page::Page> = redraw.iter().map(|(p, _)| *p).collect();
        self.outlines.add_pages(doc, &redraw_pages);
        let images = page_images(doc, &redraw, &picture_versions, &self.outlines);
        let mut changed = Vec::new();
        let mut pages = Vec::with_capacity(doc.pages.len());
        for page in &doc.pages {
            let old_image = self.pages.iter().find(|p| p.number == page.number);
            let image = match images.iter().find(|(n, _)| *n == page.number) {
                Some((number, svg)) => {
                    let digest = md5::compute(svg.as_bytes()).0;
                    let version = match old_image {
                        Some(p) if p.digest == digest => p.version,
                        _ => {
                            changed.push(*number);
                            round
                        }
                    };
                    PageImage {
                        number: *number,
                        svg: Arc::new(svg.clone()),
                        digest,
                        version,
                    }
                }
                // Not redrawn: the page is what it was.
                None => match old_image {
                    Some(p) => p.clone(),
                    None => continue,
                },
            };
            pages.push(image);
        }
        self.pages = pages;
        self.pictures = served_pictures(laid);
        self.drawn = Some(Drawn {
            pages: doc.pages.clone(),
            marks,
            fonts: doc.fonts.clone(),
            pictures: doc.pictures.clone(),
            picture_versions,
        });
        self.status.pages = self.pages.iter().map(|p| (p.number, p.version)).collect();
        changed
    }

    /// Take in a round's outcome: its line, overset, warnings or errors.
    pub fn update_status(&mut self, round: &Round, line: String) {
        let mut status = Status {
            round: round.number,
            line,
            ok: round.outcome.is_ok(),
            ..Status::default()
        };
        match &round.outcome {
            Ok(w) => {
                status.overset = w.overset.iter().map(|d| d.message.clone()).collect();
                status.warnings = w.warnings.iter().map(ToString::to_string).collect();
            }
            Err(d) => status.errors = d.iter().map(ToString::to_string).collect(),
        }
        status.pages = self.pages.iter().map(|p| (p.number, p.version)).collect();
        self.status = status;
    }

    /// The status while round `number` writes its PDF: its pages are drawn, its line
    /// is not out yet.
    pub fn laid_out(&mut self, number: u32, laid: &Laid) {
        self.status = Status {
            round: number,
            line: format!("round {number}: laid out, writing the PDF…"),
            ok: true,
            pages: self.pages.iter().map(|p| (p.number, p.version)).collect(),
            overset: laid.overset.iter().map(|d| d.message.clone()).collect(),
            warnings: laid.other_warnings().map(ToString::to_string).collect(),
            errors: Vec::new(),
        };
    }
}

/// By asset index: the round in which each picture's bytes last changed (`round` for
/// a picture new or changed since `old`).
fn picture_versions(old: Option<&Drawn>, doc: &crate::page::Document, round: u32) -> Vec<u32> {
    doc.pictures
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let before = old.and_then(|o| {
                let q = o.pictures.get(i)?;
                let same = q.name == p.name && q.bytes == p.bytes;
                o.picture_versions.get(i).copied().filter(|_| same)
            });
            before.unwrap_or(round)
        })
        .collect()
}

/// Whether `page` must be drawn: there is no last drawing with the same fonts, or its
/// items or marks differ from the last drawing's, or it places a picture that changed
/// in this round.
fn needs_drawing(
    last: Option<&Drawn>,
    page: &crate::page::Page,
    page_marks: &[marks::Mark],
    picture_versions: &[u32],
    round: u32,
) -> bool {
    let Some(o) = last else {
        return true;
    };
    let at = o.pages.iter().position(|q| q.number == page.number);
    let same = at.is_some_and(|i| {
        o.pages.get(i) == Some(page) && o.marks.get(i).map(Vec::as_slice) == Some(page_marks)
    });
    let new_picture = page.items.iter().any(|item| {
        matches!(item, crate::page::Item::Image(img)
            if picture_versions.get(img.asset.0) == Some(&round))
    });
    !same || new_picture
}

/// The SVG of each page of `pages`, drawn on the machine's cores
/// ([`crate::threads::map_in_order`]); none if a drawing thread panicked (the pages then
/// keep their last images).
fn page_images(
    doc: &crate::page::Document,
    pages: &[(&crate::page::Page, &[marks::Mark])],
    picture_versions: &[u32],
    outlines: &svg::Outlines,
) -> Vec<(u32, String)> {
    crate::threads::map_in_order(pages, crate::threads::MAX_THREADS, |(p, marks)| {
        (
            p.number,
            svg::page_svg(doc, p, marks, picture_versions, outlines),
        )
    })
    .unwrap_or_default()
}

/// The JPEG and PNG pictures the document places, by asset index.
fn served_pictures(laid: &Laid) -> Vec<Option<ServedPicture>> {
    let doc = &laid.document;
    let mut out = vec![None; doc.pictures.len()];
    for page in &doc.pages {
        for item in &page.items {
            let crate::page::Item::Image(img) = item else {
                continue;
            };
            let Some(p) = doc.pictures.get(img.asset.0) else {
                continue;
            };
            let content_type = match p.info {
                PictureInfo::Jpeg(_) => "image/jpeg",
                PictureInfo::Png(_) => "image/png",
                PictureInfo::Pdf(_) => continue,
            };
            if let Some(slot) = out.get_mut(img.asset.0) {
                *slot = Some(ServedPicture {
                    bytes: p.bytes.clone(),
                    content_type,
                });
            }
        }
    }
    out
}
