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

/// The pages, pictures and status the server gives out.
#[derive(Debug, Clone, Default)]
pub struct View {
    pub pages: Vec<PageImage>,
    /// By asset index: the JPEG and PNG pictures placed on the current pages.
    pub pictures: Vec<Option<ServedPicture>>,
    pub status: Status,
}

impl View {
    /// Take in a round: its status, and, when it laid the issue out, new page images.
    /// Returns the numbers of the pages whose image changed.
    pub fn update(&mut self, round: &Round, line: String, laid: Option<&Laid>) -> Vec<u32> {
        let mut changed = Vec::new();
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
        if let (Some(laid), true) = (laid, round.outcome.is_ok()) {
            let images = page_images(laid);
            let mut pages = Vec::with_capacity(images.len());
            for (number, svg) in images {
                let digest = md5::compute(svg.as_bytes()).0;
                let old = self.pages.iter().find(|p| p.number == number);
                let version = match old {
                    Some(p) if p.digest == digest => p.version,
                    _ => {
                        changed.push(number);
                        round.number
                    }
                };
                pages.push(PageImage {
                    number,
                    svg: Arc::new(svg),
                    digest,
                    version,
                });
            }
            self.pages = pages;
            self.pictures = served_pictures(laid);
        }
        status.pages = self.pages.iter().map(|p| (p.number, p.version)).collect();
        self.status = status;
        changed
    }
}

/// Every page's SVG, drawn on as many threads as the machine has (at most 4).
fn page_images(laid: &Laid) -> Vec<(u32, String)> {
    let doc = &laid.document;
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4);
    let chunk = doc.pages.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = doc
            .pages
            .chunks(chunk)
            .map(|pages| {
                scope.spawn(move || {
                    pages
                        .iter()
                        .map(|p| (p.number, svg::page_svg(doc, p, &marks::page_marks(laid, p))))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
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
