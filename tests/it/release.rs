//! `broadsheet release`: one PDF per plate, named the plant's way, with a manifest — read
//! back from the folder: each file one page with its boxes, output intent, embedded fonts
//! and page label, passing the preflight; the manifest's checksums and sizes those of the
//! files; a second release writing nothing; editions releasing only the pages they
//! replace; a correction going again as version b, in every edition that prints it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde_json::Value;

use crate::common;
use crate::common::pdf::{catalog, get, open, Array, Dict};
use crate::navigation::{page_refs, refs, text};

/// `broadsheet release ISSUE -o DIR`: its message line.
fn release(issue: &Path, dir: &Path) -> String {
    let out = common::broadsheet()
        .arg("release")
        .arg(issue)
        .arg("-o")
        .arg(dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    stderr
        .lines()
        .find(|l| l.starts_with("released "))
        .unwrap_or_else(|| panic!("{stderr}"))
        .to_string()
}

fn manifest(dir: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap()
}

/// Every file of the folder with its modification time.
fn times(dir: &Path) -> BTreeMap<String, SystemTime> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                e.metadata().unwrap().modified().unwrap(),
            )
        })
        .collect()
}

/// The manifest against the files: each plate's file there, with its MD5 and size; and
/// each file a one-page PDF/X with its boxes, output intent, embedded fonts and label,
/// passing `check`.
fn check_plates(dir: &Path, m: &Value) {
    for plate in m["plates"].as_array().unwrap() {
        let file = plate["file"].as_str().unwrap();
        let bytes = std::fs::read(dir.join(file)).unwrap();
        assert_eq!(plate["size"].as_u64(), Some(bytes.len() as u64), "{file}");
        let md5: String = md5::compute(&bytes)
            .0
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(plate["md5"].as_str(), Some(md5.as_str()), "{file}");
        assert_eq!(plate["preflight"], "passed", "{file}");
        let pdf = open(&bytes);
        let pages = page_refs(&pdf);
        assert_eq!(pages.len(), 1, "{file}");
        let page: Dict<'_> = get(&pdf, pages[0]);
        for b in ["MediaBox", "BleedBox", "TrimBox"] {
            assert!(page.get::<Array<'_>>(b.as_bytes()).is_some(), "{file}: {b}");
        }
        let cat = catalog(&pdf);
        let intents = cat.get::<Array<'_>>(b"OutputIntents".as_slice()).unwrap();
        assert_eq!(intents.iter::<Dict<'_>>().count(), 1, "{file}");
        let labels: Dict<'_> = cat.get(b"PageLabels".as_slice()).unwrap();
        let nums = labels.get::<Array<'_>>(b"Nums".as_slice()).unwrap();
        let label: Dict<'_> = get(&pdf, refs(&nums)[0]);
        let n = plate["page"].as_u64().unwrap();
        let want = ["一", "二", "三", "四", "五", "六", "七", "八"][n as usize - 1];
        assert_eq!(
            text(&crate::common::pdf::string(&label, "P")),
            format!("第{want}版")
        );
        // Every font on the page embedded.
        let resources: Dict<'_> = page.get(b"Resources".as_slice()).unwrap();
        let fonts: Dict<'_> = resources.get(b"Font".as_slice()).unwrap();
        for (name, _) in fonts.entries() {
            let font: Dict<'_> = fonts.get(name.as_ref()).unwrap();
            let descendants = font
                .get::<Array<'_>>(b"DescendantFonts".as_slice())
                .unwrap();
            let cid: Dict<'_> = descendants.iter::<Dict<'_>>().next().unwrap();
            let descriptor: Dict<'_> = cid.get(b"FontDescriptor".as_slice()).unwrap();
            assert!(
                ["FontFile", "FontFile2", "FontFile3"]
                    .iter()
                    .any(|k| descriptor.contains_key(k.as_bytes())),
                "{file}: a font not embedded"
            );
        }
        let report = broadsheet::check::check_pdf_bytes(
            Path::new(file),
            &bytes,
            &broadsheet::check::PreflightLimits::default(),
        )
        .unwrap();
        assert!(report.passed, "{file}: {}", report.text());
    }
}

#[test]
fn the_sample_releases_eight_plates_and_again_writes_nothing() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let dir = common::scratch_root().join("release-sample");
    let _ = std::fs::remove_dir_all(&dir);
    let line = release(Path::new("issue.toml"), &dir);
    assert_eq!(
        line,
        format!(
            "released 8 plates in {}: 8 written, 0 unchanged",
            dir.display()
        )
    );
    let m = manifest(&dir);
    let files: Vec<&str> = m["plates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["file"].as_str().unwrap())
        .collect();
    let want: Vec<String> = (1..=8)
        .map(|n| format!("HYRB_20220208_A00{n}_P1a.pdf"))
        .collect();
    assert_eq!(files, want);
    check_plates(&dir, &m);
    // One edition, each page its own plate.
    let ed = &m["editions"][0];
    assert_eq!(ed["zone"], "1");
    assert_eq!(ed["pages"].as_array().unwrap().len(), 8);

    let before = times(&dir);
    let again = release(Path::new("issue.toml"), &dir);
    assert!(again.ends_with(": 0 written, 8 unchanged"), "{again}");
    assert_eq!(times(&dir), before, "a second release touched a file");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The editions fixture in a scratch folder, its page-2 story's article a copy there
/// (to edit); returns the issue file and the article copy.
fn editions_issue(dir: &Path) -> (PathBuf, PathBuf) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let article = dir.join("p2-epidemic.txt");
    std::fs::copy(
        root.join("fixtures/hengyang-2022-02-08/articles/p2-epidemic.txt"),
        &article,
    )
    .unwrap();
    let fixture_dir = root.join("fixtures/editions");
    let text = std::fs::read_to_string(fixture_dir.join("release.toml"))
        .unwrap()
        .replace(
            "\"../../layouts/",
            &format!("\"{}/layouts/", root.display()),
        )
        .replace(
            "\"../hengyang-2022-02-08/articles/p2-epidemic.txt\"",
            &format!("{:?}", article.display().to_string()),
        )
        .replace(
            "\"../hengyang-2022-02-08/",
            &format!("\"{}/fixtures/hengyang-2022-02-08/", root.display()),
        );
    let issue = dir.join("issue.toml");
    std::fs::write(&issue, text).unwrap();
    (issue, article)
}

#[test]
fn editions_release_their_own_pages_and_a_correction_goes_as_version_b() {
    let dir = common::scratch_dir("release", "editions", &[]);
    let plates = dir.join("plates");
    let (issue, article) = editions_issue(&dir);
    let line = release(&issue, &plates);
    assert!(line.ends_with(": 10 written, 0 unchanged"), "{line}");
    let m = manifest(&plates);
    check_plates(&plates, &m);
    // Which plate each edition prints for each page.
    let prints = |m: &Value, zone: &str| -> Vec<String> {
        let ed = m["editions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["zone"] == zone)
            .unwrap();
        ed["pages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["file"].as_str().unwrap().to_string())
            .collect()
    };
    let zone1 = prints(&m, "1");
    let zone2 = prints(&m, "2");
    let zone3 = prints(&m, "3");
    for n in 0..8 {
        let own2 = n == 4;
        let own3 = n == 7;
        assert_eq!(zone2[n] != zone1[n], own2, "zone 2 page {}", n + 1);
        assert_eq!(zone3[n] != zone1[n], own3, "zone 3 page {}", n + 1);
    }
    assert_eq!(zone2[4], "HYRB_20220208_A005_P2a.pdf");
    assert_eq!(zone3[7], "HYRB_20220208_A008_P3a.pdf");
    assert_eq!(m["editions"][1]["name"], "耒阳版");

    // A correction to a story on page 2: that plate again, as version b, and every
    // edition prints it; nothing else is written.
    let before = times(&plates);
    let copy = std::fs::read_to_string(&article).unwrap();
    let edited = copy.replacen("。", "，据悉。", 1);
    assert_ne!(edited, copy);
    std::fs::write(&article, edited).unwrap();
    let line = release(&issue, &plates);
    assert!(line.ends_with(": 1 written, 9 unchanged"), "{line}");
    let m2 = manifest(&plates);
    check_plates(&plates, &m2);
    let page2 = m2["plates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["page"] == 2)
        .unwrap();
    assert_eq!(page2["file"], "HYRB_20220208_A002_P1b.pdf");
    assert_eq!(page2["version"], "b");
    assert_eq!(page2["previous"]["file"], "HYRB_20220208_A002_P1a.pdf");
    assert_eq!(page2["previous"]["version"], "a");
    for zone in ["1", "2", "3"] {
        assert_eq!(
            prints(&m2, zone)[1],
            "HYRB_20220208_A002_P1b.pdf",
            "zone {zone}"
        );
    }
    let after = times(&plates);
    let changed: Vec<&String> = after
        .iter()
        .filter(|(f, t)| before.get(*f) != Some(*t))
        .map(|(f, _)| f)
        .collect();
    assert_eq!(changed, ["HYRB_20220208_A002_P1b.pdf", "manifest.json"]);
    // The replaced version stays for the plant.
    assert!(plates.join("HYRB_20220208_A002_P1a.pdf").is_file());
    let _ = std::fs::remove_dir_all(&dir);
}

/// `broadsheet release issue.toml -o OUT` run in `dir`: whether it succeeded, and what
/// it said.
fn release_in(dir: &Path, out: &str) -> (bool, String) {
    let run = common::broadsheet()
        .args(["release", "issue.toml", "-o", out])
        .current_dir(dir)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&run.stderr).into_owned();
    (run.status.success(), said)
}

#[test]
fn release_refuses_what_would_lose_files_or_names() {
    let dir = common::scratch_dir("release", "refusals", &["layouts"]);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // A plate name over someone else's file.
    let plates = dir.join("plates");
    std::fs::create_dir_all(&plates).unwrap();
    std::fs::write(plates.join("HYRB_20220208_A001_P1a.pdf"), "the plant's own").unwrap();
    let layout = std::fs::read_to_string(root.join("layouts/hengyang-broadsheet.toml")).unwrap();
    std::fs::write(dir.join("layouts/hengyang-broadsheet.toml"), &layout).unwrap();
    let issue = std::fs::read_to_string(root.join("issue.toml")).unwrap();
    std::fs::write(dir.join("issue.toml"), &issue).unwrap();
    let (ok, stderr) = release_in(&dir, "plates");
    assert!(!ok);
    assert!(
        stderr.contains("a file the last release did not write"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(plates.join("HYRB_20220208_A001_P1a.pdf")).unwrap(),
        "the plant's own"
    );
    assert!(!plates.join("manifest.json").exists());

    // Without a paper code the default names cannot be made: said before any work.
    let no_code = layout.replace("paper_code = \"HYRB\"", "");
    std::fs::write(dir.join("layouts/hengyang-broadsheet.toml"), no_code).unwrap();
    let (_, stderr) = release_in(&dir, "plates2");
    assert!(stderr.contains("need `[release] paper_code`"), "{stderr}");
    assert!(!dir.join("plates2").exists());

    // A page that says `replaces` outside an edition; an edition replacing page 12.
    std::fs::write(dir.join("layouts/hengyang-broadsheet.toml"), &layout).unwrap();
    let bad = issue.replacen(
        "template = \"front\"",
        "template = \"front\"\nreplaces = 1",
        1,
    )
        + "\n[[edition]]\nzone = \"2\"\n[[edition.page]]\nreplaces = 12\ntemplate = \"inside\"\n";
    std::fs::write(dir.join("issue.toml"), bad).unwrap();
    let (_, stderr) = release_in(&dir, "plates3");
    assert!(
        stderr.contains("`replaces` is for the pages of an `[[edition]]`"),
        "{stderr}"
    );
    assert!(stderr.contains("`replaces = 12`"), "{stderr}");
    assert!(stderr.contains("issue.toml:"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The sample's plates through the plant's tools: qpdf and Ghostscript read each
/// without a warning.
#[test]
#[ignore = "conformance: needs qpdf and ghostscript (scripts/conformance)"]
fn each_plate_passes_qpdf_and_ghostscript() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let dir = common::scratch_root().join("release-tools");
    let _ = std::fs::remove_dir_all(&dir);
    release(Path::new("issue.toml"), &dir);
    let m = manifest(&dir);
    for plate in m["plates"].as_array().unwrap() {
        let file = dir.join(plate["file"].as_str().unwrap());
        let q = std::process::Command::new("qpdf")
            .arg("--check")
            .arg(&file)
            .output()
            .expect("qpdf (apt-get install qpdf; scripts/conformance does)");
        assert!(q.status.success(), "{}", String::from_utf8_lossy(&q.stdout));
        let gs = std::process::Command::new("gs")
            .args(["-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=nullpage"])
            .arg(&file)
            .output()
            .expect("gs (apt-get install ghostscript; scripts/conformance does)");
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&gs.stdout),
            String::from_utf8_lossy(&gs.stderr)
        );
        assert!(
            gs.status.success() && said.trim().is_empty(),
            "{}: {said}",
            file.display()
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
