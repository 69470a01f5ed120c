//! Band artwork: a masthead block may place a vector file (the nameplate, 报头字) instead
//! of typeset text. The evening tabloid's layout does; its nameplate PDF (made by
//! scripts/make-pictures.py, with its own embedded font) lands in the masthead band as
//! a Form XObject, its text still selectable.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use broadsheet::page::{FrameKind, Item};
use broadsheet::RenderOptions;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
#[ignore = "conformance: needs poppler-utils (scripts/conformance)"]
fn the_evening_nameplate_is_placed_as_vector_artwork_in_the_band() {
    let issue = root().join("fixtures/hengyang-evening/issue.toml");
    let (laid, bytes) = broadsheet::render_issue(&issue, &RenderOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let page = &laid.document.pages[0];
    let images: Vec<_> = page
        .items_with_frames()
        .filter_map(|(f, i)| match i {
            Item::Image(im) if page.frames[f?].kind == FrameKind::Masthead => Some((f?, im)),
            _ => None,
        })
        .collect();
    assert_eq!(images.len(), 1, "one artwork item in the masthead");
    let (art_frame, art) = images[0];
    let asset = &laid.issue.assets[art.asset.0];
    assert!(asset
        .path
        .ends_with("artwork/hengyang-evening-nameplate.pdf"));
    // Fitted whole inside the band (10 lines from the type area's top) and inside its
    // block's three columns, keeping the artwork's 400 × 96 proportions.
    let g = &laid.issue.layout.grid;
    let band = page.frames[art_frame].rect;
    assert!(
        art.placed.x >= g.col_x(2) - 0.01
            && art.placed.right() <= g.col_x(2) + g.span_width(3) + 0.01
    );
    assert!(art.placed.y >= band.y - 0.01 && art.placed.bottom() <= band.bottom() + 0.01);
    assert!((art.placed.w / art.placed.h - 400.0 / 96.0).abs() < 0.01);

    // In the PDF: the nameplate's own font came along and its text can be copied out.
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("evening-nameplate.pdf");
    std::fs::write(&out, &bytes).unwrap();
    let text = Command::new("pdftotext")
        .args(["-f", "1", "-l", "1", "-enc", "UTF-8"])
        .arg(&out)
        .arg("-")
        .output()
        .expect(
            "pdftotext is not installed (apt-get install poppler-utils; scripts/conformance does)",
        );
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("HENGYANG EVENING NEWS"), "{text}");
    let fonts = Command::new("pdffonts").arg(&out).output().unwrap();
    assert!(
        String::from_utf8_lossy(&fonts.stdout).contains("LXGWWenKai"),
        "the nameplate's font is embedded"
    );
}

/// The tabloid's layout in a scratch folder's `layouts/` (with a copy of its nameplate
/// artwork), the items of its artwork block replaced by `items` (TOML: `items = [{ … }]`).
fn scratch(name: &str, items: &str) -> PathBuf {
    let dir = common::scratch_dir("artwork", name, &["layouts"]);
    std::fs::create_dir_all(dir.join("layouts/artwork")).unwrap();
    std::fs::copy(
        root().join("layouts/artwork/hengyang-evening-nameplate.pdf"),
        dir.join("layouts/artwork/hengyang-evening-nameplate.pdf"),
    )
    .unwrap();
    let items: toml::Table = items.parse().unwrap();
    let layout = common::layout_with("hengyang-evening-tabloid", |t| {
        let front = common::table_mut(common::table_mut(t, "template"), "front");
        let blocks = front["block"].as_array_mut().unwrap();
        let artwork = blocks
            .iter_mut()
            .filter_map(|b| b.as_table_mut())
            .find(|b| b["items"].to_string().contains("artwork/"))
            .unwrap();
        artwork.insert("items".into(), items["items"].clone());
    });
    std::fs::write(dir.join("layouts/layout.toml"), layout).unwrap();
    let issue = "layout = \"layouts/layout.toml\"\n[issue]\npaper = \"衡阳晚报\"\ndate = 2022-12-01\nnumber = 1\n[[page]]\ntemplate = \"front\"\n";
    std::fs::write(dir.join("issue.toml"), issue).unwrap();
    dir.join("issue.toml")
}

fn errors(p: &Path) -> String {
    match broadsheet::layout_issue(p, &RenderOptions::default()) {
        Ok(_) => panic!("expected an error"),
        Err(d) => d.to_string(),
    }
}

#[test]
fn artwork_errors_are_located_in_the_layout() {
    let art = "artwork/hengyang-evening-nameplate.pdf";
    let p = scratch(
        "missing",
        "items = [{ file = \"artwork/none.pdf\", lines = 7 }]",
    );
    let text = errors(&p);
    assert!(
        text.contains("layout.toml:") && text.contains("artwork file `artwork/none.pdf` not found"),
        "{text}"
    );
    let p = scratch("nolines", &format!("items = [{{ file = \"{art}\" }}]"));
    let text = errors(&p);
    assert!(text.contains("an artwork item needs `lines`"), "{text}");
    let p = scratch(
        "page",
        &format!("items = [{{ file = \"{art}\", lines = 7, page = 3 }}]"),
    );
    let text = errors(&p);
    assert!(
        text.contains("has 1 page(s); `page = 3` is not one of them"),
        "{text}"
    );
}
