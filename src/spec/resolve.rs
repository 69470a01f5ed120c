//! Resolving `issue.toml` into the [`Issue`] model, in steps: the layout (see
//! [`super::layout_file`]) → the masthead fields → each page's placed items (see
//! [`super::placement`]) → the stories and their chains of frames (see
//! [`super::stories`]) → teasers' stories; photos taking a story's picture
//! (`from`) are linked once every article is read. All errors are collected and returned
//! together; every resolved item carries its source location.

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics};
use crate::spec::editions::{edition_page_specs, plate_code, resolve_editions};
use crate::spec::layout_file::load_layout_in;
use crate::spec::load_toml::{encoding_warning, parse_toml, SourceFile};
use crate::spec::model::*;
use crate::spec::paths::Roots;
use crate::spec::placement::{link_photo_media, resolve_page, Pending};
use crate::spec::raw::*;
use crate::spec::stories::{link_stories, link_teasers};

/// Read `issue.toml`, its layout and articles, and resolve everything.
pub fn resolve_issue(path: &Path) -> Result<Issue, Diagnostics> {
    resolve_issue_in(path, &[])
}

/// [`resolve_issue`], also allowing articles, pictures and fonts from the folders
/// `roots` (`--root`; see [`super::paths`]).
pub fn resolve_issue_in(path: &Path, roots: &[PathBuf]) -> Result<Issue, Diagnostics> {
    resolve_edition_in(path, roots, None)
}

/// [`resolve_issue_in`] as edition `zone` prints it (`[[edition]]`: its pages in place
/// of those they replace; the issue's own with `None`). An edition has no editions of
/// its own.
pub fn resolve_edition_in(
    path: &Path,
    roots: &[PathBuf],
    zone: Option<&str>,
) -> Result<Issue, Diagnostics> {
    let src = SourceFile::read(path)?;
    let mut diags = Diagnostics::new();
    if let Some(w) = src.encoding_warning() {
        diags.push(w);
    }
    let mut spec: IssueSpec = parse_toml(&src, 0..src.text.len())?;
    let (editions, edition_name) = match take_edition(&src, &mut spec, zone, &mut diags) {
        Some(v) => v,
        None => return Err(diags),
    };
    let base = path.parent().unwrap_or(Path::new("."));
    let issue_roots = Roots::new(std::iter::once(base.to_path_buf()).chain(roots.iter().cloned()));

    // 1. The layout (and its fonts).
    let (layout, fonts) = match issue_layout(&src, &spec, base, &issue_roots) {
        Ok(v) => v,
        Err(e) => {
            diags.extend(e);
            return Err(diags);
        }
    };

    if let Some(w) = encoding_warning(&layout.path, layout.encoding) {
        diags.push(w);
    }

    // 2. The masthead fields (an edition's zone and name its own).
    let mut info = resolve_info(&src, &spec.issue, &mut diags);
    if let (Some(z), Some(name)) = (zone, edition_name) {
        info.zone = z.to_string();
        info.edition = name;
    }

    // 3. Each page's placed items; story parts wait for step 4.
    // The layout's band artwork comes first among the assets (its ids are fixed).
    let mut pending = Pending {
        roots: issue_roots.with(layout.allow_dirs.iter().cloned()),
        assets: layout.band_assets.clone(),
        ..Pending::default()
    };
    let Some(mut pages) = resolve_pages(&src, base, &layout, &spec.page, &mut pending, &mut diags)
    else {
        return Err(diags);
    };
    // Photos that take a story's picture (`from = "id"`), now every article is read.
    link_photo_media(&src, &mut pending, &mut pages, &mut diags);

    // 4. Stories: each first part with its continuations, in order.
    let stories = link_stories(&src, &mut pages, &pending, &mut diags);
    // 5. Teasers point at stories.
    link_teasers(&src, &pending.teasers, &mut pages, &stories, &mut diags);

    let warnings = Diagnostics(diags.warnings().cloned().collect());
    let issue = Issue {
        editions,
        warnings,
        path: path.to_path_buf(),
        info,
        layout,
        fonts,
        articles: pending.articles,
        stories,
        assets: pending.assets,
        pages,
    };
    diags.into_result(issue)
}

/// Every `[[page]]`, numbered in order (an error in `diags` for none at all; `None` for
/// more than a `u32` counts).
fn resolve_pages(
    src: &SourceFile,
    base: &Path,
    layout: &Layout,
    specs: &[PageSpec],
    pending: &mut Pending,
    diags: &mut Diagnostics,
) -> Option<Vec<IssuePage>> {
    let Ok(page_count) = u32::try_from(specs.len()) else {
        diags.push(Diagnostic::error("too many pages").in_file(&src.path));
        return None;
    };
    super::placement::prefetch_articles(src, base, layout, specs, pending);
    let pages: Vec<IssuePage> = (1..=page_count)
        .zip(specs)
        .map(|(number, p)| resolve_page(src, base, layout, p, number, pending, diags))
        .collect();
    if pages.is_empty() {
        diags.push(Diagnostic::error("the issue has no `[[page]]`").in_file(&src.path));
    }
    Some(pages)
}

/// The issue's `[[edition]]`s, checked on the issue as written; then, for edition
/// `zone`, its pages put in place of those they replace (the edition has no editions
/// of its own) and its name. `None` (an error in `diags`) when there is no such
/// edition.
fn take_edition(
    src: &SourceFile,
    spec: &mut IssueSpec,
    zone: Option<&str>,
    diags: &mut Diagnostics,
) -> Option<(Vec<EditionRef>, Option<String>)> {
    let main_zone = plate_code(src, &spec.issue.zone, "zone", "1", &mut Diagnostics::new());
    let editions = resolve_editions(src, spec, &main_zone, diags);
    let Some(z) = zone else {
        return Some((editions, None));
    };
    match edition_page_specs(spec, z) {
        Some(name) => Some((Vec::new(), Some(name))),
        None => {
            diags.push(
                Diagnostic::error(format!("the issue has no edition `{z}`")).in_file(&src.path),
            );
            None
        }
    }
}

/// The layout file `issue.toml` names, loaded (an error at `layout` when it is not
/// there).
fn issue_layout(
    src: &SourceFile,
    spec: &IssueSpec,
    base: &Path,
    roots: &Roots,
) -> Result<(Layout, crate::text::FontBook), Diagnostics> {
    let layout_path = base.join(spec.layout.get_ref());
    if !layout_path.is_file() {
        return Err(src
            .error_at(
                spec.layout.span(),
                format!("layout file `{}` not found", spec.layout.get_ref()),
            )
            .into());
    }
    load_layout_in(&layout_path, roots)
}

fn resolve_info(src: &SourceFile, s: &IssueInfoSpec, diags: &mut Diagnostics) -> IssueInfo {
    let date = match s.date.get_ref().date {
        Some(d) if s.date.get_ref().time.is_none() => Date {
            year: d.year,
            month: d.month,
            day: d.day,
        },
        _ => {
            diags.push(src.error_at(s.date.span(), "`date` must be a plain date like 2022-02-08"));
            Date {
                year: 2000,
                month: 1,
                day: 1,
            }
        }
    };
    IssueInfo {
        paper: s.paper.clone(),
        paper_en: s.paper_en.clone(),
        date,
        number: s.number,
        sponsors: s.sponsors.clone(),
        cn: s.cn.clone(),
        publisher: s.publisher.clone(),
        website: s.website.clone(),
        hotlines: s.hotlines.clone(),
        weather: s.weather.clone(),
        zone: plate_code(src, &s.zone, "zone", "1", diags),
        edition: s.edition.clone(),
    }
}
