//! Step 3 of [`super::prepare`]: turn glyph clusters into items with widths, adjustable
//! space, CJK–Latin gaps and break flags — the boxes, glue and penalties of the
//! optimiser.
//!
//! Punctuation model (CLReq "Punctuation width adjustment", docs/cjk-rules.md §3.1): a
//! full-width mark is a half-em glyph plus half an em of adjustable space on the side the
//! zh-Hans locale gives it. The half width comes from the font's `halt` form when the
//! text stage found one ([`HalfMetrics`]), otherwise it is synthesised (half the advance).

use std::ops::Range;

use unicode_linebreak::linebreaks;

use super::classes::{classify_text, wants_cjk_latin_space, CharClass};
use super::kinsoku::{break_allowed, no_start};
use super::{AdjustPolicy, Composition, KinsokuLevel, PunctStyle};
use crate::text::{HalfMetrics, HyphenGlyph, ShapedText};

/// CJK–Latin space may shrink to ⅛ em (CLReq "Handling Western Text…"; docs/cjk-rules.md §4).
pub const CJK_LATIN_MIN: f64 = 0.125;
/// CJK–Latin space and word spaces may each stretch by ¼ em (to about ½ em) before the
/// general inter-character expansion starts (CLReq expansion order 1–2).
pub const SPACE_STRETCH_CAP: f64 = 0.25;
/// Word spaces shrink to at most ¼ em (CLReq reduction order 2).
pub const WORD_SPACE_MIN: f64 = 0.25;
/// A glyph at least this many em wide counts as a full-width mark with adjustable space
/// even when the font has no `halt` form.
const FULL_WIDTH_MIN: f64 = 0.9;

/// How the gap before an item takes part in expansion (CLReq "Procedures for
/// Inter-Character Space Expansion", docs/cjk-rules.md §2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GapKind {
    /// An ordinary inter-character gap: expanded evenly (step 3).
    Inter,
    /// Next to connectors, solidi, middle dots, after an opener or before a closing
    /// mark: only when a line has no `Inter` gap and no word space.
    Inner,
    /// Between two letters, digits or signs of a Western word, number, path or URL
    /// (`core-3.0`, `20140801`): Latin text keeps its natural spacing, so this gap is
    /// spread only as the very last resort, on a line with no other gap at all, and the
    /// line is reported ([`super::AdjustmentKind::Letterspace`]; CLReq "Handling Western
    /// Text in Chinese Text", docs/cjk-rules.md §2.2, §4).
    Letter,
}

/// Priority of a shrinkable space (CLReq "Procedures for Inter-Character Spacing
/// Reduction", docs/cjk-rules.md §2.2, steps 2–7; step 1, the line-end half, is mandatory).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ShrinkPrio {
    WordSpace = 0,
    Interpunct = 1,
    Bracket = 2,
    Pause = 3,
    CjkLatin = 4,
    Stop = 5,
}

/// One cluster of the paragraph.
#[derive(Debug, Clone)]
pub struct BreakItem {
    /// Source bytes.
    pub text: Range<usize>,
    /// Glyph indices in the shaped text.
    pub glyphs: Range<usize>,
    pub first: (char, CharClass),
    pub last: (char, CharClass),
    /// Sum of the glyph advances.
    pub adv: f64,
    /// The drawn glyph without its adjustable space (= `adv` for ordinary characters).
    pub glyph_w: f64,
    /// Adjustable space of the full form, left and right.
    pub left_raw: f64,
    pub right_raw: f64,
    /// Mid-line natural space after the house style and pair compression.
    pub left: f64,
    pub right: f64,
    /// Space removed by adjacent-mark compression on the left / right (for the report).
    pub pair_left: f64,
    pub pair_right: f64,
    /// Left space when the item starts a line (trim_start decides).
    pub start_left: f64,
    /// `halt` x offset (applied in proportion to the left trim).
    pub half_x: f64,
    /// CJK–Latin space before this item (mid-line), points.
    pub gap_before: f64,
    pub gap_kind: GapKind,
    /// A line may break before this item.
    pub breakable: bool,
    /// The break before this item is inside a URL or e-mail address ([`url_breaks`]),
    /// allowed at a cost.
    pub url_break: Option<UrlBreak>,
    /// The break before this item is a hyphenation point inside a Western word
    /// (`set_hyphens`): a line ending there gets a hyphen.
    pub hyphen: bool,
    /// The hyphen a line ending after this item at a hyphenation point adds (the font
    /// of this item's glyph).
    pub hyphen_glyph: Option<HyphenGlyph>,
    /// `、，。` that may hang at line end (CLReq "Hanging Punctuation").
    pub hangable: bool,
    /// A word space (U+0020, or the no-break space U+00A0): stretches and shrinks as a
    /// word space, dropped at a line end.
    pub space: bool,
    /// Shrink of the item's left / right space mid-line (0 under push-out only).
    pub shrink_left: f64,
    pub shrink_right: f64,
    /// Shrink of a word space, and of the CJK–Latin gap before the item.
    pub shrink_space: f64,
    pub shrink_gap: f64,
}

impl BreakItem {
    /// Mid-line natural width.
    pub fn width(&self) -> f64 {
        if self.space {
            self.adv
        } else {
            self.glyph_w + self.left + self.right
        }
    }

    pub fn shrink(&self) -> f64 {
        self.shrink_left + self.shrink_right + self.shrink_space
    }

    pub fn is_punct(&self) -> bool {
        self.first.1.is_punct()
    }

    /// Which side(s) of a full-width mark carry the adjustable half em, zh-Hans
    /// (CLReq "Sizes and positions of punctuation marks", docs/cjk-rules.md §3.1 table).
    fn space_sides(class: CharClass) -> (bool, bool) {
        match class {
            CharClass::Open => (true, false),
            CharClass::Close | CharClass::Pause | CharClass::Stop => (false, true),
            CharClass::MiddleDot => (true, true),
            _ => (false, false),
        }
    }
}

/// Build the items of a paragraph.
pub fn build_items(
    shaped: &ShapedText,
    keep_together: &[Range<usize>],
    comp: &Composition,
) -> Vec<BreakItem> {
    let em = shaped.size;
    let text = shaped.text.as_str();
    let chars = classify_text(text);
    let class_at = |byte: usize| -> Option<(char, CharClass)> {
        let i = chars.partition_point(|&(b, _, _)| b < byte);
        chars
            .get(i)
            .filter(|c| c.0 == byte)
            .map(|&(_, c, k)| (c, k))
    };

    // Clusters: glyph runs with the same cluster offset, in logical order.
    let mut items: Vec<BreakItem> = Vec::with_capacity(shaped.glyphs.len());
    let mut g = 0;
    while g < shaped.glyphs.len() {
        let cluster = shaped.glyphs[g].cluster;
        let mut h = g + 1;
        while h < shaped.glyphs.len() && shaped.glyphs[h].cluster == cluster {
            h += 1;
        }
        let adv: f64 = shaped.glyphs[g..h].iter().map(|x| x.advance).sum();
        let half = if h == g + 1 {
            shaped.glyphs[g].half
        } else {
            None
        };
        let start = if items.is_empty() { 0 } else { cluster };
        let Some(first) = class_at(cluster) else {
            // A glyph pointing inside a character (should not happen): merge into the
            // previous item.
            if let Some(prev) = items.last_mut() {
                prev.glyphs.end = h;
                prev.adv += adv;
                prev.glyph_w += adv;
            }
            g = h;
            continue;
        };
        items.push(make_item(start, g..h, first, adv, half, em));
        g = h;
    }
    // BreakItem ends and last characters.
    let mut k = 0;
    for i in 0..items.len() {
        let end = items.get(i + 1).map_or(text.len(), |n| n.text.start);
        items[i].text.end = end;
        while chars.get(k + 1).is_some_and(|c| c.0 < end) {
            k += 1;
        }
        if let Some(&(b, c, cls)) = chars.get(k) {
            if b < end && b >= items[i].text.start {
                items[i].last = (c, cls);
            }
        }
    }

    apply_punct_style(&mut items, comp.punct);
    for it in &mut items {
        it.start_left = if comp.trim_start { 0.0 } else { it.left_raw };
    }
    set_gaps(&mut items, comp, em);
    set_breaks(&mut items, text, keep_together, comp);
    if let Some(h) = comp.hyphenation {
        set_hyphens(&mut items, shaped, keep_together, h);
    }
    if comp.policy == AdjustPolicy::PushOutOnly {
        for it in &mut items {
            it.shrink_left = 0.0;
            it.shrink_right = 0.0;
            it.shrink_space = 0.0;
            it.shrink_gap = 0.0;
        }
    }
    items
}

fn make_item(
    start: usize,
    glyphs: Range<usize>,
    first: (char, CharClass),
    adv: f64,
    half: Option<HalfMetrics>,
    em: f64,
) -> BreakItem {
    let (l, r) = BreakItem::space_sides(first.1);
    let full = half.is_some() || adv >= FULL_WIDTH_MIN * em;
    let (glyph_w, half_x) = match half {
        Some(h) if l || r => (h.advance.min(adv), h.x_offset),
        _ if (l || r) && full => (adv / 2.0, 0.0),
        _ => (adv, 0.0),
    };
    let space = adv - glyph_w;
    let (left_raw, right_raw) = match (l && full, r && full) {
        (true, true) => (space / 2.0, space / 2.0),
        (true, false) => (space, 0.0),
        (false, true) => (0.0, space),
        (false, false) => (0.0, 0.0),
    };
    let half_x = if l && full && half.is_none() {
        -left_raw
    } else {
        half_x
    };
    let is_space = first.1 == CharClass::Space || first.0 == '\u{A0}';
    BreakItem {
        text: start..start,
        glyphs,
        first,
        last: first,
        adv,
        glyph_w: if is_space { adv } else { glyph_w },
        left_raw,
        right_raw,
        left: left_raw,
        right: right_raw,
        start_left: left_raw,
        pair_left: 0.0,
        pair_right: 0.0,
        half_x,
        gap_before: 0.0,
        gap_kind: GapKind::Inter,
        breakable: false,
        url_break: None,
        hyphen: false,
        hyphen_glyph: None,
        hangable: matches!(first.0, '、' | '，' | '。' | '．') && right_raw > 0.0,
        space: is_space,
        shrink_left: 0.0,
        shrink_right: 0.0,
        shrink_space: if is_space {
            (adv - WORD_SPACE_MIN * em).max(0.0)
        } else {
            0.0
        },
        shrink_gap: 0.0,
    }
}

/// House styles (全身 / 开明 / 半身 / 行末半角, docs/cjk-rules.md §3.4) and adjacent-mark
/// compression (连续标点, CLReq "Adjacent punctuation", docs/cjk-rules.md §3.2): when two
/// marks meet, remove the first mark's trailing half em if it has one, else the second
/// mark's leading half em.
fn apply_punct_style(items: &mut [BreakItem], style: PunctStyle) {
    for it in items.iter_mut() {
        let keep_full = match style {
            PunctStyle::Quanjiao | PunctStyle::HangmoBanjiao => true,
            PunctStyle::Kaiming => it.first.1 == CharClass::Stop,
            PunctStyle::Banjiao => false,
        };
        if !keep_full {
            it.left = 0.0;
            it.right = 0.0;
        }
    }
    if style != PunctStyle::HangmoBanjiao {
        for i in 1..items.len() {
            let (a, b) = items.split_at_mut(i);
            let (Some(p), Some(n)) = (a.last_mut(), b.first_mut()) else {
                continue;
            };
            let p_mark = p.left_raw + p.right_raw > 0.0;
            let n_mark = n.left_raw + n.right_raw > 0.0;
            if !(p_mark && n_mark) {
                continue;
            }
            if p.right > 0.0 {
                p.pair_right = p.right;
                p.right = 0.0;
            } else if n.left > 0.0 {
                n.pair_left = n.left;
                n.left = 0.0;
            }
        }
    }
    for it in items.iter_mut() {
        it.shrink_left = it.left;
        it.shrink_right = it.right;
    }
}

/// CJK–Latin spacing (中西文间距, CLReq "Handling Western Text in Chinese" /
/// docs/cjk-rules.md §4) and the expansion kind of each gap.
fn set_gaps(items: &mut [BreakItem], comp: &Composition, em: f64) {
    for i in 1..items.len() {
        let (prev_last, prev_cls) = (items[i - 1].last, items[i - 1].first.1);
        let next = items[i].first;
        if comp.cjk_latin_space > 0.0 && wants_cjk_latin_space(prev_last, next) {
            items[i].gap_before = comp.cjk_latin_space * em;
            items[i].shrink_gap = (comp.cjk_latin_space - CJK_LATIN_MIN).max(0.0) * em;
        }
        items[i].gap_kind = if western_char(prev_last) && western_char(next) {
            GapKind::Letter
        } else {
            gap_kind(prev_cls, prev_last.1, next.1)
        };
    }
}

/// A character of a Western word, number, path or URL: a Latin (Greek, Cyrillic)
/// letter, a digit, or a visible ASCII character other than a bracket (ASCII brackets
/// in Chinese copy stand for the full-width ones: `谢建平)2月` keeps its ordinary gap).
/// Not a space.
fn western_char((c, k): (char, CharClass)) -> bool {
    matches!(k, CharClass::Latin | CharClass::Digit)
        || (c.is_ascii_graphic() && !matches!(k, CharClass::Open | CharClass::Close))
}

/// Gaps that never receive expansion (CLReq / JLReq, docs/cjk-rules.md §2.2).
fn gap_kind(prev_first: CharClass, prev: CharClass, next: CharClass) -> GapKind {
    use CharClass as C;
    let fixed = |c: C| matches!(c, C::Connector | C::Solidus | C::MiddleDot | C::Space);
    let inner = prev == C::Open
        || matches!(next, C::Close | C::Pause | C::Stop)
        || fixed(prev)
        || fixed(next)
        || fixed(prev_first)
        || (prev.is_western() && next.is_western())
        || super::kinsoku::no_split(prev, next);
    if inner {
        GapKind::Inner
    } else {
        GapKind::Inter
    }
}

/// Break flags: UAX #14 opportunities, the kinsoku overlay, URL and e-mail breaks
/// ([`url_breaks`]), and keep-together ranges.
fn set_breaks(
    items: &mut [BreakItem],
    text: &str,
    keep_together: &[Range<usize>],
    comp: &Composition,
) {
    let uax: Vec<usize> = linebreaks(text).map(|(i, _)| i).collect();
    let urls = url_breaks(text, comp.kinsoku);
    let mut u = 0;
    for i in 1..items.len() {
        let start = items[i].text.start;
        while u < uax.len() && uax[u] < start {
            u += 1;
        }
        let uax_ok = uax.get(u) == Some(&start);
        let after = items.get(i + 1).map(|n| n.first.0);
        let kept = keep_together
            .iter()
            .any(|r| r.start < start && start < r.end);
        let url = urls
            .get(urls.partition_point(|r| r.inside.end <= start))
            .filter(|r| r.inside.start < start && start < r.inside.end);
        let (allowed, url_break) = match url {
            Some(run) => {
                let kind = run
                    .breaks
                    .iter()
                    .find(|&&(b, _)| b == start)
                    .map(|&(_, k)| k);
                (kind.is_some(), kind)
            }
            None => (
                break_allowed(
                    items[i - 1].last,
                    items[i].first,
                    after,
                    uax_ok,
                    comp.kinsoku,
                ),
                None,
            ),
        };
        items[i].breakable = !kept && allowed;
        items[i].url_break = if items[i].breakable { url_break } else { None };
    }
}

/// A break inside a URL or e-mail address, by the character before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlBreak {
    /// After `/` (or the `//` after the scheme): the preferred place.
    Slash,
    /// After `.` `-` `_` `?` `&` `=` `#`.
    Other,
}

/// A URL-like run of the paragraph text and the breaks allowed inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlRun {
    /// Byte range of the run; breaks strictly inside it are decided here only.
    pub inside: Range<usize>,
    /// Byte offsets of the allowed breaks (before the character at the offset).
    pub breaks: Vec<(usize, UrlBreak)>,
}

/// The characters after which a URL may break.
const URL_DELIMITERS: &[char] = &['/', '.', '-', '_', '@', '?', '&', '=', '#'];

/// URL and e-mail address breaks. A run of ASCII graphic characters (no space, no CJK)
/// is URL-like when it contains `://` or `www.`, or an `@` with a `.` after it, or is a
/// file path (starts with `/` or `~/` and has a second `/`). Inside
/// such a run UAX #14 alone would leave either no break (a host name is one long word)
/// or breaks the kinsoku overlay then forbids (GB level: `/` may not end a line — a
/// rule for the Chinese 分隔号, not for a URL's path separator). Instead a line may
/// break after `/ . - _ @ ? & = #` only, never between the two slashes of `//`, never
/// before the run's first `:` (the scheme `https:` stays whole), and never before a
/// character that may not start a line at `level` (`.`, `?`, `%`, `)` …). No hyphen is
/// added, so the text round-trips. The optimiser charges each such break a cost
/// ([`super::optimize::url_break_cost`]): a URL is only broken when keeping it whole
/// would spread a line visibly.
///
/// Practice: CLReq "Handling Western Text in Chinese Text" (breaking Western text at
/// line end: inside a word only at a hyphenation point, docs/cjk-rules.md §1.4 item 4 — a
/// URL has none, so its delimiters stand in for them); The Chicago Manual of Style (17th ed. 7.42, 14.18;
/// CMOS FAQ "URLs"): break a URL without adding a hyphen, preferably after a slash or
/// a double slash. Chicago would put a `.` or other punctuation at the *start* of the
/// next line; Chinese kinsoku forbids `.` `?` `%` at line start (docs/cjk-rules.md §1.2,
/// §1.3), so here the delimiter stays at the end of the line, and a break after `/` is
/// cheaper than after the others ([`UrlBreak`]).
pub fn url_breaks(text: &str, level: KinsokuLevel) -> Vec<UrlRun> {
    let mut runs = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_ascii_graphic(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                if let Some(run) = url_run(text, s..i, level) {
                    runs.push(run);
                }
                start = None;
            }
            _ => {}
        }
    }
    runs
}

/// The breaks of the ASCII run `range` of `text`, if it is URL-like.
fn url_run(text: &str, range: Range<usize>, level: KinsokuLevel) -> Option<UrlRun> {
    let run = text.get(range.clone())?;
    let email = run
        .find('@')
        .is_some_and(|at| run.get(at + 1..).is_some_and(|r| r.contains('.')));
    // A file path: absolute (`/etc/apt/sources.list`) or home-relative (`~/.config/x`),
    // with at least two separators so that `HTTP/3` or `GB/T` stay plain words.
    let path = (run.starts_with('/') || run.starts_with("~/")) && run.matches('/').count() >= 2;
    if !(run.contains("://") || run.to_ascii_lowercase().contains("www.") || email || path) {
        return None;
    }
    // ASCII only, so byte offsets are character offsets.
    let b = run.as_bytes();
    let from = if path {
        // Not right after the leading `/` or `~/`.
        run.find(|c| c != '/' && c != '~').map_or(0, |k| k + 1)
    } else {
        run.find(':').map_or(0, |c| c + 1)
    };
    let breaks = (from.max(1)..b.len())
        .filter_map(|k| {
            let (prev, next) = (char::from(b[k - 1]), char::from(b[k]));
            let after = b.get(k + 1).map(|&x| char::from(x));
            let ok = URL_DELIMITERS.contains(&prev)
                && !(prev == '/' && next == '/')
                && !no_start(next, after, level);
            let kind = if prev == '/' {
                UrlBreak::Slash
            } else {
                UrlBreak::Other
            };
            ok.then_some((range.start + k, kind))
        })
        .collect();
    Some(UrlRun {
        inside: range,
        breaks,
    })
}

/// The fields of an item the optimiser reads for every candidate line, packed so the
/// scan stays in cache (the full [`BreakItem`] is ~250 bytes).
#[derive(Debug, Clone, Copy)]
pub struct Hot {
    /// Mid-line natural width and shrink of the item.
    pub width: f64,
    pub shrink: f64,
    /// Change of width / shrink when the item starts a line.
    pub start_width: f64,
    pub start_shrink: f64,
    /// Right space removed at line end (width and shrink).
    pub end_width: f64,
    pub end_shrink: f64,
    /// CJK–Latin gap before the item and its shrink.
    pub gap: f64,
    pub gap_shrink: f64,
    pub gap_kind: GapKind,
    pub space: bool,
    /// A break is allowed after this item (before the next), or it is the last.
    pub break_after: bool,
    /// Cost of that break (a URL break, [`super::optimize::url_break_cost`]; a
    /// hyphenation point, [`super::optimize::HYPHEN_COST`]), else 0.
    pub penalty_after: f64,
    /// Width of the hyphen added when a line ends after this item at a hyphenation
    /// point, else 0.
    pub hyphen_after: f64,
    /// The break after this item is inside a URL, path or e-mail address.
    pub url_after: bool,
    pub hangable: bool,
    pub punct: bool,
}

/// Pack the optimiser's view of the items.
pub fn hot(items: &[BreakItem]) -> Vec<Hot> {
    items
        .iter()
        .enumerate()
        .map(|(i, it)| Hot {
            width: it.width(),
            shrink: it.shrink(),
            start_width: it.start_left - it.left,
            start_shrink: -it.shrink_left,
            end_width: -it.right,
            end_shrink: -it.shrink_right,
            gap: it.gap_before,
            gap_shrink: it.shrink_gap,
            gap_kind: it.gap_kind,
            space: it.space,
            break_after: items.get(i + 1).is_none_or(|n| n.breakable),
            penalty_after: items.get(i + 1).map_or(0.0, |n| {
                if n.hyphen {
                    super::optimize::HYPHEN_COST
                } else {
                    n.url_break.map_or(0.0, super::optimize::url_break_cost)
                }
            }),
            url_after: items.get(i + 1).is_some_and(|n| n.url_break.is_some()),
            hyphen_after: match (items.get(i + 1), it.hyphen_glyph) {
                (Some(n), Some(h)) if n.hyphen => h.advance,
                _ => 0.0,
            },
            hangable: it.hangable,
            punct: it.is_punct(),
        })
        .collect()
}

/// Hyphenation points of Western words ([`super::Hyphenation`]; CLReq "Handling Western
/// Text in Chinese Text": a Western word is broken by the rules of its language, with a
/// hyphen). A word is a maximal run of visible ASCII characters and Latin letters; after
/// stripping opening and closing punctuation (`("` / `.,;:!?)"'`) it must be letters
/// only, all lower case or capitalised (so `PostgreSQL`, `NVIDIA`, `core-3.0`,
/// `/etc/apt` and e-mail addresses are never hyphenated), at least `min_word` long. The
/// points come from the `hypher` crate's embedded TeX patterns, bounded by `min_left`
/// and `min_right`; a point becomes a break unless it lies in a keep-together range or
/// the font has no hyphen.
fn set_hyphens(
    items: &mut [BreakItem],
    shaped: &ShapedText,
    keep_together: &[Range<usize>],
    h: super::Hyphenation,
) {
    let Some(lang) = hypher::Lang::from_iso(h.lang) else {
        return;
    };
    let text = shaped.text.as_str();
    // `is_cjk_letter` first: a line-break class lookup rules out Chinese characters
    // before the Unicode property lookup.
    let wordish = |c: char| c.is_ascii_graphic() || (!is_cjk_letter(c) && c.is_alphabetic());
    let mut pos = 0;
    // The Western run of the last word looked at, and whether it is code: computed once
    // per run, so a long English paragraph stays linear.
    let mut run: Option<(Range<usize>, bool)> = None;
    while pos < text.len() {
        let rest = text.get(pos..).unwrap_or("");
        let Some(skip) = rest.find(wordish) else {
            break;
        };
        let start = pos + skip;
        let len = text
            .get(start..)
            .unwrap_or("")
            .find(|c: char| !wordish(c))
            .unwrap_or(text.len() - start);
        let end = start + len;
        pos = end.max(start + 1);
        let token = text.get(start..end).unwrap_or("");
        let core_start = start + (token.len() - token.trim_start_matches(['(', '"', '\'']).len());
        let core = token
            .trim_start_matches(['(', '"', '\''])
            .trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '"', '\'']);
        if !plain_word(core) || core.chars().count() < h.min_word {
            continue;
        }
        let code = match &run {
            Some((r, code)) if r.start <= start && end <= r.end => *code,
            _ => {
                let (r, code) = code_run(text, start..end);
                run = Some((r, code));
                code
            }
        };
        if code {
            continue;
        }
        let mut at = core_start;
        let syllables: Vec<&str> =
            hypher::hyphenate_bounded(core, lang, h.min_left.max(1), h.min_right.max(1)).collect();
        for syl in syllables.iter().take(syllables.len().saturating_sub(1)) {
            at += syl.len();
            if keep_together.iter().any(|r| r.start < at && at < r.end) {
                continue;
            }
            let k = items.partition_point(|it| it.text.start < at);
            if k == 0 || items.get(k).is_none_or(|it| it.text.start != at) {
                continue;
            }
            let glyph = items
                .get(k - 1)
                .and_then(|prev| shaped.glyphs.get(prev.glyphs.start))
                .and_then(|g| shaped.hyphens.iter().find(|x| x.font == g.font).copied());
            let (Some(glyph), Some(prev)) = (glyph, items.get_mut(k - 1)) else {
                continue;
            };
            prev.hyphen_glyph = Some(glyph);
            if let Some(it) = items.get_mut(k) {
                if !it.breakable {
                    it.breakable = true;
                    it.hyphen = true;
                }
            }
        }
    }
}

/// Han, kana and other CJK letters are alphabetic to Rust but never part of a Western
/// word.
fn is_cjk_letter(c: char) -> bool {
    !matches!(
        super::classes::classify(c),
        CharClass::Latin | CharClass::Digit | CharClass::Other
    )
}

/// Letters only, all lower case: capitalised words in Chinese copy are nearly always
/// names of people, places and products (`Amazon`, `Kubernetes`), which are not split.
fn plain_word(w: &str) -> bool {
    !w.is_empty() && w.chars().all(|c| c.is_alphabetic() && c.is_lowercase())
}

/// The run of Western text (words joined by spaces) around the word at `range`, and
/// whether it is a command line or code: it has an option (`-x`, `--name`) or a
/// character of code or paths (`/ = _ $ \` < > | ~`). `install` in
/// `apt-get install --no-install-recommends` is a program argument, never hyphenated.
fn code_run(text: &str, range: Range<usize>) -> (Range<usize>, bool) {
    let western = |c: char| c.is_ascii_graphic() || c == ' ' || c.is_alphabetic() && c.is_ascii();
    let before = text.get(..range.start).unwrap_or("");
    let after = text.get(range.end..).unwrap_or("");
    let start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| !western(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let end = range.end + after.find(|c: char| !western(c)).unwrap_or(after.len());
    let run = text.get(start..end).unwrap_or("");
    let code = run.contains(" -")
        || run.starts_with('-')
        || run.contains(['/', '=', '_', '$', '\\', '`', '<', '>', '|', '~']);
    (start..end, code)
}
