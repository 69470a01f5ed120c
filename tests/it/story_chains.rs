//! Stories set in chains of frames over any number of pages (p1 → p2 → p3), with the
//! jump lines generated from the one chain, and the located errors for broken chains.

use std::path::{Path, PathBuf};

use broadsheet::page::{Item, Role};
use broadsheet::RenderOptions;

fn jump_lines(path: &Path) -> Vec<(u32, String)> {
    let laid =
        broadsheet::layout_issue(path, &RenderOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let mut out = Vec::new();
    for page in &laid.document.pages {
        for item in &page.items {
            if let Item::Text(l) = item {
                if let Role::Jump { .. } = l.role {
                    out.push((page.number, l.text.clone()));
                }
            }
        }
    }
    out
}

#[test]
fn a_story_jumps_over_three_pages() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    assert_eq!(
        jump_lines(Path::new("fixtures/chain/issue.toml")),
        vec![
            (1, "（下转第二版①）".to_string()),
            (2, "（上接第一版①）".to_string()),
            (2, "（下转第三版①）".to_string()),
            (3, "（上接第二版①）".to_string()),
        ]
    );
}

/// The chain fixture with its text replaced, written beside it (paths stay valid).
fn variant(name: &str, from: &str, to: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/chain");
    let src = std::fs::read_to_string(dir.join("issue.toml")).unwrap();
    let changed = src.replacen(from, to, 1);
    assert_ne!(changed, src, "{from:?} not found");
    let p = dir.join(format!("{name}-{}.test.toml", std::process::id()));
    std::fs::write(&p, changed).unwrap();
    p
}

fn errors_of(p: &Path) -> String {
    let r = broadsheet::layout_issue(p, &RenderOptions::default());
    std::fs::remove_file(p).unwrap();
    match r {
        Ok(_) => panic!("expected an error"),
        Err(d) => d.to_string(),
    }
}

#[test]
fn a_middle_frame_without_continues_on_is_located() {
    let p = variant("nolink", "continues_on = 3\n", "");
    let text = errors_of(&p);
    let name = p.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        text.contains(&format!("{name}:29:8: error: story `council` is continued on page 3, but this frame of it (page 2) has no `continues_on`")),
        "{text}"
    );
}

#[test]
fn continues_on_the_wrong_page_is_located() {
    let p = variant("wrong", "continues_on = 3\n", "continues_on = 4\n");
    let text = errors_of(&p);
    assert!(
        text.contains(
            ":30:16: error: story continues on page 4 but its continuation is placed on page 3"
        ),
        "{text}"
    );
}

#[test]
fn two_continuations_on_one_page_are_an_error() {
    let p = variant(
        "twice",
        "[[page]]\ntemplate = \"inside\"\nsection = \"综合\"\n",
        "[[page.story]]\ncontinued = \"council\"\narea = { col = 1, cols = 4, row = 30, rows = 10 }\n[[page]]\ntemplate = \"inside\"\nsection = \"综合\"\n",
    );
    let text = errors_of(&p);
    assert!(
        text.contains("story `council` is continued twice on page 2"),
        "{text}"
    );
}
