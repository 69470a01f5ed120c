//! Pictures and supplied ads named by `file = "…"` are assets: found, kind known from
//! their bytes, or a located error; a file that is given is placed (tests/it/pictures.rs
//! has the picture errors), never silently replaced by a placeholder.

use crate::common;

use std::path::{Path, PathBuf};

use broadsheet::page::{BoxRole, Item};
use broadsheet::spec::AssetId;
use broadsheet::RenderOptions;

/// A scratch issue in a temp dir (layout, fonts and fixtures linked from the repo) with
/// one story, one photo inside it and one ad, whose `file` entries are given.
fn scratch(name: &str, photo_file: &str, ad_file: &str, files: &[(&str, &[u8])]) -> PathBuf {
    let dir = common::scratch_dir("assets", name, &[]);
    for (file, bytes) in files {
        let p = dir.join(file);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    common::picture_issue(
        &dir,
        "layouts/hengyang-broadsheet.toml",
        photo_file,
        ad_file,
        "",
    )
}

fn messages(p: &Path) -> (bool, Vec<String>) {
    let opts = RenderOptions {
        allow_overset: true,
        ..Default::default()
    };
    match broadsheet::layout_issue(p, &opts) {
        Ok(laid) => (true, laid.diags.0.iter().map(ToString::to_string).collect()),
        Err(d) => (false, d.0.iter().map(ToString::to_string).collect()),
    }
}

#[test]
fn missing_and_unknown_files_are_located_errors() {
    let p = scratch(
        "bad",
        "file = \"photos/none.jpg\"",
        "file = \"ads/ad.gif\"",
        &[("ads/ad.gif", b"GIF89a....")],
    );
    let (ok, msgs) = messages(&p);
    assert!(!ok);
    assert!(
        msgs.iter()
            .any(|m| m.ends_with("issue.toml:14:8: error: photo file `photos/none.jpg` not found")),
        "{msgs:#?}"
    );
    assert!(
        msgs.iter().any(|m| m.contains(
            "issue.toml:18:8: error: ad file `ads/ad.gif` is not a JPEG, PNG or PDF file"
        )),
        "{msgs:#?}"
    );
}

#[test]
fn a_directory_is_not_a_picture() {
    let p = scratch("dir", "file = \"fixtures\"", "", &[]);
    let (ok, msgs) = messages(&p);
    assert!(!ok);
    assert!(
        msgs.iter()
            .any(|m| m.contains("photo file `fixtures` is a directory")),
        "{msgs:#?}"
    );
}

#[test]
fn known_files_are_assets_and_placed() {
    let p = scratch(
        "good",
        "file = \"fixtures/hengyang-2022-02-08/photos/p1-hall.jpg\"",
        "file = \"fixtures/hengyang-2022-02-08/ads/p1-bank.pdf\"",
        &[],
    );
    let laid = broadsheet::layout_issue(
        &p,
        &RenderOptions {
            allow_overset: true,
            ..Default::default()
        },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let kinds: Vec<_> = laid.issue.assets.iter().map(|a| a.kind).collect();
    assert_eq!(
        kinds,
        [
            broadsheet::spec::AssetKind::Jpeg,
            broadsheet::spec::AssetKind::Pdf
        ]
    );
    // The page description places both files; no placeholder box is drawn.
    let items = &laid.document.pages[0].items;
    let placed: Vec<AssetId> = items
        .iter()
        .filter_map(|i| match i {
            Item::Image(im) => Some(im.asset),
            _ => None,
        })
        .collect();
    assert_eq!(placed, [AssetId(0), AssetId(1)]);
    assert!(!items.iter().any(|i| matches!(
        i,
        Item::Box(b) if matches!(b.role, BoxRole::Photo { .. } | BoxRole::Ad { .. })
    )));
    let pictures: Vec<String> = laid
        .diags
        .0
        .iter()
        .map(ToString::to_string)
        .filter(|m| m.contains("photo") || m.contains("ad "))
        .collect();
    assert!(pictures.is_empty(), "{pictures:#?}");
}
