//! Resolving a layout file (the house design): fonts, styles, page geometry, the grid
//! and the templates' bands. Every number is range-checked and located first; the grid
//! is then built from checked values, so its sums cannot overflow or leave the trim.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use toml::Spanned;

use crate::diag::Diagnostics;
use crate::spec::furniture::{resolve_band, resolve_paint, resolve_wording, BandFiles, BandInput};
use crate::spec::keys::TableAt;
use crate::spec::load_toml::{parse_toml, SourceFile};
use crate::spec::model::*;
use crate::spec::numbers::{float_in, int_in, opt_int_in};
use crate::spec::paths::Roots;
use crate::spec::picture_keys::resolve_picture_rules;
use crate::spec::raw::*;
use crate::spec::style::{resolve_fallbacks, resolve_styles};
use crate::text::{FontBook, FontId};

/// Limits of the page and grid (beyond any newspaper, far below overflow).
const TRIM_MM: std::ops::RangeInclusive<f64> = 50.0..=2000.0;
const BLEED_MM: std::ops::RangeInclusive<f64> = 0.0..=20.0;
pub(crate) const SLUG_MM: std::ops::RangeInclusive<f64> = 0.0..=50.0;
const MAX_COLUMNS: u32 = 100;
const MAX_COLUMN_CHARS: u32 = 200;
const MAX_GUTTER_CHARS: u32 = 20;
const MAX_LINES: u32 = 2000;
const LINE_PITCH_PT: std::ops::RangeInclusive<f64> = 1.0..=200.0;
pub(crate) const RULE_PT: std::ops::RangeInclusive<f64> = 0.05..=20.0;

/// Read a layout file and load the fonts it names.
pub fn load_layout(path: &Path) -> Result<(Layout, FontBook), Diagnostics> {
    load_layout_in(path, &Roots::default())
}

/// [`load_layout`] with fonts allowed from `roots` besides the layout's folder and its
/// `allow_dirs` (see [`super::paths`]).
pub fn load_layout_in(path: &Path, roots: &Roots) -> Result<(Layout, FontBook), Diagnostics> {
    let src = SourceFile::read(path)?;
    let spec: LayoutSpec = parse_toml(&src, 0..src.text.len())?;
    let base = path.parent().unwrap_or(Path::new("."));
    let mut diags = Diagnostics::new();
    let allow_dirs = resolve_allow_dirs(&src, base, &spec.allow_dirs, &mut diags);
    let font_roots = roots.with(std::iter::once(base.to_path_buf()).chain(allow_dirs.clone()));
    let Typefaces {
        book,
        styles,
        style_ids,
        roles,
    } = load_typefaces(&src, base, &font_roots, &spec, &mut diags);
    let rule_width = spec.grid.rule_pt(&TableAt::new(&src, "[grid]"), &mut diags);
    let grid = resolve_grid(&src, &spec, &styles, &style_ids, rule_width, &mut diags);
    let (masthead_lines, folio_lines) = band_lines(&src, &spec.template, grid.as_ref(), &mut diags);
    let (paint, rule_styles) = resolve_paint(&src, &spec, rule_width, &mut diags);
    let wording = resolve_wording(&src, &spec.furniture, &mut diags);
    let (Some(grid), Some(roles)) = (grid, roles) else {
        return Err(diags);
    };
    let mut band_assets = Vec::new();
    let (masthead, folio) = resolve_bands(
        &src,
        &spec.template,
        (masthead_lines, folio_lines),
        (&grid, &style_ids, &rule_styles),
        &mut BandFiles {
            base,
            roots: &font_roots,
            assets: &mut band_assets,
        },
        &mut diags,
    );
    let [w, h] = *spec.page.trim_mm.get_ref();
    let slug = mm_to_pt(spec.page.slug_mm(&TableAt::new(&src, "[page]"), &mut diags));
    let output = super::output::resolve_output(&src, base, spec.output.as_ref(), slug, &mut diags);
    let article = super::article_layout::resolve_article_layout(
        &src,
        &spec.article,
        &style_ids,
        styles.get(usize::from(roles.body.0)),
        grid.line_pitch,
        &paint.between,
        &rule_styles,
        &mut diags,
    );
    let layout = Layout {
        path: path.to_path_buf(),
        encoding: src.encoding,
        allow_dirs,
        name: spec.name.clone(),
        trim_width: mm_to_pt(w),
        trim_height: mm_to_pt(h),
        bleed: mm_to_pt(float_in(
            &src,
            &spec.page.bleed_mm,
            BLEED_MM,
            "bleed_mm",
            &mut diags,
        )),
        slug,
        grid,
        styles,
        style_ids,
        roles,
        paint,
        rule_styles,
        masthead,
        folio,
        wording,
        band_assets,
        output,
        pictures: resolve_picture_rules(&src, spec.pictures.as_ref(), &mut diags),
        article,
        makeup: makeup_rules(&src, &spec.makeup, &mut diags),
        release: crate::spec::release_names::release_rules(&src, &spec.release, &mut diags),
    };
    diags.into_result((layout, book))
}

/// The fonts a layout loads and the styles set in them.
struct Typefaces {
    book: FontBook,
    styles: Vec<Style>,
    style_ids: BTreeMap<String, StyleId>,
    /// `None` when a style the engine needs is missing (already reported).
    roles: Option<StyleRoles>,
}

/// Load `[fonts]` (with their fallbacks) and resolve `[style.NAME]` in them.
fn load_typefaces(
    src: &SourceFile,
    base: &Path,
    font_roots: &Roots,
    spec: &LayoutSpec,
    diags: &mut Diagnostics,
) -> Typefaces {
    let (book, font_ids, failed_fonts) = load_fonts(src, base, font_roots, &spec.fonts, diags);
    let fallbacks = resolve_fallbacks(src, &spec.fonts, &font_ids, &failed_fonts, diags);
    let (styles, style_ids, roles) = resolve_styles(
        src,
        &spec.style,
        &font_ids,
        &fallbacks,
        &failed_fonts,
        diags,
    );
    Typefaces {
        book,
        styles,
        style_ids,
        roles,
    }
}

/// The body lines the masthead (front) and folio (inside) bands take, each at most the
/// grid's lines.
fn band_lines(
    src: &SourceFile,
    t: &TemplatesSpec,
    grid: Option<&Grid>,
    diags: &mut Diagnostics,
) -> (u32, u32) {
    let lines = grid.map_or(MAX_LINES, |g| g.lines);
    let band = |v: &Spanned<u32>, what: &str, diags: &mut Diagnostics| {
        int_in(src, v, 0..=lines, what, diags)
    };
    (
        band(&t.front.masthead_lines, "masthead_lines", diags),
        band(&t.inside.folio_lines, "folio_lines", diags),
    )
}

/// The folders the layout's `allow_dirs` names, canonical; one that is not there is an
/// error at its name.
fn resolve_allow_dirs(
    src: &SourceFile,
    base: &Path,
    dirs: &[Spanned<String>],
    diags: &mut Diagnostics,
) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for d in dirs {
        match std::fs::canonicalize(base.join(d.get_ref())) {
            Ok(c) if c.is_dir() => out.push(c),
            _ => diags.push(src.error_at(
                d.span(),
                format!("folder `{}` in `allow_dirs` not found", d.get_ref()),
            )),
        }
    }
    out
}

/// The page-1 masthead and the inside pages' folio, from `[template]`, with their
/// `(masthead, folio)` line counts; `known` is what their items may name (the grid,
/// the text styles, the rule styles).
fn resolve_bands(
    src: &SourceFile,
    templates: &TemplatesSpec,
    (masthead_lines, folio_lines): (u32, u32),
    (grid, style_ids, rule_styles): (
        &Grid,
        &BTreeMap<String, StyleId>,
        &BTreeMap<String, RuleStyle>,
    ),
    files: &mut BandFiles<'_>,
    diags: &mut Diagnostics,
) -> (Band, Band) {
    let front = &templates.front;
    let masthead = resolve_band(
        src,
        BandInput {
            lines: masthead_lines,
            mirror_even: false,
            blocks: &front.block,
            rules: &front.rule,
            what: "masthead",
        },
        grid,
        style_ids,
        rule_styles,
        files,
        diags,
    );
    let inside = &templates.inside;
    let folio = resolve_band(
        src,
        BandInput {
            lines: folio_lines,
            mirror_even: inside.mirror_even,
            blocks: &inside.block,
            rules: &inside.rule,
            what: "folio",
        },
        grid,
        style_ids,
        rule_styles,
        files,
        diags,
    );
    (masthead, folio)
}

/// Load each `[fonts]` entry (once). A font that fails is reported here, once, and
/// returned among the failed names so styles naming it do not report it again.
fn load_fonts(
    src: &SourceFile,
    base: &Path,
    roots: &Roots,
    fonts: &BTreeMap<String, Spanned<crate::spec::raw::FontSpec>>,
    diags: &mut Diagnostics,
) -> (FontBook, BTreeMap<String, FontId>, BTreeSet<String>) {
    let mut book = FontBook::new();
    let mut ids = BTreeMap::new();
    let mut failed = BTreeSet::new();
    for (name, spec) in fonts {
        match super::wire::load_font(src, base, roots, name, spec, &mut book) {
            Ok(f) => {
                ids.insert(name.clone(), book.add(f));
            }
            Err(d) => diags.push(d),
        }
        if !ids.contains_key(name) {
            failed.insert(name.clone());
        }
    }
    (book, ids, failed)
}

/// The page grid: checked counts and sizes, the type area centred across the trim and
/// inside it. `None` when a value it is built from is wrong (already reported).
fn resolve_grid(
    src: &SourceFile,
    spec: &LayoutSpec,
    styles: &[Style],
    style_ids: &BTreeMap<String, StyleId>,
    rule_width: f64,
    diags: &mut Diagnostics,
) -> Option<Grid> {
    let before = diags.0.len();
    let char_size = body_size(src, &spec.grid, styles, style_ids, diags);
    let grid = grid_counts(src, &spec.grid, char_size, rule_width, diags);
    let trim = trim_and_top(src, &spec.page, diags);
    if diags.0.len() > before {
        return None;
    }
    Some(place_type_area(src, &spec.grid, grid, trim, diags))
}

/// The size of the grid's character: the body style's size (an unknown style is an
/// error at `body_style`).
fn body_size(
    src: &SourceFile,
    g: &GridSpec,
    styles: &[Style],
    style_ids: &BTreeMap<String, StyleId>,
    diags: &mut Diagnostics,
) -> f64 {
    match style_ids.get(g.body_style.get_ref()) {
        Some(id) => styles.get(usize::from(id.0)).map_or(9.0, |s| s.size),
        None => {
            diags.push(src.error_at(
                g.body_style.span(),
                format!("unknown style `{}`", g.body_style.get_ref()),
            ));
            9.0
        }
    }
}

/// The grid's counts and pitch, each in range; the line pitch at least the body size
/// (CLReq: the line gap is 50–100 % of the character size). The type area is placed
/// later ([`place_type_area`]).
fn grid_counts(
    src: &SourceFile,
    g: &GridSpec,
    char_size: f64,
    rule_width: f64,
    diags: &mut Diagnostics,
) -> Grid {
    let what = |key: &str| format!("grid `{key}`");
    let columns = int_in(src, &g.columns, 1..=MAX_COLUMNS, &what("columns"), diags);
    let column_chars = int_in(
        src,
        &g.column_chars,
        1..=MAX_COLUMN_CHARS,
        &what("column_chars"),
        diags,
    );
    let gutter_chars = int_in(
        src,
        &g.gutter_chars,
        0..=MAX_GUTTER_CHARS,
        &what("gutter_chars"),
        diags,
    );
    let lines = int_in(src, &g.lines, 1..=MAX_LINES, &what("lines"), diags);
    let line_pitch = float_in(
        src,
        &g.line_pitch_pt,
        LINE_PITCH_PT,
        &what("line_pitch_pt"),
        diags,
    );
    if line_pitch < char_size {
        diags.push(
            src.error_at(
                g.line_pitch_pt.span(),
                "line pitch is smaller than the body size",
            )
            .with_hint("CLReq: line gap 50–100 % of the character size"),
        );
    }
    Grid {
        columns,
        column_chars,
        gutter_chars,
        lines,
        line_pitch,
        char_size,
        left: 0.0,
        top: 0.0,
        space_above_headline: opt_int_in(
            src,
            &g.space_above_headline,
            0,
            0..=lines,
            &what("space_above_headline"),
            diags,
        ),
        rule_width,
    }
}

/// The trimmed page and the type area's top margin, in mm, each in range.
struct TrimTop {
    width: f64,
    height: f64,
    top: f64,
}

/// `trim_mm` and `margin_top_mm`, checked.
fn trim_and_top(src: &SourceFile, page: &PageGeometrySpec, diags: &mut Diagnostics) -> TrimTop {
    let trim = &page.trim_mm;
    let [w_mm, h_mm] = *trim.get_ref();
    if ![w_mm, h_mm]
        .iter()
        .all(|v| v.is_finite() && TRIM_MM.contains(v))
    {
        diags.push(src.error_at(
            trim.span(),
            format!(
                "trim_mm: width and height must be from {} to {} mm (got [{w_mm}, {h_mm}])",
                TRIM_MM.start(),
                TRIM_MM.end()
            ),
        ));
    }
    let top = float_in(
        src,
        &page.margin_top_mm,
        0.0..=*TRIM_MM.end(),
        "margin_top_mm",
        diags,
    );
    TrimTop {
        width: w_mm,
        height: h_mm,
        top,
    }
}

/// Place the type area: centred across the trim, `margin_top_mm` below its top; a grid
/// wider or taller than the trimmed page is an error.
fn place_type_area(
    src: &SourceFile,
    g: &GridSpec,
    mut grid: Grid,
    trim: TrimTop,
    diags: &mut Diagnostics,
) -> Grid {
    grid.top = mm_to_pt(trim.top);
    grid.left = (mm_to_pt(trim.width) - grid.width()) / 2.0;
    if grid.left < 0.0 {
        diags.push(
            src.error_at(
                g.column_chars.span(),
                "the grid is wider than the trimmed page",
            )
            .with_hint(format!(
                "type area {:.1} mm, trim {:.1} mm",
                grid.width() / crate::geom::PT_PER_MM,
                trim.width
            )),
        );
    }
    if grid.top + grid.height() > mm_to_pt(trim.height) {
        diags.push(
            src.error_at(g.lines.span(), "the grid is taller than the trimmed page")
                .with_hint(format!(
                    "margin_top_mm {} + {} lines × {} pt = {:.1} mm, trim height {} mm",
                    trim.top,
                    grid.lines,
                    grid.line_pitch,
                    (grid.top + grid.height()) / crate::geom::PT_PER_MM,
                    trim.height
                )),
        );
    }
    grid
}

/// `[makeup]`: the rules of automatic page make-up, checked.
fn makeup_rules(src: &SourceFile, m: &MakeupSpec, diags: &mut Diagnostics) -> MakeupRules {
    let at = TableAt::new(src, "[makeup]");
    MakeupRules {
        max_hole_lines: m.max_hole_lines(&at, diags),
        headlines_abreast: m.headlines_abreast(),
        search_limit: m.search_limit(&at, diags),
    }
}
