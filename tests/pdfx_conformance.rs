//! PDF/X-4 conformance of the sample issue, clause by clause: each requirement is
//! asserted through the preflight (`broadsheet::check`) and read back independently
//! with lopdf; then broken variants made here (no output intent, RGB text, marks in the
//! bleed, no XMP, …) prove that each check can fail, with its message. Ghostscript and
//! qpdf must read the file without a warning (both are installed by `.ci/run`; the test
//! fails if they are missing).

mod common;

use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

use broadsheet::check::{check_pdf_bytes, Limits, Report};
use broadsheet::pdf::Timestamp;
use broadsheet::spec::output::Standard;
use broadsheet::RenderOptions;
use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

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
    check_pdf_bytes(Path::new("test.pdf"), bytes, &Limits::default()).unwrap()
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

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    doc.dereference(o).unwrap().1
}

fn info(doc: &Document) -> &Dictionary {
    deref(doc, doc.trailer.get(b"Info").unwrap())
        .as_dict()
        .unwrap()
}

fn intent(doc: &Document) -> &Dictionary {
    let intents = doc.catalog().unwrap().get(b"OutputIntents").unwrap();
    let intents = deref(doc, intents).as_array().unwrap();
    assert_eq!(intents.len(), 1);
    deref(doc, &intents[0]).as_dict().unwrap()
}

fn xmp(doc: &Document) -> String {
    let m = doc.catalog().unwrap().get(b"Metadata").unwrap();
    let s = deref(doc, m).as_stream().unwrap();
    assert_eq!(s.dict.get(b"Type").unwrap().as_name().unwrap(), b"Metadata");
    assert_eq!(s.dict.get(b"Subtype").unwrap().as_name().unwrap(), b"XML");
    String::from_utf8(s.content.clone()).unwrap()
}

fn rect(doc: &Document, page: ObjectId, key: &[u8]) -> [f64; 4] {
    let a = doc
        .get_dictionary(page)
        .unwrap()
        .get(key)
        .unwrap()
        .as_array()
        .unwrap();
    let v: Vec<f64> = a.iter().map(|o| f64::from(o.as_float().unwrap())).collect();
    [v[0], v[1], v[2], v[3]]
}

fn save(mut doc: Document) -> Vec<u8> {
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

fn first_page(doc: &Document) -> ObjectId {
    *doc.get_pages().values().next().unwrap()
}

/// Add operations at the start of page 1's content.
fn prepend_ops(doc: &mut Document, ops: Vec<Operation>) {
    let page = first_page(doc);
    let mut content = doc.get_and_decode_page_content(page).unwrap();
    let mut all = ops;
    all.append(&mut content.operations);
    let bytes = Content { operations: all }.encode().unwrap();
    doc.change_page_content(page, bytes).unwrap();
}

fn op(name: &str, operands: Vec<Object>) -> Operation {
    Operation::new(name, operands)
}

fn reals(v: &[f32]) -> Vec<Object> {
    v.iter().map(|x| Object::Real(*x)).collect()
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
    ] {
        assert_passes(&report, id);
    }
    assert!(report.passed, "{}", report.text());
    assert_eq!(report.checks.len(), 16);
}

/// The sample's photos embed an ICC v4.4 profile, newer than the 4.1 PDF 1.6 (and so
/// PDF/X-4) is based on: the profile is written with an /Alternate, the sRGB profile of
/// version 2, which PDF 1.6 reads. Without that alternate the preflight fails.
#[test]
fn icc_profiles_newer_than_pdf_1_6_have_an_alternate() {
    let doc = Document::load_mem(sample()).unwrap();
    let version = |s: &Stream| {
        let data = s
            .decompressed_content()
            .unwrap_or_else(|_| s.content.clone());
        assert_eq!(&data[36..40], b"acsp");
        (data[8], data[9] >> 4)
    };
    let mut newer = Vec::new();
    for (id, obj) in &doc.objects {
        let Ok(s) = obj.as_stream() else { continue };
        if s.dict.get(b"N").is_err() || s.dict.get(b"Subtype").is_ok() {
            continue;
        }
        if version(s) > (4, 1) {
            newer.push(*id);
            let alt = s.dict.get(b"Alternate").unwrap().as_array().unwrap();
            assert_eq!(alt[0].as_name().unwrap(), b"ICCBased");
            let srgb = deref(&doc, &alt[1]).as_stream().unwrap();
            assert_eq!(version(srgb), (2, 3));
        }
    }
    assert_eq!(newer.len(), 1, "the photos' one v4.4 profile");
    let mut broken = Document::load_mem(sample()).unwrap();
    broken
        .get_object_mut(newer[0])
        .unwrap()
        .as_stream_mut()
        .unwrap()
        .dict
        .remove(b"Alternate");
    assert_fails_with(&preflight(&save(broken)), "icc-versions", "is version 4.4");
}

// ── The same clauses read back independently ───────────────────────────────────────

#[test]
fn output_intent_embeds_the_newsprint_profile() {
    let doc = Document::load_mem(sample()).unwrap();
    let i = intent(&doc);
    assert_eq!(i.get(b"S").unwrap().as_name().unwrap(), b"GTS_PDFX");
    assert_eq!(
        i.get(b"OutputConditionIdentifier")
            .unwrap()
            .as_str()
            .unwrap(),
        b"CGATS TR 002"
    );
    assert_eq!(
        i.get(b"RegistryName").unwrap().as_str().unwrap(),
        b"http://www.color.org"
    );
    let profile = deref(&doc, i.get(b"DestOutputProfile").unwrap())
        .as_stream()
        .unwrap();
    assert_eq!(profile.dict.get(b"N").unwrap().as_i64().unwrap(), 4);
    let embedded = profile.decompressed_content().unwrap();
    assert_eq!(embedded, std::fs::read(PROFILE).unwrap());
    assert_eq!(&embedded[16..20], b"CMYK");
    assert_eq!(&embedded[12..16], b"prtr");
}

#[test]
fn xmp_and_info_agree() {
    let doc = Document::load_mem(sample()).unwrap();
    let x = xmp(&doc);
    let info = info(&doc);
    let version = info.get(b"GTS_PDFXVersion").unwrap().as_str().unwrap();
    let version = std::str::from_utf8(version).unwrap();
    assert!(x.contains(&format!(
        "<pdfxid:GTS_PDFXVersion>{version}</pdfxid:GTS_PDFXVersion>"
    )));
    // The dates: the issue date (2022-02-08) at the layout's deadline, +08:00.
    assert_eq!(
        info.get(b"CreationDate").unwrap().as_str().unwrap(),
        b"D:20220208233000+08'00'"
    );
    assert_eq!(
        info.get(b"ModDate").unwrap().as_str().unwrap(),
        b"D:20220208233000+08'00'"
    );
    assert!(x.contains("<xmp:CreateDate>2022-02-08T23:30:00+08:00</xmp:CreateDate>"));
    assert!(x.contains("<xmp:ModifyDate>2022-02-08T23:30:00+08:00</xmp:ModifyDate>"));
    assert!(x.contains("<xmpMM:DocumentID>uuid:"));
    assert!(x.contains("<xmpMM:InstanceID>uuid:"));
    assert!(x.contains("<xmpMM:RenditionClass>default</xmpMM:RenditionClass>"));
    assert!(x.contains("衡阳日报 2022-02-08 第18079号"));
    let producer = info.get(b"Producer").unwrap().as_str().unwrap();
    let producer = std::str::from_utf8(producer).unwrap();
    assert!(producer.starts_with("broadsheet "));
    assert!(x.contains(&format!("<pdf:Producer>{producer}</pdf:Producer>")));
    assert_eq!(info.get(b"Trapped").unwrap().as_name().unwrap(), b"False");
    assert!(x.contains("<pdf:Trapped>False</pdf:Trapped>"));
}

#[test]
fn boxes_nest_and_bleed_is_three_millimetres() {
    let doc = Document::load_mem(sample()).unwrap();
    for &id in doc.get_pages().values() {
        let (m, b, t) = (
            rect(&doc, id, b"MediaBox"),
            rect(&doc, id, b"BleedBox"),
            rect(&doc, id, b"TrimBox"),
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
    let doc = Document::load_mem(sample()).unwrap();
    for &id in doc.get_pages().values() {
        let bleed = rect(&doc, id, b"BleedBox");
        let (res, _) = doc.get_page_resources(id).unwrap();
        let spaces = deref(&doc, res.unwrap().get(b"ColorSpace").unwrap())
            .as_dict()
            .unwrap();
        let (name, cs) = spaces.iter().next().unwrap();
        let cs = deref(&doc, cs).as_array().unwrap();
        assert_eq!(cs[0].as_name().unwrap(), b"Separation");
        assert_eq!(cs[1].as_name().unwrap(), b"All");
        assert_eq!(cs[2].as_name().unwrap(), b"DeviceCMYK");

        let ops = doc.get_and_decode_page_content(id).unwrap().operations;
        let mut in_reg = false;
        let mut marks = 0;
        let mut start = (0.0, 0.0);
        for o in &ops {
            let nums: Vec<f64> = o
                .operands
                .iter()
                .filter_map(|x| x.as_float().ok())
                .map(f64::from)
                .collect();
            match o.operator.as_str() {
                "CS" => in_reg = o.operands[0].as_name().unwrap() == name.as_slice(),
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
        for o in &ops {
            assert!(!["rg", "RG", "g", "G"].contains(&o.operator.as_str()));
        }
    }
}

/// 100 K rules overprint like the text: every stroke in 0 0 0 1 K is under the
/// overprint ExtGState.
#[test]
fn black_rules_overprint() {
    let doc = Document::load_mem(sample()).unwrap();
    let id = first_page(&doc);
    let (res, _) = doc.get_page_resources(id).unwrap();
    let states = deref(&doc, res.unwrap().get(b"ExtGState").unwrap())
        .as_dict()
        .unwrap();
    let ops = doc.get_and_decode_page_content(id).unwrap().operations;
    let mut overprint = false;
    let mut black_stroke = false;
    let mut checked = 0;
    for o in &ops {
        match o.operator.as_str() {
            "gs" => {
                let gs = deref(&doc, states.get(o.operands[0].as_name().unwrap()).unwrap())
                    .as_dict()
                    .unwrap();
                overprint = gs.get(b"OP").unwrap().as_bool().unwrap();
            }
            "K" => {
                let v: Vec<f32> = o.operands.iter().map(|x| x.as_float().unwrap()).collect();
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
fn ghostscript_and_qpdf_read_the_sample_without_warnings() {
    let dir = common::scratch_root().join(format!("broadsheet-pdfx-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("issue.pdf");
    std::fs::write(&path, sample()).unwrap();

    let qpdf = Command::new("qpdf")
        .arg("--check")
        .arg(&path)
        .output()
        .expect("qpdf must be installed (.ci/run installs it)");
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
        .expect("ghostscript must be installed (.ci/run installs it)");
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
    let mut doc = Document::load_mem(sample()).unwrap();
    doc.catalog_mut().unwrap().remove(b"OutputIntents");
    assert_fails_with(
        &preflight(&save(doc)),
        "output-intent",
        "no GTS_PDFX output intent",
    );
}

#[test]
fn output_intent_without_profile_fails() {
    let mut doc = Document::load_mem(sample()).unwrap();
    let intents = doc
        .catalog_mut()
        .unwrap()
        .get_mut(b"OutputIntents")
        .unwrap()
        .as_array_mut()
        .unwrap();
    intents[0]
        .as_dict_mut()
        .unwrap()
        .remove(b"DestOutputProfile");
    assert_fails_with(
        &preflight(&save(doc)),
        "output-intent",
        "no DestOutputProfile",
    );
}

#[test]
fn rgb_text_fails() {
    let mut doc = Document::load_mem(sample()).unwrap();
    prepend_ops(&mut doc, vec![op("rg", reals(&[1.0, 0.0, 0.0]))]);
    assert_fails_with(&preflight(&save(doc)), "colour-spaces", "DeviceRGB");
}

#[test]
fn marks_inside_the_bleed_fail() {
    // Grow the BleedBox to the MediaBox: the crop marks are now inside it.
    let mut doc = Document::load_mem(sample()).unwrap();
    let id = first_page(&doc);
    let media = doc
        .get_dictionary(id)
        .unwrap()
        .get(b"MediaBox")
        .unwrap()
        .clone();
    doc.get_dictionary_mut(id).unwrap().set("BleedBox", media);
    let report = preflight(&save(doc));
    assert_fails_with(&report, "registration", "inside or on the BleedBox");
    assert_passes(&report, "boxes");
}

#[test]
fn missing_xmp_fails() {
    let mut doc = Document::load_mem(sample()).unwrap();
    doc.catalog_mut().unwrap().remove(b"Metadata");
    assert_fails_with(&preflight(&save(doc)), "xmp", "no XMP metadata");
}

#[test]
fn xmp_disagreeing_with_info_fails() {
    let mut doc = Document::load_mem(sample()).unwrap();
    let info_id = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    doc.get_dictionary_mut(info_id)
        .unwrap()
        .set("GTS_PDFXVersion", Object::string_literal("PDF/X-4p"));
    assert_fails_with(
        &preflight(&save(doc)),
        "xmp",
        "but the Info dictionary says",
    );
}

#[test]
fn info_dates_disagreeing_with_xmp_fail() {
    let mut doc = Document::load_mem(sample()).unwrap();
    let info_id = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    doc.get_dictionary_mut(info_id)
        .unwrap()
        .set("ModDate", Object::string_literal("D:20220209000000+08'00'"));
    assert_fails_with(
        &preflight(&save(doc)),
        "xmp",
        "Info /ModDate D:20220209000000+08'00' disagrees with xmp:ModifyDate",
    );
}

#[test]
fn missing_dates_fail() {
    let mut doc = Document::load_mem(sample()).unwrap();
    let info_id = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    doc.get_dictionary_mut(info_id)
        .unwrap()
        .remove(b"CreationDate");
    assert_fails_with(&preflight(&save(doc)), "info", "no /CreationDate");
}

#[test]
fn trim_outside_bleed_fails() {
    let mut doc = Document::load_mem(sample()).unwrap();
    let id = first_page(&doc);
    let media = doc
        .get_dictionary(id)
        .unwrap()
        .get(b"MediaBox")
        .unwrap()
        .clone();
    doc.get_dictionary_mut(id).unwrap().set("TrimBox", media);
    assert_fails_with(
        &preflight(&save(doc)),
        "boxes",
        "TrimBox is not inside the BleedBox",
    );
}

#[test]
fn unembedded_font_fails() {
    let mut doc = Document::load_mem(sample()).unwrap();
    for obj in doc.objects.values_mut() {
        if let Ok(d) = obj.as_dict_mut() {
            if d.get(b"Type").and_then(Object::as_name).ok() == Some(b"FontDescriptor") {
                d.remove(b"FontFile2");
                d.remove(b"FontFile3");
            }
        }
    }
    assert_fails_with(&preflight(&save(doc)), "fonts", "is not embedded");
}

#[test]
fn javascript_fails() {
    let mut doc = Document::load_mem(sample()).unwrap();
    let mut js = Dictionary::new();
    js.set("S", Object::Name(b"JavaScript".to_vec()));
    js.set("JS", Object::string_literal("app.alert('hi')"));
    doc.catalog_mut().unwrap().set("OpenAction", js);
    assert_fails_with(&preflight(&save(doc)), "actions", "JavaScript");
}

#[test]
fn annotation_on_the_page_fails() {
    let mut doc = Document::load_mem(sample()).unwrap();
    let id = first_page(&doc);
    let mut a = Dictionary::new();
    a.set("Type", Object::Name(b"Annot".to_vec()));
    a.set("Subtype", Object::Name(b"Text".to_vec()));
    a.set("Rect", reals(&[100.0, 100.0, 120.0, 120.0]));
    doc.get_dictionary_mut(id)
        .unwrap()
        .set("Annots", vec![Object::Dictionary(a)]);
    assert_fails_with(
        &preflight(&save(doc)),
        "annotations",
        "Text annotation inside the BleedBox",
    );
}

#[test]
fn ink_over_the_limit_fails() {
    let mut doc = Document::load_mem(sample()).unwrap();
    prepend_ops(
        &mut doc,
        vec![
            op("k", reals(&[1.0, 1.0, 1.0, 1.0])),
            op("re", reals(&[100.0, 100.0, 50.0, 50.0])),
            op("f", vec![]),
        ],
    );
    assert_fails_with(&preflight(&save(doc)), "tac", "covers 400 % (limit 240 %)");
}

#[test]
fn small_text_in_two_inks_fails() {
    let mut doc = Document::load_mem(sample()).unwrap();
    let id = first_page(&doc);
    let (res, _) = doc.get_page_resources(id).unwrap();
    let fonts = deref(&doc, res.unwrap().get(b"Font").unwrap())
        .as_dict()
        .unwrap();
    let font = fonts.iter().next().unwrap().0.clone();
    prepend_ops(
        &mut doc,
        vec![
            op("k", reals(&[0.0, 1.0, 1.0, 0.0])),
            op("BT", vec![]),
            op("Tf", vec![Object::Name(font), Object::Real(5.0)]),
            op("Td", reals(&[200.0, 200.0])),
            op(
                "Tj",
                vec![Object::String(vec![0, 1], lopdf::StringFormat::Hexadecimal)],
            ),
            op("ET", vec![]),
        ],
    );
    assert_fails_with(
        &preflight(&save(doc)),
        "small-text",
        "5.0 pt text in 2 inks",
    );
}

#[test]
fn transfer_function_fails() {
    let mut doc = Document::load_mem(sample()).unwrap();
    let mut gs = Dictionary::new();
    gs.set("TR", Object::Name(b"Identity".to_vec()));
    let gs_id = doc.add_object(gs);
    let id = first_page(&doc);
    let res_id = doc
        .get_dictionary(id)
        .unwrap()
        .get(b"Resources")
        .and_then(Object::as_reference)
        .ok();
    let res = match res_id {
        Some(r) => doc.get_dictionary_mut(r).unwrap(),
        None => doc
            .get_dictionary_mut(id)
            .unwrap()
            .get_mut(b"Resources")
            .unwrap()
            .as_dict_mut()
            .unwrap(),
    };
    res.get_mut(b"ExtGState")
        .unwrap()
        .as_dict_mut()
        .unwrap()
        .set("GSbad", gs_id);
    prepend_ops(
        &mut doc,
        vec![op("gs", vec![Object::Name(b"GSbad".to_vec())])],
    );
    assert_fails_with(
        &preflight(&save(doc)),
        "graphics-state",
        "transfer function",
    );
}

#[test]
fn unreadable_pdf_could_not_run() {
    let err = check_pdf_bytes(Path::new("x.pdf"), b"%PDF-1.6 nothing", &Limits::default());
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
    let doc = Document::load_mem(&bytes).unwrap();
    let i = intent(&doc);
    assert!(!i.has(b"DestOutputProfile"));
    let r = i.get(b"DestOutputProfileRef").unwrap().as_dict().unwrap();
    assert_eq!(r.get(b"CheckSum").unwrap().as_str().unwrap().len(), 16);
    assert_eq!(r.get(b"ProfileCS").unwrap().as_str().unwrap(), b"CMYK");
    assert_eq!(
        info(&doc)
            .get(b"GTS_PDFXVersion")
            .unwrap()
            .as_str()
            .unwrap(),
        b"PDF/X-4p"
    );
    assert!(xmp(&doc).contains(">PDF/X-4p<"));
    let report = preflight(&bytes);
    assert!(report.passed, "{}", report.text());
    // No CMYK ICC profile stream in the file (the photos' own RGB profiles, /N 3, are
    // there: pictures keep device-independent colour).
    assert!(!doc.objects.values().any(|o| matches!(
        o,
        Object::Stream(Stream { dict, .. })
            if dict.get(b"N").and_then(|n| n.as_i64()).ok() == Some(4)
    )));
}

/// `standard = "none"` claims nothing: no output intent, no version anywhere.
#[test]
fn no_standard_claims_nothing() {
    let bytes = with_standard(Standard::None, None);
    let doc = Document::load_mem(&bytes).unwrap();
    assert!(!doc.catalog().unwrap().has(b"OutputIntents"));
    assert!(!info(&doc).has(b"GTS_PDFXVersion"));
    assert!(!xmp(&doc).contains("pdfxid"));
    assert!(!bytes.windows(7).any(|w| w == b"PDF/X-4"));
    assert_fails_with(&preflight(&bytes), "output-intent", "no GTS_PDFX");
}

// ── The command line ───────────────────────────────────────────────────────────────

#[test]
fn check_command_exit_codes_and_json() {
    let exe = env!("CARGO_BIN_EXE_broadsheet");
    let dir = common::scratch_root().join(format!("broadsheet-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("good.pdf");
    std::fs::write(&good, sample()).unwrap();
    let mut broken = Document::load_mem(sample()).unwrap();
    broken.catalog_mut().unwrap().remove(b"OutputIntents");
    let bad = dir.join("bad.pdf");
    std::fs::write(&bad, save(broken)).unwrap();

    let run = |args: &[&str]| Command::new(exe).args(args).output().unwrap();
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
    let exe = env!("CARGO_BIN_EXE_broadsheet");
    let root = env!("CARGO_MANIFEST_DIR");
    let dir = common::scratch_root().join(format!("broadsheet-date-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let render = |out: &Path, date: Option<&str>, epoch: Option<&str>| {
        let mut c = Command::new(exe);
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
        let doc = Document::load_mem(&std::fs::read(out).unwrap()).unwrap();
        let d = info(&doc)
            .get(b"CreationDate")
            .unwrap()
            .as_str()
            .unwrap()
            .to_vec();
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
        .expect("ghostscript must be installed (.ci/run installs it)");
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
    let doc = Document::load_mem(sample()).unwrap();
    let mut names: Vec<(Vec<u8>, ObjectId)> = Vec::new();
    for obj in doc.objects.values() {
        let Ok(d) = obj.as_dict() else { continue };
        if d.get(b"Type").and_then(Object::as_name).ok() != Some(b"FontDescriptor") {
            continue;
        }
        let name = d.get(b"FontName").unwrap().as_name().unwrap().to_vec();
        let program = ["FontFile", "FontFile2", "FontFile3"]
            .iter()
            .find_map(|k| d.get(k.as_bytes()).and_then(Object::as_reference).ok())
            .unwrap();
        names.push((name, program));
    }
    let wenkai: Vec<&(Vec<u8>, ObjectId)> = names
        .iter()
        .filter(|(n, _)| n.ends_with(b"+LXGWWenKai-Regular"))
        .collect();
    assert!(wenkai.len() >= 8, "{} ad fonts", wenkai.len());
    let mut unique: Vec<&Vec<u8>> = names.iter().map(|(n, _)| n).collect();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), names.len(), "a subset name is shared");
    assert!(!names.iter().any(|(n, _)| n.starts_with(b"AAAAAA+")));
    assert_passes(&preflight(sample()), "subset-names");

    // Two programs under one name: the second descriptor takes the first one's name.
    let mut broken = Document::load_mem(sample()).unwrap();
    let (first, second) = (wenkai[0].0.clone(), wenkai[1].1);
    let id = broken
        .objects
        .iter()
        .find(|(_, o)| {
            o.as_dict().is_ok_and(|d| {
                ["FontFile", "FontFile2", "FontFile3"].iter().any(|k| {
                    d.get(k.as_bytes()).and_then(Object::as_reference).ok() == Some(second)
                })
            })
        })
        .map(|(id, _)| *id)
        .unwrap();
    broken
        .get_object_mut(id)
        .unwrap()
        .as_dict_mut()
        .unwrap()
        .set("FontName", Object::Name(first));
    assert_fails_with(
        &preflight(&save(broken)),
        "subset-names",
        "is used by 2 different font programs",
    );
}
