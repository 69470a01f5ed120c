//! The layout's `[output]` table (errors located in the layout file) and
//! `broadsheet check ISSUE.toml` (issue-level findings, then the PDF checks).

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use broadsheet::check::{check_path, Level, PreflightLimits};
use broadsheet::diag::Diagnostics;
use broadsheet::RenderOptions;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// A scratch copy of the sample with the layout's `[output]` table replaced by `output`.
fn scratch(name: &str, output: &str) -> PathBuf {
    let dir = common::scratch_dir("output", name, &["layouts"]);
    let layout = common::house_layout_with(|t| {
        t.remove("output");
    });
    // `output` is appended as written, so the tests can count its lines.
    let layout = format!("{layout}\n{output}");
    std::fs::write(dir.join("layouts/hengyang-broadsheet.toml"), layout).unwrap();
    std::fs::copy(Path::new(ROOT).join("issue.toml"), dir.join("issue.toml")).unwrap();
    dir.join("issue.toml")
}

fn errors(path: &Path) -> Diagnostics {
    match broadsheet::layout_issue(path, &RenderOptions::default()) {
        Ok(_) => panic!("expected errors"),
        Err(d) => d,
    }
}

#[test]
fn output_errors_are_located_in_the_layout() {
    let p = scratch(
        "errors",
        r#"[output]
standard = "PDF/X-3"
profile = "../profiles/no-such.icc"
deadline = 2022-02-08T23:30:00
utc_offset = "UTC+8"
tac_percent = 500.0
mark_offset_mm = 20.0
"#,
    );
    let d = errors(&p);
    let text: Vec<String> = d.errors().map(ToString::to_string).collect();
    let want = [
        ("unknown standard `PDF/X-3`", 2),
        ("failed to read profile `../profiles/no-such.icc`", 3),
        ("`deadline` must be a time of day", 4),
        ("bad UTC offset `UTC+8`", 5),
        ("[output] tac_percent must be a number from 100 to 400", 6),
        ("[output] mark_offset_mm must be a number from 0 to", 7),
    ];
    let start = std::fs::read_to_string(p.with_file_name("layouts/hengyang-broadsheet.toml"))
        .unwrap()
        .lines()
        .position(|l| l == "[output]")
        .unwrap();
    for (msg, line) in want {
        let hit = d
            .errors()
            .find(|e| e.message.contains(msg))
            .unwrap_or_else(|| panic!("no error “{msg}” in {text:#?}"));
        assert_eq!(hit.pos.map(|p| p.line), Some(start + line), "{hit}");
        assert!(hit
            .file
            .as_ref()
            .unwrap()
            .ends_with("hengyang-broadsheet.toml"));
    }
}

#[test]
fn a_claim_needs_profile_and_identifier() {
    let p = scratch("claim", "[output]\nstandard = \"PDF/X-4\"\n");
    let d = errors(&p);
    let msgs: Vec<&str> = d.errors().map(|e| e.message.as_str()).collect();
    assert!(
        msgs.contains(&"PDF/X-4 needs an output `profile`"),
        "{msgs:?}"
    );
    assert!(
        msgs.contains(&"PDF/X-4 needs a `condition_identifier`"),
        "{msgs:?}"
    );
    let p = scratch(
        "x4p",
        "[output]\nstandard = \"PDF/X-4p\"\nprofile = \"../profiles/CGATS-TR002-newsprint.icc\"\ncondition_identifier = \"CGATS TR 002\"\n",
    );
    let d = errors(&p);
    assert!(d
        .errors()
        .any(|e| e.message.contains("PDF/X-4p needs a `profile_url`")));
}

#[test]
fn a_profile_that_is_not_cmyk_output_is_refused() {
    let p = scratch(
        "rgb",
        "[output]\nprofile = \"../layouts/hengyang-broadsheet.toml\"\ncondition_identifier = \"x\"\n",
    );
    let d = errors(&p);
    assert!(
        d.errors()
            .any(|e| e.message.contains("is not a CMYK output profile")),
        "{d:?}"
    );
}

#[test]
fn without_output_table_nothing_is_claimed() {
    let p = scratch("none", "");
    let (_, bytes) = broadsheet::render_issue(&p, &RenderOptions::default()).unwrap();
    assert!(!bytes.windows(7).any(|w| w == b"PDF/X-4"));
    assert!(!bytes.windows(14).any(|w| w == b"/OutputIntents"));
}

#[test]
fn check_an_issue() {
    let opts = RenderOptions::default();
    let sample = check_path(
        &Path::new(ROOT).join("issue.toml"),
        &PreflightLimits::default(),
        &opts,
    )
    .unwrap();
    assert_eq!(sample.kind, "issue");
    assert!(sample.passed, "{}", sample.text());
    // Every photo and ad of the sample has its file: nothing is a placeholder.
    let placeholders = sample.check("placeholders").unwrap();
    assert!(placeholders.findings.is_empty(), "{placeholders:?}");
    // The rendered PDF is preflighted too.
    assert!(sample.check("output-intent").unwrap().passed());
    // The layout's warnings are shown once each with their place, and each says how to
    // deal with it (the opera photo held to the ink limit among them).
    let warnings = &sample.check("warnings").unwrap().findings;
    assert!(
        warnings.iter().any(|f| f.message.ends_with("issue.toml:248:8: photo `fixtures/hengyang-2022-02-08/photos/p6-opera.jpg` reaches 271 % total area coverage (50 % of its pixels over the layout's 240 %): the PDF carries it held to 240 % (K kept, C, M and Y reduced)")),
        "{warnings:?}"
    );
    for f in warnings {
        assert!(!f.message.contains("warning:"), "{}", f.message);
        assert!(f.hint.is_some(), "{}", f.message);
    }

    let overset = Path::new(ROOT).join("fixtures/overset/issue.toml");
    let report = check_path(&overset, &PreflightLimits::default(), &opts).unwrap();
    assert!(!report.passed);
    let c = report.check("overset").unwrap();
    assert!(c.findings[0].message.contains("is overset by"), "{c:?}");

    let out = crate::common::broadsheet()
        .arg("check")
        .arg(&overset)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("FAIL overset"));
}

#[test]
fn check_an_issue_with_spec_errors() {
    let p = scratch("spec", "[output]\nstandard = \"bogus\"\n");
    let report = check_path(&p, &PreflightLimits::default(), &RenderOptions::default()).unwrap();
    assert!(!report.passed);
    let spec = report.check("spec").unwrap();
    assert!(spec
        .findings
        .iter()
        .any(|f| f.message.contains("unknown standard")));
}

/// The slug line sits above the trim, wholly outside the bleed (beyond the marks'
/// offset), with the plate names C M Y K each in its own single ink.
#[test]
fn slug_line_is_outside_the_bleed_with_one_ink_plate_names() {
    use broadsheet::geom::Cmyk;
    use broadsheet::page::{FrameKind, Item};
    let laid =
        broadsheet::layout_issue(&Path::new(ROOT).join("issue.toml"), &Default::default()).unwrap();
    let l = &laid.issue.layout;
    let limit = -(l.bleed + l.output.mark_offset);
    for page in &laid.document.pages {
        let slugs: Vec<usize> = (0..page.frames.len())
            .filter(|&i| page.frames[i].kind == FrameKind::Slug)
            .collect();
        assert_eq!(slugs.len(), 1, "page {}", page.number);
        let lines: Vec<_> = page
            .items_with_frames()
            .filter_map(|(f, i)| match i {
                Item::Text(l) if f == Some(slugs[0]) => Some(l),
                _ => None,
            })
            .collect();
        assert!(lines[0].text.contains("衡阳日报"));
        assert!(lines[0].text.contains(&format!("第{}版", page.number)));
        for line in &lines {
            // Baseline plus the descent (a fifth of the size, generously) is above the
            // marks' start; nothing reaches the trim width's corners.
            assert!(line.baseline + line.size * 0.25 < limit, "{}", line.text);
            for g in &line.glyphs {
                assert!(g.x > 0.0 && g.x < l.trim_width, "{}", line.text);
            }
        }
        let plates: Vec<(String, Cmyk)> = lines[1..]
            .iter()
            .map(|line| (line.text.clone(), line.color))
            .collect();
        assert_eq!(
            plates,
            vec![
                ("C".to_string(), Cmyk::new(1.0, 0.0, 0.0, 0.0)),
                ("M".to_string(), Cmyk::new(0.0, 1.0, 0.0, 0.0)),
                ("Y".to_string(), Cmyk::new(0.0, 0.0, 1.0, 0.0)),
                ("K".to_string(), Cmyk::BLACK),
            ]
        );
    }
}

/// `check` reads the pictures `render` places: a photo without a file is a placeholder
/// (an error located in the issue, as `render --final` refuses it), the others are not;
/// a layout that claims no standard is not checked for the claim; and check honours
/// the limits it is given, as render does.
#[test]
fn check_agrees_with_render() {
    let p = scratch("check-none", "");
    let issue = std::fs::read_to_string(&p).unwrap();
    let photo_file = issue
        .lines()
        .find(|l| l.starts_with("file = \"") && l.contains("photos/"))
        .unwrap()
        .to_string();
    std::fs::write(&p, issue.replacen(&format!("{photo_file}\n"), "", 1)).unwrap();
    let opts = RenderOptions::default();
    let report = check_path(&p, &PreflightLimits::default(), &opts).unwrap();
    assert!(!report.passed, "{}", report.text());
    assert!(report.check("output-intent").is_none());
    assert!(report.check("xmp").is_none());
    let failed: Vec<&str> = report
        .checks
        .iter()
        .filter(|c| !c.passed())
        .map(|c| c.id)
        .collect();
    assert_eq!(failed, ["placeholders"], "{}", report.text());
    let placeholders = &report.check("placeholders").unwrap().findings;
    assert_eq!(placeholders.len(), 1, "{placeholders:?}");
    assert_eq!(placeholders[0].level, Level::Error);
    assert!(
        placeholders[0].message.contains("the photo at ")
            && placeholders[0].message.contains("issue.toml:"),
        "{placeholders:?}"
    );
    // The same limits render is given.
    let tight = RenderOptions {
        limits: broadsheet::limits::Limits {
            max_pages: 2,
            ..broadsheet::limits::Limits::default()
        },
        ..RenderOptions::default()
    };
    let report = check_path(&p, &PreflightLimits::default(), &tight).unwrap();
    assert!(!report.passed);
    let spec = report.check("spec").unwrap();
    assert!(
        spec.findings.iter().any(|f| f.message.contains("pages")),
        "{spec:?}"
    );
    std::fs::remove_dir_all(p.parent().unwrap()).unwrap();
}

/// `check --json | head -1`: a reader that is gone before the report is written is
/// not a failure of the check (no panic, the check's own exit code).
#[test]
fn check_survives_a_closed_pipe() {
    let overset = Path::new(ROOT).join("fixtures/overset/issue.toml");
    let mut child = crate::common::broadsheet()
        .args(["check", "--json"])
        .arg(&overset)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(1), "{stderr}");
}

/// Hostile PDFs given to `check` (fixtures/hostile, made by
/// scripts/make-hostile-pdfs.py) end in findings within seconds: content nested
/// 100,000 deep is not parsed (no stack overflow), a form drawing itself 40 times is
/// walked to a budget (no 40^8 hang), a 1 MB stream that inflates to 1 GiB is not
/// inflated (no gigabyte).
#[test]
fn hostile_pdfs_are_checked_within_bounds() {
    for (name, finding) in [
        ("deep", "the page is not checked: its content nests arrays or dictionaries more than 64 deep"),
        ("forms", "the page is not checked to the end: its content and forms draw more than 2000000 operators"),
        ("bomb", "the page is not checked: a stream inflates to more than 64 MiB"),
    ] {
        let started = std::time::Instant::now();
        let path = Path::new(ROOT).join(format!("fixtures/hostile/{name}.pdf"));
        let report = check_path(&path, &PreflightLimits::default(), &RenderOptions::default()).unwrap();
        assert!(!report.passed);
        let c = report.check("colour-spaces").unwrap();
        assert!(
            c.findings.iter().any(|f| f.message.contains(finding)),
            "{name}: {:?}",
            c.findings
        );
        assert!(started.elapsed().as_secs() < 20, "{name} took {:?}", started.elapsed());
    }
}

/// A compressed object stream that inflates to 1 GiB and holds the catalog
/// (fixtures/hostile/objstm-bomb.pdf): `broadsheet check` ends with an error (exit 2,
/// the file cannot be read) within seconds, and inflates nothing whole — it runs in
/// 512 MiB of address space, where the 1 GiB would not fit.
#[test]
fn an_object_stream_bomb_ends_check_with_an_error_in_bounded_memory() {
    let started = std::time::Instant::now();
    let path = Path::new(ROOT).join("fixtures/hostile/objstm-bomb.pdf");
    let out = Command::new("sh")
        .env(
            "XDG_CACHE_HOME",
            crate::common::scratch_root().join("cache"),
        )
        .arg("-c")
        .arg("ulimit -v 524288; exec \"$0\" check \"$1\"")
        .arg(env!("CARGO_BIN_EXE_broadsheet"))
        .arg(&path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(
            "object 5 is an object or cross-reference stream that decodes to more than 64 MiB"
        ),
        "{stderr}"
    );
    assert!(
        started.elapsed().as_secs() < 20,
        "took {:?}",
        started.elapsed()
    );
}

/// `check issue.toml` and `render --final` agree on every fixture: check passes exactly
/// when render --final writes the PDF (exit 0); and no fixture's PDF fails a check of
/// the file itself.
#[test]
fn check_agrees_with_render_final_on_every_fixture() {
    std::env::set_current_dir(ROOT).unwrap();
    let dir = common::scratch_root().join(format!("broadsheet-agree-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut issues = vec![std::path::PathBuf::from("issue.toml")];
    let mut fixtures: Vec<std::path::PathBuf> = std::fs::read_dir("fixtures")
        .unwrap()
        .map(|e| e.unwrap().path().join("issue.toml"))
        .filter(|p| p.is_file())
        .collect();
    fixtures.sort();
    issues.extend(fixtures);
    let mut verdicts = Vec::new();
    for issue in &issues {
        let report = check_path(
            issue,
            &PreflightLimits::default(),
            &RenderOptions::default(),
        )
        .unwrap();
        let out = dir.join("out.pdf");
        let _ = std::fs::remove_file(&out);
        let render = crate::common::broadsheet()
            .arg("render")
            .arg(issue)
            .args(["--final", "-o"])
            .arg(&out)
            .output()
            .unwrap();
        assert_eq!(
            report.passed,
            render.status.success(),
            "{}: check {} but render --final {}:\n{}\n{}",
            issue.display(),
            if report.passed { "passes" } else { "fails" },
            if render.status.success() {
                "passes"
            } else {
                "fails"
            },
            report.text(),
            String::from_utf8_lossy(&render.stderr)
        );
        assert_eq!(out.exists(), render.status.success(), "{}", issue.display());
        // No fixture's PDF fails a check of the file (ICC versions, subset names, ink,
        // colour spaces …): what fails is the copy (literal markup), a placeholder or
        // overset text.
        for c in report.checks.iter().filter(|c| !c.passed()) {
            assert!(
                ["spec", "placeholders", "overset"].contains(&c.id),
                "{}: {} fails: {:?}",
                issue.display(),
                c.id,
                c.findings
            );
        }
        verdicts.push((issue.display().to_string(), report.passed));
    }
    // Both verdicts occur: the sample passes, the overset fixture fails.
    assert!(
        verdicts.contains(&("issue.toml".to_string(), true)),
        "{verdicts:?}"
    );
    assert!(
        verdicts.contains(&("fixtures/overset/issue.toml".to_string(), false)),
        "{verdicts:?}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
