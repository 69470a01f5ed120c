//! The layout dump: a stable, human-readable text form of every page, for golden tests
//! and review. One line per item, positions rounded to 0.01 pt:
//!
//! ```text
//! page 1
//!   frame story p1-lead [x y w h]
//!     head headline x=… base=… w=…/… “…”
//!     column 1 x=… w=…
//!       line 1 base=… x=… w=…/… [reason; adjustments] “…”
//!   rule …
//! ```
//!
//! A reviewer reading a diff sees at once that a line now starts with "，" or a story
//! lost a line.

use std::fmt::Write;

use crate::compose::ComposedPage;
use crate::flow::{FrameKind, SetLine};
use crate::geom::round2;
use crate::linebreak::AdjustmentKind;

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

fn line(out: &mut String, indent: &str, label: &str, l: &SetLine) {
    let start = l.glyphs.first().map_or(l.x, |g| g.x);
    let _ = write!(
        out,
        "{indent}{label} {} base={} x={} w={}/{} {:?}",
        l.style,
        n(l.baseline),
        n(start),
        n(l.width),
        n(l.measure),
        l.reason
    );
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
    let _ = writeln!(out, " “{}”", l.text);
}

/// Dump composed pages.
pub fn dump_pages(pages: &[ComposedPage]) -> String {
    let mut out = String::new();
    for p in pages {
        let _ = writeln!(out, "page {}", p.number);
        for f in &p.frames {
            let r = f.rect;
            let _ = writeln!(
                out,
                "  frame {} {} [{} {} {} {}]",
                kind_name(f.kind),
                f.label,
                n(r.x),
                n(r.y),
                n(r.w),
                n(r.h)
            );
            for b in &f.boxes {
                let _ = writeln!(out, "    box [{} {} {} {}]", n(b.x), n(b.y), n(b.w), n(b.h));
            }
            for l in &f.head {
                line(&mut out, "    ", "head", l);
            }
            for (ci, c) in f.columns.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "    column {} x={} w={} lines={}",
                    ci + 1,
                    n(c.x),
                    n(c.width),
                    c.lines.len()
                );
                for (li, l) in c.lines.iter().enumerate() {
                    line(&mut out, "      ", &format!("{}", li + 1), l);
                }
            }
        }
        for r in &p.rules {
            let _ = writeln!(
                out,
                "  rule ({} {})–({} {}) w={}",
                n(r.x0),
                n(r.y0),
                n(r.x1),
                n(r.y1),
                n(r.width)
            );
        }
    }
    out
}
