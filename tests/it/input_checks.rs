//! Inputs as a newsroom really supplies them: other
//! encodings, CR line ends, directories, invisible characters, paths leaving the issue's
//! folder, and one error per root cause.

use crate::common;
use std::path::{Path, PathBuf};

use broadsheet::diag::Diagnostics;
use broadsheet::{Laid, RenderOptions};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

const ARTICLE: &str =
    "+++\nheadline = \"春节假期\"\n+++\n衡阳市民欢度春节，街头巷尾年味浓。\n\n第二段。\n";

/// A folder `<name>/issue/` holding issue.toml (one story of `article`) and the files
/// given; the layout is the repository's, by absolute path.
fn scratch(name: &str, article: &str, files: &[(&str, &[u8])]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("inputs-{name}"))
        .join("issue");
    let _ = std::fs::remove_dir_all(dir.parent().unwrap());
    std::fs::create_dir_all(&dir).unwrap();
    let layout = repo().join("layouts/hengyang-broadsheet.toml");
    let toml = format!(
        "layout = {:?}\n[issue]\npaper = \"衡阳日报\"\ndate = 2022-02-08\nnumber = 1\n\
         [[page]]\ntemplate = \"inside\"\n[[page.story]]\narticle = {article:?}\n\
         area = {{ col = 1, cols = 2, row = 4, rows = 40 }}\n",
        layout.to_str().unwrap()
    );
    std::fs::write(dir.join("issue.toml"), toml).unwrap();
    for (f, bytes) in files {
        std::fs::write(dir.join(f), bytes).unwrap();
    }
    dir.join("issue.toml")
}

fn lay(p: &Path, roots: Vec<PathBuf>) -> Result<Laid, Diagnostics> {
    broadsheet::layout_issue(
        p,
        &RenderOptions {
            allow_overset: true,
            roots,
            ..Default::default()
        },
    )
}

fn fails(p: &Path) -> Diagnostics {
    match lay(p, vec![]) {
        Ok(_) => panic!("expected an error"),
        Err(d) => d,
    }
}

fn gb18030(text: &str) -> Vec<u8> {
    encoding_rs::GB18030.encode(text).0.into_owned()
}

#[test]
fn a_gbk_article_is_decoded_with_a_warning() {
    let p = scratch("gbk", "a.txt", &[("a.txt", &gb18030(ARTICLE))]);
    let laid = lay(&p, vec![]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(laid.issue.articles[0].headline, "春节假期");
    let w = laid.diags.to_string();
    assert!(
        w.contains("a.txt: warning: the file is not UTF-8: it was decoded as gb18030"),
        "{w}"
    );
}

#[test]
fn a_utf16_article_with_bom_is_decoded() {
    let mut bytes = vec![0xFE, 0xFF];
    for u in ARTICLE.encode_utf16() {
        bytes.extend(u.to_be_bytes());
    }
    let p = scratch("utf16", "a.txt", &[("a.txt", &bytes)]);
    let laid = lay(&p, vec![]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(laid.issue.articles[0].blocks.len(), 2);
    assert!(laid.diags.to_string().contains("decoded as UTF-16BE"));
}

#[test]
fn invalid_utf8_is_rejected_with_offset_and_hint() {
    let bytes = b"+++\nheadline = \"x\"\n+++\ncaf\xE9 au lait\n";
    let p = scratch("latin1", "a.txt", &[("a.txt", bytes)]);
    let e = fails(&p).to_string();
    assert!(
        e.contains("a.txt:4:4: error: the file is not valid UTF-8: byte 26 (0xE9"),
        "{e}"
    );
    assert!(e.contains("iconv -f GB18030 -t UTF-8"), "{e}");
}

#[test]
fn cr_only_line_ends_work() {
    let text = ARTICLE.replace('\n', "\r");
    let p = scratch("cr", "a.txt", &[("a.txt", text.as_bytes())]);
    let laid = lay(&p, vec![]).unwrap_or_else(|e| panic!("{e}"));
    let a = &laid.issue.articles[0];
    assert_eq!(a.headline, "春节假期");
    assert_eq!(
        a.texts().collect::<Vec<_>>(),
        vec!["衡阳市民欢度春节，街头巷尾年味浓。", "第二段。"]
    );
}

#[test]
fn a_directory_is_not_not_found() {
    let p = scratch("dir", "sub", &[]);
    std::fs::create_dir_all(p.with_file_name("sub")).unwrap();
    let e = fails(&p).to_string();
    assert!(
        e.contains("issue.toml:9:11: error: article `sub` is a directory"),
        "{e}"
    );
}

#[test]
fn an_invisible_character_is_named() {
    // (U+00A0 sets as a no-break space; U+2062 has no glyph anywhere.)
    let text = ARTICLE.replace("街头", "街\u{2062}头");
    let p = scratch("invisible", "a.txt", &[("a.txt", text.as_bytes())]);
    let d = fails(&p);
    let msg = &d.0[0].message;
    assert!(
        msg.contains("the character U+2062 INVISIBLE TIMES in"),
        "{msg}"
    );
    assert!(!msg.contains('\u{2062}'), "{msg}");
}

/// An article with front matter one folder above the issue's.
fn outside(name: &str, article: &str) -> PathBuf {
    let p = scratch(name, article, &[]);
    let up = p.parent().unwrap().parent().unwrap();
    std::fs::write(up.join("secret.txt"), ARTICLE).unwrap();
    p
}

#[test]
fn dot_dot_out_of_the_issue_folder_is_a_located_error() {
    let p = outside("dotdot", "../secret.txt");
    let e = fails(&p).to_string();
    assert!(
        e.contains("issue.toml:9:11: error: article file `../secret.txt` lies outside the folders this issue may read"),
        "{e}"
    );
    // Allowed with --root.
    let up = p.parent().unwrap().parent().unwrap().to_path_buf();
    lay(&p, vec![up]).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn an_absolute_path_outside_is_refused() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("inputs-abs");
    let secret = dir.join("secret.txt");
    let p = outside("abs", secret.to_str().unwrap());
    let e = fails(&p).to_string();
    assert!(e.contains("lies outside the folders"), "{e}");
}

#[cfg(unix)]
#[test]
fn a_symlink_leading_outside_is_refused() {
    let p = outside("link", "a.txt");
    let up = p.parent().unwrap().parent().unwrap();
    std::os::unix::fs::symlink(up.join("secret.txt"), p.with_file_name("a.txt")).unwrap();
    let e = fails(&p).to_string();
    assert!(e.contains("article file `a.txt` lies outside"), "{e}");
}

#[test]
fn one_missing_font_is_one_error() {
    let dir = common::scratch_dir("inputs", "font", &["layouts"]);
    let layout = common::house_layout_with(|t| {
        let mut n = 0;
        for (_, font) in common::table_mut(t, "fonts").iter_mut() {
            let file = match font {
                toml::Value::Table(t) => t.get_mut("file"),
                other => Some(other),
            };
            if let Some(toml::Value::String(f)) = file {
                if f.ends_with("NotoSansCJKsc-Bold.otf") {
                    *f = f.replace("NotoSansCJKsc-Bold.otf", "Missing-Bold.otf");
                    n += 1;
                }
            }
        }
        assert_eq!(n, 1);
    });
    std::fs::write(dir.join("layouts/layout.toml"), layout).unwrap();
    std::fs::write(dir.join("a.txt"), ARTICLE).unwrap();
    let p = dir.join("issue.toml");
    std::fs::write(
        &p,
        "layout = \"layouts/layout.toml\"\n[issue]\npaper = \"衡阳日报\"\ndate = 2022-02-08\n\
         number = 1\n[[page]]\ntemplate = \"inside\"\n[[page.story]]\narticle = \"a.txt\"\n\
         area = { col = 1, cols = 2, row = 4, rows = 40 }\n",
    )
    .unwrap();
    let d = fails(&p);
    assert_eq!(d.0.len(), 1, "{d}");
    assert!(
        d.0[0].message.contains("Missing-Bold.otf` not found"),
        "{d}"
    );
}

#[test]
fn furniture_errors_name_page_item_and_line() {
    let p = scratch("furniture", "a.txt", &[("a.txt", ARTICLE.as_bytes())]);
    let mut toml = std::fs::read_to_string(&p).unwrap();
    toml.push_str(
        "[[page.photo]]\narea = { col = 3, cols = 2, row = 4, rows = 3 }\n\
         caption = \"二月七日，虎年首个工作日，市民在市政务服务中心办理业务。全媒体记者 摄\"\n\
         [[page.ad]]\narea = { col = 5, cols = 2, row = 4, rows = 4 }\ntitle = \"广告\u{2062}标题\"\n",
    );
    std::fs::write(&p, toml).unwrap();
    let e = fails(&p).to_string();
    assert!(
        e.contains(
            "issue.toml:12:8: error: page 1, photo 1: a photo's area (3 lines) is too small"
        ),
        "{e}"
    );
    // The ad on its own.
    let toml = std::fs::read_to_string(&p)
        .unwrap()
        .replace("rows = 3 }", "rows = 30 }");
    std::fs::write(&p, toml).unwrap();
    let e = fails(&p).to_string();
    assert!(
        e.contains("issue.toml:15:8: error: page 1, ad 1: no font of style `ad-title` has the character U+2062 INVISIBLE TIMES"),
        "{e}"
    );
}

#[test]
fn a_picture_outside_the_issue_folders_is_refused() {
    let p = scratch("picture", "a.txt", &[("a.txt", ARTICLE.as_bytes())]);
    let up = p.parent().unwrap().parent().unwrap();
    // A PNG signature is enough for the asset sniffer.
    std::fs::write(up.join("secret.png"), b"\x89PNG\r\n\x1a\n0000").unwrap();
    let mut toml = std::fs::read_to_string(&p).unwrap();
    toml.push_str(
        "[[page.photo]]\narea = { col = 3, cols = 2, row = 4, rows = 30 }\n\
         caption = \"图片说明\"\nfile = \"../secret.png\"\n",
    );
    std::fs::write(&p, toml).unwrap();
    let e = fails(&p).to_string();
    assert!(
        e.contains("issue.toml:14:8: error: photo file `../secret.png` lies outside"),
        "{e}"
    );
}
