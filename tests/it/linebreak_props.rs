//! Property tests of the linebreak stage over random Chinese text with punctuation,
//! digits and Latin words, at column widths from 6 to 40 em (docs/cjk-rules.md §7
//! "suggested non-break assertions").

use broadsheet::linebreak::kinsoku::{no_end, no_start};
use broadsheet::linebreak::testing::{model_glyph, shape_model};
use broadsheet::linebreak::{prepare, BreakReason, Composition, KinsokuLevel};
use proptest::prelude::*;

const EM: f64 = 9.0;
const HAN: &str =
    "衡阳日报讯全媒体记者陈润虎年首个工作我市以视频会议方式召开县乡聚力中心化攻坚行动动员大";

fn token() -> impl Strategy<Value = String> {
    let han = HAN.chars().collect::<Vec<_>>();
    prop_oneof![
        8 => proptest::collection::vec(proptest::sample::select(han), 1..6).prop_map(|v| v.into_iter().collect()),
        2 => proptest::sample::select(vec!["，", "。", "、", "；", "：", "？", "！", "？！"]).prop_map(String::from),
        1 => proptest::sample::select(vec!["“", "”", "《", "》", "（", "）", "——", "……", "·", "～", "/"]).prop_map(String::from),
        1 => "[a-zA-Z]{1,6}".prop_map(|s| s),
        1 => "[a-z]{1,5} [a-z]{1,5}".prop_map(|s| s),
        1 => "[0-9]{1,4}(\\.[0-9])?%?".prop_map(|s| s),
        1 => "[０-９]{1,3}".prop_map(|s| s),
    ]
}

fn paragraph() -> impl Strategy<Value = String> {
    proptest::collection::vec(token(), 1..40).prop_map(|v| v.concat())
}

fn level() -> impl Strategy<Value = KinsokuLevel> {
    proptest::sample::select(vec![
        KinsokuLevel::Basic,
        KinsokuLevel::Gb,
        KinsokuLevel::Strict,
    ])
}

proptest! {
    #![proptest_config(crate::common::proptest_config(5000))]

    #[test]
    fn lines_are_sound(text in paragraph(), cols in 6u32..=40, level in level(), indent in 0u32..=2) {
        let comp = Composition { kinsoku: level, indent: f64::from(indent), ..Composition::default() };
        let shaped = shape_model(&text, EM);
        let para = prepare(&shaped, &[], &comp);
        let measure = f64::from(cols) * EM;
        let lines = para.lines(measure);

        // Nothing lost or duplicated.
        let joined: String = lines.iter().map(|l| &text[l.text.clone()]).collect();
        prop_assert_eq!(&joined, &text);

        for (k, line) in lines.iter().enumerate() {
            let s = &text[line.text.clone()];
            let shown = s.trim_end_matches(' ');
            let mut chars = shown.chars();
            let first = chars.next();
            let second = chars.next();
            let last = shown.chars().last();
            let report = line.report(&text);
            // Kinsoku at the active level.
            // (After an emergency break the engine avoids a prohibited line start when any
            // end that fits allows it; a unit made only of such marks cannot.)
            let after_emergency = k > 0 && lines[k - 1].reason == BreakReason::Emergency;
            if let (Some(f), true, false) = (first, k > 0, after_emergency) {
                prop_assert!(!no_start(f, second, level), "line starts with {f}: {report}");
            }
            // (An emergency break prefers a URL delimiter even where `/` may not end a
            // line, GB level: a last resort inside a unit wider than the measure. And a
            // break inside a URL or path after its delimiter (`Path`: a run such as
            // `/aAa/aa`) ends with `/` by design: the GB rule is for the Chinese 分隔号,
            // not for a path separator; `linebreak::items::url_breaks`.)
            let delimiter_break = matches!(line.reason, BreakReason::Emergency | BreakReason::Path);
            if let (Some(l), false, false) = (last, line.last, delimiter_break) {
                prop_assert!(!no_end(l, level), "line ends with {l}: {report}");
            }
            // No inseparable split — except an emergency break inside a unit wider than
            // the measure (a random Latin word glued to digits can exceed 6 em).
            if line.reason == BreakReason::Emergency {
                let unit = para.unit_at(line.text.end);
                let unit_w: f64 = text[unit.clone()].chars().map(|c| model_glyph(c).0 * EM).sum();
                let avail = if unit.start == 0 { measure - line.indent } else { measure };
                prop_assert!(unit_w > avail + 0.01, "emergency break in a unit that fits: {report}");
                prop_assert!(line.width <= measure + 0.01, "emergency line too wide: {report}");
            }
            if let (Some(l), Some(next), false) = (s.chars().last(), lines.get(k + 1), line.reason == BreakReason::Emergency) {
                let n = text[next.text.clone()].chars().next();
                if let Some(n) = n {
                    let alnum = |c: char| c.is_ascii_alphanumeric() || c == '.' || c == '%';
                    prop_assert!(!(l == '—' && n == '—'), "—— split: {report}");
                    prop_assert!(!(l == '…' && n == '…'), "…… split: {report}");
                    prop_assert!(!(alnum(l) && alnum(n)), "word/number split: {report}");
                    prop_assert!(!(('０'..='９').contains(&l) && ('０'..='９').contains(&n)), "full-width digits split: {report}");
                }
            }
            // Justified to the measure, and the glyphs end where the line says.
            // (A line of a single glyph — one character before an unbreakable run longer
            // than the rest of the measure — has no gap to spread; it stays start-aligned.
            // So does a line ending inside a broken unit, unless it has ordinary gaps.)
            let forced = matches!(line.reason, BreakReason::Overflow | BreakReason::Emergency);
            if !line.last && !forced && line.glyphs.len() > 1 {
                prop_assert!((line.width - measure).abs() < 0.01, "width {} != {}: {}", line.width, measure, report);
            }
            // (A paragraph-final opener is drawn shifted left, so only non-final lines; so
            // is an opener a forced break leaves at a line end, which kinsoku never does:
            // `Aaaaa？！《` broken inside the unit `Aaaaa？！《aaaAaA0.0%`.)
            let forced_opener_end = forced && last.is_some_and(|l| no_end(l, level));
            if let (Some(g), false, false) = (line.glyphs.last(), line.last, forced_opener_end) {
                let right = g.x + g.advance;
                prop_assert!((right - line.width).abs() < 0.01, "glyph edge {} != width {}: {}", right, line.width, report);
            }
        }
    }

    #[test]
    fn cursor_at_varying_widths_covers_text(text in paragraph(), widths in proptest::collection::vec(6u32..=20, 1..8)) {
        let shaped = shape_model(&text, EM);
        let para = prepare(&shaped, &[], &Composition::default());
        let mut c = para.cursor();
        let mut joined = String::new();
        let mut k = 0;
        while let Some(line) = c.next_line(f64::from(widths[k % widths.len()]) * EM) {
            joined.push_str(&text[line.text.clone()]);
            k += 1;
        }
        prop_assert_eq!(joined, text);
    }

    /// Emergency breaks (docs/cjk-rules.md §2.1 step 4): an overlong Latin word (or URL-like
    /// run) between Chinese text never makes a line wider than the measure, breaks only
    /// inside the word, and loses no text.
    #[test]
    fn overlong_word_stays_in_the_measure(
        before in "[衡阳日报讯全媒体]{0,8}",
        word in "[a-zA-Z]{13,60}",
        tail in "[./a-z0-9]{0,12}",
        after in "[衡阳日报讯全媒体]{0,8}[，。]?",
        cols in 6u32..=10,
        indent in 0u32..=2,
    ) {
        let text = format!("{before}{word}{tail}{after}");
        let comp = Composition { indent: f64::from(indent), ..Composition::default() };
        let shaped = shape_model(&text, EM);
        let para = prepare(&shaped, &[], &comp);
        let measure = f64::from(cols) * EM;
        let lines = para.lines(measure);
        let joined: String = lines.iter().map(|l| &text[l.text.clone()]).collect();
        prop_assert_eq!(&joined, &text);
        for line in &lines {
            let report = line.report(&text);
            prop_assert!(line.reason != BreakReason::Overflow, "overflow: {report}");
            prop_assert!(line.width <= measure + 0.01, "wider than the measure: {report}");
            for g in &line.glyphs {
                prop_assert!(g.x >= -0.01 && g.x + g.advance <= measure + 0.01, "glyph outside the column {g:?}: {report}");
            }
            if line.reason == BreakReason::Emergency {
                let cut = line.text.end;
                let (w0, w1) = (before.len(), before.len() + word.len() + tail.len());
                // (`<=`: at the GB level a final `/` may not end a line, so the unit runs on
                // into the Chinese text and the break after `/` is inside it.)
                prop_assert!(cut > w0 && cut <= w1, "emergency break outside the word: {report}");
                // Also when the line starts with other text (a partial line): only a unit
                // wider than the measure alone is broken.
                let unit = para.unit_at(cut);
                let unit_w: f64 = text[unit.clone()].chars().map(|c| model_glyph(c).0 * EM).sum();
                prop_assert!(unit_w > measure + 0.01 || (unit.start == 0 && unit_w > measure - line.indent + 0.01),
                    "emergency break in a unit that fits: {report}");
            }
        }
        // A word wider than the measure may start after other text (a partial line):
        // one character before it never gets a line of its own, spread or stranded.
        let word_w: f64 = word.chars().map(|c| model_glyph(c).0 * EM).sum();
        if let (Some(first), 1, true) = (lines.first(), before.chars().count(), word_w > measure + 0.01) {
            prop_assert!(first.text.end != before.len(), "a lone character before the word: {}", first.report(&text));
        }
    }

    /// URL and e-mail breaks (items::url_breaks): a URL between Chinese text at 6–20 em
    /// loses no text, stays in the measure, and a line ends inside it only after a
    /// delimiter, never between `//`, never before the scheme's `:` (or inside a segment
    /// wider than the measure, as an emergency break).
    #[test]
    fn urls_break_at_delimiters(
        before in "[衡阳日报讯全媒体网址]{0,10}",
        scheme in proptest::sample::select(vec!["https://", "http://", "https://www.", "www."]),
        host in "[a-z]{1,8}(\\.[a-z]{2,5}){1,3}",
        path in "(/[a-z0-9_-]{1,8}){0,4}(\\?[a-z]{1,3}=[0-9]{1,3})?",
        after in "[衡阳日报讯全媒体]{0,8}[，。]?",
        cols in 6u32..=20,
        level in level(),
    ) {
        let url = format!("{scheme}{host}{path}");
        let text = format!("{before}{url}{after}");
        let comp = Composition { kinsoku: level, indent: 0.0, ..Composition::default() };
        let shaped = shape_model(&text, EM);
        let para = prepare(&shaped, &[], &comp);
        let measure = f64::from(cols) * EM;
        let lines = para.lines(measure);
        let joined: String = lines.iter().map(|l| &text[l.text.clone()]).collect();
        prop_assert_eq!(&joined, &text);
        let (u0, u1) = (before.len(), before.len() + url.len());
        let colon = url.find(':').map_or(u0, |c| u0 + c + 1);
        for line in &lines {
            let report = line.report(&text);
            prop_assert!(line.reason != BreakReason::Overflow, "overflow: {report}");
            prop_assert!(line.width <= measure + 0.01, "wider than the measure: {report}");
            let cut = line.text.end;
            if line.last || cut <= u0 || cut >= u1 || line.reason == BreakReason::Emergency {
                continue;
            }
            let prev = text[..cut].chars().last().unwrap_or(' ');
            let next = text[cut..].chars().next().unwrap_or(' ');
            prop_assert!("/.-_?&=#".contains(prev), "URL broken after {prev}: {report}");
            prop_assert!(!(prev == '/' && next == '/'), "URL broken inside //: {report}");
            prop_assert!(cut > colon, "URL broken before its scheme's colon: {report}");
        }
    }
}
