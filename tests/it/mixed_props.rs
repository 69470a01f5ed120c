//! Property tests over generated mixed Chinese–Latin wire copy: English
//! words, product names, version numbers, digit runs, paths, URLs, e-mail addresses and
//! no-break spaces between Chinese text, at 8–20 em with English hyphenation.
//!
//! * the line texts concatenate back to the paragraph;
//! * no two Western characters (letters, digits, ASCII signs) are spread apart, except
//!   on a line whose adjustments say `Letterspace` — which the looseness report lists;
//! * no line starts or ends with a mark kinsoku forbids there (GB level);
//! * every non-final line is flush with the measure, except lines ending inside an
//!   unbreakable unit wider than the measure (Emergency) and lines lying wholly inside a
//!   URL or path (Path, set at natural width, not letterspaced);
//! * a hyphenated line ends in a letter plus an added hyphen glyph, and the next line
//!   starts with a letter.

use broadsheet::linebreak::kinsoku::{no_end, no_start};
use broadsheet::linebreak::looseness::line_problems;
use broadsheet::linebreak::testing::shape_model;
use broadsheet::linebreak::{
    prepare, AdjustmentKind, BreakReason, Composition, Hyphenation, KinsokuLevel, Looseness,
};
use proptest::prelude::*;

const EM: f64 = 9.0;
const HAN: &str =
    "衡阳日报讯全媒体记者陈润虎年首个工作我市以视频会议方式召开县乡聚力中心化攻坚行动";

fn token() -> impl Strategy<Value = String> {
    let han = HAN.chars().collect::<Vec<_>>();
    prop_oneof![
        10 => proptest::collection::vec(proptest::sample::select(han), 1..8).prop_map(|v| v.into_iter().collect()),
        3 => proptest::sample::select(vec!["，", "。", "、", "；", "：", "“", "”", "《", "》", "（", "）"]).prop_map(String::from),
        2 => proptest::sample::select(vec!["information", "international", "technology", "development", "government", "the", "of", "and", "recommends", "unattended"]).prop_map(String::from),
        2 => proptest::collection::vec(proptest::sample::select(vec!["market", "players", "reached", "economy", "growth", "in", "a"]), 2..5).prop_map(|v| v.join(" ")),
        2 => proptest::sample::select(vec!["PostgreSQL", "Kubernetes", "NVIDIA", "Qwen2.5-7B-Instruct", "noarch:core-3.0", "libssl3", "HTTP/3", "GB/T"]).prop_map(String::from),
        2 => "[0-9]{1,2}\\.[0-9]{1,2}(\\.[0-9]{1,3})?".prop_map(|s| s),
        2 => "[0-9]{3,12}".prop_map(|s| s),
        1 => "[0-9]{1,3}(,[0-9]{3}){1,2}(\\.[0-9]{2})?%?".prop_map(|s| s),
        1 => "(/[a-z]{2,9}){2,5}(\\.[a-z]{2,4})?".prop_map(|s| s),
        1 => "https://(www\\.)?[a-z]{3,10}\\.(cn|com|gov\\.cn)(/[a-z0-9-]{1,9}){0,4}".prop_map(|s| s),
        1 => "[a-z]{3,10}(-[a-z]{2,8})?@[a-z]{3,8}\\.(cn|com)".prop_map(|s| s),
        1 => "[0-9]{1,3}\u{A0}(TB|GB|km)".prop_map(|s| s),
    ]
}

fn paragraph() -> impl Strategy<Value = String> {
    proptest::collection::vec(token(), 1..30).prop_map(|v| v.concat())
}

/// A character of Western text (see `items::western_char`): not a bracket.
fn western(c: char) -> bool {
    c.is_ascii_alphanumeric() || (c.is_ascii_graphic() && !"()[]{}".contains(c))
}

proptest! {
    #![proptest_config(crate::common::proptest_config(3000))]

    #[test]
    fn mixed_lines_never_letterspace(text in paragraph(), cols in 8u32..=20, indent in 0u32..=2) {
        let level = KinsokuLevel::Gb;
        let comp = Composition {
            kinsoku: level,
            indent: f64::from(indent),
            hyphenation: Some(Hyphenation::ENGLISH),
            ..Composition::default()
        };
        let shaped = shape_model(&text, EM);
        let para = prepare(&shaped, &[], &comp);
        let measure = f64::from(cols) * EM;
        let lines = para.lines(measure);

        let joined: String = lines.iter().map(|l| &text[l.text.clone()]).collect();
        prop_assert_eq!(&joined, &text);

        for (k, line) in lines.iter().enumerate() {
            let s = &text[line.text.clone()];
            let report = line.report(&text);
            // Latin text keeps its natural spacing unless the line reports letterspacing.
            for adj in &line.adjustments {
                let mut it = text[adj.at..].chars();
                let (a, b) = (it.next(), it.next());
                if adj.kind == AdjustmentKind::Stretch {
                    prop_assert!(!(a.is_some_and(western) && b.is_some_and(western)),
                        "Latin pair spread apart without a report: {report}");
                }
            }
            if line.letterspaced() {
                let problems = line_problems(s, line.text.start, &line.adjustments, EM, &Looseness::default());
                prop_assert!(problems.iter().any(|p| p.contains("letterspacing")), "{report}");
            }
            // Kinsoku.
            let shown = s.trim_end_matches([' ', '\u{A0}']);
            let mut chars = shown.chars();
            let (first, second) = (chars.next(), chars.next());
            let after_forced = k > 0 && lines[k - 1].reason == BreakReason::Emergency;
            if let (Some(f), true, false) = (first, k > 0, after_forced) {
                prop_assert!(!no_start(f, second, level), "line starts with {f}: {report}");
            }
            let path_end = line.reason == BreakReason::Path;
            if let (Some(l), false, false) = (shown.chars().last(), line.last, line.reason == BreakReason::Emergency || path_end) {
                prop_assert!(!no_end(l, level), "line ends with {l}: {report}");
            }
            // Flush with the measure.
            let forced = matches!(line.reason, BreakReason::Overflow | BreakReason::Emergency);
            let ragged_path = path_end && (line.width - line.natural).abs() < 0.01;
            if !line.last && !forced && !ragged_path && line.glyphs.len() > 1 {
                prop_assert!((line.width - measure).abs() < 0.01, "width {} != {}: {}", line.width, measure, report);
            }
            prop_assert!(line.width <= measure + 0.01, "too wide: {report}");
            // Hyphenation.
            if line.hyphenated {
                prop_assert_eq!(line.reason, BreakReason::Hyphen, "{}", report);
                let g = line.glyphs.last().map(|g| g.text.clone());
                prop_assert!(g.is_some_and(|r| r.is_empty()), "no hyphen glyph: {report}");
                let next = lines.get(k + 1).map(|n| &text[n.text.clone()]);
                prop_assert!(shown.chars().last().is_some_and(char::is_alphabetic), "{report}");
                prop_assert!(next.and_then(|n| n.chars().next()).is_some_and(char::is_alphabetic), "{report}");
            }
        }
    }
}
