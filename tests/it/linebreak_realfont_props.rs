//! Property tests with the bundled Noto Serif CJK SC (real, proportional Latin and digit
//! metrics, real `halt` forms) instead of the monospaced model: random Chinese text with
//! punctuation, digits and Latin words, widths 6–24 em.

use std::path::Path;
use std::sync::OnceLock;

use broadsheet::linebreak::kinsoku::{no_end, no_start};
use broadsheet::linebreak::{prepare, BreakReason, Composition};
use broadsheet::text::{Font, FontBook, FontChain, FontId, Shaper};
use proptest::prelude::*;

const SIZE: f64 = 9.0;

fn book() -> &'static FontBook {
    static BOOK: OnceLock<FontBook> = OnceLock::new();
    BOOK.get_or_init(|| {
        let mut book = FontBook::new();
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts/NotoSerifCJKsc-Regular.otf");
        book.add(Font::load(&path, 0).unwrap());
        book
    })
}

fn token() -> impl Strategy<Value = String> {
    let han: Vec<char> =
        "衡阳日报讯全媒体记者陈润虎年首个工作我市以视频会议方式召开县乡聚力中心化攻坚行动"
            .chars()
            .collect();
    prop_oneof![
        8 => proptest::collection::vec(proptest::sample::select(han), 1..6).prop_map(|v| v.into_iter().collect()),
        2 => proptest::sample::select(vec!["，", "。", "、", "；", "：", "？", "！"]).prop_map(String::from),
        1 => proptest::sample::select(vec!["“", "”", "《", "》", "（", "）", "——", "……", "·"]).prop_map(String::from),
        1 => "[a-zA-Z]{1,8}",
        1 => "[0-9]{1,5}(\\.[0-9])?%?",
    ]
}

proptest! {
    #![proptest_config(crate::common::proptest_config(600))]

    #[test]
    fn real_font_lines_are_sound(tokens in proptest::collection::vec(token(), 1..40), cols in 6u32..=24) {
        let text: String = tokens.concat();
        let mut shaper = Shaper::new(book());
        let shaped = shaper.shape(&FontChain(vec![FontId(0)]), &text, SIZE).unwrap();
        let comp = Composition::default();
        let para = prepare(&shaped, &[], &comp);
        let measure = f64::from(cols) * SIZE;
        let lines = para.lines(measure);
        let joined: String = lines.iter().map(|l| &text[l.text.clone()]).collect();
        prop_assert_eq!(&joined, &text);
        for (k, line) in lines.iter().enumerate() {
            let s = text[line.text.clone()].trim_end_matches(' ');
            let report = line.report(&text);
            let forced = matches!(line.reason, BreakReason::Emergency | BreakReason::Overflow);
            let after_forced = k > 0 && matches!(lines[k - 1].reason, BreakReason::Emergency | BreakReason::Overflow);
            let mut chars = s.chars();
            if let (Some(f), true, false) = (chars.next(), k > 0, after_forced) {
                prop_assert!(!no_start(f, chars.next(), comp.kinsoku), "line starts with {f}: {report}");
            }
            if let (Some(l), false, false) = (s.chars().last(), line.last, forced) {
                prop_assert!(!no_end(l, comp.kinsoku), "line ends with {l}: {report}");
            }
            // Justified lines fill the measure exactly; no glyph leaves it.
            if !line.last && !forced && line.glyphs.len() > 1 {
                prop_assert!((line.width - measure).abs() < 0.01, "width {} != {}: {}", line.width, measure, report);
            }
            if line.reason != BreakReason::Overflow {
                for g in &line.glyphs {
                    prop_assert!(g.x + g.advance <= measure + 0.01, "glyph past the measure: {}", report);
                }
            }
        }
    }
}
