//! Choosing a face of a font collection (issue 11, item 4): a layout names a `.ttc`
//! face by index or by name, and without either gets the collection's Simplified
//! Chinese face rather than face 0. The collection is assembled here from two bundled
//! fonts (Noto Sans CJK SC, Noto Serif CJK SC), so no system font is needed.

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
