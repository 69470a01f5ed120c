//! The font cache (`--cache DIR`): the PDF is the same byte for byte without it, with
//! an empty cache filled by two renders at once, with a full one, and with damaged
//! entries (which are not used).

use std::path::Path;

use crate::common;

fn render(dir: &Path, out: &str, cache: Option<&str>) -> std::process::Child {
    let mut cmd = crate::common::broadsheet();
    let issue = Path::new(env!("CARGO_MANIFEST_DIR")).join("issue.toml");
    cmd.current_dir(dir)
        .arg("render")
        .arg(issue)
        .args(["-o", out]);
    match cache {
        Some(c) => cmd.args(["--cache", c]),
        None => cmd.arg("--no-cache"),
    };
    cmd.spawn().unwrap()
}

fn finish(child: std::process::Child) {
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{out:?}");
}

fn entries(cache: &Path) -> Vec<std::path::PathBuf> {
    let mut found: Vec<_> = std::fs::read_dir(cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    found.sort();
    found
}

#[test]
fn the_font_cache_never_changes_the_pdf() {
    let dir = common::scratch_dir("font-cache", "bytes", &[]);
    let cache = dir.join("cache");
    finish(render(&dir, "plain.pdf", None));
    assert!(!cache.exists());
    // Two renders at once into an empty cache.
    let a = render(&dir, "cold-a.pdf", Some("cache"));
    let b = render(&dir, "cold-b.pdf", Some("cache"));
    finish(a);
    finish(b);
    let made = entries(&cache);
    // One entry per face the sample sets text in (the names are keys; no temporary
    // files are left).
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let laid = broadsheet::layout_issue(Path::new("issue.toml"), &Default::default()).unwrap();
    let embedded = laid
        .document
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| match i {
            broadsheet::page::Item::Text(l) => Some(l.glyphs.iter().map(|g| g.font)),
            _ => None,
        })
        .flatten()
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    assert!(embedded >= 4, "{embedded} faces");
    assert_eq!(made.len(), embedded, "{made:?}");
    assert!(made
        .iter()
        .all(|p| p.extension().is_some_and(|e| e == "bsfont")));
    finish(render(&dir, "warm.pdf", Some("cache")));
    // Damaged entries are subset again.
    for p in &made {
        let mut bytes = std::fs::read(p).unwrap();
        let mid = bytes.len() / 2;
        bytes[mid] ^= 0xff;
        std::fs::write(p, bytes).unwrap();
    }
    finish(render(&dir, "damaged.pdf", Some("cache")));
    let plain = std::fs::read(dir.join("plain.pdf")).unwrap();
    for name in ["cold-a.pdf", "cold-b.pdf", "warm.pdf", "damaged.pdf"] {
        assert!(
            std::fs::read(dir.join(name)).unwrap() == plain,
            "{name} differs"
        );
    }
}
