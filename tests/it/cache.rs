//! The cache folder (`--cache DIR`: subset fonts in `fonts/`, what checking and
//! preparing pictures found in `pictures/`): the PDF and the messages are the same byte
//! for byte without it, with an empty cache filled by two renders at once, with a full
//! one (whose entries are used, not made again), and with damaged entries (which are not
//! used).

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

/// The render's messages.
fn finish(child: std::process::Child) -> String {
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stderr).unwrap()
}

fn entries(cache: &Path) -> Vec<std::path::PathBuf> {
    let mut found: Vec<_> = std::fs::read_dir(cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    found.sort();
    found
}

/// Each entry's bytes and modification time.
fn stamps(entries: &[std::path::PathBuf]) -> Vec<(Vec<u8>, std::time::SystemTime)> {
    entries
        .iter()
        .map(|p| {
            let modified = std::fs::metadata(p).unwrap().modified().unwrap();
            (std::fs::read(p).unwrap(), modified)
        })
        .collect()
}

#[test]
fn the_cache_never_changes_the_pdf() {
    let dir = common::scratch_dir("cache", "bytes", &[]);
    let cache = dir.join("cache");
    let plain_log = finish(render(&dir, "plain.pdf", None));
    assert!(!cache.exists());
    // Two renders at once into an empty cache.
    let a = render(&dir, "cold-a.pdf", Some("cache"));
    let b = render(&dir, "cold-b.pdf", Some("cache"));
    assert_eq!(finish(a), plain_log);
    assert_eq!(finish(b), plain_log);
    let fonts = entries(&cache.join("fonts"));
    let pictures = entries(&cache.join("pictures"));
    // One font entry per face the sample sets text in (the names are keys; no
    // temporary files are left).
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
    assert_eq!(fonts.len(), embedded, "{fonts:?}");
    assert!(fonts
        .iter()
        .all(|p| p.extension().is_some_and(|e| e == "bsfont")));
    // A picture entry per JPEG and PNG file of the issue (checked), one per such file
    // placed (prepared for the sample's output), and one per CMYK image whose ink the
    // preflight measured (the sample has some: a CMYK photo, one held to the limit).
    let image_files = |assets: &mut dyn Iterator<Item = &broadsheet::spec::Asset>| {
        assets
            .filter(|a| a.kind != broadsheet::spec::AssetKind::Pdf)
            .map(|a| a.path.clone())
            .collect::<std::collections::BTreeSet<_>>()
            .len()
    };
    let checked = image_files(&mut laid.issue.assets.iter());
    let placed = image_files(
        &mut laid
            .document
            .pages
            .iter()
            .flat_map(broadsheet::page::Page::placed_assets)
            .filter_map(|a| laid.issue.assets.get(a.0)),
    );
    assert!(placed >= 8, "{placed} placed");
    let inks = pictures.len().saturating_sub(checked + placed);
    assert!((1..=placed).contains(&inks), "{inks} inks: {pictures:?}");
    assert!(pictures
        .iter()
        .all(|p| p.extension().is_some_and(|e| e == "bspict")));
    // A warm render uses every entry and writes none again.
    let before = stamps(&fonts);
    let pictures_before = stamps(&pictures);
    assert_eq!(finish(render(&dir, "warm.pdf", Some("cache"))), plain_log);
    assert_eq!(entries(&cache.join("fonts")), fonts);
    assert_eq!(entries(&cache.join("pictures")), pictures);
    assert!(stamps(&fonts) == before, "a font entry was written again");
    assert!(
        stamps(&pictures) == pictures_before,
        "a picture entry was written again"
    );
    // Damaged entries are not used: the work is done again, and the entry made whole.
    for p in fonts.iter().chain(&pictures) {
        let mut bytes = std::fs::read(p).unwrap();
        let mid = bytes.len() / 2;
        bytes[mid] ^= 0xff;
        std::fs::write(p, bytes).unwrap();
    }
    assert_eq!(
        finish(render(&dir, "damaged.pdf", Some("cache"))),
        plain_log
    );
    let whole = |s: Vec<(Vec<u8>, std::time::SystemTime)>| -> Vec<Vec<u8>> {
        s.into_iter().map(|(b, _)| b).collect()
    };
    assert!(
        whole(stamps(&pictures)) == whole(pictures_before),
        "damaged entries not made again"
    );
    let plain = std::fs::read(dir.join("plain.pdf")).unwrap();
    for name in ["cold-a.pdf", "cold-b.pdf", "warm.pdf", "damaged.pdf"] {
        assert!(
            std::fs::read(dir.join(name)).unwrap() == plain,
            "{name} differs"
        );
    }
}

/// The preflight's ink of CMYK images taken from the picture cache gives the same
/// findings as measuring them: the sample's PDF checked against a 150 % limit (which
/// its CMYK photos go over) without a cache, into an empty one, and from the full one
/// (which is not written again).
#[test]
fn inks_from_the_cache_give_the_same_findings() {
    use broadsheet::check::{check_pdf_bytes, PreflightLimits};
    let dir = common::scratch_dir("cache", "inks", &[]);
    let issue = Path::new(env!("CARGO_MANIFEST_DIR")).join("issue.toml");
    let (_, pdf) = broadsheet::render_issue(&issue, &Default::default()).unwrap();
    let cache = broadsheet::pictures::cache::PictureCache::new(dir.join("pictures"));
    let strict = PreflightLimits {
        tac_percent: 150.0,
        ..PreflightLimits::default()
    };
    let cached = PreflightLimits {
        ink_cache: Some(cache.clone()),
        ..strict.clone()
    };
    let name = Path::new("issue.pdf");
    let measured = check_pdf_bytes(name, &pdf, &strict).unwrap();
    let tac = measured.check("tac").unwrap();
    assert!(
        tac.findings
            .iter()
            .filter(|f| f.message.starts_with("a CMYK image"))
            .count()
            >= 2,
        "{:?}",
        tac.findings
    );
    assert_eq!(check_pdf_bytes(name, &pdf, &cached).unwrap(), measured);
    let kept = entries(cache.dir());
    assert!(kept.len() >= 2, "{kept:?}");
    let before = stamps(&kept);
    assert_eq!(check_pdf_bytes(name, &pdf, &cached).unwrap(), measured);
    assert!(stamps(&kept) == before, "an ink entry was written again");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Pictures of every kind the cache keeps go through it unchanged: a 16-bit RGBA PNG
/// (decoded for the PDF: 16-bit samples and a 16-bit soft mask) and a CMYK JPEG photo
/// at 400 % ink (held to the limit, and its ink measured by the preflight). The PDF and
/// the messages are the same without the cache, into an empty one and from the full one.
#[test]
fn decoded_and_held_pictures_come_back_the_same() {
    let dir = common::scratch_dir("cache", "kinds", &[]);
    let (w, h) = (600u32, 900u32);
    let f = std::fs::File::create(dir.join("deep.png")).unwrap();
    let mut enc = png::Encoder::new(std::io::BufWriter::new(f), w, h);
    enc.set_color(png::ColorType::Rgba);
    enc.set_depth(png::BitDepth::Sixteen);
    let mut writer = enc.write_header().unwrap();
    let pixels: Vec<u8> = (0..w * h * 8).map(|i| (i * 37 % 251) as u8).collect();
    writer.write_image_data(&pixels).unwrap();
    writer.finish().unwrap();
    let issue = common::picture_issue(
        &dir,
        "layouts/hengyang-broadsheet.toml",
        "file = \"fixtures/pictures/ink-400.jpg\"",
        "",
        "[[page.photo]]\narea = { col = 7, cols = 2, row = 14, rows = 12 }\ncaption = \"深\"\nfile = \"deep.png\"",
    );
    let run = |out: &str, cache: Option<&str>| -> (Vec<u8>, String) {
        let mut cmd = common::broadsheet();
        cmd.current_dir(&dir)
            .arg("render")
            .arg(&issue)
            .args(["-o", out, "--allow-overset"]);
        match cache {
            Some(c) => cmd.args(["--cache", c]),
            None => cmd.arg("--no-cache"),
        };
        let done = cmd.output().unwrap();
        assert!(done.status.success(), "{done:?}");
        let log = String::from_utf8(done.stderr)
            .unwrap()
            .replace(out, "OUT.pdf");
        (std::fs::read(dir.join(out)).unwrap(), log)
    };
    let plain = run("plain.pdf", None);
    assert!(
        plain.1.contains("reaches 400 % total area coverage"),
        "{}",
        plain.1
    );
    let has = |pdf: &[u8], what: &[u8]| pdf.windows(what.len()).any(|w| w == what);
    assert!(has(&plain.0, b"/BitsPerComponent 16"), "no 16-bit image");
    assert!(has(&plain.0, b"/SMask"), "no soft mask");
    let cold = run("cold.pdf", Some("cache"));
    let pictures = entries(&dir.join("cache").join("pictures"));
    // Checked and prepared, each picture; the held ad's ink.
    assert_eq!(pictures.len(), 5, "{pictures:?}");
    let warm = run("warm.pdf", Some("cache"));
    assert!(
        cold == plain,
        "the PDF or messages with an empty cache differ"
    );
    assert!(
        warm == plain,
        "the PDF or messages from the full cache differ"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
