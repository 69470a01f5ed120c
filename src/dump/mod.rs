//! The layout dump: a stable, human-readable text form of the page description (the
//! same [`Document`] the PDF is written from), for golden tests and review. Positions
//! are rounded to 0.01 pt:
//!
//! ```text
//! page 1
//!   frame 2 story lead [x y w h] columns 6: 39.69+117.00 …
//!     box ad-frame ad [x y w h]
//!     text kicker lead/kicker base=… x=… w=…/… End “…”
//!     text body lead p3.2 base=… x=… w=…/… Fit gap=0.12em [pair×1=-4.50] “…”
//!   rule between (x y)–(x y)
//! ```
//!
//! Every painted item appears, furniture included, with its provenance (story,
//! paragraph and line; or which piece of furniture), so a reviewer reading a diff sees
//! at once that a line now starts with "，", a story lost a line, or a rule changed
//! colour.

use std::fmt::Write;

use crate::geom::{round2, Cmyk};
use crate::linebreak::AdjustmentKind;
use crate::page::{
    BoxItem, BoxRole, Document, FrameKind, Furniture, HeadPart, ImageItem, Item, Page, Role, Rule,
    TextLine,
};

/// Format a number rounded to 0.01 with no trailing noise.
fn n(v: f64) -> String {
    let r = round2(v);
    // Avoid "-0.00".
    let r = if r == 0.0 { 0.0 } else { r };
    format!("{r:.2}")
}

fn kind_name(k: FrameKind) -> &'static str {
    match k {
        FrameKind::Story => "story",
        FrameKind::Continuation => "continuation",
        FrameKind::Photo => "photo",
        FrameKind::Ad => "ad",
        FrameKind::Teaser => "teaser",
        FrameKind::Masthead => "masthead",
        FrameKind::Folio => "folio",
        FrameKind::Slug => "slug",
    }
}

fn adj_name(k: AdjustmentKind) -> &'static str {
    match k {
        AdjustmentKind::PairCompression => "pair",
        AdjustmentKind::LineEndHalf => "end-half",
        AdjustmentKind::LineStartTrim => "start-trim",
        AdjustmentKind::PushIn => "push-in",
        AdjustmentKind::CjkLatinSpace => "cjk-latin",
        AdjustmentKind::Stretch => "stretch",
        AdjustmentKind::Hanging => "hang",
        AdjustmentKind::Letterspace => "LETTERSPACE",
    }
}

fn head_name(p: HeadPart) -> &'static str {
    match p {
        HeadPart::Kicker => "kicker",
        HeadPart::Headline => "headline",
        HeadPart::Subhead => "subhead",
        HeadPart::Byline => "byline",
        HeadPart::ContHeadline => "cont-headline",
    }
}

/// The provenance of a line: `lead p3.2` (story, paragraph 3, line 2), `lead/kicker`,
/// `lead/jump-out`, `masthead-title`, `caption#1` …
fn provenance(doc: &Document, role: Role) -> String {
    match role {
        Role::Body {
            story,
            paragraph,
            line,
        } => format!("{} p{}.{}", doc.story_name(story), paragraph + 1, line + 1),
        Role::Label { story, paragraph } => {
            format!("{} p{}.label", doc.story_name(story), paragraph + 1)
        }
        Role::Head { story, part } => format!("{}/{}", doc.story_name(story), head_name(part)),
        Role::Jump { story, out } => format!(
            "{}/{}",
            doc.story_name(story),
            if out { "jump-out" } else { "jump-in" }
        ),
        Role::Furniture(f) => match f {
            Furniture::Masthead(i) => format!("masthead#{}", i + 1),
            Furniture::Folio(i) => format!("folio#{}", i + 1),
            Furniture::Caption(i) => format!("caption#{}", i + 1),
            Furniture::AdLabel(i) => format!("ad-label#{}", i + 1),
            Furniture::AdText(i) => format!("ad-text#{}", i + 1),
            Furniture::Teaser(i) => format!("teaser#{}", i + 1),
            Furniture::Slug => "slug".into(),
        },
    }
}

/// A paint: `C/M/Y/K` percentages, or `registration`.
fn paint(p: crate::geom::Paint) -> String {
    match p {
        crate::geom::Paint::Process(c) => colour(c),
        crate::geom::Paint::Registration => "registration".into(),
    }
}

/// A colour as `C/M/Y/K` percentages.
fn colour(c: Cmyk) -> String {
    let p = |v: f32| n(f64::from(v) * 100.0);
    format!("{}/{}/{}/{}", p(c.c), p(c.m), p(c.y), p(c.k))
}

fn text_line(out: &mut String, doc: &Document, l: &TextLine) {
    let start = l.glyphs.first().map_or(l.x, |g| g.x);
    let _ = write!(
        out,
        "    text {} {} base={} x={} w={}/{} {:?}",
        doc.style_name(l.style),
        provenance(doc, l.role),
        n(l.baseline),
        n(start),
        n(l.width),
        n(l.measure),
        l.reason
    );
    if l.worst_gap > 0.005 {
        let _ = write!(out, " gap={}em", n(l.worst_gap));
    }
    if l.color != Cmyk::BLACK {
        let _ = write!(out, " cmyk={}", colour(l.color));
    }
    if !l.overprint {
        let _ = write!(out, " knockout");
    }
    if !l.adjustments.is_empty() {
        // Summarise: kind×count=total.
        let mut kinds: Vec<(&'static str, usize, f64)> = Vec::new();
        for a in &l.adjustments {
            let name = adj_name(a.kind);
            match kinds.iter_mut().find(|k| k.0 == name) {
                Some(k) => {
                    k.1 += 1;
                    k.2 += a.amount;
                }
                None => kinds.push((name, 1, a.amount)),
            }
        }
        let parts: Vec<String> = kinds
            .iter()
            .map(|(k, c, t)| format!("{k}×{c}={}", n(*t)))
            .collect();
        let _ = write!(out, " [{}]", parts.join(" "));
    }
    for (r, face) in &l.faces {
        let name = match face {
            crate::spec::Face::Regular => "regular",
            crate::spec::Face::Strong => "strong",
            crate::spec::Face::Emphasis => "emphasis",
        };
        let _ = write!(out, " {name}“{}”", l.text.get(r.clone()).unwrap_or("?"));
    }
    if let (Some(first), Some(last)) = (l.dots.first(), l.dots.last()) {
        let _ = write!(
            out,
            " dots×{}@{}..{}/{}",
            l.dots.len(),
            n(first.x),
            n(last.x),
            n(first.y - l.baseline)
        );
    }
    let _ = writeln!(out, " “{}”", l.text);
}

fn box_item(out: &mut String, doc: &Document, b: &BoxItem) {
    let r = b.rect;
    let role = match b.role {
        BoxRole::Photo { asset: None } => "photo placeholder".to_string(),
        BoxRole::Photo { asset: Some(a) } => format!("photo asset#{}", a.0 + 1),
        BoxRole::Ad { asset: None } => "ad".to_string(),
        BoxRole::Ad { asset: Some(a) } => format!("ad asset#{}", a.0 + 1),
        BoxRole::Teaser => "teaser".to_string(),
        BoxRole::AdLabelGround => "ad label ground".to_string(),
        BoxRole::Note { story, paragraph } => {
            format!("note {} p{}", doc.story_name(story), paragraph + 1)
        }
    };
    let s = &b.style;
    let _ = write!(
        out,
        "    box {} {role} [{} {} {} {}]",
        s.name,
        n(r.x),
        n(r.y),
        n(r.w),
        n(r.h)
    );
    if let Some(f) = s.fill {
        let _ = write!(out, " fill={}", colour(f));
    }
    if let Some((c, w)) = s.stroke {
        let _ = write!(out, " stroke={}@{}", colour(c), n(w));
    }
    let _ = writeln!(out, "{}", if s.overprint { " overprint" } else { "" });
}

/// A placed picture: its file and header, effective resolution, the part of the
/// picture shown (0–1 of its width and height) and where it lands.
fn image_item(out: &mut String, doc: &Document, i: &ImageItem) {
    let (name, what) = doc
        .pictures
        .get(i.asset.0)
        .map_or(("?".into(), String::new()), |p| {
            (p.name.clone(), p.describe())
        });
    let _ = write!(out, "    image “{name}” {what}");
    if what.starts_with("pdf") {
        let _ = write!(out, " page {}", i.page);
    }
    if let Some(ppi) = i.ppi {
        let _ = write!(out, " ppi={:.1}", ppi);
    }
    let (c, p) = (i.clip, i.placed);
    let f = |v: f64| format!("{:.3}", v);
    if p.w > 0.0 && p.h > 0.0 {
        let _ = write!(
            out,
            " crop=[{} {} {} {}]",
            f((c.x - p.x) / p.w),
            f((c.y - p.y) / p.h),
            f((c.right() - p.x) / p.w),
            f((c.bottom() - p.y) / p.h)
        );
    }
    let _ = writeln!(
        out,
        " clip [{} {} {} {}] placed [{} {} {} {}]",
        n(c.x),
        n(c.y),
        n(c.w),
        n(c.h),
        n(p.x),
        n(p.y),
        n(p.w),
        n(p.h)
    );
}

fn rule(out: &mut String, r: &Rule) {
    let s = &r.style;
    let _ = writeln!(
        out,
        "  rule {} ({} {})–({} {}) w={} {}{}{}",
        s.name,
        n(r.x0),
        n(r.y0),
        n(r.x1),
        n(r.y1),
        n(s.width),
        paint(s.color),
        if s.overprint { " overprint" } else { "" },
        s.dash.map_or(String::new(), |[on, off]| format!(
            " dash={}/{}",
            n(on),
            n(off)
        ))
    );
}

/// Append the dump of `p`, a page of `doc`, to `out` (what [`dump_document`] writes for
/// it).
pub fn page(out: &mut String, doc: &Document, p: &Page) {
    let _ = writeln!(out, "page {}", p.number);
    let mut current = None;
    for (frame, item) in p.items_with_frames() {
        if let Some(fi) = frame.filter(|f| current != Some(*f)) {
            current = Some(fi);
            if let Some(f) = p.frames.get(fi) {
                let r = f.rect;
                let story = f
                    .story
                    .map_or(String::new(), |s| format!(" {}", doc.story_name(s)));
                let _ = write!(
                    out,
                    "  frame {} {}{story} [{} {} {} {}]",
                    fi + 1,
                    kind_name(f.kind),
                    n(r.x),
                    n(r.y),
                    n(r.w),
                    n(r.h)
                );
                if !f.columns.is_empty() {
                    let cols: Vec<String> = f
                        .columns
                        .iter()
                        .map(|(x, w)| format!("{}+{}", n(*x), n(*w)))
                        .collect();
                    let _ = write!(out, " columns {}: {}", cols.len(), cols.join(" "));
                }
                let _ = writeln!(out);
            }
        }
        match item {
            Item::Text(l) => text_line(out, doc, l),
            Item::Box(b) => box_item(out, doc, b),
            Item::Image(i) => image_item(out, doc, i),
            Item::Rule(r) => rule(out, r),
        }
    }
}

/// Dump the page description.
pub fn dump_document(doc: &Document) -> String {
    let mut out = String::new();
    for p in &doc.pages {
        page(&mut out, doc, p);
    }
    out
}
