//! The 数字报 e-paper of the sample: the site's files and links (read back from the
//! folder), its rules for the output folder, and the site in a real browser (Debian's
//! Chromium over WebDriver): from the index to page 1, a click on the lead story to its
//! page, a jump line to the continuation's frame on page 2, and page 1's image against
//! the PDF's proof.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use broadsheet::page::{Document, FrameKind, Item, Role};
use serde_json::{json, Value};

use crate::common;
use crate::live_view::Browser;

/// The sample laid out, and its site written into a scratch folder.
fn sample_site(name: &str) -> (broadsheet::Laid, PathBuf) {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let laid = broadsheet::layout_issue(Path::new("issue.toml"), &Default::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let dir = common::scratch_root().join(format!("epaper-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    let site = broadsheet::epaper::build_site(&laid.document);
    broadsheet::epaper::write_site(&site, &dir, &laid.issue.input_files()).unwrap();
    (laid, dir)
}

/// The values of `attr="…"` in `html`, in order.
fn attrs(html: &str, attr: &str) -> Vec<String> {
    let key = format!(" {attr}=\"");
    html.match_indices(&key)
        .map(|(i, _)| {
            let rest = &html[i + key.len()..];
            rest[..rest.find('"').unwrap()].replace("&amp;", "&")
        })
        .collect()
}

/// Text as the site escapes it.
fn escaped(t: &str) -> String {
    t.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[test]
fn the_sample_site_links_every_page_and_story_and_keeps_its_folder() {
    let (laid, dir) = sample_site("files");
    let doc = &laid.document;
    let html: BTreeMap<String, String> = std::fs::read_to_string(dir.join(".broadsheet-epaper"))
        .unwrap()
        .lines()
        .filter(|f| f.ends_with(".html"))
        .map(|f| (f.to_string(), std::fs::read_to_string(dir.join(f)).unwrap()))
        .collect();
    // The index, a view per page, a page per story set.
    assert!(html.contains_key("index.html"));
    for n in 1..=8 {
        assert!(html.contains_key(&format!("page-{n}.html")), "page {n}");
    }
    let stories = broadsheet::epaper::stories_set(doc);
    assert_eq!(stories.len(), doc.stories.len());
    assert_eq!(
        html.keys().filter(|k| k.starts_with("story-")).count(),
        stories.len()
    );
    // Every link and picture is a file of the site; every fragment an id in its file;
    // nothing points outside the folder.
    for (file, text) in &html {
        for link in attrs(text, "href").into_iter().chain(attrs(text, "src")) {
            // A glyph outline the page image uses (`#pNfFgG`; a space has none).
            if link.starts_with("#p") {
                continue;
            }
            assert!(
                !link.contains("://") && !link.starts_with('/') && !link.contains(".."),
                "{file}: {link}"
            );
            let (path, fragment) = link.split_once('#').unwrap_or((&link, ""));
            assert!(dir.join(path).is_file(), "{file}: {link}");
            if !fragment.is_empty() {
                let target = &html[path];
                assert!(
                    target.contains(&format!(" id=\"{fragment}\"")),
                    "{file}: {link}"
                );
            }
        }
    }
    // Page 1: a region per story frame to the story's page, and each jump line to the
    // continuation's frame on page 2, which leads back.
    let page1 = &html["page-1.html"];
    let p1 = &doc.pages[0];
    let frames: Vec<_> = p1
        .frames
        .iter()
        .filter(|f| matches!(f.kind, FrameKind::Story | FrameKind::Continuation))
        .collect();
    let story_links: Vec<String> = attrs(page1, "href")
        .into_iter()
        .filter(|h| h.starts_with("story-"))
        .collect();
    // Each story once as a region and once in the list beside the page.
    assert_eq!(story_links.len(), 2 * frames.len());
    let jumps: Vec<String> = attrs(page1, "href")
        .into_iter()
        .filter(|h| h.starts_with("page-2.html#"))
        .collect();
    let jump_lines = p1
        .items
        .iter()
        .filter(|i| matches!(i, Item::Text(l) if matches!(l.role, Role::Jump { out: true, .. })))
        .count();
    assert_eq!(jumps.len(), jump_lines);
    assert!(jump_lines >= 2);
    // Every story page holds the story's whole copy: headline and every block.
    for &s in &stories {
        let copy = &doc.copy[s.0];
        let file = &html[&broadsheet::epaper::story_file(doc, s)];
        assert!(file.contains(&format!("<h1>{}</h1>", escaped(&copy.headline))));
        for b in &copy.blocks {
            let plain: String = b.text.chars().filter(|c| !c.is_whitespace()).collect();
            let shown: String = strip_tags(file)
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            assert!(
                shown.contains(&escaped(&plain)),
                "{}: {}",
                copy.headline,
                b.text
            );
        }
    }

    // Again into the same folder: the same files; a file of the last run no longer made
    // is removed, another file in the folder is left.
    std::fs::write(dir.join("story-gone.html"), "old").unwrap();
    let mut list = std::fs::read_to_string(dir.join(".broadsheet-epaper")).unwrap();
    list.push_str("story-gone.html\n");
    std::fs::write(dir.join(".broadsheet-epaper"), list).unwrap();
    std::fs::write(dir.join("notes.txt"), "mine").unwrap();
    let site = broadsheet::epaper::build_site(doc);
    broadsheet::epaper::write_site(&site, &dir, &laid.issue.input_files()).unwrap();
    assert!(!dir.join("story-gone.html").exists());
    assert!(dir.join("notes.txt").exists());
    assert_eq!(
        std::fs::read_to_string(dir.join("page-1.html")).unwrap(),
        *page1
    );

    // A folder with files of its own and no list is refused, untouched.
    let other = common::scratch_root().join("epaper-other");
    let _ = std::fs::remove_dir_all(&other);
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("index.html"), "the archive's own").unwrap();
    let err = broadsheet::epaper::write_site(&site, &other, &[])
        .unwrap_err()
        .to_string();
    assert!(err.contains("did not write"), "{err}");
    assert_eq!(
        std::fs::read_to_string(other.join("index.html")).unwrap(),
        "the archive's own"
    );
    let _ = std::fs::remove_dir_all(&other);
    let _ = std::fs::remove_dir_all(&dir);
}

/// `html` without its tags, its entities left as they are.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The WebDriver id of the first element matching `css`.
fn element(b: &Browser, css: &str) -> String {
    let v = b.call(
        "POST",
        "element",
        Some(&json!({"using": "css selector", "value": css})),
    );
    v.as_object()
        .and_then(|o| o.values().next())
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("no element {css}: {v}"))
        .to_string()
}

fn click(b: &Browser, css: &str) {
    let id = element(b, css);
    b.call("POST", &format!("element/{id}/click"), Some(&json!({})));
}

fn wait_for_url(b: &Browser, ends: &str) -> String {
    let v = b.wait_for("return location.href;", |v| {
        v.as_str().is_some_and(|u| u.ends_with(ends))
    });
    v.as_str().unwrap().to_string()
}

/// The mean grey of each cell of a `cols` × `rows` grid over the part of `img` from
/// (`x0`, `y0`) of `w` × `h` pixels.
fn cells(
    img: &broadsheet::proof::Image,
    (x0, y0, w, h): (f64, f64, f64, f64),
    grid: (usize, usize),
) -> Vec<f64> {
    let (cols, rows) = grid;
    let mut sums = vec![0.0f64; cols * rows];
    let mut counts = vec![0.0f64; cols * rows];
    let ch = img.channels as usize;
    for y in 0..img.height as usize {
        let fy = (y as f64 + 0.5 - y0) / h;
        if !(0.0..1.0).contains(&fy) {
            continue;
        }
        for x in 0..img.width as usize {
            let fx = (x as f64 + 0.5 - x0) / w;
            if !(0.0..1.0).contains(&fx) {
                continue;
            }
            let i = (y * img.width as usize + x) * ch;
            let grey = img.pixels[i..i + ch]
                .iter()
                .map(|&v| f64::from(v))
                .sum::<f64>()
                / ch as f64;
            let cell = (fy * rows as f64) as usize * cols + (fx * cols as f64) as usize;
            sums[cell] += grey;
            counts[cell] += 1.0;
        }
    }
    sums.iter()
        .zip(&counts)
        .map(|(s, n)| s / n.max(1.0))
        .collect()
}

/// The cells (of the grid over the trim) a supplied PDF ad covers: the e-paper shows it
/// as a grey box, the proof its artwork.
fn supplied_pdf_cells(doc: &Document, grid: (usize, usize)) -> Vec<bool> {
    let (cols, rows) = grid;
    let (cw, rh) = (doc.trim_width / cols as f64, doc.trim_height / rows as f64);
    let mut out = vec![false; cols * rows];
    for item in &doc.pages[0].items {
        let Item::Image(im) = item else { continue };
        if broadsheet::epaper::supplied_pdf_file(doc, im.asset.0).is_none() {
            continue;
        }
        for r in 0..rows {
            for c in 0..cols {
                let (x, y) = (c as f64 * cw, r as f64 * rh);
                let clip = im.clip;
                if x + cw > clip.x && x < clip.x + clip.w && y + rh > clip.y && y < clip.y + clip.h
                {
                    out[r * cols + c] = true;
                }
            }
        }
    }
    out
}

/// In Chromium, from the file system: the index shows 8 pages; page 1's lead story
/// region opens the story's page with its headline; a jump line on page 1 leads to
/// the continuation's frame on page 2; page 1's image matches the PDF's proof (cells of
/// 30 pt, the supplied PDF ad's cells aside).
#[test]
#[ignore = "conformance: needs chromium, chromedriver and poppler-utils (scripts/conformance)"]
fn the_browser_follows_a_story_and_its_jump_and_the_page_matches_its_proof() {
    let (laid, dir) = sample_site("browser");
    let doc = &laid.document;
    let browser = Browser::start(&dir.join("chromium-profile"));
    let index = format!("file://{}", dir.join("index.html").display());
    browser.open(&index);
    let pages = browser.run("return document.querySelectorAll('ol.thumbs img').length;");
    assert_eq!(pages, json!(8));
    click(&browser, "ol.thumbs a[href='page-1.html']");
    wait_for_url(&browser, "/page-1.html");

    // The lead story's region → its page, with its headline.
    let lead = doc.pages[0]
        .frames
        .iter()
        .find(|f| f.kind == FrameKind::Story)
        .and_then(|f| f.story)
        .unwrap();
    let lead_file = broadsheet::epaper::story_file(doc, lead);
    click(
        &browser,
        &format!(".regions a.story[href='{lead_file}'] rect"),
    );
    wait_for_url(&browser, &format!("/{lead_file}"));
    let h1 = browser.run("return document.querySelector('h1').textContent;");
    assert_eq!(h1, json!(doc.copy[lead.0].headline));

    // A jump line on page 1 → the continuation's frame on page 2, of the same story.
    browser.open(&format!("file://{}", dir.join("page-1.html").display()));
    wait_for_url(&browser, "/page-1.html");
    let jump_href =
        browser.run("return document.querySelector('.regions a.jump').getAttribute('href');");
    let jump_href = jump_href.as_str().unwrap().to_string();
    assert!(jump_href.starts_with("page-2.html#f"), "{jump_href}");
    click(&browser, ".regions a.jump rect");
    let url = wait_for_url(&browser, &jump_href[jump_href.find('#').unwrap()..]);
    assert!(url.contains("/page-2.html#f"), "{url}");
    let target = browser.run(
        "const t = document.querySelector(':target'); return t ? [t.getAttribute('class'), t.getAttribute('href'), t.querySelector('title').textContent] : null;",
    );
    assert_eq!(target[0], json!("story"), "{target}");
    let story_of_jump = target[1].as_str().unwrap();
    assert!(target[2].as_str().unwrap().ends_with("（续）"), "{target}");
    // The jump line sat in that story's frame on page 1.
    let page1 = std::fs::read_to_string(dir.join("page-1.html")).unwrap();
    assert!(page1.contains(&format!("href=\"{story_of_jump}\"")));

    // Page 1's image against the PDF's proof.
    browser.open(&format!("file://{}", dir.join("page-1.html").display()));
    wait_for_url(&browser, "/page-1.html");
    // The whole page inside the window (1400 × 1000): 600 px wide, scrolled to.
    browser.run(
        "const s = document.querySelector('.sheet'); s.style.flex = 'none'; s.style.width = '600px'; s.scrollIntoView(); return null;",
    );
    let svg = element(&browser, ".sheet svg");
    let shot = browser.call("GET", &format!("element/{svg}/screenshot"), None);
    let png = base64::engine::general_purpose::STANDARD
        .decode(shot.as_str().unwrap())
        .unwrap();
    let shot_path = dir.join("page-1-view.png");
    std::fs::write(&shot_path, png).unwrap();
    let view = broadsheet::proof::read_png(&shot_path).unwrap();
    let pdf_path = dir.join("issue.pdf");
    let bytes = broadsheet::write_issue_pdf(&laid, &Default::default()).unwrap();
    std::fs::write(&pdf_path, bytes).unwrap();
    let proofs = broadsheet::proof::rasterize(&pdf_path, &dir.join("proof"), 72, false).unwrap();
    let proof = broadsheet::proof::read_png(&proofs[0]).unwrap();
    let grid = (40, 55);
    let margin = doc.bleed + doc.slug; // 72 dpi: a pixel a point
    let a = cells(
        &view,
        (0.0, 0.0, f64::from(view.width), f64::from(view.height)),
        grid,
    );
    let b = cells(
        &proof,
        (margin, margin, doc.trim_width, doc.trim_height),
        grid,
    );
    let masked = supplied_pdf_cells(doc, grid);
    let diffs: Vec<f64> = a
        .iter()
        .zip(&b)
        .zip(&masked)
        .filter(|(_, m)| !**m)
        .map(|((x, y), _)| (x - y).abs())
        .collect();
    let mean = diffs.iter().sum::<f64>() / diffs.len() as f64;
    let worst = diffs.iter().copied().fold(0.0, f64::max);
    eprintln!(
        "page 1 view {}×{} px vs proof: {} cells compared, mean |Δgrey| {mean:.2}, worst {worst:.1}",
        view.width,
        view.height,
        diffs.len()
    );
    assert!(diffs.len() > 1500, "{}", diffs.len());
    assert!(mean < 4.0, "mean {mean}");
    assert!(worst < 40.0, "worst {worst}");
    let _ = std::fs::remove_dir_all(&dir);
}
