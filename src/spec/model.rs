//! The resolved issue: what every later stage reads. Built only by [`super::resolve`],
//! fully validated, never re-checked downstream.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::diag::Loc;
use crate::geom::{mm, Cmyk};
use crate::linebreak::Composition;
pub use crate::spec::output::OutputCondition;
use crate::text::{FontBook, FontChain};

/// One issue, ready for layout.
#[derive(Debug, Clone)]
pub struct Issue {
    /// The `issue.toml` it was read from.
    pub path: PathBuf,
    pub info: IssueInfo,
    pub layout: Layout,
    pub fonts: FontBook,
    pub articles: Vec<Article>,
    /// Every story with the chain of frames it is set in, in the order stories begin.
    pub stories: Vec<Story>,
    /// Pictures and supplied ads named by the issue (files found, kind known).
    pub assets: Vec<Asset>,
    pub pages: Vec<IssuePage>,
    /// Other editions of the issue (`[[edition]]`), for `broadsheet release`.
    pub editions: Vec<EditionRef>,
    /// Warnings found while reading the spec (files decoded from another encoding).
    pub warnings: crate::diag::Diagnostics,
}

/// Another edition of the issue: its zone, name and the pages it replaces or adds
/// (`spec::resolve_edition` gives the edition as an issue of its own).
#[derive(Debug, Clone, PartialEq)]
pub struct EditionRef {
    pub zone: String,
    pub name: String,
    /// The page numbers its `[[edition.page]]`s replace or add.
    pub pages: Vec<u32>,
    /// The `[[edition]]` table.
    pub loc: Loc,
}

impl Issue {
    /// A story by id. Ids are only made by resolve, so they are always in range.
    pub fn story(&self, id: StoryId) -> &Story {
        &self.stories[id.0]
    }

    /// The article a story sets.
    pub fn article_of(&self, id: StoryId) -> &Article {
        &self.articles[self.story(id).article]
    }

    /// The placement of part `part` of a story, if it exists.
    pub fn part(&self, id: StoryId, part: usize) -> Option<(&IssuePage, &StoryPlacement)> {
        let p = self.story(id).parts.get(part)?;
        let page = self.pages.get(p.page as usize - 1)?;
        Some((page, page.stories.get(p.index)?))
    }
}

/// Masthead fields.
#[derive(Debug, Clone, PartialEq)]
pub struct IssueInfo {
    pub paper: String,
    pub paper_en: String,
    pub date: Date,
    /// 总期号.
    pub number: u32,
    pub sponsors: Vec<String>,
    pub cn: String,
    pub publisher: String,
    pub website: String,
    pub hotlines: Vec<String>,
    /// 天气, empty when not given.
    pub weather: String,
    /// This edition's zone in plate names (`1`).
    pub zone: String,
    /// This edition's name, may be empty.
    pub edition: String,
}

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

/// The house design.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// The layout file it was read from.
    pub path: PathBuf,
    /// The encoding the layout file was decoded from when it was not UTF-8.
    pub encoding: Option<&'static str>,
    /// Folders (canonical) besides the issue's own that articles, fonts and pictures
    /// may be read from: the layout's `allow_dirs` (see [`super::paths`]).
    pub allow_dirs: Vec<PathBuf>,
    pub name: String,
    pub trim_width: f64,
    pub trim_height: f64,
    pub bleed: f64,
    pub slug: f64,
    pub grid: Grid,
    /// Text styles, indexed by [`StyleId`].
    pub styles: Vec<Style>,
    /// Style ids by name (for the spec stage; layout uses [`Layout::roles`]).
    pub style_ids: BTreeMap<String, StyleId>,
    /// The styles the engine sets, by role.
    pub roles: StyleRoles,
    /// Rule and box styles (line widths, colours, overprint) the engine draws with.
    pub paint: PaintStyles,
    /// Every named rule style (the house ones and the layout's `[rule_style.*]`).
    pub rule_styles: BTreeMap<String, RuleStyle>,
    /// The front page's masthead band (报头).
    pub masthead: Band,
    /// The inside pages' folio band (报眉).
    pub folio: Band,
    /// Wording of generated text (jump lines, teaser references, the ad label).
    pub wording: Wording,
    /// Files the bands place (artwork such as a nameplate), found and sniffed; the
    /// issue's assets start with these, in this order.
    pub band_assets: Vec<Asset>,
    /// `[output]`: printing condition, PDF/X standard, ink and mark limits.
    pub output: OutputCondition,
    /// Resolution and size limits for pictures.
    pub pictures: PictureRules,
    /// How article blocks are set (`[article]`).
    pub article: super::article_layout::ArticleLayout,
    /// `[makeup]`: the rules of automatic page make-up.
    pub makeup: MakeupRules,
    /// `[release]`: the names of plate files.
    pub release: ReleaseRules,
}

/// `[release]`: how `broadsheet release` names plate files.
#[derive(Debug, Clone, PartialEq)]
pub struct ReleaseRules {
    /// The file name template (plate fields).
    pub page_file: crate::spec::template::Template,
    /// The paper's code (`HYRB`); may be empty.
    pub paper_code: String,
    /// `{colour}` of a process-colour plate and of a black-only one.
    pub process: String,
    pub mono: String,
}

/// `[makeup]`: the house's rules for the make-up step (自动组版).
#[derive(Debug, Clone, PartialEq)]
pub struct MakeupRules {
    /// The most empty body lines a column may keep at a story's foot or above the next
    /// item.
    pub max_hole_lines: u32,
    /// Two stories side by side may begin at the same row.
    pub headlines_abreast: bool,
    /// Arrangements tried on one page at most.
    pub search_limit: u32,
}

/// The layout's limits for pictures (`[pictures]`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PictureRules {
    /// Below this effective resolution (pixels per inch at the printed size) a photo
    /// is an error.
    pub min_ppi: f64,
    /// Below this one, a warning.
    pub warn_ppi: f64,
    /// How far (points) a supplied ad's trim box may differ from its slot in width or
    /// height; within it the ad is scaled to the slot.
    pub ad_tolerance: f64,
    /// Supplied ads must not bring RGB colour.
    pub cmyk_only_ads: bool,
    /// Fewest body lines a photo's picture takes above its caption: an area too small
    /// for this and its caption is an error.
    pub min_picture_lines: u32,
}

/// A band of furniture at the top of a page template: its height in body lines, its
/// blocks of text and its rules, every position in grid cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    pub lines: u32,
    /// The blocks are for odd pages; even pages mirror them across the type area.
    pub mirror_even: bool,
    pub blocks: Vec<Block>,
    pub rules: Vec<BandRule>,
}

/// A block of furniture text set one item under another from its cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub cell: Cell,
    /// Replaces the items' style alignment.
    pub align: Option<Align>,
    pub items: Vec<BandItem>,
    pub loc: Loc,
}

/// One item of a block.
#[derive(Debug, Clone, PartialEq)]
pub enum BandItem {
    /// Blank body lines.
    Gap(u32),
    /// Artwork (a PDF page or a picture, e.g. the nameplate) fitted into `lines` body
    /// lines of the block's width; `asset` indexes [`Layout::band_assets`], which are
    /// the issue's first assets.
    Artwork {
        asset: usize,
        page: u32,
        lines: u32,
        loc: Loc,
    },
    /// Text from templates: the parts whose fields are not all empty, joined by `sep`;
    /// set once per entry when a part uses a list field; left out when `when` is empty.
    Text {
        style: StyleId,
        parts: Vec<crate::spec::template::Template>,
        sep: String,
        when: Option<crate::spec::template::Field>,
        loc: Loc,
    },
}

/// A rule of a band.
#[derive(Debug, Clone, PartialEq)]
pub struct BandRule {
    pub style: RuleStyle,
    pub place: RulePlace,
    pub loc: Loc,
}

/// Where a band rule goes, in grid terms.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RulePlace {
    /// Across the type area at the top of body line `row`, moved down by `offset`.
    Across { row: u32, offset: f64 },
    /// Vertical in the gutter before base column `col`, from the top of line `from` to
    /// the top of line `to`.
    Gutter { col: u32, from: u32, to: u32 },
}

/// Wording of generated text, as templates.
#[derive(Debug, Clone, PartialEq)]
pub struct Wording {
    pub jump_out: crate::spec::template::Template,
    pub jump_in: crate::spec::template::Template,
    pub teaser_ref: crate::spec::template::Template,
    /// A page's label (`/PageLabels`, bookmarks): `第{page_cn}版` by default.
    pub page_label: crate::spec::template::Template,
    /// The language of the text, a BCP 47 tag (the PDF's `/Lang`).
    pub language: String,
    /// Ads are figures of the tagged PDF (`[furniture] tag_ads = "figure"`), not
    /// artifacts.
    pub ads_are_figures: bool,
    pub ad_label: String,
    /// A `{lunar}` date outside the calendar's range is an error (else a warning).
    pub lunar_error: bool,
    /// Between a photo's caption and its credit when both share a line.
    pub credit_gap: String,
}

/// A block's top-left cell and width in base columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    pub col: u32,
    pub cols: u32,
    pub row: u32,
}

impl Layout {
    /// A style by handle. Handles are only made by resolve, so they are always valid.
    pub fn style(&self, id: StyleId) -> &Style {
        &self.styles[usize::from(id.0)]
    }

    /// A style's handle by name.
    pub fn style_id(&self, name: &str) -> Option<StyleId> {
        self.style_ids.get(name).copied()
    }

    /// The body lines a page's band takes at its top: the masthead's on the front
    /// page, the folio's inside.
    pub fn band_lines(&self, template: PageTemplate) -> u32 {
        match template {
            PageTemplate::Front => self.masthead.lines,
            PageTemplate::Inside => self.folio.lines,
        }
    }

    /// The blank lines above a headline block whose frame begins at `row` on a page
    /// of `template`: the grid's `space_above_headline`, none right below the band.
    pub fn space_above_headline(&self, template: PageTemplate, row: u32) -> u32 {
        if row > self.band_lines(template).saturating_add(1) {
            self.grid.space_above_headline
        } else {
            0
        }
    }
}

/// A typed handle of a text style: index into [`Layout::styles`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StyleId(pub u16);

/// The text styles the engine sets, each checked to exist when the layout is resolved
/// (names in [`REQUIRED_STYLES`], in the same order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StyleRoles {
    pub body: StyleId,
    pub kicker: StyleId,
    pub headline: StyleId,
    pub subhead: StyleId,
    pub byline: StyleId,
    pub jump: StyleId,
    pub cont_headline: StyleId,
    pub caption: StyleId,
    pub teaser: StyleId,
    pub ad_title: StyleId,
    pub ad_text: StyleId,
    pub ad_label: StyleId,
}

/// A named rule style: width, colour and whether it overprints.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleStyle {
    pub name: String,
    /// Line width in points.
    pub width: f64,
    /// A process colour, or registration for printer's marks.
    pub color: crate::geom::Paint,
    pub overprint: bool,
    /// Dash pattern (on, off) in points; `None` for a solid rule.
    pub dash: Option<[f64; 2]>,
}

/// A named box style: fill and stroke, and whether it overprints.
#[derive(Debug, Clone, PartialEq)]
pub struct BoxStyle {
    pub name: String,
    pub fill: Option<Cmyk>,
    /// Stroke colour and width in points.
    pub stroke: Option<(Cmyk, f64)>,
    pub overprint: bool,
}

/// The rule and box styles the engine draws with: the house defaults (see
/// [`super::paint`]; the between-stories rule width from `grid.rule_pt`), replaced by
/// the layout's `[rule_style.*]` and `[box_style.*]` of the same names.
#[derive(Debug, Clone, PartialEq)]
pub struct PaintStyles {
    /// 正线 between stories (or the style `[furniture] rule_between` names).
    pub between: RuleStyle,
    /// Crop marks (裁切线), in registration colour.
    pub crop_mark: RuleStyle,
    /// A photo without a file: grey placeholder.
    pub photo_placeholder: BoxStyle,
    /// The frame around an ad.
    pub ad_frame: BoxStyle,
    /// The frame around a teaser.
    pub teaser_frame: BoxStyle,
    /// Paper-white ground under the 广告 label where it is set over supplied artwork.
    pub ad_label_ground: BoxStyle,
    /// The box around an editor's note (`[article] note_frame = "box"`).
    pub note_box: BoxStyle,
}

/// The page grid (基本栏 × body lines), in points from the trim box's top-left.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub columns: u32,
    pub column_chars: u32,
    pub gutter_chars: u32,
    pub lines: u32,
    pub line_pitch: f64,
    /// Body character size (1 em of the body style).
    pub char_size: f64,
    /// Left edge of the type area.
    pub left: f64,
    /// Top edge of the type area.
    pub top: f64,
    pub space_above_headline: u32,
    pub rule_width: f64,
}

impl Grid {
    /// Width of `chars` body characters.
    pub fn chars(&self, chars: u32) -> f64 {
        f64::from(chars) * self.char_size
    }

    pub fn column_width(&self) -> f64 {
        self.chars(self.column_chars)
    }

    pub fn gutter(&self) -> f64 {
        self.chars(self.gutter_chars)
    }

    /// Left x of base column `col` (1-based).
    pub fn col_x(&self, col: u32) -> f64 {
        self.left + f64::from(col.saturating_sub(1)) * (self.column_width() + self.gutter())
    }

    /// Width of `cols` base columns with the gutters between them.
    pub fn span_width(&self, cols: u32) -> f64 {
        f64::from(cols) * self.column_width() + f64::from(cols.saturating_sub(1)) * self.gutter()
    }

    /// Type area width and height.
    pub fn width(&self) -> f64 {
        self.span_width(self.columns)
    }

    pub fn height(&self) -> f64 {
        f64::from(self.lines) * self.line_pitch
    }

    /// Top y of body line `row` (1-based).
    pub fn row_y(&self, row: u32) -> f64 {
        self.top + f64::from(row.saturating_sub(1)) * self.line_pitch
    }

    /// Baseline of a body line whose top is `line_top`: the body em box is centred in
    /// the line pitch, and the baseline sits at 0.88 em of the em box (the ideographic
    /// em box of Noto CJK: ascent 880, descent 120 per 1000).
    pub fn baseline_in(&self, line_top: f64, size: f64) -> f64 {
        self.band_baseline(line_top, 1, size)
    }

    /// Baseline of a line of type `size` that takes `lines` body lines from `top`
    /// (display lines, intertitles): its em box centred in the band.
    pub fn band_baseline(&self, top: f64, lines: u32, size: f64) -> f64 {
        top + (f64::from(lines) * self.line_pitch - size) / 2.0 + size * IDEO_ASCENT
    }

    /// Baseline of body line `row` for body text.
    pub fn baseline(&self, row: u32) -> f64 {
        self.baseline_in(self.row_y(row), self.char_size)
    }
}

/// Ascent of the ideographic em box as a fraction of the em.
pub const IDEO_ASCENT: f64 = 0.88;

/// Horizontal alignment of a display line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
    /// Justified to the measure (body text).
    Justify,
}

/// A named text style.
#[derive(Debug, Clone, PartialEq)]
pub struct Style {
    pub name: String,
    pub fonts: FontChain,
    pub size: f64,
    /// Body lines one line of this style occupies.
    pub lines: u32,
    pub align: Align,
    pub color: Cmyk,
    pub composition: Composition,
}

/// A rectangle of page-grid cells, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Area {
    pub col: u32,
    pub cols: u32,
    pub row: u32,
    pub rows: u32,
}

impl Area {
    /// An area whose cells all exist: 1-based, not empty, and `col + cols - 1` and
    /// `row + rows - 1` computed without overflow. Resolve builds every area with this,
    /// so the sums below never overflow afterwards.
    pub fn checked(col: u32, cols: u32, row: u32, rows: u32) -> Option<Area> {
        if col == 0 || cols == 0 || row == 0 || rows == 0 {
            return None;
        }
        col.checked_add(cols - 1)?;
        row.checked_add(rows - 1)?;
        Some(Area {
            col,
            cols,
            row,
            rows,
        })
    }

    pub fn last_col(&self) -> u32 {
        self.col.saturating_add(self.cols.saturating_sub(1))
    }

    pub fn last_row(&self) -> u32 {
        self.row.saturating_add(self.rows.saturating_sub(1))
    }

    /// Whether `inner` lies wholly inside this area.
    pub fn contains(&self, inner: &Area) -> bool {
        inner.col >= self.col
            && inner.last_col() <= self.last_col()
            && inner.row >= self.row
            && inner.last_row() <= self.last_row()
    }

    pub fn overlaps(&self, o: &Area) -> bool {
        self.col <= o.last_col()
            && o.col <= self.last_col()
            && self.row <= o.last_row()
            && o.row <= self.last_row()
    }
}

/// An article: front matter plus the blocks of its body (paragraphs, intertitles,
/// notes, list items, verse; the article format in README "Articles").
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// The id stories use to refer to it (defaults to the file stem).
    pub id: String,
    pub path: PathBuf,
    pub kicker: String,
    pub headline: String,
    pub subhead: String,
    pub byline: String,
    /// The body in reading order; never empty.
    pub blocks: Vec<BodyBlock>,
    /// The encoding the file was decoded from when it was not UTF-8.
    pub encoding: Option<&'static str>,
    /// Markup the body set as literal text (`format = "markup"`), and elements of an
    /// imported format kept as plain text, footnotes not set, … (see
    /// [`super::readers`]); located; errors under `--strict` and `check`.
    pub warnings: crate::diag::Diagnostics,
    /// Pictures the copy brings (NITF `media`), for a `[[page.photo]]` with
    /// `from = "id"`; empty for a text article.
    pub media: Vec<Media>,
    /// The article's own language (front matter `language`, a BCP 47 tag), when it
    /// says one.
    pub language: Option<String>,
}

/// A picture that arrived with the copy (NITF `media`).
#[derive(Debug, Clone, PartialEq)]
pub struct Media {
    /// The picture file, resolved relative to the article file (the issue's input
    /// folders are checked when a photo takes it).
    pub file: PathBuf,
    /// Caption (图片说明), normalised like article text.
    pub caption: String,
    /// Credit (`media-producer`), normalised; may be empty.
    pub credit: String,
}

impl Article {
    /// The text of each block, in order (what the dump and the checks index by
    /// "paragraph": block `i` is paragraph `i`).
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.blocks.iter().map(|b| &*b.text)
    }
}

/// One block of an article body: a paragraph, an intertitle, a line of verse, ….
#[derive(Debug, Clone, PartialEq)]
pub struct BodyBlock {
    pub kind: BlockKind,
    /// The text as set: normalised wire text with the inline markup taken out. Shared
    /// with the Document's copy of the story ([`crate::page::CopyBlock`]), not copied.
    pub text: std::sync::Arc<str>,
    /// The runs of `text` set in another face or with emphasis dots, in text order,
    /// not overlapping; text outside them is in the block's own face.
    pub inlines: Vec<Inline>,
    /// Line of the article file where the block starts (1-based), for messages.
    pub line: usize,
}

impl BodyBlock {
    /// A plain paragraph (no inline markup).
    pub fn paragraph(text: String, line: usize) -> BodyBlock {
        BodyBlock {
            kind: BlockKind::Paragraph,
            text: text.into(),
            inlines: Vec::new(),
            line,
        }
    }
}

/// What a block is, which decides its layout style (README "Articles").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// Body paragraph (`style.body`).
    Paragraph,
    /// 小标题: `## …` in prose.
    Intertitle,
    /// 编者按: a `>` block opening with 【编者按】 or in an article whose header says
    /// `blockquote = "note"`.
    Note,
    /// A `>` block that is a quotation.
    Quote,
    /// One item of a list: its ordinal (1-based) in a numbered list, `None` in a
    /// bullet list.
    ListItem { number: Option<u32> },
    /// The title of a poem (`## …` in verse).
    PoemTitle,
    /// The author line of a poem (`### …` in verse).
    PoemAuthor,
    /// One line of verse as written. `stanza_break`: a blank line comes before it
    /// inside the poem (a new stanza). `poem_start`: the first verse line of a poem
    /// that has no title block.
    Verse {
        stanza_break: bool,
        poem_start: bool,
    },
}

/// A run of text in another face and/or with emphasis dots (着重号).
#[derive(Debug, Clone, PartialEq)]
pub struct Inline {
    /// Byte range in the block's text.
    pub range: std::ops::Range<usize>,
    pub face: Face,
    /// Emphasis dots under each character (着重号, CLReq 3.3.4).
    pub dots: bool,
}

/// The face of a run: the block's own, bold (`**…**`, 黑体) or the emphasis face
/// (`*…*`, 楷体 by default).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Face {
    Regular,
    Strong,
    Emphasis,
}

/// Index into [`Issue::articles`].
pub type ArticleIndex = usize;

/// Which template a page uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageTemplate {
    Front,
    Inside,
}

/// One page of the issue with what is placed on it.
#[derive(Debug, Clone, PartialEq)]
pub struct IssuePage {
    /// 1-based.
    pub number: u32,
    pub template: PageTemplate,
    pub section: String,
    /// The sheet (叠) in plate names (`A`).
    pub sheet: String,
    pub editor: String,
    pub art_editor: String,
    pub proofreader: String,
    pub stories: Vec<StoryPlacement>,
    pub photos: Vec<Photo>,
    pub ads: Vec<Ad>,
    pub teasers: Vec<Teaser>,
    /// The `[[page]]` table.
    pub loc: Loc,
}

/// A typed handle of a story: index into [`Issue::stories`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StoryId(pub usize);

/// A story: one article set in a chain of frames (its first part, then each
/// continuation, on any later pages).
#[derive(Debug, Clone, PartialEq)]
pub struct Story {
    /// The id other entries use for it (`continued = "…"`, teasers).
    pub id: String,
    pub article: ArticleIndex,
    /// The frames in reading order; the first is where the story begins.
    pub parts: Vec<PartRef>,
    /// The `[[page.story]]` that begins it.
    pub loc: Loc,
}

/// Where one part of a story is placed: page number and index in that page's stories.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartRef {
    pub page: u32,
    pub index: usize,
}

/// A story's frame on a page: its first part, or a continuation.
#[derive(Debug, Clone, PartialEq)]
pub struct StoryPlacement {
    pub story: StoryId,
    /// 0 for the first part, 1 for the first continuation, …
    pub part: usize,
    pub area: Area,
    /// Text columns inside the area (变栏).
    pub columns: u32,
    /// Text columns the headline block spans.
    pub headline_columns: u32,
    /// Short headline repeated over a continuation.
    pub cont_headline: String,
    /// Page where the story goes on, if it continues.
    pub continues_on: Option<u32>,
    /// `continues_on = "auto"`: the story goes on to `continues_on` only if it does not
    /// fit this frame (the make-up step decides, and drops the unused frames).
    pub auto_jump: bool,
    /// How `area` is decided: given, or by the make-up step (`crate::layout::makeup`),
    /// which replaces the provisional area before the story is set.
    pub sizing: Sizing,
    /// Which `[[page.story]]` of its page this is (0-based), for `fit`.
    pub spec_index: usize,
    /// The photo that travels with the story (`with_photo`), if any.
    pub travel: Option<Travel>,
    pub loc: Loc,
}

/// A photo that travels with its story (`with_photo`): page photo `photo`, `cols` ×
/// `rows` cells at the top of the story's area in its rightmost columns, below the
/// headline's space above (see [`Travel::area_in`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Travel {
    /// Index in the page's photos.
    pub photo: usize,
    pub cols: u32,
    pub rows: u32,
}

impl Travel {
    /// The photo's cells in a story placed at `story`, whose headline block has
    /// `space_above` blank lines over it; `None` when the story is too small for it.
    pub fn area_in(&self, story: Area, space_above: u32) -> Option<Area> {
        if self.cols >= story.cols {
            return None;
        }
        let col = story.col.checked_add(story.cols - self.cols)?;
        let row = story.row.checked_add(space_above)?;
        let area = Area::checked(col, self.cols, row, self.rows)?;
        story.contains(&area).then_some(area)
    }
}

/// How a story's area is decided (自动组版, automatic page make-up).
#[derive(Debug, Clone, PartialEq)]
pub enum Sizing {
    /// `area` given whole.
    Fixed,
    /// `area` without `rows`: the rows its text needs from its `row` down (the
    /// provisional area has one row).
    Rows(RowLimits),
    /// No `area`: placed and sized by the make-up step (the provisional area is the
    /// top-left cell, `cols.0` wide, one row).
    Auto(AutoPlace),
}

/// `min_rows` / `max_rows` of a story whose rows the make-up step decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowLimits {
    pub min: u32,
    pub max: u32,
}

/// What the make-up step knows of a story it places: its width range, band, order.
#[derive(Debug, Clone, PartialEq)]
pub struct AutoPlace {
    /// Fewest and most grid columns.
    pub cols: (u32, u32),
    pub band: Option<PageBand>,
    /// Reading order on the page (1 = the lead); ties keep the spec's order.
    pub order: u32,
    pub rows: RowLimits,
}

/// `band = "top" | "middle" | "bottom"`: placed before the page's other stories (at
/// the top of the page), among them, or after them (at its foot).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageBand {
    Top,
    Middle,
    Bottom,
}

impl StoryPlacement {
    pub fn is_continuation(&self) -> bool {
        self.part > 0
    }
}

/// A typed handle of an asset: index into [`Issue::assets`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AssetId(pub usize);

/// What kind of file an asset is, from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssetKind {
    Jpeg,
    Png,
    Pdf,
}

/// A picture or supplied ad file named by the issue: found, readable, kind known. The
/// pictures stage (`crate::pictures`) reads its header; layout places it.
#[derive(Debug, Clone, PartialEq)]
pub struct Asset {
    pub path: PathBuf,
    /// The file as the issue names it (for the dump and messages).
    pub name: String,
    pub kind: AssetKind,
    /// Size in bytes.
    pub len: u64,
    /// Where the issue names it.
    pub loc: Loc,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Photo {
    pub area: Area,
    pub caption: String,
    /// The credit set after the caption (may be empty).
    pub credit: String,
    pub asset: Option<AssetId>,
    pub fit: Fit,
    pub loc: Loc,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Ad {
    pub area: Area,
    pub label: String,
    pub title: String,
    pub lines: Vec<String>,
    pub asset: Option<AssetId>,
    /// Page of a supplied PDF (1-based).
    pub page: u32,
    /// `fit` as given (for a picture ad; None: it must have its slot's shape).
    pub fit: Option<FitMode>,
    pub loc: Loc,
}

/// How a picture fills its box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fit {
    /// Cover the box (crop what sticks out) or show the whole picture inside it.
    pub mode: FitMode,
    /// Focal point (0–1 of the picture) kept in view when cropping.
    pub focus: [f64; 2],
    /// The part of the picture used, `[left, top, right, bottom]` in 0–1.
    pub crop: [f64; 4],
}

/// `fit = "fill" | "contain"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FitMode {
    Fill,
    Contain,
}

impl Default for Fit {
    fn default() -> Self {
        Fit {
            mode: FitMode::Fill,
            focus: [0.5, 0.5],
            crop: [0.0, 0.0, 1.0, 1.0],
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Teaser {
    pub area: Area,
    pub text: String,
    /// The story it points to.
    pub story: StoryId,
    pub loc: Loc,
}

/// Names of the styles the engine uses; resolve checks that the layout defines each.
pub const REQUIRED_STYLES: &[&str] = &[
    "body",
    "kicker",
    "headline",
    "subhead",
    "byline",
    "jump",
    "cont-headline",
    "caption",
    "teaser",
    "ad-title",
    "ad-text",
    "ad-label",
];

/// Millimetres helper re-exported for resolve.
pub(crate) fn mm_to_pt(v: f64) -> f64 {
    mm(v)
}
