//! Property tests of article blocks: random sequences of paragraphs,
//! intertitles, editor's notes, list items and poems (title, author, stanzas with long
//! lines), set at two measures (`fixtures/blocks`: 3 columns of 13 characters and 2 of
//! 20). For every story:
//!
//! * the text round-trips: each block's lines, in order, are exactly its text, so each
//!   character is set once;
//! * verse turnovers are indented by `verse_hang_em` and never a single character;
//! * an intertitle is never the last thing in a column: the two lines after it (or all
//!   that follow, if fewer) are in its column;
//! * a verse line never leaves a turnover in another column, and a stanza split between
//!   columns leaves at least two lines on each side;
//! * a poem that fits in a column is kept in one column.

use crate::common;

use std::collections::BTreeMap;

use broadsheet::page::{Item, Role, TextLine};
use broadsheet::spec::{BlockKind, BodyBlock, Issue};
use common::x0;
use proptest::prelude::*;

/// Characters to cut block texts from (Han characters with some punctuation).
const POOL: &str = "衡阳市委书记秦国文出席并强调，全市上下要聚力中心化攻坚年行动，大抓产业、抓大项目，做大做强园区。春运期间，火车站预计发送旅客一百二十万人次；请旅客提前购票，合理安排出行时间。风从湘江上走过，把岸边的柳枝轻轻叫醒，田埂上的泥土一夜之间松软了。";

#[derive(Debug, Clone)]
enum Spec {
    Paragraph(usize, usize),
    Intertitle(usize, usize),
    Note(usize, usize),
    List(usize, usize),
    /// A poem: stanzas of verse-line lengths.
    Poem(Vec<Vec<usize>>, usize),
}

fn cut(start: usize, len: usize) -> String {
    let chars: Vec<char> = POOL.chars().collect();
    (0..len).map(|i| chars[(start + i) % chars.len()]).collect()
}

fn spec() -> impl Strategy<Value = Spec> {
    prop_oneof![
        3 => (0usize..200, 8usize..90).prop_map(|(s, n)| Spec::Paragraph(s, n)),
        1 => (0usize..200, 4usize..12).prop_map(|(s, n)| Spec::Intertitle(s, n)),
        1 => (0usize..200, 10usize..60).prop_map(|(s, n)| Spec::Note(s, n)),
        1 => (0usize..200, 4usize..50).prop_map(|(s, n)| Spec::List(s, n)),
        1 => (
            prop::collection::vec(prop::collection::vec(2usize..40, 1..5), 1..4),
            0usize..200
        )
            .prop_map(|(st, s)| Spec::Poem(st, s)),
    ]
}

fn blocks(specs: &[Spec]) -> Vec<BodyBlock> {
    let b = |kind, text: String| BodyBlock {
        kind,
        text: text.into(),
        inlines: Vec::new(),
        line: 1,
    };
    let mut out = Vec::new();
    let mut item = 0;
    for s in specs {
        if !matches!(s, Spec::List(..)) {
            item = 0;
        }
        match s {
            Spec::Paragraph(st, n) => out.push(b(BlockKind::Paragraph, cut(*st, *n))),
            Spec::Intertitle(st, n) => out.push(b(BlockKind::Intertitle, cut(*st, *n))),
            Spec::Note(st, n) => out.push(b(BlockKind::Note, cut(*st, *n))),
            Spec::List(st, n) => {
                item += 1;
                out.push(b(BlockKind::ListItem { number: Some(item) }, cut(*st, *n)));
            }
            Spec::Poem(stanzas, st) => {
                out.push(b(BlockKind::PoemTitle, cut(*st, 4)));
                for (k, stanza) in stanzas.iter().enumerate() {
                    for (j, n) in stanza.iter().enumerate() {
                        out.push(b(
                            BlockKind::Verse {
                                stanza_break: k > 0 && j == 0,
                                poem_start: false,
                            },
                            cut(st + k * 7 + j * 3, *n),
                        ));
                    }
                }
            }
        }
    }
    out
}

fn issue_with(blocks: Vec<BodyBlock>) -> Issue {
    common::blocks_issue(blocks)
}

/// The frame on page 1 that holds `l` (a line of that page's items).
fn frame_of<'d>(doc: &'d broadsheet::page::Document, l: &TextLine) -> &'d broadsheet::page::Frame {
    let page = &doc.pages[0];
    let (f, _) = page
        .items_with_frames()
        .find(|(_, i)| matches!(i, broadsheet::page::Item::Text(t) if std::ptr::eq(t, l)))
        .expect("a line of page 1");
    &page.frames[f.expect("a framed line")]
}

/// Which column of its frame a line is in, and its x from that column's edge.
fn column(doc: &broadsheet::page::Document, l: &TextLine) -> (usize, f64) {
    let frame = frame_of(doc, l);
    let c = frame
        .columns
        .iter()
        .rposition(|(x, _)| x0(l) >= x - 1e-6)
        .unwrap_or(0);
    (c, x0(l) - frame.columns[c].0)
}

fn check(specs: &[Spec], half: bool) -> Result<(), TestCaseError> {
    let blocks = blocks(specs);
    let mut issue = issue_with(blocks.clone());
    // Half-line stanza breaks too (the lines after them sit off the grid).
    issue.layout.article.stanza_half_line = half;
    let laid = broadsheet::layout::layout_issue(&issue, Vec::new())
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assume!(!laid.diags.to_string().contains("overset"));
    let doc = &laid.document;
    let em = issue.layout.grid.char_size;
    let al = &issue.layout.article;
    for story in 0..2 {
        // The story's body lines in reading order: column, then baseline.
        let mut lines: Vec<(&TextLine, usize, usize, usize, f64)> = Vec::new();
        for item in &doc.pages[0].items {
            if let Item::Text(l) = item {
                if let Role::Body {
                    story: s,
                    paragraph,
                    line,
                } = l.role
                {
                    if s.0 == story {
                        let (c, dx) = column(doc, l);
                        lines.push((l, paragraph, line, c, dx));
                    }
                }
            }
        }
        lines.sort_by(|a, b| a.3.cmp(&b.3).then(a.0.baseline.total_cmp(&b.0.baseline)));
        // Round trip.
        let mut per: BTreeMap<usize, Vec<(usize, &str)>> = BTreeMap::new();
        for (l, p, k, _, _) in &lines {
            per.entry(*p).or_default().push((*k, l.text.as_str()));
        }
        for (i, b) in blocks.iter().enumerate() {
            let mut ls = per.remove(&i).unwrap_or_default();
            ls.sort();
            let text: String = ls.iter().map(|(_, t)| *t).collect();
            prop_assert_eq!(text.as_str(), &*b.text, "story {} block {}", story, i);
        }
        prop_assert!(per.is_empty());
        for (i, b) in blocks.iter().enumerate() {
            let mine: Vec<usize> = (0..lines.len()).filter(|&k| lines[k].1 == i).collect();
            match b.kind {
                BlockKind::Verse { .. } => {
                    let base = al.verse_indent * em;
                    for &k in &mine {
                        let want = if lines[k].2 == 0 {
                            base
                        } else {
                            base + al.verse_hang * em
                        };
                        prop_assert!((lines[k].4 - want).abs() < 1e-6, "turnover indent");
                    }
                    if mine.len() > 1 {
                        let last = lines[*mine.last().unwrap()].0;
                        prop_assert!(
                            last.text.chars().count() >= 2,
                            "lone turnover {:?}",
                            last.text
                        );
                        let c = lines[mine[0]].3;
                        prop_assert!(
                            mine.iter().all(|&k| lines[k].3 == c),
                            "turnover in another column"
                        );
                    }
                }
                BlockKind::Intertitle => {
                    let last = *mine.last().unwrap();
                    let c = lines[last].3;
                    for after in lines.iter().skip(last + 1).take(2) {
                        prop_assert_eq!(after.3, c, "intertitle {} ends column {}", i, c);
                    }
                }
                _ => {}
            }
        }
        // Stanzas: split only with two lines or more on each side; poems that fit a
        // column (≤ 20 rows here) in one column.
        let mut stanza: Vec<usize> = Vec::new();
        let mut poem: Vec<usize> = Vec::new();
        let check_stanza = |stanza: &mut Vec<usize>| -> Result<(), TestCaseError> {
            let cols: Vec<usize> = stanza.iter().map(|&k| lines[k].3).collect();
            for c in cols.iter().collect::<std::collections::BTreeSet<_>>() {
                let n = cols.iter().filter(|x| *x == c).count();
                prop_assert!(
                    n == cols.len() || n >= 2,
                    "stanza leaves {} line(s) alone",
                    n
                );
            }
            stanza.clear();
            Ok(())
        };
        for (k, (_, p, line, _, _)) in lines.iter().enumerate() {
            let kind = blocks[*p].kind;
            match kind {
                BlockKind::Verse { stanza_break, .. } => {
                    if stanza_break && *line == 0 {
                        check_stanza(&mut stanza)?;
                    }
                    stanza.push(k);
                    poem.push(k);
                }
                BlockKind::PoemTitle => {
                    check_stanza(&mut stanza)?;
                    check_poem(&lines, &mut poem)?;
                    poem.push(k);
                }
                _ => {
                    check_stanza(&mut stanza)?;
                    check_poem(&lines, &mut poem)?;
                }
            }
        }
        check_stanza(&mut stanza)?;
        check_poem(&lines, &mut poem)?;
    }
    Ok(())
}

type Placed<'a> = (&'a TextLine, usize, usize, usize, f64);

fn check_poem(lines: &[Placed<'_>], poem: &mut Vec<usize>) -> Result<(), TestCaseError> {
    // Rows: title 2, each line 1, blank lines between stanzas at most 1 each.
    if !poem.is_empty() && poem.len() * 2 + 2 <= 20 {
        let c = lines[poem[0]].3;
        prop_assert!(
            poem.iter().all(|&k| lines[k].3 == c),
            "a short poem split over columns"
        );
    }
    poem.clear();
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..crate::common::proptest_config(64) })]

    #[test]
    fn blocks_keep_their_rules(specs in prop::collection::vec(spec(), 1..14), half in any::<bool>()) {
        check(&specs, half)?;
    }
}
