//! One `[[page]]`: its template, and every item placed on it checked against the grid
//! (inside it, not empty, no overflow in `col + cols - 1`), the template's band and each
//! other. Story parts and teasers are drafted here and become placements once the
//! stories are linked ([`super::stories`]), so no placement ever holds a placeholder id.

use std::ops::Range;
use std::path::Path;

use toml::Spanned;

use crate::diag::{Diagnostics, Loc};
use crate::spec::article::load_article;
use crate::spec::assets::resolve_asset;
use crate::spec::load_toml::encoding_warning;
use crate::spec::load_toml::SourceFile;
use crate::spec::model::*;
use crate::spec::paths::{resolve_input, Roots};
use crate::spec::picture_keys;
use crate::spec::raw::*;

/// What pages produce for the later steps: articles and assets loaded, story parts and
/// teasers waiting for their story.
#[derive(Debug, Default)]
pub struct Pending {
    /// Folders articles and pictures may be read from (see [`super::paths`]).
    pub roots: Roots,
    pub articles: Vec<Article>,
    pub assets: Vec<Asset>,
    /// Story parts in page order, then in the order of the page's `[[page.story]]`.
    pub parts: Vec<DraftPart>,
    pub teasers: Vec<DraftTeaser>,
}

/// A story frame before its story is known.
#[derive(Debug)]
pub struct DraftPart {
    pub page: u32,
    pub begins: Option<Begins>,
    /// `continued = "id"`: the story this frame continues.
    pub continues: Option<Spanned<String>>,
    pub continues_on: Option<Spanned<u32>>,
    pub area: Area,
    pub columns: u32,
    pub headline_columns: u32,
    pub cont_headline: String,
    pub loc: Loc,
}

/// A story's first part: its id and article.
#[derive(Debug)]
pub struct Begins {
    pub id: String,
    pub id_span: Range<usize>,
    pub article: ArticleIndex,
}

/// A teaser before its story is known.
#[derive(Debug)]
pub struct DraftTeaser {
    pub page: u32,
    pub area: Area,
    pub text: String,
    pub story: Spanned<String>,
    pub loc: Loc,
}

/// Every area placed on the page so far, to check overlaps.
struct Placed<'a> {
    src: &'a SourceFile,
    number: u32,
    reserved: u32,
    band: &'static str,
    areas: Vec<(Area, String)>,
}

impl Placed<'_> {
    /// Record an area; report it if it overlaps the band or an area placed before.
    fn place(&mut self, area: Area, span: Range<usize>, what: String, diags: &mut Diagnostics) {
        let (number, reserved) = (self.number, self.reserved);
        if area.row <= reserved {
            diags.push(self.src.error_at(
                span.clone(),
                format!(
                    "{what} overlaps the {} (lines 1–{reserved} of page {number})",
                    self.band
                ),
            ));
        }
        for (other, other_what) in &self.areas {
            if area.overlaps(other) {
                diags.push(self.src.error_at(
                    span.clone(),
                    format!("{what} overlaps {other_what} on page {number}"),
                ));
            }
        }
        self.areas.push((area, what));
    }
}

/// Check an area against the grid: 1-based, not empty, no overflow, inside the grid.
/// `None` (reported) when it is not.
fn check_area(
    src: &SourceFile,
    layout: &Layout,
    a: &Spanned<AreaSpec>,
    diags: &mut Diagnostics,
) -> Option<Area> {
    let s = *a.get_ref();
    let g = &layout.grid;
    if s.col == 0 || s.row == 0 || s.cols == 0 || s.rows == 0 {
        diags.push(src.error_at(a.span(), "area values are 1-based and must be at least 1"));
        return None;
    }
    let inside = Area::checked(s.col, s.cols, s.row, s.rows)
        .filter(|area| area.last_col() <= g.columns && area.last_row() <= g.lines);
    if inside.is_none() {
        let last = |start: u32, n: u32| {
            u64::from(start) + u64::from(n) - 1 // in u64: cannot overflow
        };
        diags.push(src.error_at(
            a.span(),
            format!(
                "area (columns {}–{}, lines {}–{}) is outside the {}-column × {}-line grid",
                s.col,
                last(s.col, s.cols),
                s.row,
                last(s.row, s.rows),
                g.columns,
                g.lines
            ),
        ));
    }
    inside
}

/// Resolve one page: its template and placed items. Stories and teasers go to
/// `pending`; the returned page has them empty until linking.
pub fn resolve_page(
    src: &SourceFile,
    base: &Path,
    layout: &Layout,
    p: &PageSpec,
    number: u32,
    pending: &mut Pending,
    diags: &mut Diagnostics,
) -> IssuePage {
    let template = match p.template.get_ref().as_str() {
        "front" => Template::Front,
        "inside" => Template::Inside,
        other => {
            diags.push(
                src.error_at(
                    p.template.span(),
                    format!("unknown page template `{other}`"),
                )
                .with_hint("expected `front` or `inside`"),
            );
            Template::Inside
        }
    };
    let (reserved, band) = match template {
        Template::Front => (layout.masthead.lines, "masthead"),
        Template::Inside => (layout.folio.lines, "folio"),
    };
    let mut placed = Placed {
        src,
        number,
        reserved,
        band,
        areas: Vec::new(),
    };
    let story_areas = draft_stories(src, base, layout, p, number, &mut placed, pending, diags);
    let photos = resolve_photos(
        src,
        base,
        layout,
        p,
        &story_areas,
        &mut placed,
        pending,
        diags,
    );
    let ads = resolve_ads(src, base, layout, p, &mut placed, pending, diags);
    for t in &p.teaser {
        let Some(area) = check_area(src, layout, &t.area, diags) else {
            continue;
        };
        placed.place(area, t.area.span(), "a teaser".into(), diags);
        pending.teasers.push(DraftTeaser {
            page: number,
            area,
            text: normalize(&t.text),
            story: t.story.clone(),
            loc: src.loc(t.area.span()),
        });
    }
    IssuePage {
        number,
        template,
        section: p.section.clone(),
        editor: p.editors.editor.clone(),
        art_editor: p.editors.art.clone(),
        proofreader: p.editors.proof.clone(),
        stories: Vec::new(),
        photos,
        ads,
        teasers: Vec::new(),
        loc: src.loc(p.template.span()),
    }
}

/// Story frames of a page: areas checked, first parts' articles loaded. Returns the
/// story areas (photos inside them wrap the text).
#[allow(clippy::too_many_arguments)]
fn draft_stories(
    src: &SourceFile,
    base: &Path,
    layout: &Layout,
    p: &PageSpec,
    number: u32,
    placed: &mut Placed<'_>,
    pending: &mut Pending,
    diags: &mut Diagnostics,
) -> Vec<Area> {
    let mut areas = Vec::new();
    for s in &p.story {
        let Some(area) = check_area(src, layout, &s.area, diags) else {
            continue;
        };
        let max_columns = area.cols.saturating_mul(2);
        let columns = match &s.columns {
            Some(c) if *c.get_ref() == 0 || *c.get_ref() > max_columns => {
                diags.push(src.error_at(
                    c.span(),
                    "story `columns` must be between 1 and twice the area's columns",
                ));
                continue;
            }
            Some(c) => *c.get_ref(),
            None => area.cols,
        };
        let headline_columns = s
            .headline_columns
            .as_ref()
            .map_or(columns, |c| *c.get_ref())
            .clamp(1, columns);
        let (begins, what) = match (&s.article, &s.continued) {
            (Some(file), None) => {
                let Some(b) = load_first_part(src, base, s, file, pending, diags) else {
                    continue;
                };
                let what = format!("story `{}`", b.id);
                (Some(b), what)
            }
            (None, Some(_)) => (None, "a continuation".to_string()),
            (Some(file), Some(_)) => {
                diags.push(src.error_at(
                    file.span(),
                    "a story has either `article` or `continued`, not both",
                ));
                continue;
            }
            (None, None) => {
                diags.push(src.error_at(
                    s.area.span(),
                    "a story needs `article = \"…\"` or `continued = \"id\"`",
                ));
                continue;
            }
        };
        placed.place(area, s.area.span(), what, diags);
        areas.push(area);
        pending.parts.push(DraftPart {
            page: number,
            begins,
            continues: s.continued.clone(),
            continues_on: s.continues_on.clone(),
            area,
            columns,
            headline_columns,
            cont_headline: s.headline.clone().unwrap_or_default(),
            loc: src.loc(s.area.span()),
        });
    }
    areas
}

/// A story's first part: its id (given, or the article's file stem) and its article.
fn load_first_part(
    src: &SourceFile,
    base: &Path,
    s: &StorySpec,
    file: &Spanned<String>,
    pending: &mut Pending,
    diags: &mut Diagnostics,
) -> Option<Begins> {
    let ap = base.join(file.get_ref());
    let id =
        s.id.as_ref()
            .map(|i| i.get_ref().clone())
            .unwrap_or_else(|| {
                ap.file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default()
            });
    let id_span = s.id.as_ref().map_or(file.span(), |i| i.span());
    if pending
        .parts
        .iter()
        .any(|p| p.begins.as_ref().is_some_and(|b| b.id == id))
    {
        diags.push(src.error_at(id_span.clone(), format!("story id `{id}` is used twice")));
    }
    if let Err(d) = resolve_input(src, file, base, &pending.roots, "article") {
        diags.push(d);
        return None;
    }
    match load_article(&ap, id.clone()) {
        Ok(a) => {
            if let Some(w) = encoding_warning(&a.path, a.encoding) {
                diags.push(w);
            }
            pending.articles.push(a);
            Some(Begins {
                id,
                id_span,
                article: pending.articles.len() - 1,
            })
        }
        Err(e) => {
            diags.extend(e);
            None
        }
    }
}

/// Photos: inside a story's area (text wraps around them) or placed on their own; a
/// photo may not overlap other photos, ads or teasers.
#[allow(clippy::too_many_arguments)]
fn resolve_photos(
    src: &SourceFile,
    base: &Path,
    layout: &Layout,
    p: &PageSpec,
    story_areas: &[Area],
    placed: &mut Placed<'_>,
    pending: &mut Pending,
    diags: &mut Diagnostics,
) -> Vec<Photo> {
    let mut photos = Vec::new();
    for ph in &p.photo {
        let Some(area) = check_area(src, layout, &ph.area, diags) else {
            continue;
        };
        if story_areas.iter().any(|s| s.contains(&area)) {
            for (other, what) in &placed.areas {
                if other.overlaps(&area)
                    && !what.starts_with("story")
                    && !what.starts_with("a continuation")
                {
                    diags.push(src.error_at(
                        ph.area.span(),
                        format!("a photo overlaps {what} on page {}", placed.number),
                    ));
                }
            }
        } else {
            placed.place(area, ph.area.span(), "a photo".into(), diags);
        }
        let asset = ph.file.as_ref().and_then(|f| {
            resolve_asset(
                src,
                base,
                f,
                "photo",
                &pending.roots,
                &mut pending.assets,
                diags,
            )
        });
        photos.push(Photo {
            area,
            caption: normalize(&ph.caption),
            credit: normalize(&ph.credit),
            asset,
            fit: picture_keys::resolve_fit(src, ph, diags),
            loc: src.loc(ph.area.span()),
        });
    }
    photos
}

/// Ads: placed on their own, always labelled (《报纸出版管理规定》§38).
fn resolve_ads(
    src: &SourceFile,
    base: &Path,
    layout: &Layout,
    p: &PageSpec,
    placed: &mut Placed<'_>,
    pending: &mut Pending,
    diags: &mut Diagnostics,
) -> Vec<Ad> {
    let mut ads = Vec::new();
    for ad in &p.ad {
        let Some(area) = check_area(src, layout, &ad.area, diags) else {
            continue;
        };
        placed.place(area, ad.area.span(), "an ad".into(), diags);
        let label = ad
            .label
            .clone()
            .unwrap_or_else(|| layout.wording.ad_label.clone());
        if label.trim().is_empty() {
            diags.push(
                src.error_at(ad.area.span(), "an ad must carry a visible label")
                    .with_hint("《报纸出版管理规定》§38: advertising must be marked “广告”"),
            );
        }
        let asset = ad.file.as_ref().and_then(|f| {
            resolve_asset(
                src,
                base,
                f,
                "ad",
                &pending.roots,
                &mut pending.assets,
                diags,
            )
        });
        ads.push(Ad {
            area,
            label,
            title: ad.title.clone(),
            lines: ad.lines.clone(),
            asset,
            page: picture_keys::resolve_ad_page(src, &ad.page, diags),
            fit: picture_keys::resolve_ad_fit(src, &ad.fit, diags),
            loc: src.loc(ad.area.span()),
        });
    }
    ads
}

fn normalize(s: &str) -> String {
    crate::linebreak::normalize_wire_text(s)
}
