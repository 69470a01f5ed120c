//! Unit tests of the flow stage's pieces: column geometry (变栏), free slots around a
//! photo (图文互斥), balancing with widow (寡行) avoidance.

use std::path::Path;

use broadsheet::diag::Loc;
use broadsheet::layout::flow::balance::balanced;
use broadsheet::layout::flow::body::{BodyLine, Entry, EntryKind, Keep};
use broadsheet::layout::flow::columns::{free_slots, story_columns, Slot};
use broadsheet::linebreak::{BreakReason, Line};
use broadsheet::spec::{Area, Issue, Photo};

fn issue() -> Issue {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    broadsheet::spec::resolve_issue(Path::new("fixtures/jumps/issue.toml")).unwrap()
}

fn line(last: bool) -> Line {
    Line {
        text: 0..0,
        glyphs: Vec::new(),
        indent: 0.0,
        natural: 0.0,
        width: 0.0,
        measure: 0.0,
        last,
        adjustments: Vec::new(),
        reason: BreakReason::Fit,
        worst_gap: 0.0,
        hyphenated: false,
    }
}

fn body(first: bool, last: bool) -> BodyLine {
    BodyLine {
        paragraph: 0,
        first,
        index: 0,
        line: line(last),
        x: 0.0,
    }
}

/// The slots `balanced` chose for plain body lines (one row each, no keeps).
fn balanced_slots(slots: &[Slot], lines: &[BodyLine]) -> Vec<Slot> {
    let entries: Vec<Entry> = lines
        .iter()
        .map(|l| Entry {
            kind: EntryKind::Line(l.clone()),
            block: 0,
            rows: 1,
            keep: Keep::None,
        })
        .collect();
    let packed = balanced(slots, &entries);
    assert_eq!(packed.consumed, lines.len());
    packed.placed.iter().map(|p| p.slot).collect()
}

#[test]
fn story_columns_are_whole_characters() {
    let issue = issue();
    let g = &issue.layout.grid;
    let area = Area {
        col: 1,
        cols: 4,
        row: 10,
        rows: 20,
    };
    // Four base columns: 13 characters each, 1-character gutters.
    let (w, xs) = story_columns(&issue, &area, 4);
    assert_eq!(w, 13.0 * 9.0);
    assert_eq!(xs, vec![g.col_x(1), g.col_x(2), g.col_x(3), g.col_x(4)]);
    // 变栏: three story columns over four base columns (55 characters): 17 characters
    // each, the 4 characters left over shared by two gutters.
    let (w, xs) = story_columns(&issue, &area, 3);
    assert_eq!(w, 17.0 * 9.0);
    assert_eq!(xs.len(), 3);
    assert!((xs[1] - xs[0] - (17.0 + 2.0) * 9.0).abs() < 1e-9);
    assert!(
        (xs[2] + w - (g.col_x(4) + g.column_width())).abs() < 1e-9,
        "last column ends at the area's edge"
    );
}

#[test]
fn photo_takes_whole_columns_and_lines() {
    let issue = issue();
    let area = Area {
        col: 1,
        cols: 3,
        row: 10,
        rows: 10,
    };
    let (w, xs) = story_columns(&issue, &area, 3);
    let photo = Photo {
        area: Area {
            col: 2,
            cols: 1,
            row: 12,
            rows: 4,
        },
        caption: String::new(),
        credit: String::new(),
        asset: None,
        fit: Default::default(),
        loc: Loc::file(Path::new("issue.toml").into()),
    };
    let slots = free_slots(&issue, &area, &xs, w, &[10, 10, 10], &[&photo]);
    assert_eq!(slots.len(), 30 - 4);
    assert!(!slots
        .iter()
        .any(|s| s.column == 1 && (12..=15).contains(&s.row)));
    assert!(slots.contains(&Slot { column: 1, row: 11 }));
    assert!(slots.contains(&Slot { column: 1, row: 16 }));
    // Reading order: column by column, top to bottom.
    assert_eq!(slots[0], Slot { column: 0, row: 10 });
    assert_eq!(slots[10], Slot { column: 1, row: 10 });
}

fn slots(columns: usize, rows: std::ops::RangeInclusive<u32>) -> Vec<Slot> {
    (0..columns)
        .flat_map(|c| rows.clone().map(move |row| Slot { column: c, row }))
        .collect()
}

#[test]
fn balancing_ends_columns_within_one_line() {
    let s = slots(3, 1..=10);
    let lines: Vec<BodyLine> = (0..14).map(|i| body(i == 0, i == 13)).collect();
    let chosen = balanced_slots(&s, &lines);
    assert_eq!(chosen.len(), 14);
    let per: Vec<usize> = (0..3)
        .map(|c| chosen.iter().filter(|s| s.column == c).count())
        .collect();
    assert_eq!(per, vec![5, 5, 4]);
}

#[test]
fn balancing_avoids_a_widow_at_a_column_top() {
    // Two paragraphs: 4 lines, then 5 lines. Balanced at 3 per column, column 2 would
    // start with paragraph 1's last line (寡行). No 3-line split avoids it, so the cutoff
    // grows by one and column 2 gives a line over: 4, 3, 2.
    let s = slots(3, 1..=10);
    let mut lines: Vec<BodyLine> = (0..4).map(|i| body(i == 0, i == 3)).collect();
    lines.extend((0..5).map(|i| body(i == 0, i == 4)));
    let chosen = balanced_slots(&s, &lines);
    let starts: Vec<usize> = (1..3)
        .filter_map(|c| chosen.iter().position(|s| s.column == c))
        .collect();
    for &i in &starts {
        assert!(
            !lines[i].line.last || lines[i].first,
            "column starts with a widow at line {i}"
        );
    }
    let per: Vec<usize> = (0..3)
        .map(|c| chosen.iter().filter(|s| s.column == c).count())
        .collect();
    assert_eq!(per, vec![4, 3, 2]);
}
