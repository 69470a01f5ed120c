//! Photos and supplied ads end to end: every error class with its located message,
//! the PDF carries JPEG bytes unchanged, pictures at their native size and colour
//! space (`pdfimages -list`), an ad's text still selectable (`pdftotext`), each file
//! written once, `--final` and the report.
//!
//! Needs poppler-utils (pdftotext, pdfimages); the tests fail if they are missing.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use broadsheet::page::Item;
use broadsheet::RenderOptions;
use common::patch;

const BANK_AD: &str = "fixtures/hengyang-2022-02-08/ads/p1-bank.pdf";
const HALL: &str = "fixtures/hengyang-2022-02-08/photos/p1-hall.jpg";
const FACTORY: &str = "fixtures/hengyang-2022-02-08/photos/p2-factory.jpg";
const HIKE: &str = "fixtures/hengyang-2022-02-08/photos/p6-hike.png";

/// A scratch issue (layout, fonts and fixtures linked from the repo): one story, one
/// photo inside it (its keys on line 14), an ad (its keys on line 18), then `extra`.
fn scratch(name: &str, photo: &str, ad: &str, extra: &str) -> PathBuf {
    let dir = common::scratch_dir("pictures", name, &[]);
    common::picture_issue(&dir, "layouts/hengyang-broadsheet.toml", photo, ad, extra)
}

fn opts() -> RenderOptions {
    RenderOptions {
        allow_overset: true,
        ..Default::default()
    }
}

/// The messages of a run that must fail.
fn errors(p: &Path) -> Vec<String> {
    match broadsheet::render_issue(p, &opts()) {
        Ok(_) => panic!("{} rendered without an error", p.display()),
        Err(d) => d.0.iter().map(ToString::to_string).collect(),
    }
}

fn has(msgs: &[String], parts: &[&str]) -> bool {
    msgs.iter().any(|m| parts.iter().all(|p| m.contains(p)))
}

fn render(p: &Path) -> (broadsheet::Laid, Vec<u8>, PathBuf) {
    let (laid, bytes) = broadsheet::render_issue(p, &opts()).unwrap_or_else(|e| panic!("{e}"));
    let out = p.with_extension("pdf");
    std::fs::write(&out, &bytes).unwrap();
    (laid, bytes, out)
}

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} is needed for this test (poppler-utils): {e}"));
    assert!(out.status.success(), "{name} failed: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn corrupt_and_truncated_jpegs_are_located_errors() {
    let p = scratch(
        "corrupt",
        "file = \"fixtures/pictures/corrupt.jpg\"",
        "",
        "",
    );
    let msgs = errors(&p);
    assert!(
        has(
            &msgs,
            &[
                "issue.toml:14:8: error: cannot use `fixtures/pictures/corrupt.jpg`",
                "not a readable JPEG"
            ]
        ),
        "{msgs:#?}"
    );
    let p = scratch(
        "truncated",
        "file = \"fixtures/pictures/truncated.jpg\"",
        "",
        "",
    );
    let msgs = errors(&p);
    assert!(
        has(
            &msgs,
            &[
                "issue.toml:14:8: error: cannot use `fixtures/pictures/truncated.jpg`",
                "cut short"
            ]
        ),
        "{msgs:#?}"
    );
}

#[test]
fn a_photo_under_the_minimum_resolution_is_an_error() {
    let p = scratch("lowres", "file = \"fixtures/pictures/low-res.jpg\"", "", "");
    let msgs = errors(&p);
    assert!(
        has(
            &msgs,
            &[
                "issue.toml:14:8: error: page 1, photo 1: photo `fixtures/pictures/low-res.jpg` has ",
                "ppi at its printed size, under the layout's minimum of 150 ppi",
                "120 × 90 px printed at 85.7 ×"
            ]
        ),
        "{msgs:#?}"
    );
}

#[test]
fn a_photo_under_the_warning_resolution_is_a_warning() {
    // 600 × 400 px over a 2-column photo (243 pt = 3.375 in wide): about 178 ppi.
    let p = scratch("warnres", "file = \"mid.png\"", "", "");
    let dir = p.parent().unwrap();
    let f = std::fs::File::create(dir.join("mid.png")).unwrap();
    let mut enc = png::Encoder::new(std::io::BufWriter::new(f), 600, 400);
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    let mut w = enc.write_header().unwrap();
    w.write_image_data(&vec![128u8; 600 * 400 * 3]).unwrap();
    w.finish().unwrap();
    let laid = broadsheet::layout_issue(&p, &opts()).unwrap_or_else(|e| panic!("{e}"));
    let msgs: Vec<String> = laid.diags.0.iter().map(ToString::to_string).collect();
    assert!(
        has(
            &msgs,
            &[
                "issue.toml:14:8: warning: photo `mid.png` has only 178 ppi",
                "warns under 200 ppi"
            ]
        ),
        "{msgs:#?}"
    );
}

#[test]
fn an_ad_of_the_wrong_size_names_both_sizes_in_mm() {
    let p = scratch(
        "wrongsize",
        "",
        "file = \"fixtures/pictures/wrong-size.pdf\"",
        "",
    );
    let msgs = errors(&p);
    assert!(
        has(
            &msgs,
            &[
                "issue.toml:18:8: error: page 1, ad 1: ad `fixtures/pictures/wrong-size.pdf` does not fit its slot",
                "the slot is 352.4 × 111.8 mm",
                "the file's MediaBox is 362.4 × 97.0 mm (tolerance ±1.0 mm)"
            ]
        ),
        "{msgs:#?}"
    );
}

#[test]
fn damaged_encrypted_and_unknown_files_are_clear_errors() {
    let p = scratch(
        "damaged",
        "",
        "file = \"fixtures/pictures/damaged.pdf\"",
        "",
    );
    let msgs = errors(&p);
    assert!(
        has(
            &msgs,
            &["issue.toml:18:8: error: cannot use `fixtures/pictures/damaged.pdf`: a damaged PDF"]
        ),
        "{msgs:#?}"
    );
    let p = scratch(
        "encrypted",
        "",
        "file = \"fixtures/pictures/encrypted.pdf\"",
        "",
    );
    let msgs = errors(&p);
    assert!(
        has(&msgs, &["issue.toml:18:8: error: cannot use `fixtures/pictures/encrypted.pdf`: an encrypted PDF"]),
        "{msgs:#?}"
    );
    let p = scratch("text", "file = \"fixtures/pictures/notes.txt\"", "", "");
    let msgs = errors(&p);
    assert!(
        has(&msgs, &["issue.toml:14:8: error: photo file `fixtures/pictures/notes.txt` is not a JPEG, PNG or PDF file"]),
        "{msgs:#?}"
    );
}

#[test]
fn a_pdf_is_no_photo_and_an_ad_page_must_exist() {
    let p = scratch("pdfphoto", &format!("file = \"{BANK_AD}\""), "", "");
    let msgs = errors(&p);
    assert!(
        has(
            &msgs,
            &[
                "issue.toml:14:8: error: page 1, photo 1: photo file",
                "is a PDF; a photo must be a JPEG or PNG picture"
            ]
        ),
        "{msgs:#?}"
    );
    let p = scratch("adpage", "", &format!("file = \"{BANK_AD}\"\npage = 3"), "");
    let msgs = errors(&p);
    assert!(
        has(
            &msgs,
            &[
                "issue.toml:18:8: error: page 1, ad 1: ad `",
                "has 1 page(s); `page = 3` is not one of them"
            ]
        ),
        "{msgs:#?}"
    );
}

#[test]
fn photo_keys_are_checked_and_located() {
    let p = scratch(
        "keys",
        &format!(
            "file = \"{HALL}\"\nfit = \"stretch\"\nfocus = [0.5, 1.5]\ncrop = [0.6, 0.0, 0.4, 1.0]"
        ),
        "",
        "",
    );
    let msgs = errors(&p);
    assert!(
        has(&msgs, &["issue.toml:15:7: error: unknown fit `stretch`"]),
        "{msgs:#?}"
    );
    assert!(
        has(
            &msgs,
            &["issue.toml:16:9: error: a photo's `focus` must be two numbers from 0 to 1"]
        ),
        "{msgs:#?}"
    );
    assert!(
        has(
            &msgs,
            &["issue.toml:17:8: error: a photo's `crop` must be [left, top, right, bottom]"]
        ),
        "{msgs:#?}"
    );
}

#[test]
#[ignore = "conformance: needs poppler-utils (scripts/conformance)"]
fn jpeg_bytes_go_into_the_pdf_unchanged_and_pictures_keep_size_and_colour() {
    let p = scratch(
        "passthrough",
        &format!("file = \"{HALL}\"\ncredit = \"全媒体记者 刘晓 摄\""),
        &format!("file = \"{BANK_AD}\""),
        &format!(
            "[[page.photo]]\narea = {{ col = 7, cols = 2, row = 14, rows = 16 }}\nfile = \"{FACTORY}\"\n\
             [[page.photo]]\narea = {{ col = 7, cols = 2, row = 30, rows = 16 }}\nfile = \"{HIKE}\"\n\
             [[page.photo]]\narea = {{ col = 7, cols = 2, row = 46, rows = 16 }}\nfile = \"{HALL}\"\nfit = \"contain\""
        ),
    );
    let (laid, bytes, out) = render(&p);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for jpeg in [HALL, FACTORY] {
        let original = std::fs::read(root.join(jpeg)).unwrap();
        assert!(
            bytes
                .windows(original.len())
                .any(|w| w == original.as_slice()),
            "{jpeg}'s bytes are not in the PDF unchanged"
        );
    }
    // The hall photo is placed twice but written once.
    let images = laid.document.pages[0]
        .items
        .iter()
        .filter(|i| matches!(i, Item::Image(_)))
        .count();
    assert_eq!(images, 5, "four photos and the ad");
    let list = tool("pdfimages", &["-list", out.to_str().unwrap()]);
    let rows: Vec<Vec<&str>> = list
        .lines()
        .skip(2)
        .map(|l| l.split_whitespace().collect())
        .collect();
    // page num type width height color comp bpc enc …
    let summary: Vec<String> = rows
        .iter()
        .map(|r| {
            format!(
                "{} {}x{} {} {} {} {}",
                r[2], r[3], r[4], r[5], r[6], r[7], r[8]
            )
        })
        .collect();
    for want in [
        "image 800x600 icc 3 8 jpeg",
        "image 700x1000 cmyk 4 8 jpeg",
        "image 1100x530 icc 3 8 image",
        "smask 1100x530 gray 1 8 image",
    ] {
        assert!(
            summary.iter().any(|s| s == want),
            "{want} not in {summary:#?}"
        );
    }
    let hall_objects: std::collections::BTreeSet<&str> = rows
        .iter()
        .filter(|r| r[3] == "800" && r[4] == "600")
        .map(|r| r[10])
        .collect();
    assert_eq!(
        hall_objects.len(),
        1,
        "the hall photo is one object: {list}"
    );
    // The same input gives the same bytes.
    let (_, again) = broadsheet::render_issue(&p, &opts()).unwrap();
    assert!(again == bytes, "output is not deterministic");
}

#[test]
#[ignore = "conformance: needs poppler-utils (scripts/conformance)"]
fn a_supplied_ads_text_stays_selectable_text() {
    let p = scratch("adtext", "", &format!("file = \"{BANK_AD}\""), "");
    let (laid, _, out) = render(&p);
    let text = tool("pdftotext", &["-enc", "UTF-8", out.to_str().unwrap(), "-"]);
    assert!(
        text.contains("衡阳农商银行 新春开门红"),
        "ad text not found:\n{text}"
    );
    assert!(text.contains("0734-96518"), "ad text not found:\n{text}");
    // The 广告 label is still set by the layout.
    let label = laid.document.pages[0].items.iter().any(|i| match i {
        Item::Text(l) => l.text == "广告",
        _ => false,
    });
    assert!(label, "the ad label is missing");
    // The ad's own font came along.
    let fonts = tool("pdffonts", &[out.to_str().unwrap()]);
    assert!(fonts.contains("WenKai"), "{fonts}");
}

#[test]
fn final_render_refuses_placeholders_and_the_report_lists_them() {
    let p = scratch("final", "", &format!("file = \"{BANK_AD}\""), "");
    let dir = p.parent().unwrap();
    let report = dir.join("report.json");
    let _bin = env!("CARGO_BIN_EXE_broadsheet");
    let run = |args: &[&str]| {
        crate::common::broadsheet()
            .arg("render")
            .arg(&p)
            .args(["--allow-overset", "--report", report.to_str().unwrap()])
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&[]);
    assert!(out.status.success(), "{out:?}");
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    let placeholders = json["placeholders"].as_array().unwrap();
    assert_eq!(placeholders.len(), 1, "{json:#}");
    assert_eq!(placeholders[0]["what"], "photo");
    let at = placeholders[0]["at"].as_str().unwrap();
    assert!(at.ends_with("issue.toml:12:8"), "{at}");
    let pictures = json["pictures"].as_array().unwrap();
    assert_eq!(pictures.len(), 1, "{json:#}");
    assert_eq!(pictures[0]["file"], BANK_AD);
    assert_eq!(pictures[0]["pdf_page"], 1);

    let out = run(&["--final", "-o", dir.join("final.pdf").to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("issue.toml:12:8: error: page 1: this photo has no file and would print as a placeholder"),
        "{err}"
    );
    assert!(!dir.join("final.pdf").exists(), "no PDF is written");
}

#[test]
fn a_cmyk_only_layout_refuses_rgb_ads() {
    // The house layout with `cmyk_only_ads = true` (its fonts are `../fonts/…`).
    let house = common::house_layout_with(|t| {
        common::table_mut(t, "pictures").insert("cmyk_only_ads".into(), true.into());
    });
    let with = |name: &str, ad: &str| {
        let p = scratch(name, "", ad, "");
        let dir = p.parent().unwrap();
        std::fs::create_dir_all(dir.join("cmyk")).unwrap();
        std::fs::write(dir.join("cmyk/layout.toml"), &house).unwrap();
        let issue = std::fs::read_to_string(&p)
            .unwrap()
            .replace("layouts/hengyang-broadsheet.toml", "cmyk/layout.toml");
        std::fs::write(&p, issue).unwrap();
        p
    };
    let p = with("rgbad", "file = \"fixtures/pictures/rgb-ad.pdf\"");
    let msgs = errors(&p);
    assert!(
        has(
            &msgs,
            &["issue.toml:18:8: error: page 1, ad 1: ad `fixtures/pictures/rgb-ad.pdf` has RGB colour operators in its content on page 1, but the layout takes CMYK-only ads"]
        ),
        "{msgs:#?}"
    );
    let p = with(
        "rgbjpeg",
        "file = \"fixtures/hengyang-2022-02-08/ads/p4-appliance.jpg\"",
    );
    let msgs = errors(&p);
    assert!(
        has(
            &msgs,
            &[
                "issue.toml:18:8: error: page 1, ad 1: ad `",
                "p4-appliance.jpg` has RGB pixels"
            ]
        ),
        "{msgs:#?}"
    );
    // A CMYK ad passes.
    let p = with("cmykad", &format!("file = \"{BANK_AD}\""));
    render(&p);
}

#[test]
fn an_ad_with_a_font_that_is_not_embedded_is_an_error() {
    let p = scratch(
        "unembedded",
        "",
        "file = \"fixtures/pictures/unembedded-font.pdf\"",
        "",
    );
    let msgs = errors(&p);
    assert!(
        has(
            &msgs,
            &["issue.toml:18:8: error: page 1, ad 1: ad `fixtures/pictures/unembedded-font.pdf` page 1 uses fonts that are not embedded: Helvetica"]
        ),
        "{msgs:#?}"
    );
}

#[test]
#[ignore = "conformance: needs poppler-utils (scripts/conformance)"]
fn adobe_cmyk_prints_the_right_way_round() {
    // The factory photo's top is a blue sky; inverted CMYK would print it orange.
    let p = scratch("adobe", &format!("file = \"{FACTORY}\""), "", "");
    let (laid, _, out) = render(&p);
    let doc = &laid.document;
    let clip = doc.pages[0]
        .items
        .iter()
        .find_map(|i| match i {
            Item::Image(im) => Some(im.clip),
            _ => None,
        })
        .unwrap();
    let margin = doc.bleed + doc.slug;
    let [r, g, b] = patch(&out, clip.x + margin + 4.0, clip.y + margin + 4.0, 30, 10);
    assert!(
        b > r + 40.0 && b > g,
        "sky is not blue: rgb({r:.0}, {g:.0}, {b:.0})"
    );
}

#[test]
#[ignore = "conformance: needs poppler-utils (scripts/conformance)"]
fn an_ad_encrypted_with_restrictions_only_is_placed_and_readable() {
    // An empty user password with an owner password (editing forbidden) is how many
    // ads arrive: it opens without a password, so it is decrypted and placed.
    let p = scratch(
        "restricted",
        "",
        "file = \"fixtures/pictures/restricted.pdf\"",
        "",
    );
    let (_, _, out) = render(&p);
    let text = tool("pdftotext", &["-enc", "UTF-8", out.to_str().unwrap(), "-"]);
    assert!(
        text.contains("限制编辑的广告"),
        "ad text not found:\n{text}"
    );
}

#[test]
#[ignore = "conformance: needs poppler-utils (scripts/conformance)"]
fn opaque_pngs_go_in_as_stored_and_print_their_pixels() {
    // A 2-colour PNG (left half red, right half blue) with a gradient row pattern so
    // every PNG filter type is used; 8-bit RGB and 16-bit RGB. Both go in without
    // decoding (PNG predictors), and must still print red on the left, blue on the right.
    for (name, depth) in [
        ("png8", png::BitDepth::Eight),
        ("png16", png::BitDepth::Sixteen),
    ] {
        let p = scratch(name, "file = \"two.png\"\nfit = \"contain\"", "", "");
        let dir = p.parent().unwrap();
        let (w, h) = (1000u32, 800u32);
        let bytes = if depth == png::BitDepth::Sixteen {
            2
        } else {
            1
        };
        let mut data = Vec::new();
        for y in 0..h {
            for x in 0..w {
                let shade = (y % 7) as u8;
                let px = if x < w / 2 {
                    [250 - shade, shade, shade]
                } else {
                    [shade, shade, 250 - shade]
                };
                for c in px {
                    data.extend(std::iter::repeat_n(c, bytes));
                }
            }
        }
        let f = std::fs::File::create(dir.join("two.png")).unwrap();
        let mut enc = png::Encoder::new(std::io::BufWriter::new(f), w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(depth);
        enc.set_filter(png::Filter::Adaptive);
        let mut wr = enc.write_header().unwrap();
        wr.write_image_data(&data).unwrap();
        wr.finish().unwrap();
        let (laid, bytes_out, out) = render(&p);
        // The stored zlib stream is in the PDF unchanged.
        let stored = std::fs::read(dir.join("two.png")).unwrap();
        let idat_start = stored.windows(4).position(|w| w == b"IDAT").unwrap() + 4;
        let probe = &stored[idat_start..idat_start + 64];
        assert!(
            bytes_out.windows(64).any(|w| w == probe),
            "{name}: IDAT not passed through"
        );
        let doc = &laid.document;
        let clip = doc.pages[0]
            .items
            .iter()
            .find_map(|i| match i {
                Item::Image(im) => Some(im.clip),
                _ => None,
            })
            .unwrap();
        let m = doc.bleed + doc.slug;
        let cy = clip.y + m + clip.h / 2.0;
        let [r, _, b] = patch(&out, clip.x + m + clip.w * 0.2, cy, 10, 10);
        // Colour-managed to the newsprint output intent, so not pure: clearly red.
        assert!(r > b + 80.0, "{name}: left is not red: {r:.0} {b:.0}");
        let [r, _, b] = patch(&out, clip.x + m + clip.w * 0.7, cy, 10, 10);
        assert!(b > r + 80.0, "{name}: right is not blue: {r:.0} {b:.0}");
    }
}

/// A claim is never false: an RGB supplied ad makes the PDF fail the PDF/X-4 preflight
/// its layout claims. `render --final` fails naming it and writes nothing; a plain
/// render writes the PDF without the claim (no `GTS_PDFX` anywhere) and says so.
#[test]
fn a_pdf_that_fails_its_claim_does_not_make_it() {
    let p = scratch(
        "claim",
        &format!("file = \"{HALL}\""),
        "file = \"fixtures/pictures/rgb-ad.pdf\"",
        "",
    );
    let dir = p.parent().unwrap().to_path_buf();
    let run = |extra: &[&str], out: &str| {
        crate::common::broadsheet()
            .arg("render")
            .arg(&p)
            .args(["-o", out, "--allow-overset"])
            .args(extra)
            .current_dir(&dir)
            .output()
            .unwrap()
    };
    let final_run = run(&["--final"], "final.pdf");
    let stderr = String::from_utf8_lossy(&final_run.stderr).into_owned();
    assert_eq!(final_run.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error: the PDF fails the PDF/X-4 preflight its layout claims: nothing was written (--final)"),
        "{stderr}"
    );
    // The finding names the page, the ad's file and where the issue places it.
    assert!(
        stderr.contains("error: preflight: colour-spaces: page 1: DeviceRGB colour (rg/RG) (in `fixtures/pictures/rgb-ad.pdf`, placed at ")
            && stderr.contains("issue.toml:18:8)\n  hint: convert the ad to CMYK"),
        "{stderr}"
    );
    assert!(!dir.join("final.pdf").exists());

    let proof_run = run(&[], "proof.pdf");
    let stderr = String::from_utf8_lossy(&proof_run.stderr).into_owned();
    assert_eq!(proof_run.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("warning: the PDF fails the PDF/X-4 preflight its layout claims: it is written without the PDF/X-4 claim"),
        "{stderr}"
    );
    let bytes = std::fs::read(dir.join("proof.pdf")).unwrap();
    assert!(!bytes.windows(8).any(|w| w == b"GTS_PDFX"));
    assert!(!bytes.windows(7).any(|w| w == b"PDF/X-4"));
    // The PDF with the claim was written into a temporary file, which the preflight
    // read: neither run leaves one behind.
    let left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");

    // The same issue with a CMYK ad keeps its claim.
    let ok = scratch(
        "claim-ok",
        &format!("file = \"{HALL}\""),
        &format!("file = \"{BANK_AD}\""),
        "",
    );
    let out = crate::common::broadsheet()
        .arg("render")
        .arg(&ok)
        .args(["-o", "ok.pdf", "--allow-overset", "--final"])
        .current_dir(ok.parent().unwrap())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(ok.parent().unwrap().join("ok.pdf")).unwrap();
    assert!(bytes.windows(8).any(|w| w == b"GTS_PDFX"));
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::remove_dir_all(ok.parent().unwrap()).unwrap();
}

#[test]
fn damaged_and_oversized_pictures_are_located_errors_naming_what_is_wrong() {
    for (name, file, parts) in [
        (
            "badcrc",
            "fixtures/pictures/bad-crc.png",
            &["PNG chunk IDAT at byte ", ": CRC mismatch (stored "][..],
        ),
        (
            "shortidat",
            "fixtures/pictures/short-idat.png",
            &["a damaged PNG: its IDAT data is short: it ends after "][..],
        ),
        (
            "hugepng",
            "fixtures/pictures/huge.png",
            &["it declares 30000 × 30000 pixels (900.0 megapixels); a picture may have at most 100 megapixels"][..],
        ),
        (
            "hugejpg",
            "fixtures/pictures/huge.jpg",
            &["it declares 65500 × 65500 pixels (4290.2 megapixels)"][..],
        ),
    ] {
        let p = scratch(name, &format!("file = \"{file}\""), "", "");
        let start = std::time::Instant::now();
        let msgs = errors(&p);
        let at = format!("issue.toml:14:8: error: cannot use `{file}`: ");
        let mut want = vec![at.as_str()];
        want.extend_from_slice(parts);
        assert!(has(&msgs, &want), "{name}: {msgs:#?}");
        // Found from the header or the chunks, long before any pixel is allocated.
        assert!(
            start.elapsed() < std::time::Duration::from_secs(5),
            "{name} took {:?}",
            start.elapsed()
        );
        let _ = std::fs::remove_dir_all(p.parent().unwrap());
    }
}

/// The Exif orientation 6 fixture (stored 900 × 600, left half red; shown turned a
/// quarter clockwise: 600 × 900, red above blue) prints upright, and its resolution is
/// that of the displayed size.
#[test]
#[ignore = "conformance: needs poppler-utils (scripts/conformance)"]
fn an_exif_rotated_photo_prints_upright_at_its_displayed_size() {
    let p = scratch(
        "rotated",
        "file = \"fixtures/pictures/rotated.jpg\"\nfit = \"contain\"",
        "",
        "",
    );
    let (laid, bytes, out) = render(&p);
    let doc = &laid.document;
    let im = doc.pages[0]
        .items
        .iter()
        .find_map(|i| match i {
            Item::Image(im) => Some(im.clone()),
            _ => None,
        })
        .unwrap();
    // Portrait, 2:3, as displayed; ppi from the displayed 900 px height.
    let ratio = im.placed.w / im.placed.h;
    assert!((ratio - 600.0 / 900.0).abs() < 1e-6, "{:?}", im.placed);
    let ppi = im.ppi.unwrap();
    assert!((ppi - 900.0 / (im.placed.h / 72.0)).abs() < 1e-6, "{ppi}");
    // The JPEG still goes in unchanged.
    let original =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/pictures/rotated.jpg"))
            .unwrap();
    assert!(bytes
        .windows(original.len())
        .any(|w| w == original.as_slice()));
    let m = doc.bleed + doc.slug;
    let c = im.clip;
    let [r, _, b] = patch(&out, c.x + m + c.w * 0.3, c.y + m + c.h * 0.2, 10, 10);
    assert!(r > b + 80.0, "top is not red: {r:.0} {b:.0}");
    let [r, _, b] = patch(&out, c.x + m + c.w * 0.3, c.y + m + c.h * 0.8, 10, 10);
    assert!(b > r + 80.0, "bottom is not blue: {r:.0} {b:.0}");
    // The report names the orientation.
    let report = broadsheet::report::picture_report(&laid.issue, doc);
    assert!(
        report.pictures[0].format == "jpeg 900x600 rgb exif-orientation-6",
        "{:?}",
        report.pictures[0]
    );
    let _ = std::fs::remove_dir_all(p.parent().unwrap());
}

#[test]
fn a_picture_ad_of_another_shape_is_an_error_unless_contained() {
    // The appliance ad is drawn for a 3 × 20 slot; the scratch issue's slot is 8 × 23.
    const APPLIANCE: &str = "fixtures/hengyang-2022-02-08/ads/p4-appliance.jpg";
    let p = scratch("adshape", "", &format!("file = \"{APPLIANCE}\""), "");
    let mut dirs = vec![p.parent().unwrap().to_path_buf()];
    let msgs = errors(&p);
    assert!(
        has(
            &msgs,
            &[
                &format!("issue.toml:18:8: error: page 1, ad 1: ad `{APPLIANCE}` does not have its slot's shape: the slot is 352.4 × 111.8 mm (3.15:1) and the picture "),
                "filling the slot would cut ",
                " mm off its height (tolerance ±1.0 mm)"
            ]
        ),
        "{msgs:#?}"
    );
    let p = scratch(
        "adcontain",
        "",
        &format!("file = \"{APPLIANCE}\"\nfit = \"contain\""),
        "",
    );
    dirs.push(p.parent().unwrap().to_path_buf());
    let laid = broadsheet::layout_issue(&p, &opts()).unwrap_or_else(|e| panic!("{e}"));
    let msgs: Vec<String> = laid.diags.0.iter().map(ToString::to_string).collect();
    assert!(
        has(
            &msgs,
            &[
                &format!("issue.toml:18:8: warning: ad `{APPLIANCE}` is placed whole (`fit = \"contain\"`)"),
                "mm of the slot's width stays blank"
            ]
        ),
        "{msgs:#?}"
    );
    // Whole and centred: full slot height, narrower than the slot.
    let images: Vec<_> = laid.document.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Image(im) => Some(im.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(images.len(), 1);
    let im = &images[0];
    assert_eq!(im.clip, im.placed, "nothing cut");
    assert!(
        im.placed.w < 0.5 * broadsheet::geom::mm(352.4),
        "{:?}",
        im.placed
    );
    // A PDF ad takes no `fit`: its TrimBox must match.
    let p = scratch(
        "pdffit",
        "",
        &format!("file = \"{BANK_AD}\"\nfit = \"contain\""),
        "",
    );
    dirs.push(p.parent().unwrap().to_path_buf());
    let msgs = errors(&p);
    assert!(
        has(
            &msgs,
            &[
                "issue.toml:18:8: error: page 1, ad 1: ad `",
                "is a PDF: `fit` is for a picture ad"
            ]
        ),
        "{msgs:#?}"
    );
    for d in dirs {
        let _ = std::fs::remove_dir_all(d);
    }
}

/// A CMYK photo at 400 % total area coverage (fixtures/pictures/ink-400.jpg) is held
/// to the layout's 240 % in the PDF — K kept, C, M and Y reduced — with a warning at
/// its file; the PDF keeps its PDF/X-4 claim and passes `--final`. Measured from
/// outside: Ghostscript's CMYK separations of the page (`pamcmyk32`) find no pixel
/// inside the trim over the limit, where the photo as supplied has half its pixels at
/// 400 %.
#[test]
#[ignore = "conformance: needs Ghostscript (scripts/conformance)"]
fn an_over_inked_cmyk_photo_is_held_to_the_ink_limit() {
    let p = scratch(
        "ink",
        "file = \"fixtures/pictures/ink-400.jpg\"",
        &format!("file = \"{BANK_AD}\""),
        "",
    );
    let (laid, bytes) = broadsheet::render_issue(&p, &opts()).unwrap_or_else(|e| panic!("{e}"));
    let warning = laid.diags.to_string();
    assert!(
        warning.contains("issue.toml:14:8: warning: photo `fixtures/pictures/ink-400.jpg` reaches 400 % total area coverage (50 % of its pixels over the layout's 240 %)"),
        "{warning}"
    );
    let (bytes, findings) = broadsheet::honour_claim(&laid, bytes, true, &Default::default(), None)
        .unwrap_or_else(|e| panic!("--final refused it: {e}"));
    assert!(findings.0.is_empty(), "{findings}");
    assert!(bytes.windows(8).any(|w| w == b"GTS_PDFX"));
    let percent = max_ink_inside_trim(&p, &bytes, &laid);
    assert!(
        percent <= 240.5,
        "a pixel inside the trim reaches {percent:.1} %"
    );
    assert!(
        percent >= 200.0,
        "the photo is not on the page ({percent:.1} %)"
    );
    std::fs::remove_dir_all(p.parent().unwrap()).unwrap();
}

/// The most ink of any pixel inside the trim of page 1 of `bytes` (written beside the
/// issue `p`), in percent, from Ghostscript's CMYK separations (`pamcmyk32`, 36 dpi).
fn max_ink_inside_trim(p: &Path, bytes: &[u8], laid: &broadsheet::Laid) -> f64 {
    let pdf = p.with_extension("pdf");
    std::fs::write(&pdf, bytes).unwrap();
    let pam = p.with_extension("pam");
    let out = Command::new("gs")
        .args([
            "-q",
            "-dNOPAUSE",
            "-dBATCH",
            "-dSAFER",
            "-sDEVICE=pamcmyk32",
            "-r36",
        ])
        .arg(format!("-sOutputFile={}", pam.display()))
        .arg(&pdf)
        .output()
        .unwrap_or_else(|e| {
            panic!("Ghostscript is needed for this test (apt-get install ghostscript): {e}")
        });
    assert!(out.status.success(), "gs failed: {out:?}");
    let data = std::fs::read(&pam).unwrap();
    let end = data.windows(7).position(|w| w == b"ENDHDR\n").unwrap() + 7;
    let header = String::from_utf8_lossy(&data[..end]).into_owned();
    let field = |k: &str| -> usize {
        header
            .lines()
            .find_map(|l| l.strip_prefix(k))
            .unwrap()
            .trim()
            .parse()
            .unwrap()
    };
    let (w, h) = (field("WIDTH"), field("HEIGHT"));
    let layout = &laid.issue.layout;
    let px = |pt: f64| (pt * 36.0 / 72.0).round() as usize;
    let (x0, y0) = (
        px(layout.bleed + layout.slug) + 1,
        px(layout.bleed + layout.slug) + 1,
    );
    let (x1, y1) = (w - x0, h - y0);
    let mut max = 0u32;
    for y in y0..y1 {
        for x in x0..x1 {
            let i = end + (y * w + x) * 4;
            max = max.max(data[i..i + 4].iter().map(|&v| u32::from(v)).sum());
        }
    }
    f64::from(max) * 100.0 / 255.0
}

/// An RGB photo goes to the plant as RGB, separated by the RIP through the output
/// intent's profile. When that profile gives more ink than the layout allows (the
/// shipped newsprint profile reaches 240 %; this layout allows 200 %), the photo's
/// pixels are separated as the RIP would; those over the limit make the engine convert
/// the photo to the output CMYK itself, held to the limit, with a warning at its file.
/// Measured from outside on Ghostscript's separations.
#[test]
#[ignore = "conformance: needs Ghostscript (scripts/conformance)"]
fn an_rgb_photo_the_rip_would_over_ink_is_converted_within_the_limit() {
    let dir = common::scratch_dir("pictures", "rgb-ink", &["layouts"]);
    let layout = common::house_layout_with(|t| {
        common::table_mut(t, "output").insert("tac_percent".into(), 200.0.into());
    });
    std::fs::write(dir.join("layouts/ink-200.toml"), layout).unwrap();
    let p = common::picture_issue(
        &dir,
        "layouts/ink-200.toml",
        &format!("file = \"{HALL}\""),
        "",
        "",
    );
    let (laid, bytes) = broadsheet::render_issue(&p, &opts()).unwrap_or_else(|e| panic!("{e}"));
    let warnings = laid.diags.to_string();
    let expected = format!("issue.toml:14:8: warning: picture `{HALL}` would print at up to ");
    assert!(warnings.contains(&expected), "{warnings}");
    assert!(
        warnings.contains("over the layout's 200 %): the PDF carries it converted to the output CMYK, held to 200 %"),
        "{warnings}"
    );
    // The photo is DeviceCMYK samples now, not the JPEG with its RGB profile.
    assert!(
        !bytes.windows(11).any(|w| w == b"/DCTDecode"),
        "the JPEG went in as it is"
    );
    let percent = max_ink_inside_trim(&p, &bytes, &laid);
    assert!(
        percent <= 200.5,
        "a pixel inside the trim reaches {percent:.1} %"
    );
    assert!(
        percent >= 190.0,
        "the photo is not on the page ({percent:.1} %)"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `[pictures] min_picture_lines`: a photo's area must hold its caption and at least
/// this many lines of picture (default 2); the 12-line area of the test issue holds a
/// one-line caption and 11 lines of picture, not 12.
#[test]
fn min_picture_lines_is_a_layout_key() {
    let p = scratch("min-lines", "", "", "");
    let mut issue = broadsheet::spec::resolve_issue(&p).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(issue.layout.pictures.min_picture_lines, 2);
    let lay = |issue: &broadsheet::spec::Issue| {
        let pictures = broadsheet::pictures::read_pictures(issue).unwrap();
        broadsheet::layout::layout_issue(issue, pictures)
    };
    assert!(lay(&issue).is_ok());
    issue.layout.pictures.min_picture_lines = 11;
    assert!(lay(&issue).is_ok());
    issue.layout.pictures.min_picture_lines = 12;
    let Err(err) = lay(&issue) else {
        panic!("12 lines of picture and a caption fit in 12 lines");
    };
    let err = err.to_string();
    assert!(
        err.contains("a photo's area (12 lines) is too small for its 1-line caption and 12 lines of picture (the layout's [pictures] min_picture_lines)"),
        "{err}"
    );
    std::fs::remove_dir_all(p.parent().unwrap()).unwrap();
}

/// `[furniture] credit_gap`: what stands between a photo's caption and its credit on
/// one line (default an ideographic space).
#[test]
fn credit_gap_is_a_layout_key() {
    let p = scratch("credit-gap", "", "", "");
    let mut issue = broadsheet::spec::resolve_issue(&p).unwrap_or_else(|e| panic!("{e}"));
    issue.pages[0].photos[0].credit = "记者 摄".into();
    let caption = |issue: &broadsheet::spec::Issue| {
        let pictures = broadsheet::pictures::read_pictures(issue).unwrap();
        let laid = broadsheet::layout::layout_issue(issue, pictures).unwrap();
        laid.document.pages[0]
            .items
            .iter()
            .find_map(|i| match i {
                broadsheet::page::Item::Text(l) if l.text.starts_with("图片说明") => {
                    Some(l.text.clone())
                }
                _ => None,
            })
            .unwrap()
    };
    assert_eq!(caption(&issue), "图片说明\u{3000}记者 摄");
    issue.layout.wording.credit_gap = " / ".into();
    assert_eq!(caption(&issue), "图片说明 / 记者 摄");
    std::fs::remove_dir_all(p.parent().unwrap()).unwrap();
}
