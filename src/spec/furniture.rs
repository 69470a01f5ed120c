//! Furniture as data: the masthead and folio bands (blocks of template text and rules,
//! every position in grid cells, checked against the grid and the band), named rule
//! and box styles, and the wording of generated text. A paper's design lives here, not
//! in Rust: rearranging the masthead or the folio is an edit of the layout file.

use std::collections::BTreeMap;

use toml::Spanned;

use crate::diag::Diagnostics;
use crate::geom::Paint;
use crate::spec::keys::TableAt;
use crate::spec::load_toml::SourceFile;
use crate::spec::model::*;
use crate::spec::numbers::{float_in, opt_float_in};
use crate::spec::paint::{box_overprints, house_paint, overprints};
use crate::spec::raw::*;
use crate::spec::style::cmyk;
use crate::spec::template::{Field, Template, ALL_FIELDS, REFERENCE_FIELDS};

/// The default wording of `[furniture]`: jump lines (转版), a teaser's reference, the
/// ad label.
pub(crate) const JUMP_OUT: &str = "（下转第{page_cn}版{mark}）";
pub(crate) const JUMP_IN: &str = "（上接第{page_cn}版{mark}）";
pub(crate) const TEASER_REF: &str = ">>> 详见第{page_cn}版 >>>";
pub(crate) const PAGE_LABEL: &str = "第{page_cn}版";
pub(crate) const AD_LABEL: &str = "广告";

/// The words of `lunar_out_of_range`: whether a date outside the calendar is an error.
/// `[furniture] tag_ads`: whether an ad is a figure of the tagged PDF's structure.
pub(crate) const TAG_ADS: &[(&str, bool)] = &[("artifact", false), ("figure", true)];
pub(crate) const LUNAR_OUT_OF_RANGE: &[(&str, bool)] = &[("warn", false), ("error", true)];

/// The alignments of a band block (a block is set as one line per item, never justified).
const BLOCK_ALIGNS: &[(&str, Align)] = &[
    ("left", Align::Left),
    ("center", Align::Center),
    ("right", Align::Right),
];

/// Most blank lines one gap item may take.
const MAX_GAP: u32 = 100;

/// Named rule styles (the house ones, then the layout's, which may replace them) and
/// the styles the engine draws with.
pub fn resolve_paint(
    src: &SourceFile,
    spec: &LayoutSpec,
    rule_pt: f64,
    diags: &mut Diagnostics,
) -> (PaintStyles, BTreeMap<String, RuleStyle>) {
    let mut paint = house_paint(rule_pt);
    let mut rules: BTreeMap<String, RuleStyle> = [
        paint.between.clone(),
        paint.crop_mark.clone(),
        named_rule("masthead-thick", 2.5),
        named_rule("masthead-thin", 0.5),
        named_rule("masthead-divider", 0.5),
        named_rule("folio", 1.5),
    ]
    .into_iter()
    .map(|r| (r.name.clone(), r))
    .collect();
    for (name, r) in &spec.rule_style {
        rules.insert(name.clone(), rule_style(src, name, r.get_ref(), diags));
    }
    for (name, b) in &spec.box_style {
        let style = box_style(src, name, b.get_ref(), diags);
        match name.as_str() {
            "photo-placeholder" => paint.photo_placeholder = style,
            "ad-frame" => paint.ad_frame = style,
            "teaser-frame" => paint.teaser_frame = style,
            "note-box" => paint.note_box = style,
            _ => diags.push(
                src.error_at(b.span(), format!("unknown box style `{name}`"))
                    .with_hint("box styles: photo-placeholder, ad-frame, teaser-frame, note-box"),
            ),
        }
    }
    if let Some(r) = rules.get("between") {
        paint.between = r.clone();
    }
    if let Some(r) = rules.get("crop-mark") {
        paint.crop_mark = r.clone();
    }
    if let Some(name) = &spec.furniture.rule_between {
        match rules.get(name.get_ref()) {
            Some(r) => paint.between = r.clone(),
            None => diags.push(unknown_rule(src, name, &rules)),
        }
    }
    (paint, rules)
}

/// `[rule_style.NAME]`: width, colour and dash each checked; a rule overprints when it is
/// 100 K unless it says otherwise.
fn rule_style(
    src: &SourceFile,
    name: &str,
    s: &RuleStyleSpec,
    diags: &mut Diagnostics,
) -> RuleStyle {
    let what = |k: &str| format!("rule style `{name}`: {k}");
    let width = float_in(src, &s.width_pt, 0.05..=20.0, &what("width_pt"), diags);
    let color = s.cmyk.as_ref().map_or(crate::geom::Cmyk::BLACK, |c| {
        cmyk(src, c, &what("cmyk"), diags)
    });
    let dash = s.dash_pt.as_ref().map(|d| {
        let [on, off] = *d.get_ref();
        if ![on, off]
            .iter()
            .all(|v| v.is_finite() && (0.1..=100.0).contains(v))
        {
            diags.push(src.error_at(
                d.span(),
                format!("{}: each must be from 0.1 to 100 pt", what("dash_pt")),
            ));
        }
        [on, off]
    });
    RuleStyle {
        name: name.to_string(),
        width,
        color: Paint::Process(color),
        overprint: s.overprint.unwrap_or(overprints(Paint::Process(color))),
        dash,
    }
}

/// `[box_style.NAME]`: fill and stroke each checked; a box overprints when all it paints
/// is 100 K unless it says otherwise.
fn box_style(src: &SourceFile, name: &str, s: &BoxStyleSpec, diags: &mut Diagnostics) -> BoxStyle {
    let what = |k: &str| format!("box style `{name}`: {k}");
    let mut style = BoxStyle {
        name: name.to_string(),
        fill: s
            .fill_cmyk
            .as_ref()
            .map(|c| cmyk(src, c, &what("fill_cmyk"), diags)),
        stroke: s.stroke_cmyk.as_ref().map(|c| {
            let width = opt_float_in(
                src,
                &s.stroke_pt,
                0.5,
                0.05..=20.0,
                &what("stroke_pt"),
                diags,
            );
            (cmyk(src, c, &what("stroke_cmyk"), diags), width)
        }),
        overprint: false,
    };
    style.overprint = s
        .overprint
        .unwrap_or(box_overprints(style.fill, style.stroke));
    style
}

fn named_rule(name: &str, width: f64) -> RuleStyle {
    RuleStyle {
        name: name.into(),
        width,
        color: Paint::Process(crate::geom::Cmyk::BLACK),
        overprint: true,
        dash: None,
    }
}

/// The error for a rule style name the layout does not define, at the name, listing the
/// rule styles it does.
pub(crate) fn unknown_rule(
    src: &SourceFile,
    name: &Spanned<String>,
    rules: &BTreeMap<String, RuleStyle>,
) -> crate::diag::Diagnostic {
    src.error_at(
        name.span(),
        format!("unknown rule style `{}`", name.get_ref()),
    )
    .with_hint(format!(
        "rule styles: {}",
        rules.keys().cloned().collect::<Vec<_>>().join(", ")
    ))
}

/// A template string, parsed and located on error.
pub fn template(
    src: &SourceFile,
    s: &Spanned<String>,
    allowed: &[Field],
    diags: &mut Diagnostics,
) -> Template {
    match Template::parse(s.get_ref(), allowed) {
        Ok(t) => t,
        Err(e) => {
            // Point at the character inside the string (after the opening quote).
            let at = s.span().start + 1 + e.at.start;
            diags.push(src.error_at(at..at, e.message));
            Template::default()
        }
    }
}

/// The wording of jump lines, teaser references, the ad label and the gap before a
/// photo credit.
pub fn resolve_wording(src: &SourceFile, f: &FurnitureSpec, diags: &mut Diagnostics) -> Wording {
    let t = |v: &Option<Spanned<String>>, default: &str, diags: &mut Diagnostics| match v {
        Some(v) => template(src, v, REFERENCE_FIELDS, diags),
        None => Template::parse(default, REFERENCE_FIELDS).unwrap_or_default(),
    };
    Wording {
        jump_out: t(&f.jump_out, JUMP_OUT, diags),
        jump_in: t(&f.jump_in, JUMP_IN, diags),
        teaser_ref: t(&f.teaser_ref, TEASER_REF, diags),
        page_label: t(&f.page_label, PAGE_LABEL, diags),
        language: f.language(&TableAt::new(src, "[furniture]"), diags),
        ads_are_figures: f.tag_ads(&TableAt::new(src, "[furniture]"), diags),
        ad_label: f
            .ad_label
            .as_ref()
            .map_or_else(|| AD_LABEL.to_string(), |l| l.get_ref().clone()),
        credit_gap: match &f.credit_gap {
            None => "\u{3000}".to_string(),
            Some(v) => {
                let n = v.get_ref().chars().count();
                if !(1..=4).contains(&n) || v.get_ref().chars().any(|c| c.is_control()) {
                    diags.push(src.error_at(
                        v.span(),
                        "[furniture] credit_gap must be one to four characters, no control characters",
                    ));
                }
                v.get_ref().clone()
            }
        },
        lunar_error: f.lunar_out_of_range(&TableAt::new(src, "[furniture]"), diags),
    }
}

/// What a band is resolved from.
pub struct BandInput<'a> {
    pub lines: u32,
    pub mirror_even: bool,
    pub blocks: &'a [Spanned<BlockSpec>],
    pub rules: &'a [Spanned<BandRuleSpec>],
    /// "masthead" or "folio", for messages.
    pub what: &'a str,
}

/// A band: each block's cell inside the grid's columns and the band's lines, each
/// item's style and templates known, each rule inside the band.
/// Where band artwork files are read from: relative to the layout (`base`), inside
/// `roots`; found files are added to `assets`.
pub struct BandFiles<'a> {
    pub base: &'a std::path::Path,
    pub roots: &'a crate::spec::paths::Roots,
    pub assets: &'a mut Vec<Asset>,
}

#[allow(clippy::too_many_arguments)] // the band, and the grid, styles, rule styles and files its items refer to
pub fn resolve_band(
    src: &SourceFile,
    input: BandInput<'_>,
    grid: &Grid,
    style_ids: &BTreeMap<String, StyleId>,
    rule_styles: &BTreeMap<String, RuleStyle>,
    files: &mut BandFiles<'_>,
    diags: &mut Diagnostics,
) -> Band {
    let lines = input.lines;
    let mut blocks = Vec::new();
    for b in input.blocks {
        let spec = b.get_ref();
        let v = *spec.at.get_ref();
        let inside = Area::checked(v.col, v.cols, v.row, 1)
            .is_some_and(|a| a.last_col() <= grid.columns && v.row <= lines);
        if !inside {
            diags.push(src.error_at(
                spec.at.span(),
                format!(
                    "{} block must lie in columns 1–{} and lines 1–{lines} (the band)",
                    input.what, grid.columns
                ),
            ));
            continue;
        }
        let align = spec.align.as_ref().and_then(|a| {
            let found = BLOCK_ALIGNS
                .iter()
                .find(|(k, _)| *k == a.get_ref().as_str());
            if found.is_none() {
                let words: Vec<&str> = BLOCK_ALIGNS.iter().map(|(k, _)| *k).collect();
                diags.push(
                    src.error_at(a.span(), format!("unknown alignment `{}`", a.get_ref()))
                        .with_hint(format!("expected one of: {}", words.join(", "))),
                );
            }
            found.map(|(_, v)| *v)
        });
        let items = spec
            .items
            .iter()
            .filter_map(|i| resolve_item(src, i, style_ids, files, diags))
            .collect();
        blocks.push(Block {
            cell: Cell {
                col: v.col,
                cols: v.cols,
                row: v.row,
            },
            align,
            items,
            loc: src.loc(spec.at.span()),
        });
    }
    let rules = input
        .rules
        .iter()
        .filter_map(|r| resolve_band_rule(src, r, grid, lines, rule_styles, diags))
        .collect();
    Band {
        lines,
        mirror_even: input.mirror_even,
        blocks,
        rules,
    }
}

/// A band item: artwork (`file`), a gap, or text in a style.
fn resolve_item(
    src: &SourceFile,
    item: &Spanned<ItemSpec>,
    style_ids: &BTreeMap<String, StyleId>,
    files: &mut BandFiles<'_>,
    diags: &mut Diagnostics,
) -> Option<BandItem> {
    let i = item.get_ref();
    if let Some(file) = &i.file {
        return artwork_item(src, item, file, files, diags);
    }
    if let Some(gap) = &i.gap {
        if i.text.is_some() || i.parts.is_some() || i.style.is_some() {
            diags.push(src.error_at(item.span(), "a gap item has no text or style"));
        }
        let n = crate::spec::numbers::int_in(src, gap, 1..=MAX_GAP, "gap", diags);
        return Some(BandItem::Gap(n));
    }
    text_item(src, item, style_ids, diags)
}

/// An artwork item: a picture or PDF page (`file`, `page`) taking `lines` body lines;
/// nothing else may be given.
fn artwork_item(
    src: &SourceFile,
    item: &Spanned<ItemSpec>,
    file: &Spanned<String>,
    files: &mut BandFiles<'_>,
    diags: &mut Diagnostics,
) -> Option<BandItem> {
    let i = item.get_ref();
    if i.text.is_some() || i.parts.is_some() || i.style.is_some() || i.gap.is_some() {
        diags.push(src.error_at(
            item.span(),
            "an artwork item (`file`) has no text, style or gap",
        ));
    }
    let lines = match &i.lines {
        Some(l) => crate::spec::numbers::int_in(src, l, 1..=MAX_GAP, "artwork `lines`", diags),
        None => {
            diags.push(src.error_at(
                item.span(),
                "an artwork item needs `lines`, the body lines it takes",
            ));
            1
        }
    };
    let page = i.page.as_ref().map_or(1, |p| {
        crate::spec::numbers::int_in(src, p, 1..=u32::MAX, "artwork `page`", diags)
    });
    let asset = crate::spec::assets::resolve_asset(
        src,
        files.base,
        file,
        "artwork",
        files.roots,
        files.assets,
        diags,
    )?;
    Some(BandItem::Artwork {
        asset: asset.0,
        page,
        lines,
        loc: src.loc(item.span()),
    })
}

/// A text item: its style, its `text` or `parts` as templates (a list field stands
/// alone), and the field its `when` names.
fn text_item(
    src: &SourceFile,
    item: &Spanned<ItemSpec>,
    style_ids: &BTreeMap<String, StyleId>,
    diags: &mut Diagnostics,
) -> Option<BandItem> {
    let i = item.get_ref();
    let Some(style_name) = &i.style else {
        diags.push(src.error_at(item.span(), "a text item needs a `style`"));
        return None;
    };
    let Some(&style) = style_ids.get(style_name.get_ref()) else {
        diags.push(src.error_at(
            style_name.span(),
            format!("unknown style `{}`", style_name.get_ref()),
        ));
        return None;
    };
    let texts: Vec<&Spanned<String>> = match (&i.text, &i.parts) {
        (Some(t), None) => vec![t],
        (None, Some(p)) if !p.is_empty() => p.iter().collect(),
        _ => {
            diags.push(src.error_at(
                item.span(),
                "a text item needs either `text` or a non-empty `parts`",
            ));
            return None;
        }
    };
    let parts: Vec<Template> = texts
        .into_iter()
        .map(|t| template(src, t, ALL_FIELDS, diags))
        .collect();
    if parts.iter().any(|p| p.list_field().is_some()) && parts.len() > 1 {
        diags.push(src.error_at(
            item.span(),
            "a list field ({sponsors}, {hotlines}) must be an item's only part",
        ));
    }
    let when = i.when.as_ref().and_then(|w| {
        let f = Field::named(w.get_ref());
        if f.is_none() {
            diags.push(src.error_at(
                w.span(),
                format!("unknown template field `{}`", w.get_ref()),
            ));
        }
        f
    });
    Some(BandItem::Text {
        style,
        parts,
        sep: i.sep.clone().unwrap_or_default(),
        when,
        loc: src.loc(item.span()),
    })
}

fn resolve_band_rule(
    src: &SourceFile,
    r: &Spanned<BandRuleSpec>,
    grid: &Grid,
    lines: u32,
    rule_styles: &BTreeMap<String, RuleStyle>,
    diags: &mut Diagnostics,
) -> Option<BandRule> {
    let s = r.get_ref();
    let Some(style) = rule_styles.get(s.style.get_ref()) else {
        diags.push(unknown_rule(src, &s.style, rule_styles));
        return None;
    };
    let place = match (&s.row, &s.gutter, &s.rows) {
        (Some(row), None, None) => {
            let n = crate::spec::numbers::int_in(src, row, 1..=lines.max(1), "rule `row`", diags);
            let offset = opt_float_in(
                src,
                &s.offset_pt,
                0.0,
                0.0..=grid.line_pitch,
                "rule `offset_pt`",
                diags,
            );
            RulePlace::Across { row: n, offset }
        }
        (None, Some(col), Some(rows)) => {
            let c = crate::spec::numbers::int_in(
                src,
                col,
                2..=grid.columns.max(2),
                "rule `gutter` (the column after the gutter)",
                diags,
            );
            let [from, to] = *rows.get_ref();
            if !(1 <= from && from < to && to <= lines.saturating_add(1)) {
                diags.push(src.error_at(
                    rows.span(),
                    format!(
                        "rule `rows` must be [from, to] with 1 ≤ from < to ≤ {}",
                        lines + 1
                    ),
                ));
            }
            RulePlace::Gutter { col: c, from, to }
        }
        _ => {
            diags.push(src.error_at(
                r.span(),
                "a band rule is either across (`row`, optional `offset_pt`) or in a gutter (`gutter` and `rows`)",
            ));
            return None;
        }
    };
    Some(BandRule {
        style: style.clone(),
        place,
        loc: src.loc(r.span()),
    })
}
