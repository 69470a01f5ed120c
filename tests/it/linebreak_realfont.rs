//! The reference cases of docs/cjk-rules.md §7.2 with real metrics: the bundled Noto Serif
//! CJK SC shaped by rustybuzz (zh-Hans `locl`), punctuation halved with the font's own
//! `halt` forms, at 10 pt (1 em = 10 pt). The table tests in `src/linebreak/tests.rs`
//! use the §7.1 monospaced model; these check that the same results hold when widths
//! come from a font.
//!
//! Settings: `Composition::default()` with no indent. Its kinsoku level is GB, not the
//! §7.1 "basic"; none of these cases differs between the two.

use std::path::Path;

use broadsheet::linebreak::{prepare, BreakReason, Composition, Line};
use broadsheet::text::{Font, FontBook, FontChain, ShapedText, Shaper};

const SIZE: f64 = 10.0;
const EM: f64 = SIZE;
const TOL: f64 = 0.01;

fn book() -> FontBook {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts/NotoSerifCJKsc-Regular.otf");
    let mut book = FontBook::new();
    book.add(Font::load(&path, 0).expect("bundled Noto Serif CJK SC loads"));
    book
}

fn shape(book: &FontBook, text: &str) -> ShapedText {
    let chain = FontChain(book.iter().map(|(id, _)| id).collect());
    Shaper::new(book)
        .shape(&chain, text, SIZE)
        .unwrap_or_else(|m| panic!("{text}: no glyph for {m:?}"))
}

/// Set `text` at `w` em: the lines as "一二 | 三四" and the lines themselves.
fn set(book: &FontBook, text: &str, w: f64) -> (String, Vec<Line>) {
    let comp = Composition {
        indent: 0.0,
        ..Composition::default()
    };
    let para = prepare(&shape(book, text), &[], &comp);
    let lines = para.lines(w * EM);
    let shown: Vec<&str> = lines.iter().map(|l| &text[l.text.clone()]).collect();
    (shown.join(" | "), lines)
}

fn report(text: &str, lines: &[Line]) -> String {
    let r: Vec<String> = lines.iter().map(|l| l.report(text)).collect();
    r.join("\n")
}

/// The glyph in `line` that stands for the character at byte `at`.
fn glyph_at(line: &Line, at: usize) -> Option<&broadsheet::linebreak::LineGlyph> {
    line.glyphs.iter().find(|g| g.text.start == at)
}

/// (id, input, W em, expected lines). Same lines as the model: the Han and punctuation
/// of the font are 1 em with ½-em `halt` forms, like §7.1.
const CASES: &[(&str, &str, f64, &str)] = &[
    ("T03", "一二，三四五。六七", 6.0, "一二，三四五。 | 六七"),
    ("T06", "他说：“好。”然后", 6.0, "他说：“好。” | 然后"),
    ("T07", "九十。”他说", 3.0, "九十。” | 他说"),
    ("T09", "《红楼梦》《西游记》", 9.0, "《红楼梦》《西游记》"),
    ("T17", "增长了12.5%，同比", 6.0, "增长了 | 12.5%，同比"),
    ("T18", "增长了12.5%，同比", 7.0, "增长了12.5%， | 同比"),
    ("T25", "第18079号", 5.0, "第18079号"),
    ("T36", "真的吗？！", 4.0, "真的吗？！"),
    ("T39", "“《红楼梦》”", 6.0, "“《红楼梦》”"),
];

#[test]
fn reference_cases_with_real_metrics() {
    let book = book();
    let mut failures = Vec::new();
    for &(id, input, w, want) in CASES {
        let (got, lines) = set(&book, input, w);
        let r = report(input, &lines);
        if got != want {
            failures.push(format!("{id}: got `{got}`, want `{want}`\n{r}"));
            continue;
        }
        for line in &lines {
            // Nothing sticks out of the measure.
            if line.width > w * EM + TOL {
                failures.push(format!("{id}: line wider than {w} em\n{r}"));
            }
            // Justified (两端对齐): every line but the last fills the measure exactly,
            // and the last glyph ends where the line says.
            if !line.last {
                if (line.width - w * EM).abs() > TOL {
                    failures.push(format!("{id}: width {} != {}\n{r}", line.width, w * EM));
                }
                if let Some(g) = line.glyphs.last() {
                    if (g.x + g.advance - line.width).abs() > TOL {
                        failures.push(format!("{id}: last glyph edge != width\n{r}"));
                    }
                }
            }
            assert_ne!(line.reason, BreakReason::Overflow, "{id}\n{r}");
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The font really has `halt` forms for the marks (so the half widths below are the
/// font's, not synthesised): GB/T 15834 §5.1.10 via CLReq "Punctuation width
/// adjustment", docs/cjk-rules.md §3.1.
#[test]
fn marks_have_halt_forms() {
    let book = book();
    let text = "，。：“”《》？！";
    let shaped = shape(&book, text);
    for g in &shaped.glyphs {
        let c = text[g.cluster..].chars().next();
        let half = g.half.unwrap_or_else(|| panic!("{c:?}: no halt form"));
        assert!((g.advance - EM).abs() < TOL, "{c:?}: {g:?}");
        assert!((half.advance - EM / 2.0).abs() < TOL, "{c:?}: {g:?}");
    }
}

/// A line-final `。` or `”` is drawn at half width (its trailing ½ em removed, GB/T
/// 15834 §5.1.10; docs/cjk-rules.md §3.1): its glyph advance in the line is 5 pt.
#[test]
fn line_final_marks_are_half_width() {
    let book = book();
    let rows: &[(&str, f64, &str, usize)] = &[
        // (input, W, the mark's character, line index)
        ("一二，三四五。六七", 6.0, "。", 0),
        ("他说：“好。”然后", 6.0, "”", 0),
        ("九十。”他说", 3.0, "”", 0),
        ("九十。”他说", 3.0, "。", 0),
        ("“《红楼梦》”", 6.0, "”", 0),
    ];
    for &(input, w, mark, k) in rows {
        let (_, lines) = set(&book, input, w);
        let r = report(input, &lines);
        let line = &lines[k];
        let at = input[line.text.clone()]
            .rfind(mark)
            .map(|i| i + line.text.start)
            .expect("mark on the line");
        let g = glyph_at(line, at).expect("glyph of the mark");
        assert!(
            (g.advance - EM / 2.0).abs() < TOL,
            "{input}: {mark} advance {}\n{r}",
            g.advance
        );
    }
    // T07: `。”` at line end together take 1 em (。 loses its space to the pair, ” to
    // the line end); the line is exactly 3 em with no stretch.
    let (_, lines) = set(&book, "九十。”他说", 3.0);
    assert!((lines[0].natural - 3.0 * EM).abs() < TOL);
}

/// Pair widths of T06, T09 and T39 (CLReq adjacent punctuation, docs/cjk-rules.md §3.2):
/// `：“`, `。”`, `》《`, `“《`, `》”` are 1.5 em each; T06 natural = 5.5 em, T39 = 5.5 em.
#[test]
fn adjacent_marks_take_one_and_a_half_em() {
    let book = book();
    for (input, w, natural) in [
        ("他说：“好。”然后", 6.0, 5.5),
        ("《红楼梦》《西游记》", 9.0, 9.0),
        ("“《红楼梦》”", 6.0, 5.5),
        ("真的吗？！", 4.0, 4.0),
    ] {
        let (_, lines) = set(&book, input, w);
        let r = report(input, &lines);
        assert!(
            (lines[0].natural - natural * EM).abs() < TOL,
            "{input}: natural {} want {natural} em\n{r}",
            lines[0].natural / EM
        );
    }
    // T39: the opener `《` after `“` is drawn with its leading space removed, shifted
    // left by the `halt` offset so its ink sits right after `“`.
    let input = "“《红楼梦》”";
    let (_, lines) = set(&book, input, 6.0);
    let g = glyph_at(&lines[0], "“".len()).expect("《");
    assert!(
        (g.advance - EM / 2.0).abs() < TOL && (g.x - EM / 2.0).abs() < TOL,
        "{g:?}"
    );
}

/// T17 / T18 and T25 with proportional digits. The model's digits are ½ em; Noto Serif
/// CJK's are not (about 0.47–0.56 em, `%` about 0.92 em), so `12.5%` is 2.84 em, not 2.5,
/// and `18079` is 2.70 em. The breaks are the same; the widths are what differs.
#[test]
fn proportional_digits() {
    let book = book();
    let digits_w = |text: &str, run: &str| -> f64 {
        let s = shape(&book, text);
        let start = text.find(run).unwrap_or(0);
        s.glyphs
            .iter()
            .filter(|g| g.cluster >= start && g.cluster < start + run.len())
            .map(|g| g.advance)
            .sum()
    };
    let w = digits_w("增长了12.5%，同比", "12.5%");
    assert!(w > 2.5 * EM + 1.0, "12.5% is {w} pt");

    // T17: 增长了 | 12.5%，同比 — the second (last) line is 12.5% (2.84 em) + ，(1 em
    // mid-line, no CJK–Latin space next to punctuation) + 同比 (2 em) = 5.84 em ≤ 6,
    // set solid; the first line has only 增长了 and is spread to 6 em (PushOut: 12.5%
    // is inseparable and ，may not start a line).
    let input = "增长了12.5%，同比";
    let (_, lines) = set(&book, input, 6.0);
    let r = report(input, &lines);
    assert_eq!(lines[0].reason, BreakReason::PushOut, "{r}");
    assert!(
        (lines[1].natural - (w + 3.0 * EM)).abs() < TOL,
        "no ¼ em between % and ，\n{r}"
    );

    // T18: one line of 增长了 + ¼ em + 12.5% + ，(halved at line end) = 6.59 em at 7
    // em: still fits, justified to 7 em; the CJK–Latin space is the first to stretch
    // (CLReq expansion order), up to ½ em.
    let (_, lines) = set(&book, input, 7.0);
    let r = report(input, &lines);
    assert!(
        (lines[0].natural - (3.0 * EM + 0.25 * EM + w + 0.5 * EM)).abs() < TOL,
        "{r}"
    );
    assert!((lines[0].width - 7.0 * EM).abs() < TOL, "{r}");
    let g = &lines[0].glyphs;
    let cjk_latin = g[3].x - (g[2].x + g[2].advance);
    assert!(cjk_latin >= EM / 2.0 - TOL, "了–1 space {cjk_latin}\n{r}");

    // T25: 第 + ¼ + 18079 + ¼ + 号 = 5.0 em in the model; with 2.70-em digits it is
    // 5.2 em natural, so the one (last) line is pushed in to 5 em by shrinking the two
    // CJK–Latin spaces (CLReq reduction, to no less than ⅛ em) — not broken and not
    // overflowing.
    let input = "第18079号";
    let w = digits_w(input, "18079");
    assert!(w > 2.5 * EM, "18079 is {w} pt");
    let (_, lines) = set(&book, input, 5.0);
    let r = report(input, &lines);
    assert_eq!(lines.len(), 1, "{r}");
    assert!((lines[0].natural - (w + 2.5 * EM)).abs() < TOL, "{r}");
    assert!((lines[0].width - 5.0 * EM).abs() < TOL, "{r}");
    let gaps: Vec<f64> = {
        let g = &lines[0].glyphs;
        vec![
            g[1].x - (g[0].x + g[0].advance),
            g[6].x - (g[5].x + g[5].advance),
        ]
    };
    for gap in gaps {
        assert!((EM / 8.0 - TOL..EM / 4.0).contains(&gap), "gap {gap}\n{r}");
    }
}

/// Emergency breaks with real (proportional) Latin metrics: a word wider than the
/// measure is broken between letters, every piece within 6 em, nothing lost
/// (docs/cjk-rules.md §2.1 step 4, last resort).
#[test]
fn overlong_word_with_real_metrics() {
    let book = book();
    let input = "使用Pneumonoultramicroscopicsilicovolcanoconiosis一词";
    let (_, lines) = set(&book, input, 6.0);
    let r = report(input, &lines);
    let joined: String = lines.iter().map(|l| &input[l.text.clone()]).collect();
    assert_eq!(joined, input);
    assert!(
        lines.iter().any(|l| l.reason == BreakReason::Emergency),
        "{r}"
    );
    for line in &lines {
        assert_ne!(line.reason, BreakReason::Overflow, "{r}");
        assert!(line.width <= 6.0 * EM + TOL, "{r}");
        for g in &line.glyphs {
            assert!(g.x + g.advance <= 6.0 * EM + TOL, "{g:?}\n{r}");
        }
    }
}
