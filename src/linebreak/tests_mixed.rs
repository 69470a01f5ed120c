//! Mixed Chinese–Latin cases with the §7.1 monospaced model at 10 pt:
//! hyphenation, letterspacing as the reported last resort, defined spaces.

use super::testing::shape_model;
use super::*;

const EM: f64 = 10.0;

fn comp(level: KinsokuLevel) -> Composition {
    Composition {
        kinsoku: level,
        indent: 0.0,
        hyphenation: Some(Hyphenation::ENGLISH),
        ..Composition::default()
    }
}

fn set(input: &str, w: f64, level: KinsokuLevel) -> (String, Vec<Line>) {
    let para = prepare(&shape_model(input, EM), &[], &comp(level));
    let lines = para.lines(w * EM);
    let shown: Vec<&str> = lines.iter().map(|l| &input[l.text.clone()]).collect();
    (shown.join(" | "), lines)
}

/// `international` (in-ter-na-tion-al) after six Han characters at 10 em: the first line
/// is filled by hyphenating the word (a hyphen glyph with an empty text range is added)
/// instead of spreading six characters over the measure.
#[test]
fn plain_english_word_is_hyphenated() {
    let input = "一二三四五六international合作";
    let (shown, lines) = set(input, 10.0, KinsokuLevel::Gb);
    let first = &lines[0];
    let report = first.report(input);
    assert_eq!(first.reason, BreakReason::Hyphen, "{shown}\n{report}");
    assert!(first.hyphenated, "{report}");
    let hy = first.glyphs.last().unwrap();
    assert!(hy.text.is_empty(), "{report}");
    assert!((first.width - 10.0 * EM).abs() < 0.01, "{report}");
    let text = &input[first.text.clone()];
    assert!(
        ["一二三四五六inter", "一二三四五六interna"].contains(&text),
        "{shown}"
    );
    assert!(!lines.iter().any(Line::letterspaced), "{shown}");
}

/// Names, product names, commands, code and paths are never hyphenated.
#[test]
fn no_hyphenation_points_in_names_or_code() {
    for input in [
        "数据库PostgreSQL升级",
        "厂商Kubernetes编排",
        "输入apt-get install --no-install-recommends即可",
        "路径/usr/share/documentation目录",
        "邮件information@example.cn联系",
    ] {
        let para = prepare(&shape_model(input, EM), &[], &comp(KinsokuLevel::Gb));
        assert!(!para.items.iter().any(|it| it.hyphen), "{input}");
    }
    let para = prepare(
        &shape_model("这是international合作", EM),
        &[],
        &comp(KinsokuLevel::Gb),
    );
    assert!(para.items.iter().any(|it| it.hyphen));
}

/// A line whose only gaps are between letters (a Latin word ending in `/`, basic
/// kinsoku: no URL, no hyphenation point, no space) is letterspaced as the last resort,
/// recorded as `Letterspace` and reported by the looseness check.
#[test]
fn letterspacing_is_the_reported_last_resort() {
    let input = "abcdefghijklmn/abcdefghijklm";
    let (shown, lines) = set(input, 8.0, KinsokuLevel::Basic);
    assert_eq!(shown, "abcdefghijklmn/ | abcdefghijklm");
    let first = &lines[0];
    assert!(first.letterspaced(), "{}", first.report(input));
    assert!((first.width - 8.0 * EM).abs() < 0.01);
    assert!(
        (first.worst_gap - 0.5 / 14.0).abs() < 1e-6,
        "{}",
        first.worst_gap
    );
    let problems = looseness::line_problems(
        &input[first.text.clone()],
        0,
        &first.adjustments,
        EM,
        &Looseness::default(),
    );
    assert!(problems[0].contains("letterspacing"), "{problems:?}");
}

/// The same copy with Chinese text around it spreads the Chinese gaps instead.
#[test]
fn latin_keeps_natural_spacing_next_to_han() {
    let input = "版本noarch:core-3.0发布了一个新的工具包供参考";
    let (shown, lines) = set(input, 9.0, KinsokuLevel::Gb);
    for l in &lines {
        assert!(!l.letterspaced(), "{shown}\n{}", l.report(input));
        for adj in l
            .adjustments
            .iter()
            .filter(|a| a.kind == AdjustmentKind::Stretch)
        {
            let mut it = input[adj.at..].chars();
            let (a, b) = (it.next().unwrap(), it.next().unwrap_or(' '));
            assert!(
                !(a.is_ascii_graphic() && b.is_ascii_graphic()),
                "{shown}\n{}",
                l.report(input)
            );
        }
    }
}

/// U+00A0 is a word space that never breaks; U+2009, U+202F, U+200A and U+3000 have
/// their defined widths.
#[test]
fn defined_spaces() {
    let input = "5\u{A0}TB一\u{2009}二\u{202F}三\u{200A}四\u{3000}五";
    let para = prepare(&shape_model(input, EM), &[], &comp(KinsokuLevel::Gb));
    let item = |c: char| {
        let at = input.find(c).unwrap();
        para.items.iter().find(|it| it.text.start == at).unwrap()
    };
    let nbsp = item('\u{A0}');
    assert!(nbsp.space && !nbsp.breakable);
    assert!(!item('T').breakable, "no break after U+00A0");
    assert!((nbsp.adv - 0.5 * EM).abs() < 1e-9);
    assert!((item('\u{2009}').adv - EM / 6.0).abs() < 1e-9);
    assert!((item('\u{202F}').adv - EM / 6.0).abs() < 1e-9);
    assert!((item('\u{200A}').adv - EM / 12.0).abs() < 1e-9);
    assert!((item('\u{3000}').adv - EM).abs() < 1e-9);
}

/// Control characters other than line breaks and tabs are found with their position.
#[test]
fn control_characters_are_found() {
    let found = control_characters("一\t二\n三\u{7}四\u{1B}");
    let got: Vec<(char, usize, usize)> = found.iter().map(|c| (c.ch, c.index, c.offset)).collect();
    assert_eq!(got, vec![('\u{7}', 5, 11), ('\u{1B}', 7, 15)]);
}
