//! PDF/X-4 conformance of the sample issue, clause by clause: each requirement is
//! asserted through the preflight (`broadsheet::check`) and read back independently
//! with hayro-syntax (changed by incremental updates, tests/it/common/pdf.rs); then broken variants made here (no output intent, RGB text, marks in the
//! bleed, no XMP, …) prove that each check can fail, with its message. Ghostscript and
//! qpdf must read the file without a warning (both are installed by `scripts/conformance`; the test
//! fails if they are missing).

use crate::common;

use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

use broadsheet::check::{check_pdf_bytes, PreflightLimits, Report};
use broadsheet::pdf::Timestamp;
use broadsheet::spec::output::Standard;
use broadsheet::RenderOptions;
use common::pdf::{self as reader, Array, Dict, Object, Operand, Pdf, Stream, Update};

const MM: f64 = 72.0 / 25.4;
const PROFILE: &str = "profiles/CGATS-TR002-newsprint.icc";

fn sample() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
        let (_, bytes) =
            broadsheet::render_issue(Path::new("issue.toml"), &RenderOptions::default())
                .unwrap_or_else(|e| panic!("sample issue failed to render:\n{e}"));
        bytes
    })
}

fn preflight(bytes: &[u8]) -> Report {
    check_pdf_bytes(Path::new("test.pdf"), bytes, &PreflightLimits::default()).unwrap()
}

fn assert_passes(report: &Report, id: &str) {
    let c = report
        .check(id)
        .unwrap_or_else(|| panic!("no check `{id}`"));
    assert!(c.passed(), "check `{id}` failed: {:?}", c.findings);
}

fn assert_fails_with(report: &Report, id: &str, message: &str) {
    let c = report
        .check(id)
        .unwrap_or_else(|| panic!("no check `{id}`"));
    assert!(!c.passed(), "check `{id}` passed a broken file");
    assert!(
        c.findings.iter().any(|f| f.message.contains(message)),
        "check `{id}`: no finding with “{message}” in {:?}",
        c.findings
    );
    assert!(!report.passed);
}

fn intent(doc: &Pdf) -> Dict<'_> {
    let intents = reader::catalog(doc)
        .get::<Array<'_>>(b"OutputIntents")
        .unwrap();
    let all: Vec<Dict<'_>> = intents.iter::<Dict<'_>>().collect();
    assert_eq!(all.len(), 1);
    all[0].clone()
}

fn xmp(doc: &Pdf) -> String {
    let s = reader::catalog(doc).get::<Stream<'_>>(b"Metadata").unwrap();
    assert_eq!(reader::name(s.dict(), "Type"), b"Metadata");
    assert_eq!(reader::name(s.dict(), "Subtype"), b"XML");
    String::from_utf8(s.raw_data().into_owned()).unwrap()
}

fn rect(page: &Dict<'_>, key: &str) -> [f64; 4] {
    let v = reader::nums(page, key);
    [v[0], v[1], v[2], v[3]]
}

fn first_page(doc: &Pdf) -> Dict<'_> {
    doc.pages()[0].raw().clone()
}

/// Page 1 of the sample with `ops` (content syntax) before its own content.
fn prepend_ops(ops: &str) -> Vec<u8> {
    let doc = reader::open(sample());
    let page = &doc.pages()[0];
    let mut content = ops.as_bytes().to_vec();
    content.push(b'\n');
    content.extend(reader::page_content(page));
    let mut u = Update::new(sample());
    let c = u.add_stream("", &content);
    let contents = format!("{} 0 R", c.obj_number);
    let body = reader::changed(page.raw(), &[("Contents", Some(&contents))]);
    u.set(reader::id_of(page.raw()), body);
    u.finish()
}

/// The sample with one dictionary object changed.
fn change(id: reader::ObjRef, d: &Dict<'_>, changes: &[(&str, Option<&str>)]) -> Vec<u8> {
    let mut u = Update::new(sample());
    u.set(id, reader::changed(d, changes));
    u.finish()
}

/// The sample with its catalog changed.
fn change_catalog(changes: &[(&str, Option<&str>)]) -> Vec<u8> {
    let doc = reader::open(sample());
    let c = reader::catalog(&doc);
    change(reader::id_of(&c), &c, changes)
}

/// The sample with its Info dictionary changed.
fn change_info(changes: &[(&str, Option<&str>)]) -> Vec<u8> {
    let doc = reader::open(sample());
    change(reader::info_ref(&doc), &reader::info(&doc), changes)
}

// ── The sample passes every check, one by one ──────────────────────────────────────

#[test]
fn sample_passes_every_check_one_by_one() {
    let report = preflight(sample());
    for id in [
        "version",
        "encryption",
        "output-intent",
        "xmp",
        "info",
        "boxes",
        "fonts",
        "icc-versions",
        "subset-names",
        "actions",
        "annotations",
        "colour-spaces",
        "tac",
        "registration",
        "small-text",
        "graphics-state",
        "white-overprint",
        "line-width",
        "reversed-text",
        "image-resolution",
        "spot-colours",
    ] {
        assert_passes(&report, id);
    }
    assert!(report.passed, "{}", report.text());
    assert_eq!(report.checks.len(), 21);
}

/// The sample's photos embed an ICC v4.4 profile, newer than the 4.1 PDF 1.6 (and so
/// PDF/X-4) is based on: the profile is written with an /Alternate, the sRGB profile of
/// version 2, which PDF 1.6 reads. Without that alternate the preflight fails.
#[test]
fn icc_profiles_newer_than_pdf_1_6_have_an_alternate() {
    let doc = reader::open(sample());
    let version = |s: &Stream<'_>| {
        let data = reader::decoded(s);
        assert_eq!(&data[36..40], b"acsp");
        (data[8], data[9] >> 4)
    };
    let mut newer = Vec::new();
    for obj in doc.objects() {
        let Object::Stream(s) = obj else { continue };
        if !s.dict().contains_key(b"N") || s.dict().contains_key(b"Subtype") {
            continue;
        }
        if version(&s) > (4, 1) {
            newer.push(s.clone());
            let alt = s.dict().get::<Array<'_>>(b"Alternate").unwrap();
            let mut alt = alt.iter::<Object<'_>>();
            assert!(matches!(alt.next(), Some(Object::Name(n)) if n.as_ref() == b"ICCBased"));
            let Some(Object::Stream(srgb)) = alt.next() else {
                panic!("no sRGB stream")
            };
            assert_eq!(version(&srgb), (2, 3));
        }
    }
    assert_eq!(newer.len(), 1, "the photos' one v4.4 profile");
    // The same profile without its alternate (the stream written again, unfiltered).
    let s = &newer[0];
    let mut u = Update::new(sample());
    let mut body = reader::changed(
        s.dict(),
        &[
            ("Alternate", None),
            ("Filter", None),
            ("Length", None),
            ("DecodeParms", None),
        ],
    );
    let data = reader::decoded(s);
    body.truncate(body.len() - 2);
    body.extend_from_slice(format!(" /Length {} >>\nstream\n", data.len()).as_bytes());
    body.extend_from_slice(&data);
    body.extend_from_slice(b"\nendstream");
    u.set(s.obj_id().into(), body);
    assert_fails_with(&preflight(&u.finish()), "icc-versions", "is version 4.4");
}

// ── The same clauses read back independently ───────────────────────────────────────

#[test]
fn output_intent_embeds_the_newsprint_profile() {
    let doc = reader::open(sample());
    let i = intent(&doc);
    assert_eq!(reader::name(&i, "S"), b"GTS_PDFX");
    assert_eq!(
        reader::string(&i, "OutputConditionIdentifier"),
        b"CGATS TR 002"
    );
    assert_eq!(reader::string(&i, "RegistryName"), b"http://www.color.org");
    let profile = i.get::<Stream<'_>>(b"DestOutputProfile").unwrap();
    assert_eq!(reader::int(profile.dict(), "N"), Some(4));
    let embedded = reader::decoded(&profile);
    assert_eq!(embedded, std::fs::read(PROFILE).unwrap());
    assert_eq!(&embedded[16..20], b"CMYK");
    assert_eq!(&embedded[12..16], b"prtr");
}

#[test]
fn xmp_and_info_agree() {
    let doc = reader::open(sample());
    let x = xmp(&doc);
    let info = reader::info(&doc);
    let version = reader::string(&info, "GTS_PDFXVersion");
    let version = std::str::from_utf8(&version).unwrap();
    assert!(x.contains(&format!(
        "<pdfxid:GTS_PDFXVersion>{version}</pdfxid:GTS_PDFXVersion>"
    )));
    // The dates: the issue date (2022-02-08) at the layout's deadline, +08:00.
    assert_eq!(
        reader::string(&info, "CreationDate"),
        b"D:20220208233000+08'00'"
    );
    assert_eq!(reader::string(&info, "ModDate"), b"D:20220208233000+08'00'");
    assert!(x.contains("<xmp:CreateDate>2022-02-08T23:30:00+08:00</xmp:CreateDate>"));
    assert!(x.contains("<xmp:ModifyDate>2022-02-08T23:30:00+08:00</xmp:ModifyDate>"));
    assert!(x.contains("<xmpMM:DocumentID>uuid:"));
    assert!(x.contains("<xmpMM:InstanceID>uuid:"));
    assert!(x.contains("<xmpMM:RenditionClass>default</xmpMM:RenditionClass>"));
    assert!(x.contains("衡阳日报 2022-02-08 第18079号"));
    let producer = reader::string(&info, "Producer");
    let producer = std::str::from_utf8(&producer).unwrap();
    assert!(producer.starts_with("broadsheet "));
    assert!(x.contains(&format!("<pdf:Producer>{producer}</pdf:Producer>")));
    assert_eq!(reader::name(&info, "Trapped"), b"False");
    assert!(x.contains("<pdf:Trapped>False</pdf:Trapped>"));
}

#[test]
fn boxes_nest_and_bleed_is_three_millimetres() {
    let doc = reader::open(sample());
    for page in doc.pages().iter() {
        let (m, b, t) = (
            rect(page.raw(), "MediaBox"),
            rect(page.raw(), "BleedBox"),
            rect(page.raw(), "TrimBox"),
        );
        for k in 0..2 {
            assert!(m[k] <= b[k] && b[k] < t[k]);
            assert!(t[k + 2] < b[k + 2] && b[k + 2] <= m[k + 2]);
            assert!((t[k] - b[k] - 3.0 * MM).abs() < 0.01);
        }
    }
}

/// The crop marks and registration crosses are stroked in `[/Separation /All
/// /DeviceCMYK …]`, every one of them at least the layout's mark offset (2 mm) outside
/// the BleedBox.
#[test]
fn crop_marks_are_registration_coloured_and_outside_the_bleed() {
    let doc = reader::open(sample());
    for page in doc.pages().iter() {
        let bleed = rect(page.raw(), "BleedBox");
        let spaces = &page.resources().color_spaces;
        let name = spaces.keys().next().unwrap().to_vec();
        let cs = spaces.get::<Array<'_>>(&name).unwrap();
        let cs: Vec<Object<'_>> = cs.iter::<Object<'_>>().collect();
        let name_at = |i: usize| match &cs[i] {
            Object::Name(n) => n.to_vec(),
            other => panic!("{other:?}"),
        };
        assert_eq!(name_at(0), b"Separation");
        assert_eq!(name_at(1), b"All");
        assert_eq!(name_at(2), b"DeviceCMYK");

        let ops = reader::ops(&reader::page_content(page));
        let mut in_reg = false;
        let mut marks = 0;
        let mut start = (0.0, 0.0);
        for (operator, operands) in &ops {
            let nums: Vec<f64> = operands
                .iter()
                .filter_map(|o| match o {
                    Operand::Num(n) => Some(*n),
                    _ => None,
                })
                .collect();
            match operator.as_str() {
                "CS" => in_reg = operands[0].name() == name.as_slice(),
                "K" => in_reg = false,
                "m" => start = (nums[0], nums[1]),
                "l" if in_reg => {
                    marks += 1;
                    for (x, y) in [start, (nums[0], nums[1])] {
                        let outside = x <= bleed[0] - 2.0 * MM + 0.01
                            || x >= bleed[2] + 2.0 * MM - 0.01
                            || y <= bleed[1] - 2.0 * MM + 0.01
                            || y >= bleed[3] + 2.0 * MM - 0.01;
                        assert!(outside, "mark point ({x}, {y}) within 2 mm of the bleed");
                    }
                }
                _ => {}
            }
        }
        assert_eq!(marks, 8 + 6, "eight crop marks and three crosses per page");
        // Nothing but DeviceCMYK and the registration space is painted.
        for (operator, _) in &ops {
            assert!(!["rg", "RG", "g", "G"].contains(&operator.as_str()));
        }
    }
}

/// 100 K rules overprint like the text: every stroke in 0 0 0 1 K is under the
/// overprint ExtGState.
#[test]
fn black_rules_overprint() {
    let doc = reader::open(sample());
    let page = &doc.pages()[0];
    let states = &page.resources().ext_g_states;
    let ops = reader::ops(&reader::page_content(page));
    let mut overprint = false;
    let mut black_stroke = false;
    let mut checked = 0;
    for (operator, operands) in &ops {
        match operator.as_str() {
            "gs" => {
                let gs = states.get::<Dict<'_>>(operands[0].name()).unwrap();
                overprint = gs.get::<bool>(b"OP").unwrap();
            }
            "K" => {
                let v: Vec<f64> = operands.iter().map(Operand::num).collect();
                black_stroke = v == [0.0, 0.0, 0.0, 1.0];
            }
            "CS" => black_stroke = false,
            "S" if black_stroke => {
                assert!(overprint, "a 100 K rule knocks out");
                checked += 1;
            }
            _ => {}
        }
    }
    assert!(checked > 0, "no black rule on page 1");
}

#[test]
#[ignore = "conformance: needs Ghostscript, qpdf (scripts/conformance)"]
fn ghostscript_and_qpdf_read_the_sample_without_warnings() {
    let dir = common::scratch_root().join(format!("broadsheet-pdfx-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("issue.pdf");
    std::fs::write(&path, sample()).unwrap();

    let qpdf = Command::new("qpdf")
        .arg("--check")
        .arg(&path)
        .output()
        .expect("qpdf must be installed (scripts/conformance installs it)");
    let out = String::from_utf8_lossy(&qpdf.stdout);
    assert!(qpdf.status.success(), "qpdf --check failed:\n{out}");
    assert!(
        out.contains("No syntax or stream encoding errors found"),
        "{out}"
    );
    assert!(!out.to_lowercase().contains("warning"), "{out}");
    assert!(
        qpdf.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&qpdf.stderr)
    );

    let gs = Command::new("gs")
        .args(["-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=nullpage"])
        .arg(&path)
        .output()
        .expect("ghostscript must be installed (scripts/conformance installs it)");
    assert!(gs.status.success(), "gs failed");
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&gs.stdout),
        String::from_utf8_lossy(&gs.stderr)
    );
    assert!(all.trim().is_empty(), "ghostscript said:\n{all}");
    std::fs::remove_dir_all(&dir).unwrap();
}

// ── Broken variants: each check fails, with its message ────────────────────────────

#[test]
fn no_output_intent_fails() {
    let bytes = change_catalog(&[("OutputIntents", None)]);
    assert_fails_with(
        &preflight(&bytes),
        "output-intent",
        "no GTS_PDFX output intent",
    );
}

#[test]
fn output_intent_without_profile_fails() {
    let doc = reader::open(sample());
    let i = intent(&doc);
    let intents = reader::catalog(&doc)
        .get::<Array<'_>>(b"OutputIntents")
        .unwrap();
    let bytes = match intents.raw_iter().next().unwrap() {
        reader::MaybeRef::Ref(r) => change(r, &i, &[("DestOutputProfile", None)]),
        reader::MaybeRef::NotRef(_) => {
            let body = reader::changed(&i, &[("DestOutputProfile", None)]);
            let array = format!("[{}]", String::from_utf8(body).unwrap());
            change_catalog(&[("OutputIntents", Some(&array))])
        }
    };
    assert_fails_with(&preflight(&bytes), "output-intent", "no DestOutputProfile");
}

#[test]
fn rgb_text_fails() {
    assert_fails_with(
        &preflight(&prepend_ops("1 0 0 rg")),
        "colour-spaces",
        "DeviceRGB",
    );
}

#[test]
fn marks_inside_the_bleed_fail() {
    // Grow the BleedBox to the MediaBox: the crop marks are now inside it.
    let doc = reader::open(sample());
    let page = first_page(&doc);
    let media = format!("{:?}", rect(&page, "MediaBox")).replace(',', "");
    let bytes = change(reader::id_of(&page), &page, &[("BleedBox", Some(&media))]);
    let report = preflight(&bytes);
    assert_fails_with(&report, "registration", "inside or on the BleedBox");
    assert_passes(&report, "boxes");
}

#[test]
fn missing_xmp_fails() {
    let bytes = change_catalog(&[("Metadata", None)]);
    assert_fails_with(&preflight(&bytes), "xmp", "no XMP metadata");
}

#[test]
fn xmp_disagreeing_with_info_fails() {
    let bytes = change_info(&[("GTS_PDFXVersion", Some("(PDF/X-4p)"))]);
    assert_fails_with(&preflight(&bytes), "xmp", "but the Info dictionary says");
}

#[test]
fn info_dates_disagreeing_with_xmp_fail() {
    let bytes = change_info(&[("ModDate", Some("(D:20220209000000+08'00')"))]);
    assert_fails_with(
        &preflight(&bytes),
        "xmp",
        "Info /ModDate D:20220209000000+08'00' disagrees with xmp:ModifyDate",
    );
}

#[test]
fn missing_dates_fail() {
    let bytes = change_info(&[("CreationDate", None)]);
    assert_fails_with(&preflight(&bytes), "info", "no /CreationDate");
}

#[test]
fn trim_outside_bleed_fails() {
    let doc = reader::open(sample());
    let page = first_page(&doc);
    let media = format!("{:?}", rect(&page, "MediaBox")).replace(',', "");
    let bytes = change(reader::id_of(&page), &page, &[("TrimBox", Some(&media))]);
    assert_fails_with(
        &preflight(&bytes),
        "boxes",
        "TrimBox is not inside the BleedBox",
    );
}

#[test]
fn unembedded_font_fails() {
    let doc = reader::open(sample());
    let mut u = Update::new(sample());
    for obj in doc.objects() {
        let Object::Dict(d) = obj else { continue };
        if reader::name_opt(&d, "Type").as_deref() == Some(&b"FontDescriptor"[..]) {
            let body = reader::changed(&d, &[("FontFile2", None), ("FontFile3", None)]);
            u.set(reader::id_of(&d), body);
        }
    }
    assert_fails_with(&preflight(&u.finish()), "fonts", "is not embedded");
}

#[test]
fn javascript_fails() {
    let bytes = change_catalog(&[(
        "OpenAction",
        Some("<< /S /JavaScript /JS (app.alert\\('hi'\\)) >>"),
    )]);
    assert_fails_with(&preflight(&bytes), "actions", "JavaScript");
}

#[test]
fn annotation_on_the_page_fails() {
    let doc = reader::open(sample());
    let page = first_page(&doc);
    let annots = "[<< /Type /Annot /Subtype /Text /Rect [100 100 120 120] >>]";
    let bytes = change(reader::id_of(&page), &page, &[("Annots", Some(annots))]);
    assert_fails_with(
        &preflight(&bytes),
        "annotations",
        "Text annotation inside the BleedBox",
    );
}

#[test]
fn ink_over_the_limit_fails() {
    let bytes = prepend_ops("1 1 1 1 k 100 100 50 50 re f");
    assert_fails_with(&preflight(&bytes), "tac", "covers 400 % (limit 240 %)");
}

#[test]
fn small_text_in_two_inks_fails() {
    let doc = reader::open(sample());
    let font = doc.pages()[0]
        .resources()
        .fonts
        .keys()
        .next()
        .unwrap()
        .as_str()
        .to_owned();
    let ops = format!("0 1 1 0 k BT /{font} 5 Tf 200 200 Td <0001> Tj ET");
    assert_fails_with(
        &preflight(&prepend_ops(&ops)),
        "small-text",
        "5.0 pt text in 2 inks",
    );
}

/// The name of a font on page 1 of the sample.
fn a_font() -> String {
    let doc = reader::open(sample());
    let font = doc.pages()[0].resources().fonts.keys().next().unwrap();
    font.as_str().to_owned()
}

#[test]
fn a_hairline_inside_the_bleed_fails_and_one_at_the_minimum_passes() {
    let thin = prepend_ops("0 0 0 1 K 0.1 w 100 100 m 300 100 l S");
    assert_fails_with(
        &preflight(&thin),
        "line-width",
        "a 0.10 pt line (minimum 0.25 pt)",
    );
    // The width goes through the matrix: 0.5 at half scale is 0.25 pt.
    let scaled = prepend_ops("q 0.5 0 0 0.5 0 0 cm 0 0 0 1 K 0.5 w 200 200 m 600 200 l S Q");
    assert_passes(&preflight(&scaled), "line-width");
    // A layout that allows 0.1 pt lines.
    let limits = PreflightLimits {
        min_line_width: 0.1,
        ..PreflightLimits::default()
    };
    let report = check_pdf_bytes(Path::new("test.pdf"), &thin, &limits).unwrap();
    assert_passes(&report, "line-width");
}

#[test]
fn small_reversed_text_fails() {
    let font = a_font();
    let small = prepend_ops(&format!(
        "0 0 0 0 k BT /{font} 6 Tf 200 200 Td <0001> Tj ET"
    ));
    assert_fails_with(
        &preflight(&small),
        "reversed-text",
        "6.0 pt white text (CMYK 0/0/0/0): reversed text must be 7.0 pt or larger",
    );
    let large = prepend_ops(&format!(
        "0 0 0 0 k BT /{font} 9 Tf 200 200 Td <0001> Tj ET"
    ));
    assert_passes(&preflight(&large), "reversed-text");
}

#[test]
fn a_spot_colour_fails_unless_allowed() {
    // A /Separation for a spot ink, in the page's resources, painted once.
    let doc = reader::open(sample());
    let page = first_page(&doc);
    let mut u = Update::new(sample());
    let tint =
        u.add(b"<< /FunctionType 2 /Domain [0 1] /C0 [0 0 0 0] /C1 [0 0.5 1 0] /N 1 >>".to_vec());
    let mut res = String::new();
    let resources: Dict<'_> = page.get(b"Resources".as_slice()).unwrap();
    let colours = format!(
        "<< /CSgold [/Separation /Gold /DeviceCMYK {} 0 R] >>",
        tint.obj_number
    );
    reader::write_dict(&resources, &[("ColorSpace", Some(&colours))], &mut res);
    let content = format!(
        "/CSgold cs 1 scn 100 100 50 50 re f\n{}",
        String::from_utf8_lossy(&reader::page_content(&doc.pages()[0]))
    );
    let c = u.add_stream("", content.as_bytes());
    let contents = format!("{} 0 R", c.obj_number);
    let body = reader::changed(
        &page,
        &[("Contents", Some(&contents)), ("Resources", Some(&res))],
    );
    u.set(reader::id_of(&page), body);
    let bytes = u.finish();
    assert_fails_with(
        &preflight(&bytes),
        "spot-colours",
        "a spot colour (/Separation)",
    );
    let limits = PreflightLimits {
        allow_spot: true,
        ..PreflightLimits::default()
    };
    let report = check_pdf_bytes(Path::new("test.pdf"), &bytes, &limits).unwrap();
    assert_passes(&report, "spot-colours");
}

#[test]
fn a_low_resolution_image_fails() {
    // The sample's first picture on page 1 drawn again, ten times as large.
    let doc = reader::open(sample());
    let resources = doc.pages()[0].resources().clone();
    let name = resources
        .x_objects
        .keys()
        .find(|k| k.as_str().starts_with("Im"))
        .expect("an image on page 1")
        .as_str()
        .to_owned();
    let bytes = prepend_ops(&format!("q 2000 0 0 2000 0 0 cm /{name} Do Q"));
    assert_fails_with(
        &preflight(&bytes),
        "image-resolution",
        "ppi (minimum 100 ppi)",
    );
    assert_passes(&preflight(sample()), "image-resolution");
}

#[test]
fn transfer_function_fails() {
    // The page's resources get an ExtGState with a transfer function, set first.
    let doc = reader::open(sample());
    let page = &doc.pages()[0];
    let states = &page.resources().ext_g_states;
    let mut u = Update::new(sample());
    let gs = u.add(b"<< /TR /Identity >>".to_vec());
    let mut ext = String::from("<<");
    for k in states.keys() {
        let r = states.get_ref(k.as_ref()).unwrap();
        ext.push_str(&format!(
            "/{} {} {} R ",
            k.as_str(),
            r.obj_number,
            r.gen_number
        ));
    }
    ext.push_str(&format!("/GSbad {} 0 R>>", gs.obj_number));
    let raw = page.raw();
    let res = raw.get::<Dict<'_>>(b"Resources").unwrap();
    let res_body = reader::changed(&res, &[("ExtGState", Some(&ext))]);
    match raw.get_ref(b"Resources") {
        Some(r) => u.set(r, res_body),
        None => {
            let res_text = String::from_utf8(res_body).unwrap();
            let body = reader::changed(raw, &[("Resources", Some(&res_text))]);
            u.set(reader::id_of(raw), body);
        }
    }
    let updated = u.finish();
    // Then the operator that sets it, on the updated file.
    let doc = reader::open(&updated);
    let page = &doc.pages()[0];
    let mut content = b"/GSbad gs\n".to_vec();
    content.extend(reader::page_content(page));
    let mut u = Update::new(&updated);
    let c = u.add_stream("", &content);
    let contents = format!("{} 0 R", c.obj_number);
    u.set(
        reader::id_of(page.raw()),
        reader::changed(page.raw(), &[("Contents", Some(&contents))]),
    );
    assert_fails_with(
        &preflight(&u.finish()),
        "graphics-state",
        "transfer function",
    );
}

#[test]
fn unreadable_pdf_could_not_run() {
    let err = check_pdf_bytes(
        Path::new("x.pdf"),
        b"%PDF-1.6 nothing",
        &PreflightLimits::default(),
    );
    assert!(err.is_err());
}

// ── Other standards the layout may ask for ─────────────────────────────────────────

fn with_standard(standard: Standard, url: Option<&str>) -> Vec<u8> {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let laid =
        broadsheet::layout_issue(Path::new("issue.toml"), &RenderOptions::default()).unwrap();
    let mut doc = laid.document;
    doc.output.standard = standard;
    doc.output.profile_url = url.map(str::to_owned);
    broadsheet::pdf::write_pdf(&doc, &broadsheet::pdf::PdfOptions::default()).unwrap()
}

/// PDF/X-4p: the profile is referenced (MD5, name, URL), not embedded, and the
/// preflight accepts that for an X-4p claim.
#[test]
fn pdfx_4p_references_the_profile() {
    let bytes = with_standard(
        Standard::PdfX4p,
        Some("https://plant.example/newsprint.icc"),
    );
    let doc = reader::open(&bytes);
    let i = intent(&doc);
    assert!(!i.contains_key(b"DestOutputProfile"));
    let r = i.get::<Dict<'_>>(b"DestOutputProfileRef").unwrap();
    assert_eq!(reader::string(&r, "CheckSum").len(), 16);
    assert_eq!(reader::string(&r, "ProfileCS"), b"CMYK");
    assert_eq!(
        reader::string(&reader::info(&doc), "GTS_PDFXVersion"),
        b"PDF/X-4p"
    );
    assert!(xmp(&doc).contains(">PDF/X-4p<"));
    let report = preflight(&bytes);
    assert!(report.passed, "{}", report.text());
    // No CMYK ICC profile stream in the file (the photos' own RGB profiles, /N 3, are
    // there: pictures keep device-independent colour).
    assert!(!doc.objects().into_iter().any(|o| matches!(
        &o,
        Object::Stream(s) if reader::int(s.dict(), "N") == Some(4)
    )));
}

/// `standard = "none"` claims nothing: no output intent, no version anywhere.
#[test]
fn no_standard_claims_nothing() {
    let bytes = with_standard(Standard::None, None);
    let doc = reader::open(&bytes);
    assert!(!reader::catalog(&doc).contains_key(b"OutputIntents"));
    assert!(!reader::info(&doc).contains_key(b"GTS_PDFXVersion"));
    assert!(!xmp(&doc).contains("pdfxid"));
    assert!(!bytes.windows(7).any(|w| w == b"PDF/X-4"));
    assert_fails_with(&preflight(&bytes), "output-intent", "no GTS_PDFX");
}

// ── The command line ───────────────────────────────────────────────────────────────

#[test]
fn check_command_exit_codes_and_json() {
    let dir = common::scratch_root().join(format!("broadsheet-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("good.pdf");
    std::fs::write(&good, sample()).unwrap();
    let bad = dir.join("bad.pdf");
    std::fs::write(&bad, change_catalog(&[("OutputIntents", None)])).unwrap();

    let run = |args: &[&str]| crate::common::broadsheet().args(args).output().unwrap();
    let ok = run(&["check", good.to_str().unwrap()]);
    assert_eq!(ok.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&ok.stdout).contains("preflight passed"));

    let fail = run(&["check", "--json", bad.to_str().unwrap()]);
    assert_eq!(fail.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&fail.stdout).unwrap();
    assert_eq!(json["passed"], false);
    let intent = json["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "output-intent")
        .unwrap();
    assert_eq!(intent["findings"][0]["level"], "error");

    let missing = run(&["check", dir.join("none.pdf").to_str().unwrap()]);
    assert_eq!(missing.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn render_dates_from_the_flag_and_source_date_epoch() {
    let root = env!("CARGO_MANIFEST_DIR");
    let dir = common::scratch_root().join(format!("broadsheet-date-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let render = |out: &Path, date: Option<&str>, epoch: Option<&str>| {
        let mut c = crate::common::broadsheet();
        c.current_dir(root)
            .args(["render", "issue.toml", "-o"])
            .arg(out);
        if let Some(d) = date {
            c.args(["--date", d]);
        }
        c.env_remove("SOURCE_DATE_EPOCH");
        if let Some(e) = epoch {
            c.env("SOURCE_DATE_EPOCH", e);
        }
        let o = c.output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let doc = reader::open(&std::fs::read(out).unwrap());
        let d = reader::string(&reader::info(&doc), "CreationDate");
        String::from_utf8(d).unwrap()
    };
    let a = dir.join("a.pdf");
    assert_eq!(
        render(&a, Some("2022-02-09T01:02:03+08:00"), Some("0")),
        "D:20220209010203+08'00'"
    );
    assert_eq!(
        render(&a, None, Some("1644334200")),
        "D:20220208153000+00'00'"
    );
    assert_eq!(render(&a, None, None), "D:20220208233000+08'00'");
    // Same input, same bytes: the default date is the deadline, not the clock.
    let b = dir.join("b.pdf");
    render(&b, None, None);
    assert!(std::fs::read(&a).unwrap() == std::fs::read(&b).unwrap());
    assert_eq!(
        Timestamp::from_unix(1_644_334_200).unwrap().pdf(),
        "D:20220208153000+00'00'"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A supplied ad made by another program (Ghostscript's pdfwrite from PostScript, RGB
/// text in an unembedded base-14 font) fails the checks a plant would fail it on.
#[test]
#[ignore = "conformance: needs Ghostscript (scripts/conformance)"]
fn a_foreign_rgb_ad_fails_its_preflight() {
    let dir = common::scratch_root().join(format!("broadsheet-ad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let ps = dir.join("ad.ps");
    std::fs::write(
        &ps,
        "%!PS\n/Helvetica findfont 12 scalefont setfont 1 0 0 setrgbcolor 72 72 moveto (AD) show showpage\n",
    )
    .unwrap();
    let pdf = dir.join("ad.pdf");
    let gs = Command::new("gs")
        .args(["-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfwrite"])
        .arg(format!("-sOutputFile={}", pdf.display()))
        .arg(&ps)
        .output()
        .expect("ghostscript must be installed (scripts/conformance installs it)");
    assert!(gs.status.success());
    let report = preflight(&std::fs::read(&pdf).unwrap());
    assert_fails_with(&report, "colour-spaces", "DeviceRGB");
    assert_fails_with(&report, "output-intent", "no GTS_PDFX output intent");
    assert_fails_with(&report, "fonts", "Helvetica is not embedded");
    assert_fails_with(&report, "boxes", "no TrimBox");
    assert_fails_with(&report, "xmp", "no pdfxid:GTS_PDFXVersion");
    assert_passes(&report, "actions");
    assert_passes(&report, "tac");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The sample's eight supplied ads were all made with subsets named
/// `AAAAAA+LXGWWenKai-Regular`: in the PDF each font program has a name of its own
/// (the tags of imported fonts are rewritten), and two programs under one name fail the
/// preflight.
#[test]
fn subset_names_are_unique_per_font_program() {
    let doc = reader::open(sample());
    let mut names: Vec<(Vec<u8>, reader::ObjRef, Dict<'_>)> = Vec::new();
    for obj in doc.objects() {
        let Object::Dict(d) = obj else { continue };
        if reader::name_opt(&d, "Type").as_deref() != Some(&b"FontDescriptor"[..]) {
            continue;
        }
        let name = reader::name(&d, "FontName");
        let program = ["FontFile", "FontFile2", "FontFile3"]
            .iter()
            .find_map(|k| d.get_ref(k.as_bytes()))
            .unwrap();
        names.push((name, program, d.clone()));
    }
    let wenkai: Vec<&(Vec<u8>, reader::ObjRef, Dict<'_>)> = names
        .iter()
        .filter(|(n, ..)| n.ends_with(b"+LXGWWenKai-Regular"))
        .collect();
    assert!(wenkai.len() >= 8, "{} ad fonts", wenkai.len());
    let mut unique: Vec<&Vec<u8>> = names.iter().map(|(n, ..)| n).collect();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), names.len(), "a subset name is shared");
    assert!(!names.iter().any(|(n, ..)| n.starts_with(b"AAAAAA+")));
    assert_passes(&preflight(sample()), "subset-names");

    // Two programs under one name: the second descriptor takes the first one's name.
    let first = String::from_utf8(wenkai[0].0.clone()).unwrap();
    let second = &wenkai[1].2;
    let name = format!("/{first}");
    let bytes = change(reader::id_of(second), second, &[("FontName", Some(&name))]);
    assert_fails_with(
        &preflight(&bytes),
        "subset-names",
        "is used by 2 different font programs",
    );
}

/// A PDF of `objects` (numbered from 1, object 1 the catalog) with its xref table.
fn small_pdf(objects: &[&[u8]]) -> Vec<u8> {
    let mut out = b"%PDF-1.6\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f\r\n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n\r\n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn stream_obj(dict: &str, data: &str) -> Vec<u8> {
    format!(
        "<< {dict} /Length {} >>\nstream\n{data}\nendstream",
        data.len()
    )
    .into_bytes()
}

/// A white fill (CMYK 0 0 0 0) under `/op true` on the page, and a white stroke (grey
/// one) under `/OP true` in a form, are errors naming the page and the form: an
/// overprinted white object puts no ink on any plate (ISO 32000-1 §8.6.7). A 100 K fill
/// under the same overprint, and a white fill without it, pass.
#[test]
fn white_objects_set_to_overprint_fail() {
    let page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /TrimBox [0 0 200 200] \
/Resources << /ExtGState << /OP1 6 0 R /OP0 7 0 R >> /XObject << /Fm1 5 0 R >> >> /Contents 4 0 R >>";
    let content = stream_obj(
        "",
        "/OP1 gs 0 0 0 1 k 10 10 20 20 re f 0 0 0 0 k 30 30 20 20 re f /Fm1 Do \
/OP0 gs 0 0 0 0 k 60 60 20 20 re f",
    );
    let form = stream_obj(
        "/Type /XObject /Subtype /Form /BBox [0 0 200 200] /Resources << /ExtGState << /S 8 0 R >> >>",
        "/S gs 1 G 2 w 0 0 m 100 100 l S",
    );
    let bytes = small_pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        page,
        &content,
        &form,
        b"<< /Type /ExtGState /op true >>",
        b"<< /Type /ExtGState /op false /OP false >>",
        b"<< /Type /ExtGState /OP true >>",
    ]);
    let report = preflight(&bytes);
    let c = report.check("white-overprint").unwrap();
    let found: Vec<(Option<u32>, &str)> = c
        .findings
        .iter()
        .map(|f| (f.page, f.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                Some(1),
                "a white fill (CMYK 0/0/0/0) is set to overprint: it disappears on the plate"
            ),
            (
                Some(1),
                "a white stroke (grey 1) is set to overprint: it disappears on the plate (in /Fm1)"
            ),
        ],
    );
    assert!(c.findings.iter().all(|f| f.hint.is_some()));
    assert!(report
        .text()
        .contains("           hint: turn overprint off for white objects"));
}
