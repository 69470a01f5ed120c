//! The resolved issue: what every later stage reads. Built only by [`super::resolve`],
//! fully validated, never re-checked downstream.

use std::collections::BTreeMap;
use std::path::PathBuf;

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
    pub pages: Vec<IssuePage>,
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
}

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

/// The house design.
#[derive(Debug, Clone)]
pub struct Layout {
    pub name: String,
    pub trim_width: f64,
    pub trim_height: f64,
    pub bleed: f64,
    pub slug: f64,
    pub grid: Grid,
    pub styles: BTreeMap<String, Style>,
    pub masthead_lines: u32,
    pub masthead: Masthead,
    pub folio_lines: u32,
    /// `[output]`: printing condition, PDF/X standard, ink and mark limits.
    pub output: OutputCondition,
}

/// Where the masthead's blocks go in its band (page-grid cells, 1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Masthead {
    pub title: Cell,
    pub sponsors: Cell,
    pub dateline: Cell,
}

/// A block's top-left cell and width in base columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    pub col: u32,
    pub cols: u32,
    pub row: u32,
}

impl Layout {
    /// A style by name. Names used by the engine are checked to exist at resolve time.
    pub fn style(&self, name: &str) -> Option<&Style> {
        self.styles.get(name)
    }
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
        line_top + (self.line_pitch - size) / 2.0 + size * IDEO_ASCENT
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Area {
    pub col: u32,
    pub cols: u32,
    pub row: u32,
    pub rows: u32,
}

impl Area {
    pub fn last_col(&self) -> u32 {
        self.col + self.cols - 1
    }

    pub fn last_row(&self) -> u32 {
        self.row + self.rows - 1
    }

    pub fn overlaps(&self, o: &Area) -> bool {
        self.col <= o.last_col()
            && o.col <= self.last_col()
            && self.row <= o.last_row()
            && o.row <= self.last_row()
    }
}

/// An article: front matter plus paragraphs.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// The id stories use to refer to it (defaults to the file stem).
    pub id: String,
    pub path: PathBuf,
    pub kicker: String,
    pub headline: String,
    pub subhead: String,
    pub byline: String,
    pub paragraphs: Vec<String>,
}

/// Index into [`Issue::articles`].
pub type ArticleIndex = usize;

/// Which template a page uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    Front,
    Inside,
}

/// One page of the issue with what is placed on it.
#[derive(Debug, Clone, PartialEq)]
pub struct IssuePage {
    /// 1-based.
    pub number: u32,
    pub template: Template,
    pub section: String,
    pub editor: String,
    pub art_editor: String,
    pub proofreader: String,
    pub stories: Vec<StoryPlacement>,
    pub photos: Vec<Photo>,
    pub ads: Vec<Ad>,
    pub teasers: Vec<Teaser>,
}

/// A story's frame on a page: its first part, or a continuation.
#[derive(Debug, Clone, PartialEq)]
pub struct StoryPlacement {
    pub article: ArticleIndex,
    pub area: Area,
    /// Text columns inside the area (变栏).
    pub columns: u32,
    /// Text columns the headline block spans.
    pub headline_columns: u32,
    /// This placement continues a story begun on an earlier page.
    pub is_continuation: bool,
    /// Where the story's overflow continues: (page number, index in that page's stories).
    pub continues_to: Option<(u32, usize)>,
    /// For a continuation: the page it continues from.
    pub continued_from: Option<u32>,
    /// Short headline repeated over a continuation.
    pub cont_headline: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Photo {
    pub area: Area,
    pub caption: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Ad {
    pub area: Area,
    pub label: String,
    pub title: String,
    pub lines: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Teaser {
    pub area: Area,
    pub text: String,
    /// The article it points to.
    pub article: ArticleIndex,
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
    "folio",
    "folio-page",
    "masthead-title",
    "masthead-en",
    "masthead-item",
    "teaser",
    "ad-title",
    "ad-text",
    "ad-label",
];

/// Millimetres helper re-exported for resolve.
pub(crate) fn mm_to_pt(v: f64) -> f64 {
    mm(v)
}
