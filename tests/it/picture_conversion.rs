//! `[output] convert_images = true`: photos are converted to the output profile's CMYK
//! within the ink limit and written as 8-bit DeviceCMYK (no JPEG passthrough, no
//! ICCBased space), an untagged gray photo is left as it is with a warning, and the
//! file passes `broadsheet check`.

use crate::common;

use std::path::{Path, PathBuf};

use common::pdf::{self as reader, Object};

const HALL: &str = "fixtures/hengyang-2022-02-08/photos/p1-hall.jpg";
const CLOUDS: &str = "fixtures/hengyang-2022-02-08/photos/p8-clouds.jpg";
const HIKE: &str = "fixtures/hengyang-2022-02-08/photos/p6-hike.png";

/// A scratch issue with the house layout plus `convert_images = true`: one story, an
/// RGB JPEG photo (ICC-tagged), an RGBA PNG (untagged: sRGB) and a gray JPEG (left as
/// it is).
fn scratch(name: &str) -> PathBuf {
    let dir = common::scratch_dir("convert", name, &["layouts"]);
    let layout = common::house_layout_with(|t| {
        common::table_mut(t, "output").insert("convert_images".into(), true.into());
    });
    std::fs::write(dir.join("layouts/converting.toml"), layout).unwrap();
    // A grey and a transparent photo besides the first.
    let extra = format!(
        r#"[[page.photo]]
area = {{ col = 1, cols = 2, row = 40, rows = 12 }}
caption = "灰度图片"
file = "{CLOUDS}"
[[page.photo]]
area = {{ col = 3, cols = 2, row = 40, rows = 12 }}
caption = "透明图片"
file = "{HIKE}""#
    );
    common::picture_issue(
        &dir,
        "layouts/converting.toml",
        &format!("file = \"{HALL}\""),
        "",
        &extra,
    )
}

#[test]
fn converted_photos_are_devicecmyk_within_the_ink_limit_and_pass_check() {
    let p = scratch("photo");
    let opts = broadsheet::RenderOptions {
        allow_overset: true,
        ..Default::default()
    };
    let (laid, bytes) = broadsheet::render_issue(&p, &opts).unwrap_or_else(|e| panic!("{e}"));
    let out = p.with_extension("pdf");
    std::fs::write(&out, &bytes).unwrap();

    // The gray photo is left as it is, and a warning at its file says so.
    let warnings: Vec<String> = laid.diags.warnings().map(ToString::to_string).collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("p8-clouds.jpg") && w.contains("(gray)")),
        "no warning for the gray photo: {warnings:?}"
    );

    let doc = reader::open(&bytes);
    let mut hall = None;
    let mut clouds = None;
    let mut hike = None;
    for obj in doc.objects() {
        let Object::Stream(s) = obj else { continue };
        let d = s.dict();
        if reader::name_opt(d, "Subtype").as_deref() != Some(&b"Image"[..]) {
            continue;
        }
        let w = reader::int(d, "Width").unwrap();
        let h = reader::int(d, "Height").unwrap();
        match (w, h) {
            (800, 600) => hall = Some(s.clone()),
            (760, 600) => clouds = Some(s.clone()),
            (1100, 530) if d.contains_key(b"SMask") => hike = Some(s.clone()),
            _ => {}
        }
    }
    let hall = hall.expect("the RGB photo is in the PDF");
    let cs = reader::name_opt(hall.dict(), "ColorSpace");
    assert_eq!(
        cs.as_deref(),
        Some(&b"DeviceCMYK"[..]),
        "colour space {cs:?}"
    );
    assert_eq!(reader::int(hall.dict(), "BitsPerComponent"), Some(8));
    assert_eq!(
        reader::name_opt(hall.dict(), "Filter").as_deref(),
        Some(&b"FlateDecode"[..])
    );
    let samples = reader::decoded(&hall);
    assert_eq!(samples.len(), 800 * 600 * 4);
    let max = samples
        .chunks_exact(4)
        .map(|px| px.iter().map(|&v| u32::from(v)).sum::<u32>())
        .max()
        .unwrap();
    // 240 % of 255.
    assert!(max <= 612, "a pixel covers {max} / 255 (limit 612)");
    assert!(max > 300, "the photo has dark pixels: max {max}");
    // The JPEG is not passed through: no DCT stream of its size, and its bytes are not
    // in the file.
    let jpeg = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(HALL)).unwrap();
    let probe = &jpeg[jpeg.len() / 2..jpeg.len() / 2 + 64];
    assert!(
        !bytes.windows(64).any(|w| w == probe),
        "JPEG passed through"
    );

    // The PNG with alpha: DeviceCMYK, 8 bits, its alpha as a soft mask.
    let hike = hike.expect("the PNG is in the PDF with a soft mask");
    assert_eq!(
        reader::name_opt(hike.dict(), "ColorSpace").as_deref(),
        Some(&b"DeviceCMYK"[..])
    );
    assert_eq!(reader::int(hike.dict(), "BitsPerComponent"), Some(8));
    assert_eq!(reader::decoded(&hike).len(), 1100 * 530 * 4);

    // The gray photo keeps its JPEG, in DeviceGray.
    let clouds = clouds.expect("the gray photo is in the PDF");
    assert_eq!(
        reader::name_opt(clouds.dict(), "ColorSpace").as_deref(),
        Some(&b"DeviceGray"[..])
    );
    assert_eq!(
        reader::name_opt(clouds.dict(), "Filter").as_deref(),
        Some(&b"DCTDecode"[..])
    );

    // `broadsheet check` on the PDF passes.
    let o = crate::common::broadsheet()
        .arg("check")
        .arg(&out)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "check failed:\n{text}");
    assert!(text.contains("preflight passed"), "{text}");
}

#[test]
fn convert_images_needs_an_output_profile() {
    let p = scratch("noprofile");
    let layout_path = p.parent().unwrap().join("layouts/converting.toml");
    let layout = std::fs::read_to_string(&layout_path).unwrap();
    let layout = layout
        .lines()
        .filter(|l| !l.starts_with("profile =") && !l.starts_with("standard ="))
        .collect::<Vec<_>>()
        .join("\n");
    let layout = layout.replacen("[output]", "[output]\nstandard = \"none\"", 1);
    std::fs::write(&layout_path, layout).unwrap();
    let opts = broadsheet::RenderOptions {
        allow_overset: true,
        ..Default::default()
    };
    let err = match broadsheet::render_issue(&p, &opts) {
        Ok(_) => panic!("rendered without a profile"),
        Err(d) => d.to_string(),
    };
    assert!(
        err.contains("`convert_images` needs an output `profile`")
            && err.contains("converting.toml:"),
        "{err}"
    );
}

/// Converted pixels are written as stored and turned where they are painted, like a
/// passed-through JPEG: the Exif orientation 6 fixture (stored 900 × 600, left half
/// red) prints red above blue. A JPEG declaring 65500 × 65500 pixels is refused from
/// its header, before the conversion would decode it.
#[test]
#[ignore = "conformance: needs poppler-utils (scripts/conformance)"]
fn converted_pictures_keep_their_orientation_and_huge_ones_are_refused_first() {
    let p = scratch("rotated");
    let issue = std::fs::read_to_string(&p).unwrap().replacen(
        &format!("file = \"{HALL}\""),
        "file = \"fixtures/pictures/rotated.jpg\"\nfit = \"contain\"",
        1,
    );
    std::fs::write(&p, issue).unwrap();
    let opts = broadsheet::RenderOptions {
        allow_overset: true,
        ..Default::default()
    };
    let (laid, bytes) = broadsheet::render_issue(&p, &opts).unwrap_or_else(|e| panic!("{e}"));
    let out = p.with_extension("pdf");
    std::fs::write(&out, &bytes).unwrap();
    let doc = reader::open(&bytes);
    let converted = doc.objects().into_iter().any(|o| {
        matches!(&o, Object::Stream(s)
            if reader::int(s.dict(), "Width") == Some(900)
                && reader::name_opt(s.dict(), "ColorSpace").as_deref() == Some(&b"DeviceCMYK"[..]))
    });
    assert!(
        converted,
        "the turned photo is converted, as stored (900 wide)"
    );
    let page = &laid.document.pages[0];
    let c = page
        .items
        .iter()
        .find_map(|i| match i {
            broadsheet::page::Item::Image(im) if im.placed.h > im.placed.w => Some(im.clip),
            _ => None,
        })
        .expect("the photo is placed upright (portrait)");
    let m = laid.document.bleed + laid.document.slug;
    let [r, _, b] = common::patch(&out, c.x + m + c.w * 0.3, c.y + m + c.h * 0.2, 10, 10);
    assert!(r > b + 80.0, "top is not red: {r:.0} {b:.0}");
    let [r, _, b] = common::patch(&out, c.x + m + c.w * 0.3, c.y + m + c.h * 0.8, 10, 10);
    assert!(b > r + 80.0, "bottom is not blue: {r:.0} {b:.0}");
    let _ = std::fs::remove_dir_all(p.parent().unwrap());

    let p = scratch("huge");
    let issue = std::fs::read_to_string(&p).unwrap().replacen(
        &format!("file = \"{HALL}\""),
        "file = \"fixtures/pictures/huge.jpg\"",
        1,
    );
    std::fs::write(&p, issue).unwrap();
    let start = std::time::Instant::now();
    let err = match broadsheet::render_issue(&p, &opts) {
        Ok(_) => panic!("a 65500 × 65500 JPEG rendered"),
        Err(d) => d.to_string(),
    };
    assert!(
        err.contains("issue.toml:14:8: error: cannot use `fixtures/pictures/huge.jpg`: it declares 65500 × 65500 pixels"),
        "{err}"
    );
    assert!(
        start.elapsed() < std::time::Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    let _ = std::fs::remove_dir_all(p.parent().unwrap());
}
