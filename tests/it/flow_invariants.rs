//! Invariants of flow over every fixture issue, and jump numbering.
//!
//! * each character of each article appears in the output exactly once, in order
//!   (jump lines and headlines aside), unless reported as overset;
//! * every body baseline is on the page's baseline grid;
//! * no two placed items overlap.

use std::collections::BTreeMap;
use std::path::Path;

use broadsheet::geom::Rect;
use broadsheet::page::{FrameKind, Furniture, Item, Page, Role, TextLine};
use broadsheet::{Laid, RenderOptions};

use crate::common;
use common::fixture_issues;

fn lay(path: &Path) -> Laid {
    broadsheet::layout_issue(
        path,
        &RenderOptions {
            allow_overset: true,
            ..Default::default()
        },
    )
    .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn no_space(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn lines(page: &Page) -> impl Iterator<Item = &TextLine> {
    page.items.iter().filter_map(|i| match i {
        Item::Text(l) => Some(l),
        _ => None,
    })
}

#[test]
fn every_character_appears_exactly_once() {
    for path in fixture_issues() {
        let laid = lay(&path);
        for article in &laid.issue.articles {
            let overset = laid
                .report
                .stories
                .iter()
                .find(|s| s.id == article.id)
                .map_or(0, |s| s.overset_chars);
            // Body lines of this story in reading order (pages in order, each frame's
            // columns in order).
            let mut per_para: BTreeMap<usize, Vec<&TextLine>> = BTreeMap::new();
            for page in &laid.document.pages {
                for l in lines(page) {
                    if let Role::Body {
                        story, paragraph, ..
                    } = l.role
                    {
                        if laid.document.story_name(story) == article.id {
                            per_para.entry(paragraph).or_default().push(l);
                        }
                    }
                }
            }
            let mut set_chars = 0;
            for (i, para) in article.texts().enumerate() {
                let lines = per_para.remove(&i).unwrap_or_default();
                // Source ranges tile the paragraph from its start, in order.
                let mut at = 0;
                for (k, l) in lines.iter().enumerate() {
                    assert!(
                        matches!(l.role, Role::Body { line, .. } if line == k),
                        "line numbers count up within a paragraph"
                    );
                    assert_eq!(
                        l.source.start,
                        at,
                        "{}: `{}` paragraph {} has a gap or repeat at byte {at}",
                        path.display(),
                        article.id,
                        i + 1
                    );
                    at = l.source.end;
                }
                // (A hyphenated line's last glyph is the added hyphen, not source text.)
                let drawn: String = lines
                    .iter()
                    .flat_map(|l| {
                        let n = l.glyphs.len()
                            - usize::from(l.reason == broadsheet::linebreak::BreakReason::Hyphen);
                        l.glyphs[..n].iter().map(|g| &l.text[g.text.clone()])
                    })
                    .collect();
                let want = no_space(para.get(..at).unwrap_or(""));
                assert_eq!(
                    no_space(&drawn),
                    want,
                    "{}: `{}` paragraph {}",
                    path.display(),
                    article.id,
                    i + 1
                );
                if overset == 0 {
                    assert_eq!(
                        at,
                        para.len(),
                        "{}: `{}` paragraph {} not fully set",
                        path.display(),
                        article.id,
                        i + 1
                    );
                }
                set_chars += want.chars().count();
            }
            assert!(per_para.is_empty(), "lines of unknown paragraphs");
            let total: usize = article.texts().map(|p| no_space(p).chars().count()).sum();
            assert_eq!(
                set_chars + overset,
                total,
                "{}: `{}`: set {set_chars} + overset {overset} != {total}",
                path.display(),
                article.id
            );
        }
    }
}

#[test]
fn body_baselines_are_on_the_grid() {
    for path in fixture_issues() {
        let laid = lay(&path);
        let g = &laid.issue.layout.grid;
        let first = g.baseline(1);
        for page in &laid.document.pages {
            for l in lines(page).filter(|l| {
                matches!(
                    l.role,
                    Role::Body { .. } | Role::Jump { .. } | Role::Label { .. }
                )
            }) {
                {
                    // A display block in the body (an intertitle, a poem title: issue
                    // 12) takes whole body lines and centres its type in them: its band
                    // is on the grid. Every other body line sits on a grid baseline.
                    let baseline = if l.on_grid {
                        l.baseline
                    } else {
                        let style = laid.issue.layout.style(l.style);
                        let band = f64::from(style.lines) * g.line_pitch;
                        let top = l.baseline - (band - l.size) / 2.0 - 0.88 * l.size;
                        g.baseline(1) + (top - g.row_y(1))
                    };
                    let steps = (baseline - first) / g.line_pitch;
                    assert!(
                        (steps - steps.round()).abs() < 1e-6,
                        "{}: page {} line “{}” off the grid",
                        path.display(),
                        page.number,
                        l.text
                    );
                    assert!(
                        steps >= 0.0 && steps.round() < f64::from(g.lines),
                        "outside the type area"
                    );
                }
            }
        }
    }
}

fn line_box(l: &TextLine) -> Option<Rect> {
    let x0 = l.glyphs.iter().map(|g| g.x).fold(f64::INFINITY, f64::min);
    let x1 = l
        .glyphs
        .iter()
        .map(|g| g.x + g.advance)
        .fold(f64::NEG_INFINITY, f64::max);
    if !x0.is_finite() {
        return None;
    }
    Some(Rect::new(x0, l.baseline - 0.88 * l.size, x1 - x0, l.size))
}

#[test]
fn no_two_items_overlap() {
    for path in fixture_issues() {
        let laid = lay(&path);
        for page in &laid.document.pages {
            // (frame index, rect, what)
            let mut items: Vec<(Option<usize>, Rect, String)> = Vec::new();
            for (frame, item) in page.items_with_frames() {
                let Item::Text(l) = item else { continue };
                if let Some(r) = line_box(l) {
                    items.push((frame, r, format!("line “{}”", l.text)));
                }
            }
            for (i, a) in items.iter().enumerate() {
                for b in &items[i + 1..] {
                    assert!(
                        !a.1.overlaps(&b.1),
                        "{}: page {}: {} overlaps {}",
                        path.display(),
                        page.number,
                        a.2,
                        b.2
                    );
                }
                // No line over another frame's box (photos, ads, teasers).
                for (frame, item) in page.items_with_frames() {
                    let Item::Box(bx) = item else { continue };
                    if frame == a.0 {
                        continue;
                    }
                    assert!(
                        !a.1.overlaps(&bx.rect),
                        "{}: page {}: {} overlaps a {:?} box",
                        path.display(),
                        page.number,
                        a.2,
                        bx.role
                    );
                }
            }
        }
    }
}

fn jump_lines(laid: &Laid) -> Vec<(u32, String, String)> {
    let mut out = Vec::new();
    for page in &laid.document.pages {
        for l in lines(page) {
            if let Role::Jump { story, .. } = l.role {
                let name = laid.document.story_name(story).to_string();
                out.push((page.number, name, l.text.clone()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn two_stories_jumping_to_page_two_get_one_and_two() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let laid = lay(Path::new("fixtures/jumps/issue.toml"));
    assert_eq!(
        jump_lines(&laid),
        vec![
            (1, "council".into(), "（下转第二版①）".into()),
            (1, "private".into(), "（下转第二版②）".into()),
            (2, "council".into(), "（上接第一版①）".into()),
            (2, "private".into(), "（上接第一版②）".into()),
        ]
    );
}

#[test]
fn moving_a_continuation_to_page_three_changes_both_jump_lines() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let src = std::fs::read_to_string("fixtures/jumps/issue.toml").unwrap();
    // Move council's continuation to a new page 3.
    let moved = src
        .replacen("id = \"council\"\narea = { col = 1, cols = 4, row = 14, rows = 30 }\ncontinues_on = 2", "id = \"council\"\narea = { col = 1, cols = 4, row = 14, rows = 30 }\ncontinues_on = 3", 1)
        .replacen(
            "[[page.story]]\ncontinued = \"council\"\nheadline = \"统筹推进经济社会发展各项任务\"\narea = { col = 1, cols = 4, row = 4, rows = 40 }\n",
            "",
            1,
        )
        + "\n[[page]]\ntemplate = \"inside\"\nsection = \"综合\"\n\n[[page.story]]\ncontinued = \"council\"\narea = { col = 1, cols = 4, row = 4, rows = 40 }\n";
    assert_ne!(moved, src);
    let p = Path::new("fixtures/jumps/moved-test.toml");
    std::fs::write(p, &moved).unwrap();
    let laid = broadsheet::layout_issue(
        p,
        &RenderOptions {
            allow_overset: true,
            ..Default::default()
        },
    );
    std::fs::remove_file(p).unwrap();
    let laid = laid.unwrap();
    assert_eq!(
        jump_lines(&laid),
        vec![
            (1, "council".into(), "（下转第三版①）".into()),
            (1, "private".into(), "（下转第二版②）".into()),
            (2, "private".into(), "（上接第一版②）".into()),
            (3, "council".into(), "（上接第一版①）".into()),
        ]
    );
}

#[test]
fn overset_is_reported_with_counts_and_first_words() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let err = broadsheet::layout_issue(
        Path::new("fixtures/overset/issue.toml"),
        &RenderOptions::default(),
    )
    .unwrap_err();
    let text = err.to_string();
    assert!(text.contains("story `p3-agri` is overset:"), "{text}");
    let laid = lay(Path::new("fixtures/overset/issue.toml"));
    let s = &laid.report.stories[0];
    assert!(s.overset_lines > 0 && s.overset_chars > 0);
    let article = &laid.issue.articles[0];
    let all: String = article.texts().collect::<String>();
    assert!(no_space(&all).contains(&no_space(&s.overset_text)));
    let json = serde_json::to_string(&laid.report).unwrap();
    assert!(json.contains("\"overset_lines\""));
}

#[test]
fn teasers_name_the_page_where_the_story_landed() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let laid = lay(Path::new("issue.toml"));
    let teasers: Vec<(u32, String)> = laid
        .document
        .pages
        .iter()
        .flat_map(|p| {
            let texts: Vec<&str> = p
                .items_with_frames()
                .filter_map(|(f, item)| match item {
                    Item::Text(l) => Some((f?, l)),
                    _ => None,
                })
                .filter(|(_, l)| matches!(l.role, Role::Furniture(Furniture::Teaser(_))))
                .filter(|(f, _)| p.frames[*f].kind == FrameKind::Teaser)
                .map(|(_, l)| l.text.as_str())
                .collect();
            (!texts.is_empty()).then(|| (p.number, texts.join("|")))
        })
        .collect();
    assert_eq!(
        teasers,
        vec![
            (1, "人勤春来早 春来奋力跑|>>> 详见第二版 >>>".to_string()),
            (8, "副刊：回家过年|>>> 详见第七版 >>>".to_string()),
        ]
    );
}
