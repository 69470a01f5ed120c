//! One `[[page]]`: its template, and every item placed on it checked against the grid
//! (inside it, not empty, no overflow in `col + cols - 1`), the template's band and each
//! other. Story parts and teasers are drafted here and become placements once the
//! stories are linked ([`super::stories`]), so no placement ever holds a placeholder id.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::Spanned;

use crate::diag::{Diagnostics, Loc};
use crate::spec::article::load_article;
use crate::spec::assets::resolve_asset;
use crate::spec::load_toml::encoding_warning;
use crate::spec::load_toml::SourceFile;
use crate::spec::markup::ArticleReading;
use crate::spec::model::*;
use crate::spec::paths::{resolve_input, Roots};
use crate::spec::picture_keys;
use crate::spec::raw::*;
use crate::spec::story_area::{check_area as check_area_at, story_area};
use crate::spec::with_photo::read_with_photo;

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
    /// Photos that take a story's picture (`from = "id"`), linked once every story's
    /// article is read.
    pub photo_media: Vec<DraftPhotoMedia>,
    /// Articles read ahead ([`prefetch_articles`]), by path and story id, taken by
    /// the story that names them.
    pub prefetched: BTreeMap<(PathBuf, String), Result<Article, Diagnostics>>,
}

/// Read every article the pages' stories begin with at once, on threads, before the
/// pages are resolved one by one (reading and parsing the articles is most of resolving
/// a long issue). Only files that pass [`resolve_input`] are read; what each story
/// makes of its article, and every message, stays with [`resolve_page`] in page order.
pub fn prefetch_articles(
    src: &SourceFile,
    base: &Path,
    layout: &Layout,
    specs: &[PageSpec],
    pending: &mut Pending,
) {
    let reading = ArticleReading {
        format: layout.article.format,
        note_marker: layout.article.note_marker.clone(),
    };
    let mut wanted: Vec<(PathBuf, String)> = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for s in specs.iter().flat_map(|p| &p.story) {
        let (Some(file), None) = (&s.article, &s.continued) else {
            continue;
        };
        if resolve_input(src, file, base, &pending.roots, "article").is_err() {
            continue;
        }
        let path = base.join(file.get_ref());
        let key = (path.clone(), story_id(s, &path));
        if seen.insert(key.clone()) {
            wanted.push(key);
        }
    }
    let read = crate::threads::map_in_order(&wanted, crate::threads::MAX_THREADS, |(p, id)| {
        load_article(p, id.clone(), &reading)
    });
    if let Some(read) = read {
        pending.prefetched.extend(wanted.into_iter().zip(read));
    }
}

/// A story's id: given, or its article file's stem.
fn story_id(s: &StorySpec, article: &Path) -> String {
    s.id.as_ref()
        .map(|i| i.get_ref().clone())
        .unwrap_or_else(|| {
            article
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
}

/// A `[[page.photo]]` with `from = "id"`, waiting for the story's article.
#[derive(Debug)]
pub struct DraftPhotoMedia {
    /// Page number (1-based) and index in the page's photos.
    pub page: u32,
    pub photo: usize,
    pub from: Spanned<String>,
    pub media: Option<Spanned<u32>>,
    /// What the photo gives itself (overrides the story's picture).
    pub has_file: bool,
    pub has_caption: bool,
    pub has_credit: bool,
}

/// A story frame before its story is known.
#[derive(Debug)]
pub struct DraftPart {
    pub page: u32,
    pub begins: Option<Begins>,
    /// `continued = "id"`: the story this frame continues.
    pub continues: Option<Spanned<String>>,
    pub continues_on: Option<Spanned<u32>>,
    /// `continues_on = "auto"` (its page is the next part's).
    pub auto_jump: Option<Range<usize>>,
    pub area: Area,
    pub sizing: Sizing,
    /// Which `[[page.story]]` of its page this is (0-based).
    pub spec_index: usize,
    pub columns: u32,
    pub headline_columns: u32,
    pub cont_headline: String,
    /// `with_photo`, until the page's photos are resolved; then `travel`.
    pub with_photo: Option<crate::spec::with_photo::DraftTravel>,
    pub travel: Option<Travel>,
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
    template: PageTemplate,
    reserved: u32,
    band: &'static str,
    areas: Vec<(Area, String)>,
}

impl Placed<'_> {
    /// Record a story's area: a fixed one like any item; an open one (decided later by
    /// the make-up step, which checks it then) only for its first row against the band.
    fn place_story(
        &mut self,
        area: Area,
        sizing: &Sizing,
        span: Range<usize>,
        what: String,
        diags: &mut Diagnostics,
    ) {
        if *sizing == Sizing::Fixed {
            self.place(area, span, what, diags);
        } else if area.row <= self.reserved {
            diags.push(self.src.error_at(
                span,
                format!(
                    "{what} begins inside the {} (lines 1–{} of page {})",
                    self.band, self.reserved, self.number
                ),
            ));
        }
    }

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

/// Check an area against the grid (see [`check_area_at`]).
fn check_area(
    src: &SourceFile,
    layout: &Layout,
    a: &Spanned<AreaSpec>,
    diags: &mut Diagnostics,
) -> Option<Area> {
    check_area_at(src, layout, a.get_ref(), a.span(), diags)
}

/// Resolve one page: its template and placed items. Stories and teasers go to
/// `pending`; the returned page has them empty until linking.
/// The page's `template`: `front` (masthead) or `inside` (folio); an unknown one is an
/// error at its value (the page is then read as `inside`).
fn page_template(src: &SourceFile, p: &PageSpec, diags: &mut Diagnostics) -> PageTemplate {
    match p.template.get_ref().as_str() {
        "front" => PageTemplate::Front,
        "inside" => PageTemplate::Inside,
        other => {
            diags.push(
                src.error_at(
                    p.template.span(),
                    format!("unknown page template `{other}`"),
                )
                .with_hint("expected `front` or `inside`"),
            );
            PageTemplate::Inside
        }
    }
}

pub fn resolve_page(
    src: &SourceFile,
    base: &Path,
    layout: &Layout,
    p: &PageSpec,
    number: u32,
    pending: &mut Pending,
    diags: &mut Diagnostics,
) -> IssuePage {
    let template = page_template(src, p, diags);
    let reserved = layout.band_lines(template);
    let band = match template {
        PageTemplate::Front => "masthead",
        PageTemplate::Inside => "folio",
    };
    let mut placed = Placed {
        src,
        number,
        template,
        reserved,
        band,
        areas: Vec::new(),
    };
    let first_part = pending.parts.len();
    let story_areas = draft_stories(src, base, layout, p, number, &mut placed, pending, diags);
    let story_areas: Vec<Area> = story_areas
        .into_iter()
        .filter_map(|(area, sizing)| (sizing == Sizing::Fixed).then_some(area))
        .collect();
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
    let mut photos = photos;
    attach_travelers(&mut pending.parts[first_part..], &mut photos, diags);
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
        sheet: crate::spec::editions::plate_code(src, &p.sheet, "sheet", "A", diags),
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

/// Photos that travel with their stories (`with_photo`) join the page's photos; each
/// story part learns its photo's index. A fixed story's photo may not overlap another.
fn attach_travelers(parts: &mut [DraftPart], photos: &mut Vec<Photo>, diags: &mut Diagnostics) {
    for part in parts {
        let Some(t) = part.with_photo.take() else {
            continue;
        };
        if part.sizing == Sizing::Fixed {
            if let Some(other) = photos.iter().find(|ph| ph.area.overlaps(&t.photo.area)) {
                diags.push(
                    crate::diag::Diagnostic::error(format!(
                        "the story's `with_photo` overlaps the photo at {}",
                        other
                            .loc
                            .pos
                            .map_or(String::from("?"), |p| format!("line {}", p.line))
                    ))
                    .located(&t.photo.loc),
                );
            }
        }
        part.travel = Some(Travel {
            photo: photos.len(),
            cols: t.cols,
            rows: t.rows,
        });
        photos.push(t.photo);
    }
}

/// Story frames of a page: areas checked, first parts' articles loaded. Returns the
/// story areas with their sizing (photos inside fixed ones wrap the text; the make-up
/// step decides the others and checks them against the page's items).
#[allow(clippy::too_many_arguments)] // the issue file, its folder and layout, the page, and the page's running state
fn draft_stories(
    src: &SourceFile,
    base: &Path,
    layout: &Layout,
    p: &PageSpec,
    number: u32,
    placed: &mut Placed<'_>,
    pending: &mut Pending,
    diags: &mut Diagnostics,
) -> Vec<(Area, Sizing)> {
    let mut areas = Vec::new();
    for (index, s) in p.story.iter().enumerate() {
        let table = [s.article.as_ref(), s.continued.as_ref()]
            .into_iter()
            .flatten()
            .map(|k| k.span())
            .next()
            .unwrap_or(0..0);
        let Some(read) = story_area(src, layout, s, (placed.reserved, index), table, diags) else {
            continue;
        };
        let (area, sizing, area_span) = (read.area, read.sizing, read.span);
        let Some(columns) = text_columns(src, s, area, diags) else {
            continue;
        };
        let with_photo = match &s.with_photo {
            None => None,
            Some(w) => {
                let roots = (&pending.roots, &mut pending.assets);
                let at = (area, &sizing, columns);
                let read = read_with_photo(src, base, layout, w, at, placed.template, roots, diags);
                if read.is_none() {
                    continue;
                }
                read
            }
        };
        // Beside a traveling photo the headline spans the columns left of it.
        let beside = columns.saturating_sub(with_photo.as_ref().map_or(0, |t| t.cols));
        let headline_columns = s
            .headline_columns
            .as_ref()
            .map_or(columns, |c| *c.get_ref())
            .clamp(1, beside.max(1));
        let Some((begins, what)) = story_begins(src, base, layout, s, &area_span, pending, diags)
        else {
            continue;
        };
        placed.place_story(area, &sizing, area_span.clone(), what, diags);
        let Some((continues_on, auto_jump)) = read_continues_on(src, s, diags) else {
            continue;
        };
        if s.with_photo.is_some() {
            with_photo_conflicts(src, s, (&area_span, auto_jump.is_some()), diags);
        }
        areas.push((area, sizing.clone()));
        pending.parts.push(DraftPart {
            page: number,
            begins,
            continues: s.continued.clone(),
            continues_on,
            auto_jump,
            area,
            sizing,
            spec_index: index,
            columns,
            headline_columns,
            cont_headline: s.headline.clone().unwrap_or_default(),
            with_photo,
            travel: None,
            loc: src.loc(area_span),
        });
    }
    areas
}

/// `columns` (变栏): the text columns inside a story's area, 1 to twice its grid
/// columns (default: one per grid column); `None` (reported) outside that.
fn text_columns(
    src: &SourceFile,
    s: &StorySpec,
    area: Area,
    diags: &mut Diagnostics,
) -> Option<u32> {
    let max_columns = area.cols.saturating_mul(2);
    match &s.columns {
        Some(c) if *c.get_ref() == 0 || *c.get_ref() > max_columns => {
            diags.push(src.error_at(
                c.span(),
                "story `columns` must be between 1 and twice the area's columns",
            ));
            None
        }
        Some(c) => Some(*c.get_ref()),
        None => Some(area.cols),
    }
}

/// Whether a story frame begins a story (its article read) or continues one, and what
/// messages call it; `None` (reported) when it says both or neither.
fn story_begins(
    src: &SourceFile,
    base: &Path,
    layout: &Layout,
    s: &StorySpec,
    area_span: &Range<usize>,
    pending: &mut Pending,
    diags: &mut Diagnostics,
) -> Option<(Option<Begins>, String)> {
    match (&s.article, &s.continued) {
        (Some(file), None) => {
            let reading = ArticleReading {
                format: layout.article.format,
                note_marker: layout.article.note_marker.clone(),
            };
            let b = load_first_part(src, base, s, file, &reading, pending, diags)?;
            let what = format!("story `{}`", b.id);
            Some((Some(b), what))
        }
        (None, Some(_)) => Some((None, "a continuation".to_string())),
        (Some(file), Some(_)) => {
            diags.push(src.error_at(
                file.span(),
                "a story has either `article` or `continued`, not both",
            ));
            None
        }
        (None, None) => {
            diags.push(src.error_at(
                area_span.clone(),
                "a story needs `article = \"…\"` or `continued = \"id\"`",
            ));
            None
        }
    }
}

/// `with_photo` belongs to a story's first frame, and not to one that may drop its
/// continuation (`continues_on = "auto"`).
fn with_photo_conflicts(
    src: &SourceFile,
    s: &StorySpec,
    (span, auto_jump): (&Range<usize>, bool),
    diags: &mut Diagnostics,
) {
    if auto_jump {
        diags.push(src.error_at(
            span.clone(),
            "a frame with `continues_on = \"auto\"` cannot carry `with_photo` (its continuation may be dropped)",
        ));
    }
    if s.continued.is_some() {
        diags.push(src.error_at(
            span.clone(),
            "`with_photo` is for a story's first frame, not a continuation",
        ));
    }
}

/// `continues_on`: a page number, or `"auto"` (the span kept); `None` (reported) for
/// another word.
#[allow(clippy::type_complexity)] // the two forms of the key, each with its span
fn read_continues_on(
    src: &SourceFile,
    s: &StorySpec,
    diags: &mut Diagnostics,
) -> Option<(Option<Spanned<u32>>, Option<Range<usize>>)> {
    match &s.continues_on {
        None => Some((None, None)),
        Some(c) => match c.get_ref() {
            ContinuesOnSpec::Page(n) => Some((Some(Spanned::new(c.span(), *n)), None)),
            ContinuesOnSpec::Word(w) if w == "auto" => Some((None, Some(c.span()))),
            ContinuesOnSpec::Word(w) => {
                diags.push(
                    src.error_at(c.span(), format!("`continues_on = \"{w}\"`: expected a page number or \"auto\""))
                        .with_hint("\"auto\" continues on the page of the `continued` frame only if the story does not fit"),
                );
                None
            }
        },
    }
}

/// A story's first part: its id (given, or the article's file stem) and its article.
fn load_first_part(
    src: &SourceFile,
    base: &Path,
    s: &StorySpec,
    file: &Spanned<String>,
    reading: &ArticleReading,
    pending: &mut Pending,
    diags: &mut Diagnostics,
) -> Option<Begins> {
    let ap = base.join(file.get_ref());
    let id = story_id(s, &ap);
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
    let read = match pending.prefetched.remove(&(ap.clone(), id.clone())) {
        Some(read) => read,
        None => load_article(&ap, id.clone(), reading),
    };
    match read {
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
#[allow(clippy::too_many_arguments)] // the issue file, its folder and layout, the page, and the page's running state
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
        match (&ph.from, &ph.media) {
            (Some(from), media) => pending.photo_media.push(DraftPhotoMedia {
                page: placed.number,
                photo: photos.len(),
                from: from.clone(),
                media: media.clone(),
                has_file: ph.file.is_some(),
                has_caption: !ph.caption.trim().is_empty(),
                has_credit: !ph.credit.trim().is_empty(),
            }),
            (None, Some(m)) => diags.push(
                src.error_at(
                    m.span(),
                    "`media` picks one of a story's pictures: it needs `from`",
                )
                .with_hint("write `from = \"story-id\"` too"),
            ),
            (None, None) => {}
        }
        photos.push(Photo {
            area,
            caption: normalize(&ph.caption),
            credit: normalize(&ph.credit),
            asset,
            fit: picture_keys::resolve_fit(src, ph.fit_keys(), diags),
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

/// Photos with `from = "id"` take the story's picture number `media` (1-based,
/// default 1): its file (unless the photo names one), caption and credit (unless
/// given). An unknown story or picture is an error at the key.
pub fn link_photo_media(
    src: &SourceFile,
    pending: &mut Pending,
    pages: &mut [IssuePage],
    diags: &mut Diagnostics,
) {
    let drafts = std::mem::take(&mut pending.photo_media);
    for d in &drafts {
        let Some(media) = story_media(src, pending, d, diags) else {
            continue;
        };
        let media = media.clone();
        let asset = if d.has_file {
            None
        } else {
            let name = media.file.display().to_string();
            let found = crate::spec::assets::resolve_asset_path(
                src,
                d.from.span(),
                &media.file,
                &name,
                "photo",
                &pending.roots,
                &mut pending.assets,
                diags,
            );
            if found.is_none() {
                continue;
            }
            found
        };
        let Some(photo) = pages
            .get_mut(d.page as usize - 1)
            .and_then(|p| p.photos.get_mut(d.photo))
        else {
            continue;
        };
        if asset.is_some() {
            photo.asset = asset;
        }
        if !d.has_caption {
            photo.caption = media.caption.clone();
        }
        if !d.has_credit {
            photo.credit = media.credit.clone();
        }
    }
}

/// The picture a `from` photo takes: picture `media` (1-based, default 1) of the story
/// `from` names; an unknown story or picture is an error at the key.
fn story_media(
    src: &SourceFile,
    pending: &Pending,
    d: &DraftPhotoMedia,
    diags: &mut Diagnostics,
) -> Option<Media> {
    let id = d.from.get_ref();
    let article = pending
        .parts
        .iter()
        .filter_map(|p| p.begins.as_ref())
        .find(|b| &b.id == id)
        .and_then(|b| pending.articles.get(b.article));
    let Some(article) = article else {
        let known: Vec<String> = pending
            .parts
            .iter()
            .filter_map(|p| p.begins.as_ref().map(|b| format!("`{}`", b.id)))
            .collect();
        diags.push(
            src.error_at(d.from.span(), format!("`from`: no story has the id `{id}`"))
                .with_hint(format!("the stories are {}", known.join(", "))),
        );
        return None;
    };
    let n = d.media.as_ref().map_or(1, |m| *m.get_ref());
    let span = d.media.as_ref().map_or(d.from.span(), |m| m.span());
    let media = n.checked_sub(1).and_then(|i| article.media.get(i as usize));
    if media.is_none() {
        let have = match article.media.len() {
            0 => "no pictures".to_string(),
            1 => "1 picture".to_string(),
            k => format!("{k} pictures"),
        };
        diags.push(
            src.error_at(
                span,
                format!("story `{id}` has {have}; there is no picture {n}"),
            )
            .with_hint(
                "a story's pictures come from its copy (NITF `media` elements), counted from 1",
            ),
        );
    }
    media.cloned()
}

fn normalize(s: &str) -> String {
    crate::linebreak::normalize_wire_text(s)
}
