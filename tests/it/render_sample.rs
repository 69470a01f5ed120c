//! End to end: render the sample issue and check the PDF from the outside.

use crate::common;

use std::path::Path;

use broadsheet::RenderOptions;
use common::pdf::{self as reader, Dict, Object};

fn render() -> Vec<u8> {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let (_, bytes) = broadsheet::render_issue(Path::new("issue.toml"), &RenderOptions::default())
        .unwrap_or_else(|e| panic!("sample issue failed to render:\n{e}"));
    bytes
}

fn rect(page: &Dict<'_>, key: &str) -> [f64; 4] {
    let v = reader::nums(page, key);
    [v[0], v[1], v[2], v[3]]
}

const MM: f64 = 72.0 / 25.4;

#[test]
fn sample_has_eight_pages_with_trim_and_bleed_boxes() {
    let bytes = render();
    let doc = reader::open(&bytes);
    let pages = doc.pages();
    assert_eq!(pages.len(), 8);
    for page in pages.iter() {
        let trim = rect(page.raw(), "TrimBox");
        let bleed = rect(page.raw(), "BleedBox");
        let media = rect(page.raw(), "MediaBox");
        assert!(((trim[2] - trim[0]) - 390.0 * MM).abs() < 0.01, "{trim:?}");
        assert!(((trim[3] - trim[1]) - 545.0 * MM).abs() < 0.01, "{trim:?}");
        for i in 0..2 {
            assert!((trim[i] - bleed[i] - 3.0 * MM).abs() < 0.01);
            assert!((bleed[i + 2] - trim[i + 2] - 3.0 * MM).abs() < 0.01);
            assert!(media[i] <= bleed[i] && media[i + 2] >= bleed[i + 2]);
        }
    }
}

#[test]
fn every_font_is_embedded_and_subset() {
    let bytes = render();
    let doc = reader::open(&bytes);
    let mut fonts = 0;
    for obj in doc.objects() {
        let Object::Dict(dict) = obj else { continue };
        if dict.get::<reader::Name<'_>>(b"Type").as_deref() != Some(b"FontDescriptor") {
            continue;
        }
        fonts += 1;
        let name = String::from_utf8_lossy(&reader::name(&dict, "FontName")).into_owned();
        let tag = name.split('+').next().unwrap();
        assert!(
            tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
            "not subset: {name}"
        );
        assert!(
            dict.contains_key(b"FontFile2") || dict.contains_key(b"FontFile3"),
            "not embedded: {name}"
        );
    }
    // Song regular and bold, Hei regular and bold, Kai; and the font each of the 8
    // supplied ad PDFs brings with it (its own subset, kept as the ad embedded it).
    assert_eq!(fonts, 5 + 8);
}

/// The seed's page-1 lead story comes back out of the PDF (via pdftotext, whose
/// ToUnicode handling is the reference), with whitespace removed.
#[test]
#[ignore = "conformance: needs poppler-utils (scripts/conformance)"]
fn lead_story_text_round_trips() {
    let bytes = render();
    let dir = common::scratch_root().join(format!("broadsheet-e2e-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let pdf = dir.join("sample.pdf");
    std::fs::write(&pdf, &bytes).unwrap();
    let out = match std::process::Command::new("pdftotext")
        .args(["-raw", "-f", "1", "-l", "1"])
        .arg(&pdf)
        .arg("-")
        .output()
    {
        Ok(o) => o,
        Err(_) => {
            panic!("pdftotext is not installed (apt-get install poppler-utils; scripts/conformance does)")
        }
    };
    let text: String = String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .collect();
    let seed =
        std::fs::read_to_string("fixtures/hengyang-2022-02-08/articles/p1-lead.txt").unwrap();
    let body = seed.split("+++").nth(2).unwrap();
    for para in body.split("\n\n") {
        let want: String = para.split_whitespace().collect();
        if want.is_empty() {
            continue;
        }
        assert!(
            text.contains(&want),
            "paragraph not found in the PDF text:\n{want}\n\nPDF text:\n{text}"
        );
    }
    // Kicker, headlines, subheads, teaser, jump lines of the seed's front page.
    for item in [
        "秦国文在衡阳市“聚力中心化攻坚年”行动动员大会上强调——",
        "“聚力中心”科学布局产业高效推进项目做大做强园区",
        "朱健主持",
        "坚持稳字当头稳中求进统筹推进经济社会发展各项任务",
        "市政府2022年第一次全会召开朱健出席并讲话",
        "推动有效市场和有为政府更好结合引领新时代民营经济实现新飞跃",
        "我市召开民营企业座谈会",
        "人勤春来早春来奋力跑>>>详见第二版>>>",
        "（下转第二版①）",
        "（下转第二版②）",
        "广告",
    ] {
        assert!(text.contains(item), "front-page item {item} missing");
    }
    // Masthead items.
    for item in [
        "衡阳日报",
        "HENGYANGDAILY",
        "第18079号",
        "今日八版",
        "农历壬寅年正月初八",
        "2022年2月8日星期二",
        "CN43-0004",
    ] {
        assert!(text.contains(item), "masthead item {item} missing");
    }
}

#[test]
fn two_renders_are_byte_identical() {
    assert!(render() == render());
}

#[test]
fn cli_writes_pdf_next_to_issue_and_reports_errors() {
    let dir = common::scratch_root().join(format!("broadsheet-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.toml");
    std::fs::write(&bad, "layout = 3\n").unwrap();
    let out = crate::common::broadsheet()
        .arg("render")
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with(&format!("{}:1:10: error:", bad.display())),
        "{err}"
    );
    assert!(!dir.join("bad.pdf").exists());
}

#[test]
fn overset_fails_render_but_the_json_report_is_written() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let dir = common::scratch_root().join(format!("broadsheet-overset-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let report = dir.join("report.json");
    let pdf = dir.join("out.pdf");
    let out = crate::common::broadsheet()
        .args(["render", "fixtures/overset/issue.toml", "-o"])
        .arg(&pdf)
        .arg("--report")
        .arg(&report)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(!pdf.exists(), "no PDF on overset without --allow-overset");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    let story = &json["stories"][0];
    assert_eq!(story["id"], "p3-agri");
    assert!(story["overset_lines"].as_u64().unwrap() > 0);
    assert!(json["errors"][0].as_str().unwrap().contains("is overset"));
    // With --allow-overset the PDF is written and the exit code is 0.
    let out = crate::common::broadsheet()
        .args([
            "render",
            "fixtures/overset/issue.toml",
            "--allow-overset",
            "-o",
        ])
        .arg(&pdf)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(pdf.exists());
}

/// The two stories that jump: every paragraph of their seed text is on page 1, on
/// page 2, or split between the end of page 1's part and the start of page 2's.
#[test]
#[ignore = "conformance: needs poppler-utils (scripts/conformance)"]
fn jumping_stories_text_round_trips_across_pages() {
    let bytes = render();
    let dir = common::scratch_root().join(format!("broadsheet-jump-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let pdf = dir.join("sample.pdf");
    std::fs::write(&pdf, &bytes).unwrap();
    let page = |n: &str| -> Option<String> {
        let out = std::process::Command::new("pdftotext")
            .args(["-raw", "-f", n, "-l", n])
            .arg(&pdf)
            .arg("-")
            .output()
            .ok()?;
        Some(
            String::from_utf8(out.stdout)
                .unwrap()
                .split_whitespace()
                .collect(),
        )
    };
    let (Some(p1), Some(p2)) = (page("1"), page("2")) else {
        panic!(
            "pdftotext is not installed (apt-get install poppler-utils; scripts/conformance does)"
        );
    };
    for file in ["p1-council.txt", "p1-private.txt"] {
        let seed = std::fs::read_to_string(format!("fixtures/hengyang-2022-02-08/articles/{file}"))
            .unwrap();
        let body = seed.split("+++").nth(2).unwrap();
        for para in body.split("\n\n") {
            let want: String = para.split_whitespace().collect();
            if want.is_empty() || p1.contains(&want) || p2.contains(&want) {
                continue;
            }
            let chars: Vec<char> = want.chars().collect();
            let split = (1..chars.len()).any(|k| {
                let (a, b): (String, String) =
                    (chars[..k].iter().collect(), chars[k..].iter().collect());
                p1.contains(&a) && p2.contains(&b)
            });
            assert!(split, "{file}: paragraph not found on pages 1–2:\n{want}");
        }
    }
}

/// Fonts are subset, and the pages' content streams made and deflated, on threads by
/// default: the bytes are the same with one thread.
#[test]
fn one_thread_and_several_threads_give_the_same_bytes() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let laid =
        broadsheet::layout_issue(Path::new("issue.toml"), &RenderOptions::default()).unwrap();
    let write = |parallel: bool| {
        let opts = broadsheet::pdf::PdfOptions {
            parallel,
            ..broadsheet::pdf::PdfOptions::default()
        };
        broadsheet::pdf::write_pdf(&laid.document, &opts).unwrap()
    };
    let threaded = write(true);
    assert!(threaded == write(false));
    assert!(threaded == render());
}

/// Stories are flowed on several threads by default: on one thread, two or three, the
/// sample, every fixture and the corpus give the same pages, flow report and messages
/// (the fallback-font warnings of the corpus's `kill` among them).
#[test]
fn layout_on_one_thread_or_several_is_the_same() {
    let mut issues = common::fixture_issues();
    issues.push("fixtures/corpus/corpus.toml".into());
    let mut stories = 0;
    for path in issues {
        let issue = broadsheet::spec::resolve_issue(&path).unwrap_or_else(|e| panic!("{e}"));
        let pictures = broadsheet::pictures::read_pictures(&issue).unwrap();
        let lay_out = |threads: usize| match broadsheet::layout::layout_issue_on(
            &issue,
            pictures.clone(),
            threads,
        ) {
            Ok(l) => Ok((
                l.document,
                serde_json::to_string(&l.report).unwrap(),
                l.diags.to_string(),
            )),
            Err(e) => Err(e.to_string()),
        };
        let one = lay_out(1);
        if let Ok((doc, ..)) = &one {
            assert!(!doc.pages.is_empty(), "{}", path.display());
            stories += doc.stories.len();
        }
        for threads in [2, 3] {
            assert!(
                lay_out(threads) == one,
                "{}: {threads} threads",
                path.display()
            );
        }
    }
    assert!(stories >= 80, "{stories}");
}

/// A character set in a fallback font is reported once, at its first use in story
/// order, however the stories are shared out (a free thread takes the longest story
/// left): here the sample's longest story and a shorter one before it both end with
/// ⟨, and the one warning names the earlier story's article, on one thread or two.
#[test]
fn a_fallback_is_reported_at_its_first_use_in_story_order() {
    let mut issue = broadsheet::spec::resolve_issue(Path::new("issue.toml")).unwrap();
    let weight = |issue: &broadsheet::spec::Issue, i: usize| {
        let a = &issue.articles[issue.stories[i].article];
        a.blocks.iter().map(|b| b.text.len()).sum::<usize>()
    };
    let longest = (0..issue.stories.len())
        .max_by_key(|&i| weight(&issue, i))
        .unwrap();
    let earlier = (0..longest).min_by_key(|&i| weight(&issue, i)).unwrap();
    for story in [earlier, longest] {
        let article = issue.stories[story].article;
        let block = &mut issue.articles[article].blocks[0];
        block.text = format!("{}⟨", block.text).into();
    }
    let pictures = broadsheet::pictures::read_pictures(&issue).unwrap();
    let warnings = |threads: usize| {
        let laid = broadsheet::layout::layout_issue_on(&issue, pictures.clone(), threads).unwrap();
        laid.diags
            .0
            .iter()
            .map(ToString::to_string)
            .filter(|d| d.contains("U+27E8"))
            .collect::<Vec<_>>()
    };
    let one = warnings(1);
    let id = &issue.articles[issue.stories[earlier].article].id;
    assert_eq!(one.len(), 1, "{one:?}");
    assert!(one[0].contains(&format!("article `{id}`")), "{one:?}");
    assert_eq!(warnings(2), one);
}

/// Every block of every story of every fixture (the sample and `fixtures/*/issue.toml`,
/// but the overset fixture) reads back from the PDF word for word: `pdftotext -raw`
/// with only its line breaks removed (no other whitespace touched) holds each block's
/// text as set — no space where punctuation is compressed or a CJK–Latin gap or
/// justification opens one, no hyphen a break added, the word space a break took (the
/// lines' `/ActualText`). Continuation headlines are taken out, and a block a jump
/// splits is found in its two halves, before the jump-out line and after the jump-in.
///
/// `mutool draw -F txt` is held to the same, but without whitespace on either side:
/// MuPDF 1.21 (Debian 12's) takes no `/ActualText` and reads a space into every gap a
/// CJK–Latin space or justification opens; nothing may be lost, added or reordered.
#[test]
#[ignore = "conformance: needs poppler-utils and mupdf-tools (scripts/conformance)"]
fn every_block_reads_back_exactly() {
    let dir = common::scratch_root().join(format!("exact-text-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut blocks = 0;
    for issue_path in common::fixture_issues() {
        if issue_path.starts_with("fixtures/overset") {
            continue;
        }
        let (laid, bytes) = broadsheet::render_issue(&issue_path, &RenderOptions::default())
            .unwrap_or_else(|e| panic!("{}: {e}", issue_path.display()));
        let pdf = dir.join("fixture.pdf");
        std::fs::write(&pdf, &bytes).unwrap();
        let run = |program: &str, args: &[&str], package: &str| {
            let out = std::process::Command::new(program)
                .args(args)
                .output()
                .unwrap_or_else(|_| {
                    panic!("{program} is not installed (apt-get install {package}; scripts/conformance does)")
                });
            assert!(
                out.status.success(),
                "{program}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            String::from_utf8(out.stdout).unwrap()
        };
        let pdf = pdf.to_str().unwrap();
        let poppler = run("pdftotext", &["-raw", pdf, "-"], "poppler-utils");
        blocks += blocks_read_back(&issue_path, &laid, &poppler, |s| s.to_string(), false);
        // To a file: mutool prints its warnings on standard output.
        let txt = dir.join("fixture.txt");
        let txt = txt.to_str().unwrap();
        run(
            "mutool",
            &["draw", "-q", "-F", "txt", "-o", txt, pdf],
            "mupdf-tools",
        );
        let mupdf = std::fs::read_to_string(txt).unwrap();
        let squeezed = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        blocks_read_back(&issue_path, &laid, &mupdf, squeezed, true);
    }
    assert!(blocks > 400, "{blocks}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every block of the issue's articles is in `extracted` (lines joined, after `norm`
/// on both sides), or in two halves a jump line separates; returns the blocks checked.
/// `dehyphenate`: an extracted line that is a line the layout broke with a hyphen of
/// its own loses that hyphen (what `/ActualText` does for a reader that takes it).
fn blocks_read_back(
    issue_path: &std::path::Path,
    laid: &broadsheet::Laid,
    extracted: &str,
    norm: impl Fn(&str) -> String,
    dehyphenate: bool,
) -> usize {
    let issue = &laid.issue;
    // The text of the lines that `keep`, normalised.
    let lines_where = |keep: &dyn Fn(&broadsheet::page::TextLine) -> bool| -> Vec<String> {
        laid.document
            .pages
            .iter()
            .flat_map(|p| &p.items)
            .filter_map(|i| match i {
                broadsheet::page::Item::Text(l) if keep(l) => Some(norm(&l.text)),
                _ => None,
            })
            .collect()
    };
    let hyphenated =
        lines_where(&|l| dehyphenate && l.reason == broadsheet::linebreak::BreakReason::Hyphen);
    let cont_headlines: Vec<String> = issue
        .pages
        .iter()
        .flat_map(|p| &p.stories)
        .map(|s| norm(&s.cont_headline))
        .filter(|h| !h.is_empty())
        .collect();
    // The jump lines as the layout's wording set them.
    let jump_lines = lines_where(&|l| matches!(l.role, broadsheet::page::Role::Jump { .. }));
    // The text between jump lines (a jump line ends one segment, starts the next).
    let text: String = extracted
        .lines()
        .map(&norm)
        .map(|l| match l.strip_suffix('-') {
            Some(word) if hyphenated.contains(&l) => word.to_string(),
            _ => l,
        })
        .filter(|l| !cont_headlines.contains(l))
        .map(|l| {
            if jump_lines.contains(&l) {
                "\u{1}".to_string()
            } else {
                l
            }
        })
        .collect::<String>()
        .replace('\u{c}', "");
    let segments: Vec<&str> = text.split('\u{1}').collect();
    let split_by_jump = |block: &str| {
        block.char_indices().skip(1).any(|(k, _)| {
            let (head, tail) = block.split_at(k);
            segments.iter().any(|s| s.ends_with(head))
                && segments.iter().any(|s| s.starts_with(tail))
        })
    };
    let jumps = issue
        .pages
        .iter()
        .flat_map(|p| &p.stories)
        .filter(|s| s.continues_on.is_some())
        .count();
    let mut across = 0;
    let mut blocks = 0;
    for article in &issue.articles {
        for block in article.texts() {
            let block = norm(block);
            blocks += 1;
            if text.contains(&block) {
                continue;
            }
            assert!(
                split_by_jump(&block),
                "{}: article `{}`: block not found word for word:\n{block}",
                issue_path.display(),
                article.id
            );
            across += 1;
        }
    }
    // Each jump splits a block at most.
    assert!(across <= jumps, "{}: {across}", issue_path.display());
    blocks
}
