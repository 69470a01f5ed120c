//! The page description: the one output of the layout stage and the one input of every
//! stage after it (pdf, dump, proof, and later check and tagging).
//!
//! Pages of typed items in paint order, in points, in page coordinates (origin at the
//! top-left of the trim box, y down). Each text line carries its provenance (which
//! story, paragraph and line, or which piece of furniture), its style and its glyphs at
//! final positions; each rule and box names its style, whose colour, width and
//! overprint were decided by layout. Frames record the regions the page is made of
//! (a story's frame and its columns, a photo, an ad …) for the dump and checks; they
//! are not painted. Nothing after this stage moves a glyph or takes a layout decision.

use std::ops::Range;

use crate::geom::{Cmyk, Rect};
use crate::linebreak::{Adjustment, BreakReason};
use std::collections::BTreeMap;

use crate::pictures::prepare::PreparedImage;
use crate::pictures::Picture;
use crate::spec::date::Timestamp;
use crate::spec::output::OutputCondition;
use crate::spec::{AssetId, BlockKind, BoxStyle, Face, Inline, RuleStyle, StoryId, StyleId};
use crate::text::{FontBook, FontId};

/// A whole job: every page (all the same size) and the names its items refer to.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Document title for the PDF info dictionary (e.g. "衡阳日报 2022-02-08 第18079号").
    pub title: String,
    /// Trim size (成品尺寸), width × height in points.
    pub trim_width: f64,
    pub trim_height: f64,
    /// Bleed (出血) on every side, in points.
    pub bleed: f64,
    /// Extra room outside the bleed for crop marks (the slug); the MediaBox is the trim
    /// box grown by `bleed + slug` on every side.
    pub slug: f64,
    /// Story ids, indexed by [`StoryId`].
    pub stories: Vec<String>,
    /// Each story's copy as the layout read it (headline block and body blocks, with
    /// what each block is), indexed by [`StoryId`]: the structure the tagged PDF and the
    /// e-paper give the lines on the pages, and the whole text of a story (overset
    /// included) for the e-paper's story pages.
    pub copy: Vec<StoryCopy>,
    /// The pictures and supplied ads, read once, indexed by [`AssetId`].
    pub pictures: Vec<Picture>,
    /// How each placed JPEG or PNG goes into the file when the output asks for more than
    /// its own samples (converted to the output CMYK, or held to the ink limit), decided
    /// before any output is written (`pictures::prepare`). A picture not named here is
    /// embedded as it is.
    pub prepared: BTreeMap<AssetId, PreparedImage>,
    /// Text style names, indexed by [`StyleId`].
    pub styles: Vec<String>,
    /// The fonts the glyphs of every [`TextLine`] refer to by [`FontId`].
    pub fonts: FontBook,
    /// What the file is for: the printing condition, the standard claimed, the output
    /// profile and the ink limit (the layout's `[output]`).
    pub output: OutputCondition,
    /// The document's date (Info and XMP); `None` writes neither, which a PDF/X claim
    /// does not allow.
    pub date: Option<Timestamp>,
    /// The language of the text, a BCP 47 tag (`zh-Hans`): the PDF's `/Lang`.
    pub language: String,
    /// Ads are figures of the tagged PDF's structure (with their text as alternate
    /// description) rather than artifacts (`[furniture] tag_ads`).
    pub ads_are_figures: bool,
    pub pages: Vec<Page>,
}

impl Document {
    /// A copy of everything but the pages, pictures and prepared pictures (for a
    /// Document of some of the pages: a plate).
    pub fn clone_without_pages(&self) -> Document {
        Document {
            title: self.title.clone(),
            trim_width: self.trim_width,
            trim_height: self.trim_height,
            bleed: self.bleed,
            slug: self.slug,
            stories: self.stories.clone(),
            copy: self.copy.clone(),
            pictures: Vec::new(),
            prepared: BTreeMap::new(),
            styles: self.styles.clone(),
            fonts: self.fonts.clone(),
            output: self.output.clone(),
            date: self.date,
            language: self.language.clone(),
            ads_are_figures: self.ads_are_figures,
            pages: Vec::new(),
        }
    }

    /// A story's id for messages and the dump.
    pub fn story_name(&self, id: StoryId) -> &str {
        self.stories.get(id.0).map_or("?", String::as_str)
    }

    /// A text style's name for the dump.
    pub fn style_name(&self, id: StyleId) -> &str {
        self.styles
            .get(usize::from(id.0))
            .map_or("?", String::as_str)
    }
}

/// A story's copy: its headline block and body blocks as the article gave them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StoryCopy {
    pub kicker: String,
    pub headline: String,
    pub subhead: String,
    pub byline: String,
    /// The body blocks; a body line's `paragraph` indexes them.
    pub blocks: Vec<CopyBlock>,
    /// The article's own language (BCP 47) when it is not the paper's.
    pub language: Option<String>,
}

/// One body block of a story's copy.
#[derive(Debug, Clone, PartialEq)]
pub struct CopyBlock {
    pub kind: BlockKind,
    pub text: std::sync::Arc<str>,
    /// Its runs in another face or with emphasis dots (byte ranges of `text`).
    pub inlines: Vec<Inline>,
}

/// One page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// 1-based page number (版序).
    pub number: u32,
    /// The page's label in the house's form (`第一版`): the PDF's page label and the
    /// start of its bookmark.
    pub label: String,
    /// The page's section (版名, `要闻`), for its bookmark.
    pub section: String,
    /// The regions of the page, in the order they were laid out.
    pub frames: Vec<Frame>,
    /// Items in painting order: each frame's pictures, boxes and lines together, frame
    /// by frame, then the rules and marks that belong to no frame.
    pub items: Vec<Item>,
    /// Which items each frame holds: `frame_items[i]` is the run of [`Page::items`] of
    /// `frames[i]` (set by the page builder as it adds the frame).
    pub frame_items: Vec<Range<usize>>,
}

impl Page {
    /// The assets of the pictures the page places, in its paint order.
    pub fn placed_assets(&self) -> impl Iterator<Item = AssetId> + '_ {
        self.items.iter().filter_map(|i| match i {
            Item::Image(im) => Some(im.asset),
            _ => None,
        })
    }

    /// The page's name for readers: its label and section (`第一版 要闻`), or its
    /// number when it has neither.
    pub fn name(&self) -> String {
        let parts: Vec<&str> = [self.label.as_str(), self.section.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        if parts.is_empty() {
            self.number.to_string()
        } else {
            parts.join(" ")
        }
    }

    /// Every item with the index of its frame in [`Page::frames`] (`None`: a rule or
    /// mark of no frame), in painting order.
    pub fn items_with_frames(&self) -> impl Iterator<Item = (Option<usize>, &Item)> {
        let mut of = vec![None; self.items.len()];
        for (f, range) in self.frame_items.iter().enumerate() {
            for slot in of.get_mut(range.clone()).into_iter().flatten() {
                *slot = Some(f);
            }
        }
        of.into_iter().zip(&self.items)
    }
}

/// What a frame holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameKind {
    /// A story's first part (headline block and columns).
    Story,
    /// A later part of a story on another page.
    Continuation,
    Photo,
    Ad,
    Teaser,
    Masthead,
    Folio,
    /// Job information outside the bleed (版边信息, `layout/slug.rs`).
    Slug,
}

/// A region of the page: a story's frame with its text columns, a photo, an ad, a
/// teaser, the masthead or the folio band.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    pub kind: FrameKind,
    /// The story a story or continuation frame sets.
    pub story: Option<StoryId>,
    pub rect: Rect,
    /// Text columns (x, width) of a story frame.
    pub columns: Vec<(f64, f64)>,
}

/// One thing painted on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Text(TextLine),
    Rule(Rule),
    Box(BoxItem),
    Image(ImageItem),
}

/// Where a text line came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A body line: paragraph and line within it (0-based).
    Body {
        story: StoryId,
        paragraph: usize,
        line: usize,
    },
    /// The number or bullet of a list item (generated text, set in the hanging indent
    /// of the item's first line).
    Label { story: StoryId, paragraph: usize },
    /// A line of a story's headline block.
    Head { story: StoryId, part: HeadPart },
    /// A jump line: `（下转…）` at the end of a part (`out`) or `（上接…）` at the start of
    /// a continuation.
    Jump { story: StoryId, out: bool },
    /// Page furniture.
    Furniture(Furniture),
}

/// The parts of a headline block (标题).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadPart {
    /// 引题.
    Kicker,
    /// 主题.
    Headline,
    /// 副题.
    Subhead,
    Byline,
    /// The short headline over a continuation.
    ContHeadline,
}

/// Furniture text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Furniture {
    /// A line of block `n` of the masthead band (报名, sponsors, dateline …).
    Masthead(usize),
    /// A line of block `n` of the folio band (第N版, section, date, credits …).
    Folio(usize),
    /// A photo's caption (index of the photo on the page).
    Caption(usize),
    /// An ad's 广告 label (index of the ad on the page).
    AdLabel(usize),
    /// An ad's text.
    AdText(usize),
    /// A teaser (index on the page).
    Teaser(usize),
    /// The slug line outside the bleed.
    Slug,
}

/// One line of text set in one style, on one baseline: the unit of the dump. The PDF
/// writer paints it as runs of one font each ([`TextLine::runs`]).
#[derive(Debug, Clone, PartialEq)]
pub struct TextLine {
    pub role: Role,
    pub style: StyleId,
    /// Font size in points.
    pub size: f64,
    pub color: Cmyk,
    /// Whether the line overprints (black text does, decided by layout).
    pub overprint: bool,
    /// Left edge of the line's measure.
    pub x: f64,
    /// Baseline y.
    pub baseline: f64,
    /// Width actually set and the measure.
    pub width: f64,
    pub measure: f64,
    pub reason: BreakReason,
    pub adjustments: Vec<Adjustment>,
    /// The widest extra space justification put at one gap of the line, in em (0 at
    /// natural width), for the looseness report.
    pub worst_gap: f64,
    /// A body line on the baseline grid (as opposed to display lines).
    pub on_grid: bool,
    /// The line's text; each glyph's `text` indexes into it.
    pub text: String,
    /// Byte range of the source text (a body line's paragraph, or the display text)
    /// that this line sets, so checks and tagging can point at the character.
    pub source: Range<usize>,
    /// A body line whose break took a space of the copy (a word space between Latin
    /// words): the next line of its paragraph starts after [`TextLine::source`] ends,
    /// wherever that line is set. What the line reads as gives the space back.
    pub break_space: bool,
    pub glyphs: Vec<Glyph>,
    /// Runs of the line's text set in another face (bold, 楷体 emphasis), as byte
    /// ranges of `text`; empty for a line in one face.
    pub faces: Vec<(Range<usize>, Face)>,
    /// Emphasis dots (着重号) under characters of the line, drawn in its colour.
    pub dots: Vec<Dot>,
}

/// One emphasis dot (着重号): a filled circle centred at (`x`, `y`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dot {
    pub x: f64,
    pub y: f64,
    pub diameter: f64,
}

/// A glyph placed on the page: the one glyph type of placed text.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    pub font: FontId,
    pub id: u16,
    /// Pen x position in page coordinates (where the glyph's origin goes).
    pub x: f64,
    /// Vertical offset from the baseline, positive = up (as in the font).
    pub y_offset: f64,
    /// The glyph's advance as drawn at this size.
    pub advance: f64,
    /// Byte range of the line's text this glyph stands for (its cluster); empty for the
    /// second and later glyphs of a cluster.
    pub text: Range<usize>,
}

/// A run of consecutive glyphs of one font in a line.
#[derive(Debug, Clone, PartialEq)]
pub struct Run<'a> {
    pub font: FontId,
    pub glyphs: &'a [Glyph],
}

impl TextLine {
    /// The line's glyphs split into runs of one font, in order.
    pub fn runs(&self) -> impl Iterator<Item = Run<'_>> {
        let mut rest = self.glyphs.as_slice();
        std::iter::from_fn(move || {
            let font = rest.first()?.font;
            let n = rest.iter().take_while(|g| g.font == font).count();
            let (run, tail) = rest.split_at(n);
            rest = tail;
            Some(Run { font, glyphs: run })
        })
    }

    /// The text a run of this line stands for: its glyphs' clusters in order.
    pub fn run_text(&self, run: &Run<'_>) -> String {
        run.glyphs
            .iter()
            .filter_map(|g| self.text.get(g.text.clone()))
            .collect()
    }
}

/// A straight line drawn in a named rule style.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    pub style: RuleStyle,
}

/// A rectangle drawn in a named box style.
#[derive(Debug, Clone, PartialEq)]
pub struct BoxItem {
    pub rect: Rect,
    pub style: BoxStyle,
    pub role: BoxRole,
}

/// A photo or a supplied ad (an image or a PDF page) placed on the page.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageItem {
    pub asset: AssetId,
    /// What is shown: the picture is painted clipped to this rectangle.
    pub clip: Rect,
    /// Where the whole picture (or a PDF page's trim box) lands; reaches past `clip`
    /// where a `fill` crops.
    pub placed: Rect,
    /// Page of a supplied PDF (1-based; 1 for an image).
    pub page: u32,
    /// Effective resolution at the printed size (pixels per inch), for images.
    pub ppi: Option<f64>,
}

/// What a box stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoxRole {
    /// A photo's placeholder box (drawn only when no file is given: a photo with a
    /// file is an [`ImageItem`]); `asset` is always `None` from layout.
    Photo { asset: Option<AssetId> },
    /// An ad's frame around its placeholder text (only when no file is given).
    Ad { asset: Option<AssetId> },
    /// A teaser's frame.
    Teaser,
    /// The ground that keeps an ad's 广告 label legible over its supplied artwork.
    AdLabelGround,
    /// The box around an editor's note (one per column it occupies).
    Note { story: StoryId, paragraph: usize },
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyph(font: u16, x: f64, text: Range<usize>) -> Glyph {
        Glyph {
            font: FontId(font),
            id: 1,
            x,
            y_offset: 0.0,
            advance: 9.0,
            text,
        }
    }

    #[test]
    fn runs_split_where_the_font_changes() {
        let line = TextLine {
            role: Role::Furniture(Furniture::Folio(0)),
            style: StyleId(0),
            size: 9.0,
            color: Cmyk::BLACK,
            overprint: true,
            x: 0.0,
            baseline: 10.0,
            width: 27.0,
            measure: 27.0,
            reason: BreakReason::End,
            adjustments: Vec::new(),
            worst_gap: 0.0,
            on_grid: false,
            text: "第A版".into(),
            source: 0..7,
            break_space: false,
            glyphs: vec![
                glyph(0, 0.0, 0..3),
                glyph(1, 9.0, 3..4),
                glyph(0, 18.0, 4..7),
            ],
            faces: Vec::new(),
            dots: Vec::new(),
        };
        let runs: Vec<(u16, String)> = line.runs().map(|r| (r.font.0, line.run_text(&r))).collect();
        assert_eq!(runs, [(0, "第".into()), (1, "A".into()), (0, "版".into())]);
    }
}
