//! The 数字报 e-paper: a static site made from the [`Document`] — the same pages the PDF
//! prints — for the paper's digital edition and archive.
//!
//! - `index.html`: every page as a thumbnail (`thumbs/page-N.svg`, the page reduced to
//!   its layout: text lines as grey bars, photos and ads as tinted boxes), with its label
//!   and section;
//! - `page-N.html`: the page image (the page drawn as SVG from the Document by
//!   [`crate::live::svg`]: the fonts' own glyph outlines at the PDF's positions, rules,
//!   boxes, photos), and over it a clickable region per story frame (to the story's
//!   page) and per jump line (to the frame of the other half, on its page); the page's
//!   stories listed beside it; a supplied PDF ad is a grey box (the build has no PDF
//!   rasteriser) whose region opens the ad's PDF;
//! - `story-ID.html`: the story whole (its text as the copy has it, overset included):
//!   kicker, headline, subhead, byline, blocks with their faces, its photos with their
//!   captions, and the pages it is on;
//! - `style.css`, and the pictures as their files are (`img/N.jpg|png|pdf`).
//!
//! Plain HTML and CSS: no script, no framework, nothing fetched from elsewhere; every
//! link is relative, so the folder works from the file system and from any static
//! server.
//!
//! Writing (`write_site`): the folder must be new, empty, or one this command wrote
//! before (it keeps a list of its files, `.broadsheet-epaper`); each file is written
//! atomically, `index.html` and the list last, and files of the last run no longer
//! made are removed.

mod html;
mod page_view;
mod story_page;
mod thumb;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::outputs::{check_outputs, Output, Target};
use crate::page::{Document, FrameKind};
use crate::pictures::PictureInfo;
use crate::spec::StoryId;

/// The name of the list of files a run wrote, in the site's folder.
pub const MANIFEST: &str = ".broadsheet-epaper";

/// The site: every file by its path relative to the site's folder, in writing order
/// (`index.html` last).
#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    pub files: Vec<(String, Vec<u8>)>,
}

/// Where a story's page is: `story-ID.html`, the id kept when it is a plain file name
/// (letters, digits, `-`, `_`, `.`), else the story's number.
pub fn story_file(doc: &Document, story: StoryId) -> String {
    let id = doc.story_name(story);
    let plain = !id.is_empty()
        && id.len() <= 80
        && !id.starts_with('.')
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.');
    if plain {
        format!("story-{id}.html")
    } else {
        format!("story-{}.html", story.0 + 1)
    }
}

/// The page view's file of page `number`.
pub fn page_file(number: u32) -> String {
    format!("page-{number}.html")
}

/// Where a picture is in the site (`img/N.jpg` or `.png`); `None` for a supplied PDF.
pub fn picture_file(doc: &Document, asset: usize) -> Option<String> {
    let ext = match doc.pictures.get(asset)?.info {
        PictureInfo::Jpeg(_) => "jpg",
        PictureInfo::Png(_) => "png",
        PictureInfo::Pdf(_) => return None,
    };
    Some(format!("img/{asset}.{ext}"))
}

/// Where a supplied PDF (an ad's artwork) is in the site, for the reader to open: the
/// page image has no rasteriser to show it.
pub fn supplied_pdf_file(doc: &Document, asset: usize) -> Option<String> {
    match doc.pictures.get(asset)?.info {
        PictureInfo::Pdf(_) => Some(format!("img/{asset}.pdf")),
        _ => None,
    }
}

/// The stories set on the Document's pages, in the order they begin.
pub fn stories_set(doc: &Document) -> Vec<StoryId> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for page in &doc.pages {
        for f in &page.frames {
            if let (Some(s), FrameKind::Story | FrameKind::Continuation) = (f.story, f.kind) {
                if seen.insert(s) {
                    out.push(s);
                }
            }
        }
    }
    out
}

/// Make the site of `doc`.
pub fn build_site(doc: &Document) -> Site {
    let mut files = Vec::new();
    files.push(("style.css".to_string(), STYLE.as_bytes().to_vec()));
    // The photos placed, as their files are.
    let placed: BTreeSet<usize> = doc
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| match i {
            crate::page::Item::Image(im) => Some(im.asset.0),
            _ => None,
        })
        .collect();
    for asset in placed {
        let path = picture_file(doc, asset).or_else(|| supplied_pdf_file(doc, asset));
        if let (Some(path), Some(p)) = (path, doc.pictures.get(asset)) {
            files.push((path, p.bytes.as_ref().clone()));
        }
    }
    let mut outlines = crate::live::svg::Outlines::default();
    let all: Vec<&crate::page::Page> = doc.pages.iter().collect();
    outlines.add_pages(doc, &all);
    for page in &doc.pages {
        files.push((
            format!("thumbs/page-{}.svg", page.number),
            thumb::thumbnail(doc, page).into_bytes(),
        ));
        files.push((
            page_file(page.number),
            page_view::page_html(doc, page, &outlines).into_bytes(),
        ));
    }
    for story in stories_set(doc) {
        files.push((
            story_file(doc, story),
            story_page::story_html(doc, story).into_bytes(),
        ));
    }
    files.push((
        "index.html".to_string(),
        page_view::index_html(doc).into_bytes(),
    ));
    Site { files }
}

/// The site's style sheet.
const STYLE: &str = include_str!("style.css");

/// Write `site` into `dir`. The folder must not exist, be empty, or hold the list of
/// a run of this command (files of that run not made again are removed). `inputs`: the
/// issue's files, never written over.
pub fn write_site(site: &Site, dir: &Path, inputs: &[PathBuf]) -> Result<(), Diagnostic> {
    let previous = previous_files(dir)?;
    // No file of the site over an input of the issue, a symlink or a folder.
    let outputs: Vec<Output> = site
        .files
        .iter()
        .map(|(rel, _)| rel.as_str())
        .chain([MANIFEST])
        .map(|rel| Output {
            what: "an e-paper file",
            target: Target::File(dir.join(rel)),
        })
        .collect();
    check_outputs(&outputs, inputs)?;
    for (rel, bytes) in &site.files {
        let target = dir.join(rel);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                Diagnostic::error(format!("failed to create {} ({e})", parent.display()))
            })?;
        }
        crate::pdf::write_file_atomic(&target, bytes)?;
    }
    let made: BTreeSet<&str> = site.files.iter().map(|(r, _)| r.as_str()).collect();
    for old in previous.iter().filter(|o| !made.contains(o.as_str())) {
        // Only what the list names, and only inside the folder.
        if is_site_path(old) {
            let _ = std::fs::remove_file(dir.join(old));
        }
    }
    let list: String = site.files.iter().map(|(r, _)| format!("{r}\n")).collect();
    crate::pdf::write_file_atomic(&dir.join(MANIFEST), list.as_bytes())
}

/// The files the last run wrote into `dir` (empty for a new or empty folder); an error
/// for a folder with other files and no list.
fn previous_files(dir: &Path) -> Result<Vec<String>, Diagnostic> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(Diagnostic::error(format!(
                "{}: cannot read the folder ({e})",
                dir.display()
            )))
        }
    };
    if entries.count() == 0 {
        return Ok(Vec::new());
    }
    match std::fs::read_to_string(dir.join(MANIFEST)) {
        Ok(list) => Ok(list.lines().map(str::to_string).collect()),
        Err(_) => Err(Diagnostic::error(format!(
            "{}: the folder has files the e-paper did not write; give a new or empty folder",
            dir.display()
        ))
        .with_hint("the e-paper writes its own index.html, page and story files there")),
    }
}

/// A path as this module writes them: relative, no `..`, no absolute part.
fn is_site_path(p: &str) -> bool {
    let path = Path::new(p);
    !p.is_empty()
        && path
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_paths_stay_inside_the_folder() {
        assert!(is_site_path("img/3.jpg"));
        assert!(is_site_path("page-1.html"));
        assert!(!is_site_path("../issue.toml"));
        assert!(!is_site_path("/etc/passwd"));
        assert!(!is_site_path("img/../../x"));
        assert!(!is_site_path(""));
    }
}
