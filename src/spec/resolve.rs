//! Resolving raw specs into the [`Issue`] model: paths, units, fonts, styles, grid
//! geometry, and every semantic check (areas inside the grid and not overlapping,
//! styles and fonts that exist, story links that resolve). All errors are collected and
//! returned together.

use std::collections::BTreeMap;
use std::path::Path;

use toml::Spanned;

use crate::diag::{Diagnostic, Diagnostics};
use crate::geom::Cmyk;
use crate::linebreak::{AdjustPolicy, Composition, KinsokuLevel, PunctStyle};
use crate::spec::article::load_article;
use crate::spec::load_toml::{parse_toml, SourceFile};
use crate::spec::model::*;
use crate::spec::raw::*;
use crate::text::{FontBook, FontChain, FontId};

/// Read `issue.toml`, its layout and articles, and resolve everything.
pub fn resolve_issue(path: &Path) -> Result<Issue, Diagnostics> {
    let src = SourceFile::read(path)?;
    let spec: IssueSpec = parse_toml(&src, 0..src.text.len())?;
    let base = path.parent().unwrap_or(Path::new("."));
    let mut diags = Diagnostics::new();

    // Layout (and its fonts).
    let layout_path = base.join(spec.layout.get_ref());
    let layout = if layout_path.is_file() {
        load_layout(&layout_path)
    } else {
        Err(src
            .error_at(
                spec.layout.span(),
                format!("layout file `{}` not found", spec.layout.get_ref()),
            )
            .into())
    };
    let (layout, fonts) = match layout {
        Ok(v) => v,
        Err(e) => {
            diags.extend(e);
            return Err(diags);
        }
    };

    let info = resolve_info(&src, &spec.issue, &mut diags);

    // Articles and pages.
    let mut articles: Vec<Article> = Vec::new();
    let mut ids: BTreeMap<String, ArticleIndex> = BTreeMap::new();
    let mut pages = Vec::new();
    for (i, p) in spec.page.iter().enumerate() {
        let number = i as u32 + 1;
        let page = resolve_page(
            &src,
            base,
            &layout,
            p,
            number,
            &mut articles,
            &mut ids,
            &mut diags,
        );
        pages.push(page);
    }
    if pages.is_empty() {
        diags.push(Diagnostic::error("the issue has no `[[page]]`").in_file(&src.path));
    }
    link_stories(&src, &spec, &mut pages, &ids, &mut diags);
    link_teasers(&src, &spec, &mut pages, &ids, &mut diags);

    let issue = Issue {
        path: path.to_path_buf(),
        info,
        layout,
        fonts,
        articles,
        pages,
    };
    diags.into_result(issue)
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
    }
}

/// Read a layout file and load the fonts it names.
pub fn load_layout(path: &Path) -> Result<(Layout, FontBook), Diagnostics> {
    let src = SourceFile::read(path)?;
    let spec: LayoutSpec = parse_toml(&src, 0..src.text.len())?;
    let base = path.parent().unwrap_or(Path::new("."));
    let mut diags = Diagnostics::new();

    // Fonts.
    let mut book = FontBook::new();
    let mut font_ids: BTreeMap<String, FontId> = BTreeMap::new();
    for (name, file) in &spec.fonts {
        match super::wire::load_font(&src, base, name, file, &mut book) {
            Ok(f) => {
                font_ids.insert(name.clone(), book.add(f));
            }
            Err(e) => diags.push(src.error_at(
                file.span(),
                format!(
                    "failed to load font `{name}` from `{}` ({e})",
                    file.get_ref(),
                ),
            )),
        }
    }

    // Styles.
    let mut styles = BTreeMap::new();
    for (name, st) in &spec.style {
        if let Some(style) = resolve_style(&src, name, st, &font_ids, &mut diags) {
            styles.insert(name.clone(), style);
        }
    }
    for required in REQUIRED_STYLES {
        if !spec.style.contains_key(*required) {
            diags.push(
                Diagnostic::error(format!("layout has no style `{required}`"))
                    .in_file(path)
                    .with_hint("every layout must define the styles the engine sets: see README"),
            );
        }
    }

    // Grid.
    let g = &spec.grid;
    let char_size = match styles.get(g.body_style.get_ref()) {
        Some(s) => s.size,
        None => {
            diags.push(src.error_at(
                g.body_style.span(),
                format!("unknown style `{}`", g.body_style.get_ref()),
            ));
            9.0
        }
    };
    for (v, what) in [
        (&g.columns, "columns"),
        (&g.column_chars, "column_chars"),
        (&g.lines, "lines"),
    ] {
        if *v.get_ref() == 0 {
            diags.push(src.error_at(v.span(), format!("grid `{what}` must be at least 1")));
        }
    }
    if *g.line_pitch_pt.get_ref() < char_size {
        diags.push(
            src.error_at(
                g.line_pitch_pt.span(),
                "line pitch is smaller than the body size",
            )
            .with_hint("CLReq: line gap 50–100 % of the character size"),
        );
    }
    let [trim_w_mm, trim_h_mm] = spec.page.trim_mm;
    let trim_width = mm_to_pt(trim_w_mm);
    let trim_height = mm_to_pt(trim_h_mm);
    let mut grid = Grid {
        columns: *g.columns.get_ref(),
        column_chars: *g.column_chars.get_ref(),
        gutter_chars: *g.gutter_chars.get_ref(),
        lines: *g.lines.get_ref(),
        line_pitch: *g.line_pitch_pt.get_ref(),
        char_size,
        left: 0.0,
        top: mm_to_pt(spec.page.margin_top_mm),
        space_above_headline: g.space_above_headline,
        rule_width: g.rule_pt,
    };
    // The type area is centred horizontally on the trim.
    grid.left = (trim_width - grid.width()) / 2.0;
    if grid.left < 0.0 {
        diags.push(
            src.error_at(
                g.column_chars.span(),
                "the grid is wider than the trimmed page",
            )
            .with_hint(format!(
                "type area {:.1} mm, trim {:.1} mm",
                grid.width() / crate::geom::PT_PER_MM,
                trim_w_mm
            )),
        );
    }
    if grid.top + grid.height() > trim_height {
        diags.push(src.error_at(g.lines.span(), "the grid is taller than the trimmed page"));
    }

    let grid_for_check = grid.clone();
    let layout = Layout {
        name: spec.name.clone(),
        trim_width,
        trim_height,
        bleed: mm_to_pt(spec.page.bleed_mm),
        slug: mm_to_pt(spec.page.slug_mm),
        grid,
        styles,
        masthead_lines: spec.template.front.masthead_lines,
        masthead: resolve_masthead(&src, &spec.template.front, &grid_for_check, &mut diags),
        folio_lines: spec.template.inside.folio_lines,
    };
    diags.into_result((layout, book))
}

/// Masthead blocks: inside the grid's columns and the masthead band.
fn resolve_masthead(
    src: &SourceFile,
    front: &FrontTemplateSpec,
    grid: &Grid,
    diags: &mut Diagnostics,
) -> Masthead {
    let cell = |c: &Spanned<CellSpec>, diags: &mut Diagnostics| {
        let v = *c.get_ref();
        let last_col = v.col + v.cols.saturating_sub(1);
        if v.col == 0
            || v.cols == 0
            || v.row == 0
            || last_col > grid.columns
            || v.row > front.masthead_lines
        {
            diags.push(src.error_at(
                c.span(),
                format!(
                    "masthead block must lie in columns 1–{} and lines 1–{} (the band)",
                    grid.columns, front.masthead_lines
                ),
            ));
        }
        Cell {
            col: v.col,
            cols: v.cols,
            row: v.row,
        }
    };
    Masthead {
        title: cell(&front.title, diags),
        sponsors: cell(&front.sponsors, diags),
        dateline: cell(&front.dateline, diags),
    }
}

/// Keywords of a style and the values they stand for (one table each, so a new keyword
/// is added in one place).
const ALIGNS: &[(&str, Align)] = &[
    ("left", Align::Left),
    ("center", Align::Center),
    ("right", Align::Right),
    ("justify", Align::Justify),
];
const KINSOKU_LEVELS: &[(&str, KinsokuLevel)] = &[
    ("none", KinsokuLevel::None),
    ("basic", KinsokuLevel::Basic),
    ("gb", KinsokuLevel::Gb),
    ("strict", KinsokuLevel::Strict),
];
const PUNCT_STYLES: &[(&str, PunctStyle)] = &[
    ("quanjiao", PunctStyle::Quanjiao),
    ("kaiming", PunctStyle::Kaiming),
    ("banjiao", PunctStyle::Banjiao),
    ("hangmobanjiao", PunctStyle::HangmoBanjiao),
];
const ADJUST_POLICIES: &[(&str, AdjustPolicy)] = &[
    ("push-in-first", AdjustPolicy::PushInFirst),
    ("push-out-only", AdjustPolicy::PushOutOnly),
];

/// The value of an optional keyword field: `default` when absent; an error located at
/// the value (with the allowed keywords as a hint) when unknown.
fn keyword<T: Copy>(
    src: &SourceFile,
    v: &Option<Spanned<String>>,
    table: &[(&str, T)],
    what: &str,
    default: T,
    diags: &mut Diagnostics,
) -> T {
    let Some(v) = v else { return default };
    match table.iter().find(|(k, _)| *k == v.get_ref().as_str()) {
        Some((_, value)) => *value,
        None => {
            let allowed: Vec<&str> = table.iter().map(|(k, _)| *k).collect();
            diags.push(
                src.error_at(v.span(), format!("unknown {what} `{}`", v.get_ref()))
                    .with_hint(format!("expected one of: {}", allowed.join(", "))),
            );
            default
        }
    }
}

fn resolve_style(
    src: &SourceFile,
    name: &str,
    st: &Spanned<StyleSpec>,
    font_ids: &BTreeMap<String, FontId>,
    diags: &mut Diagnostics,
) -> Option<Style> {
    let s = st.get_ref();
    let mut chain = Vec::new();
    for f in &s.font {
        match font_ids.get(f.get_ref()) {
            Some(id) => chain.push(*id),
            None => diags.push(
                src.error_at(f.span(), format!("unknown font `{}`", f.get_ref()))
                    .with_hint(format!(
                        "fonts defined in [fonts]: {}",
                        font_ids.keys().cloned().collect::<Vec<_>>().join(", ")
                    )),
            ),
        }
    }
    if s.font.is_empty() {
        diags.push(src.error_at(st.span(), format!("style `{name}` names no font")));
    }
    if !(s.size_pt > 0.0 && s.size_pt < 500.0) {
        diags.push(src.error_at(
            st.span(),
            format!("style `{name}`: size_pt must be between 0 and 500"),
        ));
    }
    let align = keyword(src, &s.align, ALIGNS, "alignment", Align::Justify, diags);
    let kinsoku = keyword(
        src,
        &s.kinsoku,
        KINSOKU_LEVELS,
        "kinsoku level",
        KinsokuLevel::Gb,
        diags,
    );
    let punct = keyword(
        src,
        &s.punct,
        PUNCT_STYLES,
        "punctuation style",
        PunctStyle::Quanjiao,
        diags,
    );
    let policy = keyword(
        src,
        &s.adjust,
        ADJUST_POLICIES,
        "adjustment policy",
        AdjustPolicy::PushInFirst,
        diags,
    );
    let color = s
        .cmyk
        .map(|[c, m, y, k]| Cmyk::new(c / 100.0, m / 100.0, y / 100.0, k / 100.0))
        .unwrap_or(Cmyk::BLACK);
    Some(Style {
        name: name.to_string(),
        fonts: FontChain(chain),
        size: s.size_pt,
        lines: s.lines.max(1),
        align,
        color,
        composition: Composition {
            kinsoku,
            punct,
            policy,
            trim_start: s.trim_start,
            hanging: s.hanging,
            orphan_fix: s.orphan_fix,
            cjk_latin_space: s.cjk_latin_space_em,
            indent: s.indent_em,
            justify: align == Align::Justify,
            hyphenation: super::wire::hyphenation(src, s, diags),
            looseness: super::wire::looseness(s),
        },
    })
}

/// Check an area against the grid: inside it and not zero-sized.
fn check_area(
    src: &SourceFile,
    layout: &Layout,
    a: &Spanned<AreaSpec>,
    diags: &mut Diagnostics,
) -> Area {
    let s = *a.get_ref();
    let g = &layout.grid;
    let area = Area {
        col: s.col,
        cols: s.cols,
        row: s.row,
        rows: s.rows,
    };
    if s.col == 0 || s.row == 0 || s.cols == 0 || s.rows == 0 {
        diags.push(src.error_at(a.span(), "area values are 1-based and must be at least 1"));
    } else if area.last_col() > g.columns || area.last_row() > g.lines {
        diags.push(src.error_at(
            a.span(),
            format!(
                "area (columns {}–{}, lines {}–{}) is outside the {}-column × {}-line grid",
                area.col,
                area.last_col(),
                area.row,
                area.last_row(),
                g.columns,
                g.lines
            ),
        ));
    }
    area
}

#[allow(clippy::too_many_arguments)]
fn resolve_page(
    src: &SourceFile,
    base: &Path,
    layout: &Layout,
    p: &PageSpec,
    number: u32,
    articles: &mut Vec<Article>,
    ids: &mut BTreeMap<String, ArticleIndex>,
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
    let reserved = match template {
        Template::Front => layout.masthead_lines,
        Template::Inside => layout.folio_lines,
    };
    // Every placed area with its span, to check overlaps.
    let mut placed: Vec<(Area, std::ops::Range<usize>, String)> = Vec::new();
    let front = template == Template::Front;
    let place = |placed: &mut Vec<(Area, std::ops::Range<usize>, String)>,
                 area: Area,
                 span: std::ops::Range<usize>,
                 what: String,
                 diags: &mut Diagnostics| {
        if area.row <= reserved && area.rows > 0 {
            diags.push(src.error_at(
                span.clone(),
                format!(
                    "{what} overlaps the {} (lines 1–{reserved} of page {number})",
                    if front { "masthead" } else { "folio" }
                ),
            ));
        }
        for (other, _, other_what) in placed.iter() {
            if area.overlaps(other) {
                diags.push(src.error_at(
                    span.clone(),
                    format!("{what} overlaps {other_what} on page {number}"),
                ));
            }
        }
        placed.push((area, span, what));
    };

    let mut stories = Vec::new();
    for s in &p.story {
        let area = check_area(src, layout, &s.area, diags);
        let columns = s.columns.as_ref().map_or(area.cols, |c| *c.get_ref());
        if let Some(c) = &s.columns {
            if *c.get_ref() == 0 || *c.get_ref() > area.cols * 2 {
                diags.push(src.error_at(
                    c.span(),
                    "story `columns` must be between 1 and twice the area's columns",
                ));
            }
        }
        let headline_columns = s
            .headline_columns
            .as_ref()
            .map_or(columns, |c| *c.get_ref())
            .min(columns)
            .max(1);
        let (article, label) = match (&s.article, &s.continued) {
            (Some(file), None) => {
                let ap = base.join(file.get_ref());
                let id =
                    s.id.as_ref()
                        .map(|i| i.get_ref().clone())
                        .unwrap_or_else(|| {
                            ap.file_stem()
                                .map(|s| s.to_string_lossy().into_owned())
                                .unwrap_or_default()
                        });
                if ids.contains_key(&id) {
                    diags.push(src.error_at(
                        s.id.as_ref().map_or(file.span(), |i| i.span()),
                        format!("story id `{id}` is used twice"),
                    ));
                }
                if !ap.is_file() {
                    diags.push(src.error_at(
                        file.span(),
                        format!("article file `{}` not found", file.get_ref()),
                    ));
                    continue;
                }
                match load_article(&ap, id.clone()) {
                    Ok(a) => {
                        articles.push(a);
                        ids.insert(id.clone(), articles.len() - 1);
                        (articles.len() - 1, format!("story `{id}`"))
                    }
                    Err(e) => {
                        diags.extend(e);
                        continue;
                    }
                }
            }
            (None, Some(_)) => (usize::MAX, "a continuation".to_string()),
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
        place(&mut placed, area, s.area.span(), label, diags);
        stories.push(StoryPlacement {
            article,
            area,
            columns,
            headline_columns,
            is_continuation: s.continued.is_some(),
            continues_to: None,
            continued_from: None,
            cont_headline: s.headline.clone().unwrap_or_default(),
        });
    }
    let mut photos = Vec::new();
    for ph in &p.photo {
        let area = check_area(src, layout, &ph.area, diags);
        // A photo may sit inside a story's area (text wraps around it); it may not
        // overlap other photos, ads or teasers.
        let inside_story = stories.iter().any(|s| contains(&s.area, &area));
        if !inside_story {
            place(&mut placed, area, ph.area.span(), "a photo".into(), diags);
        } else {
            for (other, _, what) in &placed {
                if other.overlaps(&area)
                    && !what.starts_with("story")
                    && !what.starts_with("a continuation")
                {
                    diags.push(src.error_at(
                        ph.area.span(),
                        format!("a photo overlaps {what} on page {number}"),
                    ));
                }
            }
        }
        photos.push(Photo {
            area,
            caption: normalize(&ph.caption),
        });
    }
    let mut ads = Vec::new();
    for ad in &p.ad {
        let area = check_area(src, layout, &ad.area, diags);
        place(&mut placed, area, ad.area.span(), "an ad".into(), diags);
        if ad.label.trim().is_empty() {
            diags.push(
                src.error_at(ad.area.span(), "an ad must carry a visible label")
                    .with_hint("《报纸出版管理规定》§38: advertising must be marked “广告”"),
            );
        }
        ads.push(Ad {
            area,
            label: ad.label.clone(),
            title: ad.title.clone(),
            lines: ad.lines.clone(),
        });
    }
    let mut teasers = Vec::new();
    for t in &p.teaser {
        let area = check_area(src, layout, &t.area, diags);
        place(&mut placed, area, t.area.span(), "a teaser".into(), diags);
        teasers.push(Teaser {
            area,
            text: normalize(&t.text),
            article: usize::MAX,
        });
    }
    IssuePage {
        number,
        template,
        section: p.section.clone(),
        editor: p.editors.editor.clone(),
        art_editor: p.editors.art.clone(),
        proofreader: p.editors.proof.clone(),
        stories,
        photos,
        ads,
        teasers,
    }
}

fn normalize(s: &str) -> String {
    crate::linebreak::normalize_wire_text(s)
}

fn contains(outer: &Area, inner: &Area) -> bool {
    inner.col >= outer.col
        && inner.last_col() <= outer.last_col()
        && inner.row >= outer.row
        && inner.last_row() <= outer.last_row()
}

/// Resolve `continued = "id"` and `continues_on = N` into links between placements.
fn link_stories(
    src: &SourceFile,
    spec: &IssueSpec,
    pages: &mut [IssuePage],
    ids: &BTreeMap<String, ArticleIndex>,
    diags: &mut Diagnostics,
) {
    // Continuations first: give each its article.
    let mut cont_of: BTreeMap<ArticleIndex, (u32, usize)> = BTreeMap::new();
    for (pi, p) in spec.page.iter().enumerate() {
        let mut si = 0;
        for s in &p.story {
            let Some(page) = pages.get_mut(pi) else { break };
            // Placements skipped for errors are not in `stories`; errors already reported.
            if si >= page.stories.len() {
                break;
            }
            if let Some(c) = &s.continued {
                match ids.get(c.get_ref()) {
                    Some(&a) => {
                        page.stories[si].article = a;
                        if cont_of.insert(a, (page.number, si)).is_some() {
                            diags.push(src.error_at(
                                c.span(),
                                format!("story `{}` is continued twice", c.get_ref()),
                            ));
                        }
                    }
                    None => diags.push(src.error_at(
                        c.span(),
                        format!("no story with id `{}` to continue", c.get_ref()),
                    )),
                }
            }
            if s.article.is_some() || s.continued.is_some() {
                si += 1;
            }
        }
    }
    // Then the forward links.
    for (pi, p) in spec.page.iter().enumerate() {
        for (si, s) in p.story.iter().enumerate() {
            let Some(on) = &s.continues_on else { continue };
            let Some(story) = pages.get(pi).and_then(|pg| pg.stories.get(si)) else {
                continue;
            };
            let article = story.article;
            let here = pi as u32 + 1;
            match cont_of.get(&article) {
                Some(&(page, idx)) if page == *on.get_ref() && page > here => {
                    if let Some(st) = pages.get_mut(pi).and_then(|pg| pg.stories.get_mut(si)) {
                        st.continues_to = Some((page, idx));
                    }
                    if let Some(st) = pages
                        .get_mut(page as usize - 1)
                        .and_then(|pg| pg.stories.get_mut(idx))
                    {
                        st.continued_from = Some(here);
                    }
                }
                Some(&(page, _)) => diags.push(src.error_at(
                    on.span(),
                    format!(
                        "story continues on page {} but its continuation is placed on page {page}",
                        on.get_ref()
                    ),
                )),
                None => diags.push(
                    src.error_at(
                        on.span(),
                        format!(
                            "page {} has no `continued = …` entry for this story",
                            on.get_ref()
                        ),
                    )
                    .with_hint("add [[page.story]] with continued = \"<story id>\" on that page"),
                ),
            }
        }
    }
    for (a, (page, _)) in &cont_of {
        let linked = pages.iter().any(|p| {
            p.stories
                .iter()
                .any(|s| s.article == *a && s.continues_to.is_some())
        });
        if !linked {
            diags.push(
                Diagnostic::error(format!(
                    "a continuation on page {page} has no story that `continues_on` it"
                ))
                .in_file(&src.path),
            );
        }
    }
}

fn link_teasers(
    src: &SourceFile,
    spec: &IssueSpec,
    pages: &mut [IssuePage],
    ids: &BTreeMap<String, ArticleIndex>,
    diags: &mut Diagnostics,
) {
    for (pi, p) in spec.page.iter().enumerate() {
        for (ti, t) in p.teaser.iter().enumerate() {
            match ids.get(t.story.get_ref()) {
                Some(&a) => {
                    if let Some(tt) = pages.get_mut(pi).and_then(|pg| pg.teasers.get_mut(ti)) {
                        tt.article = a;
                    }
                }
                None => diags.push(src.error_at(
                    t.story.span(),
                    format!("no story with id `{}`", t.story.get_ref()),
                )),
            }
        }
    }
}
