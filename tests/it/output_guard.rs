//! No output path can overwrite an input or another output: the CLI
//! refuses with exit code 2 before writing anything; `-` is standard output.

use std::path::{Path, PathBuf};
use std::process::Output;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A one-story issue in its own folder under the target dir (same file system as the
/// repository's fonts, so hard links work).
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("guard-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        repo().join("fixtures/long-words/story.txt"),
        dir.join("story.txt"),
    )
    .unwrap();
    let layout = repo().join("layouts/hengyang-broadsheet.toml");
    let toml = format!(
        "layout = {:?}\n[issue]\npaper = \"衡阳日报\"\ndate = 2022-02-08\nnumber = 1\n\
         [[page]]\ntemplate = \"inside\"\n[[page.story]]\narticle = \"story.txt\"\n\
         area = {{ col = 1, cols = 2, row = 4, rows = 40 }}\n",
        layout.to_str().unwrap()
    );
    std::fs::write(dir.join("issue.toml"), toml).unwrap();
    dir
}

fn run(args: &[&std::ffi::OsStr]) -> Output {
    crate::common::broadsheet().args(args).output().unwrap()
}

fn os(s: &Path) -> &std::ffi::OsStr {
    s.as_os_str()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn pdf_over_an_article_is_refused() {
    let dir = scratch("article");
    let article = dir.join("story.txt");
    let before = std::fs::read(&article).unwrap();
    let o = run(&[
        "render".as_ref(),
        os(&dir.join("issue.toml")),
        "-o".as_ref(),
        os(&article),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("an input of this issue"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(&article).unwrap(), before);
}

#[test]
fn render_of_a_pdf_named_issue_does_not_overwrite_it() {
    let dir = scratch("selfpdf");
    let issue = dir.join("x.pdf");
    std::fs::rename(dir.join("issue.toml"), &issue).unwrap();
    let before = std::fs::read(&issue).unwrap();
    let o = run(&["render".as_ref(), os(&issue)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(std::fs::read(&issue).unwrap(), before);
}

#[test]
fn dump_or_report_on_the_pdf_path_is_refused() {
    let dir = scratch("same");
    let pdf = dir.join("out.pdf");
    for flag in ["--dump", "--report"] {
        let o = run(&[
            "render".as_ref(),
            os(&dir.join("issue.toml")),
            "-o".as_ref(),
            os(&pdf),
            flag.as_ref(),
            os(&dir.join("./out.pdf")),
        ]);
        assert_eq!(o.status.code(), Some(2), "{flag}: {}", stderr(&o));
        assert!(stderr(&o).contains("to the same file"), "{}", stderr(&o));
        assert!(!pdf.exists(), "nothing is written after a refusal");
    }
}

#[cfg(unix)]
#[test]
fn a_hard_link_to_a_font_is_refused() {
    let dir = scratch("font");
    let font = repo().join("fonts/NotoSerifCJKsc-Regular.otf");
    let link = dir.join("report.json");
    std::fs::hard_link(&font, &link).unwrap();
    let o = run(&[
        "render".as_ref(),
        os(&dir.join("issue.toml")),
        "-o".as_ref(),
        os(&dir.join("out.pdf")),
        "--report".as_ref(),
        os(&link),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("NotoSerifCJKsc-Regular.otf"),
        "{}",
        stderr(&o)
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_output_is_not_replaced() {
    let dir = scratch("symlink");
    let target = dir.join("elsewhere.pdf");
    std::fs::write(&target, b"keep").unwrap();
    let link = dir.join("out.pdf");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let o = run(&[
        "render".as_ref(),
        os(&dir.join("issue.toml")),
        "-o".as_ref(),
        os(&link),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("symbolic link"), "{}", stderr(&o));
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(std::fs::read(&target).unwrap(), b"keep");
}

#[test]
fn dash_is_standard_output() {
    let dir = scratch("dash");
    let o = run(&[
        "dump".as_ref(),
        os(&dir.join("issue.toml")),
        "-o".as_ref(),
        "-".as_ref(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("page 1"));
    assert!(!Path::new("-").exists());
    let o = run(&[
        "render".as_ref(),
        os(&dir.join("issue.toml")),
        "-o".as_ref(),
        os(&dir.join("out.pdf")),
        "--report".as_ref(),
        "-".as_ref(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(json.get("warnings").is_some(), "{json}");
    assert!(dir.join("out.pdf").is_file());
}

#[test]
fn proof_refuses_an_input_named_like_a_page_image() {
    let dir = scratch("proofpage");
    std::fs::rename(dir.join("story.txt"), dir.join("page-1.png")).unwrap();
    let toml = std::fs::read_to_string(dir.join("issue.toml"))
        .unwrap()
        .replace("story.txt", "page-1.png");
    std::fs::write(dir.join("issue.toml"), toml).unwrap();
    let before = std::fs::read(dir.join("page-1.png")).unwrap();
    let o = run(&[
        "proof".as_ref(),
        os(&dir.join("issue.toml")),
        "-o".as_ref(),
        os(&dir),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(std::fs::read(dir.join("page-1.png")).unwrap(), before);
}

/// The layout's output profile is an input too: `-o` naming it is refused and the
/// profile is left as it was; a profile that is not a regular file (`/dev/zero`) is an
/// error at its key, not a read that never ends.
#[test]
fn the_output_profile_is_an_input() {
    let dir = scratch("profile");
    let profile = dir.join("newsprint.icc");
    std::fs::copy(repo().join("profiles/CGATS-TR002-newsprint.icc"), &profile).unwrap();
    let original = std::fs::read(&profile).unwrap();
    // The house layout in `layouts/` beside the repository's fonts, fixtures and
    // profiles (linked), its output profile changed through the TOML.
    std::fs::create_dir_all(dir.join("layouts")).unwrap();
    for link in ["fonts", "fixtures", "profiles"] {
        std::os::unix::fs::symlink(repo().join(link), dir.join(link)).unwrap();
    }
    let write_layout = |profile_value: &str| {
        let layout = crate::common::house_layout_with(|t| {
            let output = crate::common::table_mut(t, "output");
            output.insert("profile".into(), profile_value.into());
        });
        std::fs::write(dir.join("layouts/layout.toml"), layout).unwrap();
        let issue = std::fs::read_to_string(dir.join("issue.toml")).unwrap();
        let (_, rest) = issue.split_once('\n').unwrap();
        let issue = format!("layout = \"layouts/layout.toml\"\n{rest}");
        std::fs::write(dir.join("issue.toml"), issue).unwrap();
    };
    write_layout("../newsprint.icc");
    let out = run(&[
        os(Path::new("render")),
        os(&dir.join("issue.toml")),
        os(Path::new("-o")),
        os(&profile),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("an input of this issue"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(&profile).unwrap(), original);

    write_layout("/dev/zero");
    let started = std::time::Instant::now();
    let out = run(&[
        os(Path::new("render")),
        os(&dir.join("issue.toml")),
        os(Path::new("-o")),
        os(&dir.join("out.pdf")),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("failed to read profile `/dev/zero` (not a regular file)"),
        "{}",
        stderr(&out)
    );
    assert!(started.elapsed().as_secs() < 30);
    assert!(!dir.join("out.pdf").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// All outputs of a run or none: when the dump cannot be written (here: its folder does
/// not exist, as a full disk would fail it), the PDF at `-o` is not replaced either and
/// no temporary file is left.
#[test]
fn outputs_are_committed_together() {
    let dir = scratch("together");
    let pdf = dir.join("out.pdf");
    std::fs::write(&pdf, b"yesterday's PDF").unwrap();
    let out = run(&[
        os(Path::new("render")),
        os(&dir.join("issue.toml")),
        os(Path::new("-o")),
        os(&pdf),
        os(Path::new("--dump")),
        os(&dir.join("missing/layout.txt")),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("layout.txt"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&pdf).unwrap(), b"yesterday's PDF");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["issue.toml", "out.pdf", "story.txt"]);
    std::fs::remove_dir_all(&dir).unwrap();
}
