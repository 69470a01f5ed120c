//! Raw input: the serde structs that mirror `issue.toml`, the layout file and an
//! article's front matter, with spans for error messages. Nothing here is validated;
//! [`super::resolve`] turns these into the resolved model.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::linebreak::{AdjustPolicy, KinsokuLevel, PunctStyle};
use crate::spec::article_layout::{
    ListNumber, NoteFrameKind, DOT_EM, DOT_GAP_EM, LIST_NUMBERS, MAX_SPACE_LINES, NOTE_FRAMES,
    TEXT_FORMATS,
};
use crate::spec::furniture::{
    AD_LABEL, JUMP_IN, JUMP_OUT, LUNAR_OUT_OF_RANGE, PAGE_LABEL, TAG_ADS, TEASER_REF,
};
use crate::spec::keys::layout_table;
use crate::spec::layout_file::{RULE_PT, SLUG_MM};
use crate::spec::markup::{TextFormat, EDITORS_NOTE};
use crate::spec::model::Align;
use crate::spec::numbers::MAX_INDENT_EM;
use crate::spec::output::{
    Standard, DEFAULT_MIN_IMAGE_PPI, DEFAULT_MIN_LINE_WIDTH, DEFAULT_MIN_MULTI_INK_TEXT,
    DEFAULT_MIN_REVERSED_TEXT, DEFAULT_TAC, STANDARDS,
};
use crate::spec::release_names::PAGE_FILE;
use crate::spec::style::{ADJUST_POLICIES, ALIGNS, KINSOKU_LEVELS, MAX_STYLE_LINES, PUNCT_STYLES};
use crate::spec::wire::HYPHENATE;

/// `issue.toml`: one issue of the paper.
#[derive(Debug, Deserialize)]
pub struct IssueSpec {
    /// Path of the layout file, relative to `issue.toml`.
    pub layout: Spanned<String>,
    pub issue: IssueInfoSpec,
    #[serde(default)]
    pub page: Vec<PageSpec>,
    /// Other editions printed the same night (`broadsheet release`), each a whole issue.
    #[serde(default)]
    pub edition: Vec<EditionSpec>,
}

/// `[[edition]]`: another edition of the issue printed the same night (县区版, 晚版): the
/// issue with some pages replaced or added (`[[edition.page]]`, each saying which page
/// it `replaces`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditionSpec {
    /// The edition's zone in plate names (`{zone}`).
    pub zone: Spanned<String>,
    /// Its name (耒阳版), for the manifest.
    #[serde(default)]
    pub name: String,
    /// Its own pages, each a `[[page]]` with `replaces = N`.
    #[serde(default)]
    pub page: Vec<PageSpec>,
}

/// `[issue]`: the masthead fields.
#[derive(Debug, Deserialize)]
pub struct IssueInfoSpec {
    pub paper: String,
    #[serde(default)]
    pub paper_en: String,
    pub date: Spanned<toml::value::Datetime>,
    /// 总期号.
    pub number: u32,
    #[serde(default)]
    pub sponsors: Vec<String>,
    #[serde(default)]
    pub cn: String,
    #[serde(default)]
    pub publisher: String,
    #[serde(default)]
    pub website: String,
    #[serde(default)]
    pub hotlines: Vec<String>,
    /// Weather line for the masthead (天气), if the paper prints one.
    #[serde(default)]
    pub weather: String,
    /// This edition's zone in plate names (`{zone}`, `broadsheet release`); default `1`.
    pub zone: Option<Spanned<String>>,
    /// This edition's name (市区版), for the release manifest.
    #[serde(default)]
    pub edition: String,
}

/// `[[page]]`.
#[derive(Debug, Deserialize)]
pub struct PageSpec {
    pub template: Spanned<String>,
    #[serde(default)]
    pub section: String,
    /// The page's sheet (叠) in plate names (`{sheet}`, `broadsheet release`); default `A`.
    pub sheet: Option<Spanned<String>>,
    /// In an `[[edition]]`: the page of the issue this one replaces (one more than the
    /// issue's pages adds a page).
    pub replaces: Option<Spanned<u32>>,
    #[serde(default)]
    pub editors: EditorsSpec,
    #[serde(default)]
    pub story: Vec<StorySpec>,
    #[serde(default)]
    pub photo: Vec<PhotoSpec>,
    #[serde(default)]
    pub ad: Vec<AdSpec>,
    #[serde(default)]
    pub teaser: Vec<TeaserSpec>,
}

/// The folio's credits.
#[derive(Debug, Deserialize, Default)]
pub struct EditorsSpec {
    /// 责任编辑.
    #[serde(default)]
    pub editor: String,
    /// 美术编辑.
    #[serde(default)]
    pub art: String,
    /// 校对.
    #[serde(default)]
    pub proof: String,
}

/// A rectangle of page-grid cells, 1-based: columns `col..col+cols`, body lines
/// `row..row+rows`.
#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct AreaSpec {
    pub col: u32,
    pub cols: u32,
    pub row: u32,
    pub rows: u32,
}

/// A story's `area`: like [`AreaSpec`], but `rows` may be left out (the make-up step
/// gives the story the rows its text needs, from `row` down).
#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct StoryAreaSpec {
    pub col: u32,
    pub cols: u32,
    pub row: u32,
    pub rows: Option<u32>,
}

/// `continues_on = 2` or `continues_on = "auto"`.
#[derive(Debug, Deserialize, Clone, PartialEq, Eq)]
#[serde(untagged)]
pub enum ContinuesOnSpec {
    Page(u32),
    Word(String),
}

/// `cols = 4` or `cols = [3, 5]`: the columns of a story placed by the make-up step.
#[derive(Debug, Deserialize, Clone, PartialEq, Eq)]
#[serde(untagged)]
pub enum ColsSpec {
    One(u32),
    Range(Vec<u32>),
}

/// `[[page.story]]`: a story, or the continuation of one.
#[derive(Debug, Deserialize)]
pub struct StorySpec {
    /// Article file (the story's first part). Absent for a continuation.
    pub article: Option<Spanned<String>>,
    /// Name other entries use to refer to the story; defaults to the article's stem.
    pub id: Option<Spanned<String>>,
    /// `id` of the story whose overflow continues here.
    pub continued: Option<Spanned<String>>,
    /// Page number where this story's overflow continues, or `"auto"`: it continues
    /// (on the page of its `continued` frame) only if it does not fit here.
    pub continues_on: Option<Spanned<ContinuesOnSpec>>,
    /// The grid cells the story takes; `rows` may be left out. Without an area the
    /// story is placed by the make-up step (`cols` below).
    pub area: Option<Spanned<StoryAreaSpec>>,
    /// Without `area`: the story's width in grid columns, or a range `[min, max]`.
    pub cols: Option<Spanned<ColsSpec>>,
    /// Without `area`: `top` or `bottom` places the story before or after the page's
    /// others (at the top or at the foot of the page); `middle` (the default) between.
    pub band: Option<Spanned<String>>,
    /// Without `area`: reading order among the page's placed stories (default: the
    /// order of the `[[page.story]]` tables); 1 is the lead.
    pub order: Option<Spanned<u32>>,
    /// Without `area` or `rows`: the fewest and most rows the story may take.
    pub min_rows: Option<Spanned<u32>>,
    pub max_rows: Option<Spanned<u32>>,
    /// A photo that travels with the story: at the top of its area, in its rightmost
    /// columns, beside the headline (which spans the columns left of it).
    pub with_photo: Option<Spanned<WithPhotoSpec>>,
    /// Number of text columns inside the area (变栏); defaults to the area's columns.
    pub columns: Option<Spanned<u32>>,
    /// How many of the story's text columns the headline block spans (default: all).
    pub headline_columns: Option<Spanned<u32>>,
    /// A short headline repeated over a continuation.
    pub headline: Option<String>,
}

/// A story's `with_photo`: a photo of `cols` × `rows` grid cells that the story
/// carries wherever it is placed; the other keys as for `[[page.photo]]`.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct WithPhotoSpec {
    pub cols: u32,
    pub rows: u32,
    #[serde(default)]
    pub caption: String,
    pub file: Option<Spanned<String>>,
    pub fit: Option<Spanned<String>>,
    pub focus: Option<Spanned<[f64; 2]>>,
    pub crop: Option<Spanned<[f64; 4]>>,
    #[serde(default)]
    pub credit: String,
}

/// `[[page.photo]]`: a photo (placeholder box for now) with a caption.
#[derive(Debug, Deserialize)]
pub struct PhotoSpec {
    pub area: Spanned<AreaSpec>,
    #[serde(default)]
    pub caption: String,
    /// Image file (JPEG or PNG); without one a grey placeholder is drawn.
    pub file: Option<Spanned<String>>,
    /// `fill` (default: cover the box, crop the rest) or `contain` (whole picture).
    pub fit: Option<Spanned<String>>,
    /// Focal point `[x, y]` (0–1 of the picture) kept in view when `fill` crops.
    pub focus: Option<Spanned<[f64; 2]>>,
    /// Explicit crop `[left, top, right, bottom]` (0–1 of the picture).
    pub crop: Option<Spanned<[f64; 4]>>,
    /// The photographer's credit, set after the caption (`全媒体记者 X 摄`).
    #[serde(default)]
    pub credit: String,
    /// `from = "story-id"`: take the picture (file, caption, credit) a story's copy
    /// brought (NITF `media`); `file`, `caption` and `credit` given here override.
    pub from: Option<Spanned<String>>,
    /// Which of the story's pictures `from` takes (1-based, default 1).
    pub media: Option<Spanned<u32>>,
}

/// `[[page.ad]]`: an advertisement block, always labelled 广告.
#[derive(Debug, Deserialize)]
pub struct AdSpec {
    pub area: Spanned<AreaSpec>,
    /// The label (default: the layout's `[furniture] ad_label`, 广告).
    pub label: Option<String>,
    /// Advertiser's text shown in the placeholder (title line, then smaller lines).
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub lines: Vec<String>,
    /// Supplied PDF or image; without one the ad's text is set as a placeholder.
    pub file: Option<Spanned<String>>,
    /// Page of a multi-page PDF (1-based, default 1).
    pub page: Option<Spanned<u32>>,
    /// A picture ad of another shape than its slot: `contain` places it whole, centred
    /// (without it, a shape beyond the tolerance is an error).
    pub fit: Option<Spanned<String>>,
}

/// `[[page.teaser]]`: a 导读 pointing at a story elsewhere in the issue.
#[derive(Debug, Deserialize)]
pub struct TeaserSpec {
    pub area: Spanned<AreaSpec>,
    pub text: String,
    /// `id` of the story it points to; its page number is filled in.
    pub story: Spanned<String>,
}

layout_table! {
    /// A layout file: the paper's house design.
    pub struct LayoutSpec {
        /// the design's name
        #[serde(default)]
        name: Custom<String>("text", "\"\""),
        /// trim, bleed, margins (below)
        page: Custom<PageGeometrySpec>("table", "required"),
        /// the page grid (below)
        grid: Custom<GridSpec>("table", "required"),
        /// font files, relative to the layout file; or `{ file = "….ttc", face = "Noto Serif
        /// CJK SC" }` / `{ file = …, index = 2 }` for one face of a collection (without either,
        /// a collection gives its Simplified Chinese face); or `{ family = "…" }`, a family
        /// installed on the system; a table may add `fallback` (below). A face made for
        /// Japanese, Korean or Traditional Chinese is a warning naming it
        fonts: Custom<BTreeMap<String, Spanned<FontSpec>>>("table name → path or table", "required"),
        /// folders (relative to the layout file) from which issues using this layout may read
        /// articles, fonts and pictures, besides the issue's own folder (and, for fonts, the
        /// layout's folder); anything else, and `../`, absolute or symlinked paths leading
        /// elsewhere, is an error (`--root DIR` allows more)
        #[serde(default)]
        allow_dirs: Custom<Vec<Spanned<String>>>("list of paths", "[]"),
        /// text styles `[style.NAME]` (below)
        style: Custom<BTreeMap<String, Spanned<StyleSpec>>>("tables", "required"),
        /// `[template.front]` and `[template.inside]` (below)
        template: Custom<TemplatesSpec>("table", "required"),
        /// wording of generated text (below)
        #[serde(default)]
        furniture: Custom<FurnitureSpec>("table", "all defaults"),
        /// named rule styles `[rule_style.NAME]` (below)
        #[serde(default)]
        rule_style: Custom<BTreeMap<String, Spanned<RuleStyleSpec>>>("tables", "house rules"),
        /// named box styles `[box_style.NAME]` (below)
        #[serde(default)]
        box_style: Custom<BTreeMap<String, Spanned<BoxStyleSpec>>>("tables", "house boxes"),
        /// the printing condition and the standard the PDF claims (below)
        #[serde(default)]
        output: Custom<Option<OutputSpec>>("table", "no PDF/X claim"),
        /// resolution and size limits for photos and supplied ads (below)
        pictures: Custom<Option<PicturesSpec>>("table", "all defaults"),
        /// how article blocks are set: intertitles, notes, lists, verse, emphasis dots (below)
        #[serde(default)]
        article: Custom<ArticleLayoutSpec>("table", "all defaults"),
        /// the house's rules for automatic page make-up, 自动组版 (below)
        #[serde(default)]
        makeup: Custom<MakeupSpec>("table", "all defaults"),
        /// how `broadsheet release` names each page's plate file (below)
        #[serde(default)]
        release: Custom<ReleaseSpec>("table", "all defaults"),
    }
}

layout_table! {
    /// `[release]`: the plant's names for the plate files `broadsheet release` writes
    /// (README "Releasing pages to the plant"). Every key is optional.
    #[derive(Default)]
    #[serde(deny_unknown_fields)]
    pub struct ReleaseSpec {
        /// a plate file's name: fields `{paper_code}`, `{date}` (with a format such as
        /// `{date:%Y%m%d}`), `{sheet}` (the page's 叠, `[[page]] sheet`), `{page}`
        /// (`{page:3}`: three digits), `{colour}`, `{zone}` (the edition's, `[issue]
        /// zone`), `{version}` (`a`, then `b` for the first correction …)
        page_file: Custom<Option<Spanned<String>>>("template", PAGE_FILE),
        /// the paper's code in the plant's names (`HYRB`); needed when `page_file` uses
        /// `{paper_code}`
        paper_code: Text(8, "", "letters or digits"),
        /// `{colour}` of a plate printed in the four process inks
        process: Text(4, "P", "letters"),
        /// `{colour}` of a plate printed in black alone
        mono: Text(4, "M", "letters"),
    }
}

layout_table! {
    /// `[makeup]`: the house's rules for stories placed or sized by the make-up step
    /// (a story without `area`, or without `rows`; README "Automatic make-up"). Every
    /// key is optional.
    #[derive(Default)]
    #[serde(deny_unknown_fields)]
    pub struct MakeupSpec {
        /// the most empty body lines a column may keep at a story's foot or above the
        /// next item (a story is stretched to fill a gap this small; a larger one is a
        /// hole)
        max_hole_lines: Int(0, 20, 2, "body lines"),
        /// whether the headline blocks of two stories side by side may share rows (headlines
        /// abreast); `false` staggers the stories the make-up step places so that no
        /// headline block has another beside it (碰题)
        headlines_abreast: Flag(true),
        /// the most arrangements the solver tries on one page before it gives the best
        /// found
        search_limit: Int(100, 1_000_000, 20_000, "arrangements"),
    }
}

layout_table! {
    /// `[article]`: spacing, indents, list numbers, verse and emphasis dots of article
    /// bodies (README "Articles"; see `spec::article_layout`). Every key is optional.
    #[derive(Default)]
    #[serde(deny_unknown_fields)]
    pub struct ArticleLayoutSpec {
        /// how an article body is read when its front matter has no `format` (README
        /// "Articles"): `plain` is wire copy with no markup, `markup` the subset README
        /// describes
        format: Words<TextFormat>(TEXT_FORMATS, TextFormat::Plain, "format"),
        /// blank lines above an intertitle (小标题)
        intertitle_above: Int(0, MAX_SPACE_LINES, 1, "body lines"),
        /// blank lines below an intertitle
        intertitle_below: Int(0, MAX_SPACE_LINES, 0, "body lines"),
        /// blank lines before and after an editor's note or a quotation
        note_space: Int(0, MAX_SPACE_LINES, 1, "body lines"),
        /// an editor's note is indented this much on both sides
        note_indent_em: Float(0.0, MAX_INDENT_EM, 0.0, "em"),
        /// a `>` block (`format = "markup"`) that opens with this text is an editor's note
        /// (编者按), not a quotation; `blockquote = "note"` in an article's front matter
        /// makes every one a note
        note_marker: Text(10, EDITORS_NOTE, "text"),
        /// how an editor's note is set off: no frame, a rule above and below it in each
        /// column (`note_rule`), or `[box_style.note-box]` around it in each column
        note_frame: Words<NoteFrameKind>(NOTE_FRAMES, NoteFrameKind::None, "note frame"),
        /// the rule of `note_frame = "rules"` (the rule between stories when absent)
        note_rule: Custom<Option<Spanned<String>>>("rule style name", "between"),
        /// a quotation is indented this much on both sides
        quote_indent_em: Float(0.0, MAX_INDENT_EM, 2.0, "em"),
        /// number form of numbered lists (`①` runs to ⑳, then `21.`)
        list_number: Words<ListNumber>(LIST_NUMBERS, ListNumber::Dot, "list number form"),
        /// the mark of a bullet list item
        list_bullet: Text(3, "●", "text"),
        /// where a list item's number starts; the item's lines start after the number,
        /// rounded up to whole characters
        list_indent_em: Float(0.0, MAX_INDENT_EM, 2.0, "em"),
        /// left indent of every verse line
        verse_indent_em: Float(0.0, MAX_INDENT_EM, 2.0, "em"),
        /// further indent of a verse line's turnover (转行); a turnover is never a single
        /// character
        verse_hang_em: Float(0.0, MAX_INDENT_EM, 2.0, "em"),
        /// blank lines between stanzas (and after a poem inside prose)
        stanza_space: Int(0, MAX_SPACE_LINES, 1, "body lines"),
        /// half a body line more between stanzas (e.g. `stanza_space = 0` with this: half
        /// a line). The stanza after such a break sits half a line below the grid, the
        /// next half-line break brings the poem back onto it; a line half a line low
        /// needs the row below it free
        stanza_half_line: Flag(false),
        /// blank lines before a poem that follows other text (dropped at a column top)
        poem_space: Int(0, MAX_SPACE_LINES, 2, "body lines"),
        /// diameter of an emphasis dot (着重号), in em of the text
        emphasis_dot_em: Float(0.05, 0.5, DOT_EM, "em"),
        /// gap between the character's em box and its dot. The dot must clear the next
        /// body line's characters: values given that do not are an error here; the
        /// defaults shrink to fit a tight line pitch; where no room is left, an article
        /// asking for dots is an error at its block
        emphasis_gap_em: Float(0.0, 0.5, DOT_GAP_EM, "em"),
        /// a story whose last frame has more empty body lines than this per column is
        /// reported underset (its area is too big for its text)
        underset_lines: Int(0, MAX_SPACE_LINES, 3, "body lines"),
        /// blank lines between a story's headline block and its body
        head_space: Int(0, MAX_SPACE_LINES, 1, "body lines"),
        /// body lines after an intertitle kept in its column with it (an intertitle never
        /// ends a column)
        intertitle_keep: Int(0, MAX_SPACE_LINES, 2, "body lines"),
    }
}

layout_table! {
    /// `[output]`: what the plant prints on and what the PDF claims (see `spec::output`).
    pub struct OutputSpec {
        /// the standard the PDF claims: `PDF/X-4` embeds the profile as
        /// DestOutputProfile, `PDF/X-4p` references it, `none` claims nothing
        standard: Words<Standard>(STANDARDS, Standard::PdfX4, "standard"),
        /// ICC output profile (CMYK), relative to the layout file
        profile: Custom<Option<Spanned<String>>>("path", "required for a claim"),
        /// where the plant's profile can be fetched (PDF/X-4p `DestOutputProfileRef /URLs`)
        profile_url: Custom<Option<Spanned<String>>>("URL", "—"),
        /// `OutputConditionIdentifier`, e.g. the registered name `CGATS TR 002`
        condition_identifier: Custom<Option<Spanned<String>>>("text", "required for a claim"),
        /// `OutputCondition`: a human-readable description of the printing condition
        condition: Custom<Option<String>>("text", "\"\""),
        /// `RegistryName`: the registry of characterised printing conditions
        registry: Custom<Option<String>>("URL", "http://www.color.org"),
        /// the edition's deadline (截稿), e.g. `23:30` or `23:30:00`: the PDF's dates are
        /// the issue date at this time
        deadline: Custom<Option<Spanned<toml::value::Datetime>>>("time", "00:00"),
        /// UTC offset of the deadline, `+HH:MM` or `-HH:MM`
        utc_offset: Custom<Option<Spanned<String>>>("text", "+08:00"),
        /// total area coverage limit (newsprint ≈ 240), checked by `broadsheet check`
        tac_percent: Float(100.0, 400.0, DEFAULT_TAC, "%"),
        /// crop and registration marks start this far outside the bleed; at most the slug
        /// less 4 mm (the marks need 3 mm, and 1 mm is kept clear at the media edge)
        mark_offset_mm: Custom<Option<Spanned<f64>>>("mm", "2"),
        /// smaller text must be printed in one ink (preflight)
        min_multi_ink_text_pt: Float(0.0, 72.0, DEFAULT_MIN_MULTI_INK_TEXT, "pt"),
        /// thinner lines inside the BleedBox are an error: newsprint loses hairlines
        /// (preflight; 0 checks nothing)
        min_line_width_pt: Float(0.0, 10.0, DEFAULT_MIN_LINE_WIDTH, "pt"),
        /// smaller white (reversed) text is an error: ink spreads into it (preflight)
        min_reversed_text_pt: Float(0.0, 72.0, DEFAULT_MIN_REVERSED_TEXT, "pt"),
        /// a continuous-tone image printed below this resolution is an error, also inside
        /// a supplied ad (preflight; 0 checks nothing)
        min_image_ppi: Float(0.0, 2400.0, DEFAULT_MIN_IMAGE_PPI, "ppi"),
        /// spot colours (a `/Separation` other than `/All`) are allowed; a newspaper
        /// press prints the four process inks alone
        allow_spot: Flag(false),
        /// convert JPEG and PNG pictures to the CMYK of `profile` (needs it) when the PDF
        /// is written: source is the picture's own ICC profile (untagged RGB = sRGB);
        /// perceptual intent (moxcms); a pixel over `tac_percent` has its C, M and Y scaled
        /// down, K kept; written as 8-bit DeviceCMYK, deflated — a converted JPEG is
        /// decoded, no longer passed through. Gray and CMYK pictures are left as they are
        /// (a warning says so). Supplied PDF ads are never converted
        convert_images: Custom<Option<Spanned<bool>>>("bool", "false"),
    }
}

layout_table! {
    /// `[pictures]` in a layout file.
    #[derive(Default)]
    #[serde(deny_unknown_fields)]
    pub struct PicturesSpec {
        /// a photo (or picture ad) printed below this effective resolution is an error
        min_ppi: Float(1.0, 10_000.0, 150.0, "ppi"),
        /// below this one, a warning (never below `min_ppi`)
        warn_ppi: Float(1.0, 10_000.0, 200.0, "ppi"),
        /// how far a supplied PDF ad's TrimBox (else MediaBox) may differ from its slot in
        /// width and height; within it the ad is scaled onto the slot. A picture ad
        /// (JPEG/PNG) scaled to cover its slot may have at most this cut off its width or
        /// height, unless the ad says `fit = "contain"`
        ad_tolerance_mm: Float(0.0, 20.0, 1.0, "mm"),
        /// a supplied ad with RGB colour (operators, colour spaces, images; an RGB
        /// picture) is an error
        cmyk_only_ads: Flag(false),
        /// fewest body lines a photo's picture takes above its caption; a photo area too
        /// small for them and its caption is an error
        min_picture_lines: Int(1, 100, 2, "body lines"),
    }
}

/// A `[fonts]` entry: a file path, or `{ file = "…ttc", face = "Noto Serif CJK SC" }`,
/// `{ file = "…ttc", index = 2 }`, `{ family = "Noto Serif CJK SC" }` (installed on
/// the system); a table may add `fallback = ["latin-serif", "math"]`, fonts appended to
/// every style whose font list has this font.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum FontSpec {
    File(String),
    Table(FontTableSpec),
}

layout_table! {
    /// A `[fonts]` entry written as a table.
    #[serde(deny_unknown_fields)]
    pub struct FontTableSpec {
        /// the font file, relative to the layout file
        #[serde(default)]
        file: Custom<Option<String>>("path", "—"),
        /// a family installed on the system (its regular face; found with fontdb)
        #[serde(default)]
        family: Custom<Option<String>>("text", "—"),
        /// a face of a collection by family, full or PostScript name
        #[serde(default)]
        face: Custom<Option<String>>("text", "the Simplified Chinese face"),
        /// a face of a collection by index
        #[serde(default)]
        index: Custom<Option<u32>>("integer", "the Simplified Chinese face"),
        /// fonts from `[fonts]` appended to the `font` list of every style that has this font,
        /// in order, each font once (after the style's own fonts; fallbacks of fallbacks are
        /// not followed). Use it for the letters and signs a CJK face lacks: `song = { file =
        /// "…", fallback = ["latin-serif", "math"] }` gives `font = ["song", "ext-b"]` the list
        /// song, ext-b, latin-serif, math. A character set in a later font than the style's
        /// first is reported once per style (a warning), and a word of Latin, Greek or Cyrillic
        /// letters the first font lacks a letter of is set whole in the first font that has all
        /// its letters
        #[serde(default)]
        fallback: Custom<Vec<String>>("[font names]", "[]"),
    }
}

impl std::fmt::Display for FontSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FontSpec::File(p) => write!(f, "{p}"),
            FontSpec::Table(t) => match (&t.file, &t.family) {
                (Some(p), _) => write!(f, "{p}"),
                (None, Some(fam)) => write!(f, "family {fam}"),
                (None, None) => write!(f, "(nothing)"),
            },
        }
    }
}

layout_table! {
    /// `[page]`: the trimmed page and what lies around it.
    pub struct PageGeometrySpec {
        /// trimmed page (成品尺寸), width and height, 50–2000 mm each
        trim_mm: Custom<Spanned<[f64; 2]>>("[mm, mm]", "required"),
        /// bleed (出血) on every side, 0–20
        bleed_mm: Custom<Spanned<f64>>("mm", "required"),
        /// room for crop marks outside the bleed
        slug_mm: Float(*SLUG_MM.start(), *SLUG_MM.end(), 12.0, "mm"),
        /// trim top to type-area top; the type area is centred across the trim and must
        /// fit inside it
        margin_top_mm: Custom<Spanned<f64>>("mm", "required"),
    }
}

layout_table! {
    /// `[grid]`: the page grid every area is counted in.
    pub struct GridSpec {
        /// base columns (基本栏), 1–100
        columns: Custom<Spanned<u32>>("count", "required"),
        /// width of a base column, 1–200
        column_chars: Custom<Spanned<u32>>("body characters", "required"),
        /// gutter (栏距), 0–20
        gutter_chars: Custom<Spanned<u32>>("body characters", "required"),
        /// body lines per column, 1–2000
        lines: Custom<Spanned<u32>>("count", "required"),
        /// baseline-to-baseline distance, 1–200 and at least the body size
        line_pitch_pt: Custom<Spanned<f64>>("pt", "required"),
        /// the style whose size is the grid's character
        body_style: Custom<Spanned<String>>("style name", "required"),
        /// blank lines above a headline block below another item, 0 to the grid's `lines`
        space_above_headline: Custom<Option<Spanned<u32>>>("body lines", "0"),
        /// width of the built-in `between` rule style (正线)
        rule_pt: Float(*RULE_PT.start(), *RULE_PT.end(), 0.5, "pt"),
    }
}

layout_table! {
    /// `[style.NAME]`: a text style.
    pub struct StyleSpec {
        /// fonts from `[fonts]`, first preferred, later ones fallbacks
        font: Custom<Vec<Spanned<String>>>("[font names]", "required"),
        /// type size, 0.5–500
        size_pt: Custom<Spanned<f64>>("pt", "required"),
        /// body lines one line of this style takes
        lines: Int(1, MAX_STYLE_LINES, 1, "body lines"),
        /// alignment of the lines
        align: Words<Align>(ALIGNS, Align::Justify, "alignment"),
        /// text colour, each 0–100; 100 K text overprints
        cmyk: Custom<Option<Spanned<[f64; 4]>>>("[C, M, Y, K] %", "[0, 0, 0, 100]"),
        /// first-line indent
        indent_em: Float(0.0, MAX_INDENT_EM, 0.0, "em"),
        /// line-start and line-end prohibition level (避头尾, docs/cjk-rules.md)
        kinsoku: Words<KinsokuLevel>(KINSOKU_LEVELS, KinsokuLevel::Gb, "kinsoku level"),
        /// punctuation widths (标点挤压 house style)
        punct: Words<PunctStyle>(PUNCT_STYLES, PunctStyle::Quanjiao, "punctuation style"),
        /// whether a line that does not fit is first squeezed (push in) or only spread
        adjust: Words<AdjustPolicy>(ADJUST_POLICIES, AdjustPolicy::PushInFirst, "adjustment policy"),
        /// trim an opening bracket's leading half em at line start
        trim_start: Flag(false),
        /// let `，、。` hang outside the measure
        hanging: Flag(false),
        /// avoid a last line of one Han character (孤字)
        orphan_fix: Flag(true),
        /// space between Han and Latin letters or digits
        cjk_latin_space_em: Float(0.0, 1.0, 0.25, "em"),
        /// hyphenate plain lower-case Western words (never names, commands, paths) with
        /// hypher's patterns
        hyphenate: Words<Option<[u8; 2]>>(HYPHENATE, None, "hyphenation language"),
        /// shortest word hyphenated
        hyphen_min_word: Int(2, 100, 6, "characters"),
        /// fewest characters before the hyphen
        hyphen_min_left: Int(1, 50, 2, "characters"),
        /// fewest characters after the hyphen
        hyphen_min_right: Int(1, 50, 3, "characters"),
        /// a justified line adding more at one character (or CJK–Latin) gap is reported,
        /// with its text
        max_cjk_gap_em: Limit(0.0, 10.0, "em"),
        /// the same for one word space
        max_word_space_em: Limit(0.0, 10.0, "em"),
    }
}

layout_table! {
    /// `[template]`: the page templates.
    pub struct TemplatesSpec {
        /// page 1: the masthead band
        front: Custom<FrontTemplateSpec>("table", "required"),
        /// other pages: the folio band
        inside: Custom<InsideTemplateSpec>("table", "required"),
    }
}

layout_table! {
    /// Page 1: a masthead band (报头) over the top rows, its blocks and rules.
    #[serde(deny_unknown_fields)]
    pub struct FrontTemplateSpec {
        /// height of the masthead band (报头)
        masthead_lines: Custom<Spanned<u32>>("body lines", "required"),
        /// blocks of furniture text (below)
        #[serde(default)]
        block: Custom<Vec<Spanned<BlockSpec>>>("array of tables", "none"),
        /// rules of the band (below)
        #[serde(default)]
        rule: Custom<Vec<Spanned<BandRuleSpec>>>("array of tables", "none"),
    }
}

layout_table! {
    /// Inside pages: a folio (报眉) over the top rows, its blocks and rules.
    #[serde(deny_unknown_fields)]
    pub struct InsideTemplateSpec {
        /// height of the folio band (报眉)
        folio_lines: Custom<Spanned<u32>>("body lines", "required"),
        /// blocks are given for odd pages; even pages mirror them (and flip `align`)
        #[serde(default)]
        mirror_even: Custom<bool>("bool", "false"),
        /// blocks of furniture text
        #[serde(default)]
        block: Custom<Vec<Spanned<BlockSpec>>>("array of tables", "none"),
        /// rules of the band
        #[serde(default)]
        rule: Custom<Vec<Spanned<BandRuleSpec>>>("array of tables", "none"),
    }
}

layout_table! {
    /// A block of furniture text: items set one under another from a cell.
    #[serde(deny_unknown_fields)]
    pub struct BlockSpec {
        /// top-left cell and width: `{ col, cols, row }`, inside the grid and the band
        at: Custom<Spanned<CellSpec>>("cell", "required"),
        /// `left`, `center`, `right` for every item of the block
        align: Custom<Option<Spanned<String>>>("keyword", "the items' styles"),
        /// the lines, one under another (below)
        items: Custom<Vec<Spanned<ItemSpec>>>("array", "required"),
    }
}

layout_table! {
    /// One item of a block: a line (or lines) of text from a template, or a gap.
    #[serde(deny_unknown_fields)]
    pub struct ItemSpec {
        /// the text style
        style: Custom<Option<Spanned<String>>>("style name", "required for text"),
        /// a template string, e.g. `"{date:%Y年%-m月%-d日} {weekday}"`
        text: Custom<Option<Spanned<String>>>("template", "—"),
        /// templates joined by `sep`; a part whose fields are all empty is left out
        parts: Custom<Option<Vec<Spanned<String>>>>("[templates]", "—"),
        /// separator between `parts`
        sep: Custom<Option<String>>("text", "\"\""),
        /// set the item only when that field has a value
        when: Custom<Option<Spanned<String>>>("field name", "—"),
        /// blank lines instead of text (no `style`/`text`)
        gap: Custom<Option<Spanned<u32>>>("body lines", "—"),
        /// artwork instead of text: a PDF page (vector, e.g. the nameplate 报头字) or a picture,
        /// relative to the layout file, fitted whole into `lines` body lines of the block's
        /// width (centred, or flush by `align`)
        file: Custom<Option<Spanned<String>>>("path", "—"),
        /// the page of a PDF `file`
        page: Custom<Option<Spanned<u32>>>("page number", "1"),
        /// the height the artwork takes
        lines: Custom<Option<Spanned<u32>>>("body lines", "required with `file`"),
    }
}

layout_table! {
    /// A rule of a band: across the type area at a line (`row`, `offset_pt`), or in the
    /// gutter before a base column (`gutter`) over `rows`.
    #[serde(deny_unknown_fields)]
    pub struct BandRuleSpec {
        /// a `[rule_style.*]` or built-in rule style
        style: Custom<Spanned<String>>("rule style name", "required"),
        /// across the type area at the top of this line of the band …
        row: Custom<Option<Spanned<u32>>>("body line", "—"),
        /// … moved down by this much (0 to one line pitch)
        offset_pt: Custom<Option<Spanned<f64>>>("pt", "0"),
        /// vertical, in the gutter before this column (mirrored on even pages) …
        gutter: Custom<Option<Spanned<u32>>>("base column", "—"),
        /// … from the top of the first line to the top of the second
        rows: Custom<Option<Spanned<[u32; 2]>>>("[line, line]", "—"),
    }
}

layout_table! {
    /// The top-left cell of a block and its width in base columns, 1-based.
    #[derive(Clone, Copy, PartialEq, Eq)]
    #[serde(deny_unknown_fields)]
    pub struct CellSpec {
        /// first column, 1-based
        col: Custom<u32>("base column", "required"),
        /// width
        cols: Custom<u32>("base columns", "required"),
        /// first line, 1-based
        row: Custom<u32>("body line", "required"),
    }
}

layout_table! {
    /// `[furniture]`: wording of generated text and which rule styles are used where.
    #[derive(Default)]
    #[serde(deny_unknown_fields)]
    pub struct FurnitureSpec {
        /// jump line closing a story's part
        jump_out: Custom<Option<Spanned<String>>>("template", JUMP_OUT),
        /// jump line opening a continuation
        jump_in: Custom<Option<Spanned<String>>>("template", JUMP_IN),
        /// a teaser's page reference
        teaser_ref: Custom<Option<Spanned<String>>>("template", TEASER_REF),
        /// the label every ad carries (an ad's own `label` wins)
        ad_label: Custom<Option<Spanned<String>>>("text", AD_LABEL),
        /// the rule drawn between neighbouring stories
        rule_between: Custom<Option<Spanned<String>>>("rule style name", "between"),
        /// a `{lunar}` date outside 1901–2100: `warn` leaves the item out with a warning,
        /// `error` stops the render
        lunar_out_of_range: Words<bool>(LUNAR_OUT_OF_RANGE, false, "choice"),
        /// between a photo's caption and its credit when they share a line (1–4
        /// characters)
        credit_gap: Custom<Option<Spanned<String>>>("text", "U+3000 (ideographic space)"),
        /// a page's label in the PDF (`/PageLabels`, what a reader's page box shows) and
        /// the start of its bookmark; fields `{page}`, `{page_cn}`
        page_label: Custom<Option<Spanned<String>>>("template", PAGE_LABEL),
        /// the language of the paper's text, a BCP 47 tag (the PDF's `/Lang`)
        language: Text(35, "zh-Hans", "BCP 47 tag"),
        /// how the tagged PDF carries ads: `artifact` (not the paper's content; a
        /// reader's screen reader and reflow skip them) or `figure` (a figure whose
        /// alternate text is the ad's label and text)
        tag_ads: Words<bool>(TAG_ADS, false, "choice"),
    }
}

layout_table! {
    /// `[rule_style.NAME]`: a named rule style (正线, 反线, 花线 …).
    #[serde(deny_unknown_fields)]
    pub struct RuleStyleSpec {
        /// line width, 0.05–20
        width_pt: Custom<Spanned<f64>>("pt", "required"),
        /// colour
        cmyk: Custom<Option<Spanned<[f64; 4]>>>("[C, M, Y, K] %", "[0, 0, 0, 100]"),
        /// overprint instead of knocking out
        overprint: Custom<Option<bool>>("bool", "true for 100 K"),
        /// dash on/off lengths (花线), 0.1–100 each
        dash_pt: Custom<Option<Spanned<[f64; 2]>>>("[pt, pt]", "solid"),
    }
}

layout_table! {
    /// `[box_style.NAME]`: a named box style.
    #[serde(deny_unknown_fields)]
    pub struct BoxStyleSpec {
        /// fill colour
        fill_cmyk: Custom<Option<Spanned<[f64; 4]>>>("[C, M, Y, K] %", "no fill"),
        /// stroke colour
        stroke_cmyk: Custom<Option<Spanned<[f64; 4]>>>("[C, M, Y, K] %", "no stroke"),
        /// stroke width, 0.05–20
        stroke_pt: Custom<Option<Spanned<f64>>>("pt", "0.5"),
        /// overprint instead of knocking out
        overprint: Custom<Option<bool>>("bool", "true when all it paints is 100 K"),
    }
}

/// An article's front matter (between `+++` lines).
#[derive(Debug, Deserialize)]
pub struct ArticleHeadSpec {
    #[serde(default)]
    pub kicker: String,
    pub headline: String,
    #[serde(default)]
    pub subhead: String,
    #[serde(default)]
    pub byline: String,
    /// `"prose"` (default) or `"verse"`: how the body is read (README "Articles").
    pub kind: Option<Spanned<String>>,
    /// What a `>` block is: `"quote"` (default) or `"note"` (编者按).
    pub blockquote: Option<Spanned<String>>,
    /// `"plain"` (wire copy, no markup) or `"markup"`; default: the layout's
    /// `[article] format`.
    pub format: Option<Spanned<String>>,
    /// The file's encoding when it is not UTF-8 (`"gb18030"`, `"big5"`, `"euc-kr"`,
    /// `"shift_jis"`, …): read from the raw bytes before decoding (see `spec::decode`).
    pub encoding: Option<Spanned<String>>,
    /// The article's language when it is not the paper's (a BCP 47 tag, `"en"`): the
    /// tagged PDF marks its story in it.
    pub language: Option<Spanned<String>>,
}
