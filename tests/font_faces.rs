//! Choosing a face of a font collection (issue 11, item 4): a layout names a `.ttc`
//! face by index or by name, and without either gets the collection's Simplified
//! Chinese face rather than face 0. The collection is assembled here from two bundled
//! fonts (Noto Sans CJK SC, Noto Serif CJK SC), so no system font is needed. A face
//! made for Japanese is a warning naming it.

use std::path::{Path, PathBuf};

use broadsheet::text::locate::{load_font, FaceSelect, FontRequest};

/// A TrueType collection (OpenType spec, "Font Collections") of the given fonts.
fn ttc(fonts: &[Vec<u8>]) -> Vec<u8> {
    let header = 12 + 4 * fonts.len();
    let mut out = Vec::new();
    out.extend_from_slice(b"ttcf");
    out.extend_from_slice(&[0, 1, 0, 0]);
    out.extend_from_slice(&(fonts.len() as u32).to_be_bytes());
    let mut at = header;
    let mut starts = Vec::new();
    for f in fonts {
        starts.push(at);
        out.extend_from_slice(&(at as u32).to_be_bytes());
        at += (f.len() + 3) & !3;
    }
    for (f, &start) in fonts.iter().zip(&starts) {
        let mut f = f.clone();
        // Table records: offsets are from the start of the file, so shift them.
        let n = u16::from_be_bytes([f[4], f[5]]) as usize;
        for i in 0..n {
            let o = 12 + 16 * i + 8;
            let v = u32::from_be_bytes([f[o], f[o + 1], f[o + 2], f[o + 3]]) + start as u32;
            f[o..o + 4].copy_from_slice(&v.to_be_bytes());
        }
        out.extend_from_slice(&f);
        while out.len() % 4 != 0 {
            out.push(0);
        }
    }
    out
}

fn collection() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |f: &str| std::fs::read(root.join("fonts").join(f)).unwrap();
    let data = ttc(&[
        read("NotoSansCJKsc-Regular.otf"),
        read("NotoSerifCJKsc-Regular.otf"),
    ]);
    let path = std::env::temp_dir().join(format!("broadsheet-faces-{}.ttc", std::process::id()));
    std::fs::write(&path, data).unwrap();
    path
}

#[test]
fn faces_by_index_and_name() {
    let path = collection();
    let load = |face: FaceSelect| {
        load_font(&FontRequest::File {
            path: path.clone(),
            face,
        })
    };
    assert_eq!(
        load(FaceSelect::Index(1)).unwrap().postscript_name,
        "NotoSerifCJKsc-Regular"
    );
    assert_eq!(
        load(FaceSelect::Name("Noto Serif CJK SC".into()))
            .unwrap()
            .postscript_name,
        "NotoSerifCJKsc-Regular"
    );
    assert_eq!(
        load(FaceSelect::Name("NotoSansCJKsc-Regular".into()))
            .unwrap()
            .postscript_name,
        "NotoSansCJKsc-Regular"
    );
    // Both faces are SC: the default is the first SC face.
    let f = load(FaceSelect::Default).unwrap();
    assert_eq!(
        (f.postscript_name.as_str(), f.index),
        ("NotoSansCJKsc-Regular", 0)
    );
    let err = load(FaceSelect::Name("Noto Serif CJK JP".into())).unwrap_err();
    assert!(
        err.contains("no face named") && err.contains("NotoSerifCJKsc-Regular (index 1)"),
        "{err}"
    );
    let err = load(FaceSelect::Index(2)).unwrap_err();
    assert!(err.contains("out of range"), "{err}");
}

/// Replace every occurrence of `from` by `to` (same length) in `data`.
fn replace_bytes(data: &mut [u8], from: &[u8], to: &[u8]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i + from.len() <= data.len() {
        if &data[i..i + from.len()] == from {
            data[i..i + from.len()].copy_from_slice(to);
            n += 1;
            i += from.len();
        } else {
            i += 1;
        }
    }
    n
}

fn utf16be(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(|u| u.to_be_bytes()).collect()
}

/// A layout whose body font is a Japanese face gets a warning at its `[fonts]` entry
/// naming the face. The face is the bundled Noto Serif CJK SC with its names changed
/// to the JP ones (the name strings only; nothing is drawn).
#[test]
fn japanese_face_is_a_warning_naming_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = std::env::temp_dir().join(format!("broadsheet-jp-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut data = std::fs::read(root.join("fonts/NotoSerifCJKsc-Regular.otf")).unwrap();
    let n = replace_bytes(&mut data, &utf16be("CJK SC"), &utf16be("CJK JP"))
        + replace_bytes(&mut data, b"CJK SC", b"CJK JP")
        + replace_bytes(&mut data, &utf16be("CJKsc"), &utf16be("CJKjp"))
        + replace_bytes(&mut data, b"CJKsc", b"CJKjp");
    assert!(n > 0);
    std::fs::write(dir.join("jp.otf"), data).unwrap();
    let fonts = root.join("fonts");
    let layout = std::fs::read_to_string(root.join("layouts/hengyang-broadsheet.toml"))
        .unwrap()
        // Paths relative to layouts/ (fonts, profiles, allow_dirs) become absolute.
        .replace("\"../", &format!("\"{}/", root.display()))
        .replace(
            &format!("song = \"{}/NotoSerifCJKsc-Regular.otf\"", fonts.display()),
            "song = \"jp.otf\"",
        );
    assert!(layout.contains("song = \"jp.otf\""));
    std::fs::write(dir.join("layout.toml"), &layout).unwrap();
    let story = root.join("fixtures/mixed-latin/story.txt");
    let issue = format!(
        "layout = \"layout.toml\"\n[issue]\npaper = \"衡阳日报\"\ndate = 2022-02-08\nnumber = 1\n\n[[page]]\ntemplate = \"inside\"\nsection = \"测试\"\neditors = {{ editor = \"测试\", proof = \"测试\" }}\n\n[[page.story]]\narticle = {story:?}\narea = {{ col = 1, cols = 3, row = 4, rows = 30 }}\n"
    );
    std::fs::write(dir.join("issue.toml"), issue).unwrap();
    let laid = broadsheet::layout_issue(&dir.join("issue.toml"), &Default::default()).unwrap();
    let warning = laid
        .diags
        .0
        .iter()
        .find(|d| d.message.contains("made for Japanese"))
        .unwrap_or_else(|| panic!("no warning: {}", laid.diags));
    assert!(
        warning.message.contains("font `song`"),
        "{}",
        warning.message
    );
    assert!(
        warning.message.contains("Noto Serif CJK JP"),
        "{}",
        warning.message
    );
    let line = layout
        .lines()
        .position(|l| l.starts_with("song = "))
        .unwrap()
        + 1;
    assert_eq!(warning.pos.map(|p| p.line), Some(line));
}
