//! Document-level PDF/X-4 checks on any PDF (ISO 15930-7:2010), read with
//! `hayro-syntax` (opened within the limits of `pdf_read::open`).
//!
//! Each function returns the findings of one check; `check_pdf` runs them all, then
//! the content checks of [`super::content`].

use hayro_syntax::object::{Array, Dict, Name, Object, Stream};

use super::document::Doc;
use super::{content, error, xmp, CheckResult, Finding, PreflightLimits};
use crate::diag::Diagnostic;
use crate::spec::output::IccProfile;

/// Run every check on the PDF in `bytes`. `Err` only when it cannot be read as a PDF.
///
/// The pages' content is walked on other threads while this one runs the document
/// checks; the results come in the same order either way.
pub(super) fn check_pdf(
    bytes: std::sync::Arc<crate::pdf_read::PdfBytes>,
    limits: &PreflightLimits,
) -> Result<Vec<CheckResult>, Diagnostic> {
    let doc =
        Doc::open(bytes).map_err(|e| Diagnostic::error(format!("failed to read the PDF ({e})")))?;
    let (mut checks, walked) = std::thread::scope(|scope| {
        let walking = scope.spawn(|| content::walk_pages(&doc, limits));
        let checks = document_checks(&doc);
        (
            checks,
            walking.join().unwrap_or_else(|_| content::not_walked()),
        )
    });
    checks.extend(content::content_results(walked));
    Ok(checks)
}

/// The document-level checks, in report order. The checks that look at every object
/// of the file are given each object in one pass (an object is parsed once, and let go).
fn document_checks(doc: &Doc) -> Vec<CheckResult> {
    let claimed = claimed_version(doc);
    let (mut fonts, mut icc) = (Vec::new(), Vec::new());
    let mut subset_names = super::fonts::SubsetNames::default();
    let mut actions = super::actions::Actions::default();
    for obj in doc.objects() {
        super::fonts::font_embedded(&obj, &mut fonts);
        subset_names.object(&obj);
        icc_version(&obj, &mut icc);
        actions.object(&obj);
    }
    vec![
        result(
            "version",
            "PDF 1.6 or lower (ISO 15930-7: PDF/X-4 is based on PDF 1.6)",
            version(doc),
        ),
        result("encryption", "not encrypted", encryption(doc)),
        result(
            "output-intent",
            "one GTS_PDFX output intent with a CMYK output profile",
            output_intent(doc, claimed.as_deref()),
        ),
        result(
            "xmp",
            "XMP metadata: pdfxid:GTS_PDFXVersion = Info, dates, DocumentID",
            xmp(doc),
        ),
        result(
            "info",
            "Info: /Title, /CreationDate, /ModDate, /Trapped True or False",
            info(doc),
        ),
        result(
            "boxes",
            "every page: MediaBox, TrimBox, BleedBox; Trim ⊆ Bleed ⊆ Media",
            boxes(doc),
        ),
        result("fonts", "every font embedded", fonts),
        result(
            "subset-names",
            "no subset name (ABCDEF+Name) shared by different font programs",
            subset_names.findings(),
        ),
        result(
            "icc-versions",
            "ICC profiles of version 4.1 or lower (PDF 1.6), or with an /Alternate",
            icc,
        ),
        result(
            "actions",
            "no JavaScript, Launch or other actions",
            actions.findings(doc),
        ),
        result(
            "annotations",
            "no annotation in the BleedBox but printer's marks and trap nets",
            super::actions::annotations(doc),
        ),
    ]
}

/// A check's result, each finding given the check's hint (see [`super::hints`]).
pub(super) fn result(id: &'static str, title: &'static str, findings: Vec<Finding>) -> CheckResult {
    let findings = findings
        .into_iter()
        .map(|mut f| {
            if f.hint.is_none() {
                f.hint = super::hints::hint(id, &f.message).map(str::to_owned);
            }
            f
        })
        .collect();
    CheckResult {
        id,
        title,
        findings,
    }
}

/// A name entry's bytes.
pub(super) fn name_of<'a>(d: &Dict<'a>, key: &[u8]) -> Option<Name<'a>> {
    d.get::<Name<'a>>(key)
}

/// The one filter of a stream (`/Filter /Name` or `/Filter [/Name]`).
pub(super) fn filter_name<'a>(d: &Dict<'a>) -> Option<Name<'a>> {
    let mut chain = crate::pdf_read::bounded::filters(d, b"Filter");
    (chain.len() == 1).then(|| chain.pop()).flatten()
}

/// A string entry's bytes.
pub(super) fn string_of(d: &Dict<'_>, key: &[u8]) -> Option<Vec<u8>> {
    d.get::<hayro_syntax::object::String<'_>>(key)
        .map(|s| s.as_bytes().to_vec())
}

fn version(doc: &Doc) -> Vec<Finding> {
    // The catalog's /Version overrides the header (PDF 1.7 §7.7.2).
    let v = doc
        .catalog()
        .and_then(|c| name_of(&c, b"Version"))
        .map(|n| n.as_str().to_owned())
        .unwrap_or_else(|| doc.header_version());
    let ok = matches!(
        v.as_str(),
        "1.0" | "1.1" | "1.2" | "1.3" | "1.4" | "1.5" | "1.6"
    );
    if ok {
        vec![]
    } else {
        vec![error(None, format!("PDF version {v} is newer than 1.6"))]
    }
}

fn encryption(doc: &Doc) -> Vec<Finding> {
    let raw = memchr::memmem::find(doc.bytes(), b"/Encrypt").is_some();
    if raw || doc.trailer_dict(b"Encrypt").is_some() {
        vec![error(None, "the file is encrypted")]
    } else {
        vec![]
    }
}

/// `GTS_PDFXVersion` from the Info dictionary, else from XMP.
fn claimed_version(doc: &Doc) -> Option<String> {
    info_dict(doc)
        .and_then(|i| string_of(&i, b"GTS_PDFXVersion"))
        .map(|v| text(&v))
        .or_else(|| xmp::packet(doc).and_then(|x| xmp::prop(&x, "pdfxid:GTS_PDFXVersion")))
}

fn output_intent(doc: &Doc, claimed: Option<&str>) -> Vec<Finding> {
    let intents: Vec<Dict<'_>> = doc
        .catalog()
        .and_then(|c| c.get::<Array<'_>>(b"OutputIntents"))
        .map(|a| {
            a.iter::<Dict<'_>>()
                .filter(|d| name_of(d, b"S").is_some_and(|s| s.as_ref() == b"GTS_PDFX"))
                .collect()
        })
        .unwrap_or_default();
    let intent = match intents.as_slice() {
        [] => return vec![error(None, "no GTS_PDFX output intent")],
        [one] => one,
        _ => return vec![error(None, "more than one GTS_PDFX output intent")],
    };
    let mut out = Vec::new();
    let has_id = string_of(intent, b"OutputConditionIdentifier").is_some_and(|s| !s.is_empty());
    if !has_id {
        out.push(error(
            None,
            "the output intent has no OutputConditionIdentifier",
        ));
    }
    let partial = claimed.is_some_and(|v| v.starts_with("PDF/X-4p"));
    if intent.contains_key(b"DestOutputProfile") {
        match intent.get::<Stream<'_>>(b"DestOutputProfile") {
            Some(stream) => out.extend(embedded_profile(&stream)),
            None => out.push(error(None, "DestOutputProfile is not a stream")),
        }
    } else if let Some(r) = intent.get::<Dict<'_>>(b"DestOutputProfileRef") {
        out.extend(referenced_profile(&r, partial));
    } else {
        out.push(error(
            None,
            "the output intent has no DestOutputProfile (no embedded ICC profile)",
        ));
    }
    out
}

/// An embedded output profile: four components, a usable CMYK output profile.
fn embedded_profile(stream: &Stream<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    if stream.dict().get::<i64>(b"N") != Some(4) {
        out.push(error(
            None,
            "the output profile is not a 4-colour (/N 4) profile",
        ));
    }
    let data = crate::pdf_read::bounded::stream_data(stream).unwrap_or_default();
    if let Err(why) = IccProfile::check_cmyk_output(&data) {
        out.push(error(
            None,
            format!("the DestOutputProfile is not usable ({why})"),
        ));
    }
    out
}

/// A referenced profile (PDF/X-4p, ISO 15930-7 §6.2.4.2): MD5 checksum and URLs.
fn referenced_profile(r: &Dict<'_>, partial: bool) -> Vec<Finding> {
    let mut out = Vec::new();
    if !partial {
        out.push(error(
            None,
            "DestOutputProfileRef without embedding is only allowed in PDF/X-4p",
        ));
    }
    if string_of(r, b"CheckSum").map(|s| s.len()) != Some(16) {
        out.push(error(
            None,
            "DestOutputProfileRef has no 16-byte MD5 CheckSum",
        ));
    }
    let urls = r
        .get::<Array<'_>>(b"URLs")
        .map_or(0, |a| a.iter::<Object<'_>>().count());
    if urls == 0 {
        out.push(error(None, "DestOutputProfileRef has no URLs"));
    }
    out
}

fn xmp(doc: &Doc) -> Vec<Finding> {
    let Some(x) = xmp::packet(doc) else {
        return vec![error(None, "no XMP metadata stream in the catalog")];
    };
    if let Err(why) = xmp::well_formed(&x) {
        return vec![error(
            None,
            format!("the XMP packet is not well-formed XML ({why})"),
        )];
    }
    let mut out = Vec::new();
    let info_version = info_dict(doc)
        .and_then(|i| string_of(&i, b"GTS_PDFXVersion"))
        .map(|v| text(&v));
    match (xmp::prop(&x, "pdfxid:GTS_PDFXVersion"), info_version) {
        (None, _) => out.push(error(None, "XMP has no pdfxid:GTS_PDFXVersion")),
        (Some(v), _) if !v.starts_with("PDF/X-4") => {
            out.push(error(None, format!("XMP claims {v}, not PDF/X-4")));
        }
        (Some(v), Some(i)) if v != i => out.push(error(
            None,
            format!("XMP says {v} but the Info dictionary says {i}"),
        )),
        _ => {}
    }
    for prop in [
        "xmp:CreateDate",
        "xmp:ModifyDate",
        "xmpMM:DocumentID",
        "xmpMM:InstanceID",
        "dc:title",
    ] {
        if xmp::prop(&x, prop).is_none() {
            out.push(error(None, format!("XMP has no {prop}")));
        }
    }
    out.extend(info_agrees_with_xmp(doc, &x));
    out
}

/// Info entries and the XMP properties that mirror them must agree where both are
/// present (ISO 15930-7; the mapping is ISO 16684-1's Info ↔ XMP table).
fn info_agrees_with_xmp(doc: &Doc, x: &str) -> Vec<Finding> {
    let Some(info) = info_dict(doc) else {
        return Vec::new();
    };
    let get = |k: &[u8]| string_of(&info, k);
    let mut out = Vec::new();
    for (key, prop) in [
        ("CreationDate", "xmp:CreateDate"),
        ("ModDate", "xmp:ModifyDate"),
    ] {
        let (Some(i), Some(v)) = (get(key.as_bytes()), xmp::prop(x, prop)) else {
            continue;
        };
        let Some(xmp_date) = xmp_date_iso(&v) else {
            continue;
        };
        if pdf_date_iso(&i).as_deref() != Some(xmp_date.as_str()) {
            out.push(error(
                None,
                format!("Info /{key} {} disagrees with {prop} {v}", text(&i)),
            ));
        }
    }
    for (key, prop) in [("Title", "dc:title"), ("Producer", "pdf:Producer")] {
        let (Some(i), Some(v)) = (get(key.as_bytes()), xmp::prop(x, prop)) else {
            continue;
        };
        if text(&i) != v {
            out.push(error(
                None,
                format!("Info /{key} “{}” disagrees with {prop} “{v}”", text(&i)),
            ));
        }
    }
    out
}

/// An XMP date with seconds and offset as `YYYY-MM-DDTHH:mm:SS+HH:mm` (`Z` as
/// `+00:00`, fractions of a second dropped); `None` for less precise dates, which are
/// not compared.
fn xmp_date_iso(v: &str) -> Option<String> {
    let (main, tz) = match v.strip_suffix('Z') {
        Some(m) => (m, "+00:00"),
        None => v.split_at_checked(v.len().checked_sub(6)?)?,
    };
    let main = main.split('.').next()?;
    (main.len() == 19 && tz.len() == 6).then(|| format!("{main}{tz}"))
}

/// A full PDF date `D:YYYYMMDDHHmmSS` with offset (`Z`, `+HH'mm'`, `+HH'mm`) as ISO
/// 8601 `YYYY-MM-DDTHH:mm:SS+HH:mm`, for comparing with XMP. `None` if partial.
fn pdf_date_iso(d: &[u8]) -> Option<String> {
    let s = std::str::from_utf8(d).ok()?;
    let s = s.strip_prefix("D:").unwrap_or(s);
    let digits = s.get(..14)?;
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let tz = match s.get(14..)? {
        "Z" | "Z00'00'" | "Z00'00" => "+00:00".to_owned(),
        t if t.len() >= 6 && (t.starts_with('+') || t.starts_with('-')) => {
            format!("{}:{}", t.get(..3)?, t.get(4..6)?)
        }
        _ => return None,
    };
    let z = |r: std::ops::Range<usize>| digits.get(r);
    Some(format!(
        "{}-{}-{}T{}:{}:{}{tz}",
        z(0..4)?,
        z(4..6)?,
        z(6..8)?,
        z(8..10)?,
        z(10..12)?,
        z(12..14)?
    ))
}

fn info(doc: &Doc) -> Vec<Finding> {
    let Some(info) = info_dict(doc) else {
        return vec![error(None, "no Info dictionary")];
    };
    let mut out = Vec::new();
    for key in ["Title", "CreationDate", "ModDate"] {
        if string_of(&info, key.as_bytes()).is_none() {
            out.push(error(None, format!("Info has no /{key}")));
        }
    }
    let trapped = name_of(&info, b"Trapped");
    if !trapped.is_some_and(|t| matches!(t.as_ref(), b"True" | b"False")) {
        out.push(error(None, "Info /Trapped is not True or False"));
    }
    out
}

/// A page box as (x0, y0, x1, y1), normalised; MediaBox inherited from the page tree
/// (ISO 32000-1 §7.7.3.4).
pub(super) fn page_box(page: &Dict<'_>, key: &[u8]) -> Option<[f64; 4]> {
    let mut dict = page.clone();
    for _ in 0..32 {
        if dict.contains_key(key) {
            let v: Vec<f64> = dict.get::<Array<'_>>(key)?.iter::<f64>().collect();
            let [x0, y0, x1, y1] = v.as_slice() else {
                return None;
            };
            return Some([x0.min(*x1), y0.min(*y1), x0.max(*x1), y0.max(*y1)]);
        }
        if key != b"MediaBox" {
            return None;
        }
        dict = dict.get::<Dict<'_>>(b"Parent")?;
    }
    None
}

/// Whether `inner` lies inside `outer` (to 0.01 pt).
fn within(inner: [f64; 4], outer: [f64; 4]) -> bool {
    const EPS: f64 = 0.01;
    inner[0] + EPS >= outer[0]
        && inner[1] + EPS >= outer[1]
        && inner[2] <= outer[2] + EPS
        && inner[3] <= outer[3] + EPS
}

fn boxes(doc: &Doc) -> Vec<Finding> {
    let mut out = Vec::new();
    for (n, page) in doc.pages() {
        let page = page.raw();
        let media = page_box(page, b"MediaBox");
        let trim = page_box(page, b"TrimBox");
        let bleed = page_box(page, b"BleedBox");
        let p = Some(n);
        match (media, trim, bleed) {
            (None, ..) => out.push(error(p, "no MediaBox")),
            (_, None, _) => out.push(error(p, "no TrimBox")),
            (_, _, None) => out.push(error(p, "no BleedBox")),
            (Some(m), Some(t), Some(b)) => {
                if !within(t, b) {
                    out.push(error(p, "the TrimBox is not inside the BleedBox"));
                }
                if !within(b, m) {
                    out.push(error(p, "the BleedBox is not inside the MediaBox"));
                }
            }
        }
    }
    out
}

/// Largest ICC profile stream inflated to read its header.
const MAX_ICC_BYTES: usize = 32 << 20;

/// Every ICC profile stream (an `/N` stream whose data has the `acsp` signature, ICC.1
/// §7.2.9) of a version newer than PDF 1.6 reads must name an `/Alternate` (PDF
/// Reference 1.7 §4.5.4, "ICCBased Color Spaces"). The output intent's profile has no
/// alternate and must fit.
fn icc_version(obj: &Object<'_>, out: &mut Vec<Finding>) {
    let Object::Stream(stream) = obj else {
        return;
    };
    let d = stream.dict();
    if !d.contains_key(b"N") {
        return;
    }
    let flate = name_of(d, b"Filter").is_some_and(|f| f.as_ref() == b"FlateDecode");
    let raw = stream.raw_data();
    let data = if flate {
        match miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(&raw, MAX_ICC_BYTES) {
            Ok(d) => d,
            Err(_) => return,
        }
    } else {
        raw.into_owned()
    };
    if data.get(36..40) != Some(b"acsp") || crate::spec::output::icc_fits_pdf_1_6(&data) {
        return;
    }
    if !d.contains_key(b"Alternate") {
        let id = stream.obj_id();
        let minor = data.get(9).map_or(0, |m| m >> 4);
        out.push(error(
            None,
            format!(
                "ICC profile (object {} {}) is version {}.{}, newer than the 4.1 PDF 1.6 reads, and has no /Alternate",
                id.obj_number,
                id.gen_number,
                data.get(8).copied().unwrap_or(0),
                minor
            ),
        ));
    }
}

/// The dictionary of an object that is a dictionary or a stream.
pub(super) fn dict_of<'a>(o: &Object<'a>) -> Option<Dict<'a>> {
    match o {
        Object::Dict(d) => Some(d.clone()),
        Object::Stream(s) => Some(s.dict().clone()),
        _ => None,
    }
}

fn info_dict(doc: &Doc) -> Option<Dict<'_>> {
    doc.trailer_dict(b"Info")
}

/// A PDF text string as Rust text (UTF-16BE with BOM, or PDFDocEncoding read as
/// Latin-1, which agrees on ASCII).
pub(super) fn text(s: &[u8]) -> String {
    if let Some(rest) = s.strip_prefix(&[0xfe, 0xff]) {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|p| u16::from_be_bytes([p[0], *p.get(1).unwrap_or(&0)]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        s.iter().map(|&b| char::from(b)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boxes_nest_with_tolerance() {
        assert!(within([10.0, 10.0, 20.0, 20.0], [9.0, 9.0, 21.0, 21.0]));
        assert!(within([10.0, 10.0, 20.0, 20.0], [10.0, 10.0, 20.0, 20.0]));
        assert!(!within([8.0, 10.0, 20.0, 20.0], [9.0, 9.0, 21.0, 21.0]));
    }

    #[test]
    fn pdf_dates_as_iso() {
        assert_eq!(
            pdf_date_iso(b"D:20220208233000+08'00'").as_deref(),
            Some("2022-02-08T23:30:00+08:00")
        );
        assert_eq!(
            pdf_date_iso(b"D:20220208153000Z").as_deref(),
            Some("2022-02-08T15:30:00+00:00")
        );
        assert_eq!(pdf_date_iso(b"D:2022"), None);
        assert_eq!(
            xmp_date_iso("2026-11-28T18:23:49Z").as_deref(),
            Some("2026-11-28T18:23:49+00:00")
        );
        assert_eq!(
            xmp_date_iso("2022-02-08T23:30:00.25+08:00").as_deref(),
            Some("2022-02-08T23:30:00+08:00")
        );
        assert_eq!(xmp_date_iso("2022-02-08"), None);
    }

    #[test]
    fn text_strings_decode() {
        assert_eq!(text(b"PDF/X-4"), "PDF/X-4");
        assert_eq!(text(&[0xfe, 0xff, 0x88, 0x61]), "衡");
    }
}
