//! Document-level PDF/X-4 checks on any PDF (ISO 15930-7:2010), read with `lopdf`.
//!
//! Each function returns the findings of one check; `check_pdf` runs them all, then
//! the content checks of [`super::content`].

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::{content, error, xmp, CheckResult, Finding, Limits};
use crate::diag::Diagnostic;
use crate::spec::output::IccProfile;

/// Run every check on the PDF in `bytes`. `Err` only when it cannot be read as a PDF.
pub(super) fn check_pdf(bytes: &[u8], limits: &Limits) -> Result<Vec<CheckResult>, Diagnostic> {
    let doc = Document::load_mem(bytes)
        .map_err(|e| Diagnostic::error(format!("failed to read the PDF ({e})")))?;
    let claimed = claimed_version(&doc);
    let mut checks = vec![
        result(
            "version",
            "PDF 1.6 or lower (ISO 15930-7: PDF/X-4 is based on PDF 1.6)",
            version(&doc),
        ),
        result("encryption", "not encrypted", encryption(&doc, bytes)),
        result(
            "output-intent",
            "one GTS_PDFX output intent with a CMYK output profile",
            output_intent(&doc, claimed.as_deref()),
        ),
        result(
            "xmp",
            "XMP metadata: pdfxid:GTS_PDFXVersion = Info, dates, DocumentID",
            xmp(&doc),
        ),
        result(
            "info",
            "Info: /Title, /CreationDate, /ModDate, /Trapped True or False",
            info(&doc),
        ),
        result(
            "boxes",
            "every page: MediaBox, TrimBox, BleedBox; Trim ⊆ Bleed ⊆ Media",
            boxes(&doc),
        ),
        result("fonts", "every font embedded", fonts(&doc)),
        result(
            "subset-names",
            "no subset name (ABCDEF+Name) shared by different font programs",
            subset_names(&doc),
        ),
        result(
            "icc-versions",
            "ICC profiles of version 4.1 or lower (PDF 1.6), or with an /Alternate",
            icc_versions(&doc),
        ),
        result(
            "actions",
            "no JavaScript, Launch or other actions",
            actions(&doc),
        ),
        result(
            "annotations",
            "no annotation in the BleedBox but printer's marks and trap nets",
            annotations(&doc),
        ),
    ];
    checks.extend(content::check_content(&doc, limits));
    Ok(checks)
}

pub(super) fn result(id: &'static str, title: &'static str, findings: Vec<Finding>) -> CheckResult {
    CheckResult {
        id,
        title,
        findings,
    }
}

fn version(doc: &Document) -> Vec<Finding> {
    // The catalog's /Version overrides the header (PDF 1.7 §7.7.2).
    let v = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"Version").ok())
        .and_then(|v| v.as_name().ok())
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .unwrap_or_else(|| doc.version.clone());
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

fn encryption(doc: &Document, bytes: &[u8]) -> Vec<Finding> {
    let raw = bytes.windows(8).any(|w| w == b"/Encrypt");
    if doc.trailer.has(b"Encrypt") || raw {
        vec![error(None, "the file is encrypted")]
    } else {
        vec![]
    }
}

/// `GTS_PDFXVersion` from the Info dictionary, else from XMP.
fn claimed_version(doc: &Document) -> Option<String> {
    info_dict(doc)
        .and_then(|i| i.get(b"GTS_PDFXVersion").ok())
        .and_then(|v| v.as_str().ok())
        .map(text)
        .or_else(|| xmp::packet(doc).and_then(|x| xmp::prop(&x, "pdfxid:GTS_PDFXVersion")))
}

fn output_intent(doc: &Document, claimed: Option<&str>) -> Vec<Finding> {
    let intents: Vec<&Dictionary> = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"OutputIntents").ok())
        .and_then(|o| deref(doc, o).as_array().ok())
        .map(|a| {
            a.iter()
                .filter_map(|o| deref(doc, o).as_dict().ok())
                .filter(|d| d.get(b"S").and_then(Object::as_name).ok() == Some(b"GTS_PDFX"))
                .collect()
        })
        .unwrap_or_default();
    let intent = match intents.as_slice() {
        [] => return vec![error(None, "no GTS_PDFX output intent")],
        [one] => *one,
        _ => return vec![error(None, "more than one GTS_PDFX output intent")],
    };
    let mut out = Vec::new();
    let has_id = intent
        .get(b"OutputConditionIdentifier")
        .and_then(Object::as_str)
        .is_ok_and(|s| !s.is_empty());
    if !has_id {
        out.push(error(
            None,
            "the output intent has no OutputConditionIdentifier",
        ));
    }
    let partial = claimed.is_some_and(|v| v.starts_with("PDF/X-4p"));
    match (
        intent.get(b"DestOutputProfile"),
        intent.get(b"DestOutputProfileRef"),
    ) {
        (Ok(p), _) => match deref(doc, p).as_stream() {
            Ok(stream) => {
                let n = stream.dict.get(b"N").and_then(Object::as_i64).ok();
                if n != Some(4) {
                    out.push(error(
                        None,
                        "the output profile is not a 4-colour (/N 4) profile",
                    ));
                }
                let data = super::bounded::stream_data(stream).unwrap_or_default();
                if let Err(why) = IccProfile::check_cmyk_output(&data) {
                    out.push(error(
                        None,
                        format!("the DestOutputProfile is not usable ({why})"),
                    ));
                }
            }
            Err(_) => out.push(error(None, "DestOutputProfile is not a stream")),
        },
        (Err(_), Ok(r)) => {
            if !partial {
                out.push(error(
                    None,
                    "DestOutputProfileRef without embedding is only allowed in PDF/X-4p",
                ));
            }
            let r = deref(doc, r).as_dict().ok();
            let sum = r
                .and_then(|d| d.get(b"CheckSum").ok())
                .and_then(|s| s.as_str().ok())
                .map(<[u8]>::len);
            if sum != Some(16) {
                out.push(error(
                    None,
                    "DestOutputProfileRef has no 16-byte MD5 CheckSum",
                ));
            }
            let urls = r
                .and_then(|d| d.get(b"URLs").ok())
                .and_then(|u| deref(doc, u).as_array().ok())
                .map(Vec::len);
            if urls.unwrap_or(0) == 0 {
                out.push(error(None, "DestOutputProfileRef has no URLs"));
            }
        }
        _ => out.push(error(
            None,
            "the output intent has no DestOutputProfile (no embedded ICC profile)",
        )),
    }
    out
}

fn xmp(doc: &Document) -> Vec<Finding> {
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
        .and_then(|i| i.get(b"GTS_PDFXVersion").ok())
        .and_then(|v| v.as_str().ok())
        .map(text);
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
fn info_agrees_with_xmp(doc: &Document, x: &str) -> Vec<Finding> {
    let Some(info) = info_dict(doc) else {
        return Vec::new();
    };
    let get = |k: &[u8]| info.get(k).and_then(Object::as_str).ok();
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
        if pdf_date_iso(i).as_deref() != Some(xmp_date.as_str()) {
            out.push(error(
                None,
                format!("Info /{key} {} disagrees with {prop} {v}", text(i)),
            ));
        }
    }
    for (key, prop) in [("Title", "dc:title"), ("Producer", "pdf:Producer")] {
        let (Some(i), Some(v)) = (get(key.as_bytes()), xmp::prop(x, prop)) else {
            continue;
        };
        if text(i) != v {
            out.push(error(
                None,
                format!("Info /{key} “{}” disagrees with {prop} “{v}”", text(i)),
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

fn info(doc: &Document) -> Vec<Finding> {
    let Some(info) = info_dict(doc) else {
        return vec![error(None, "no Info dictionary")];
    };
    let mut out = Vec::new();
    for key in ["Title", "CreationDate", "ModDate"] {
        if info.get(key.as_bytes()).and_then(Object::as_str).is_err() {
            out.push(error(None, format!("Info has no /{key}")));
        }
    }
    let trapped = info.get(b"Trapped").and_then(Object::as_name).ok();
    if !matches!(trapped, Some(b"True") | Some(b"False")) {
        out.push(error(None, "Info /Trapped is not True or False"));
    }
    out
}

/// A page box as (x0, y0, x1, y1), normalised; MediaBox inherited from the page tree.
pub(super) fn page_box(doc: &Document, page: ObjectId, key: &[u8]) -> Option<[f64; 4]> {
    let mut dict = doc.get_dictionary(page).ok()?;
    for _ in 0..32 {
        if let Ok(b) = dict.get(key) {
            let a = deref(doc, b).as_array().ok()?;
            let v: Vec<f64> = a
                .iter()
                .filter_map(|o| deref(doc, o).as_float().ok())
                .map(f64::from)
                .collect();
            let [x0, y0, x1, y1] = v.as_slice() else {
                return None;
            };
            return Some([x0.min(*x1), y0.min(*y1), x0.max(*x1), y0.max(*y1)]);
        }
        if key != b"MediaBox" {
            return None;
        }
        let parent = dict.get(b"Parent").and_then(Object::as_reference).ok()?;
        dict = doc.get_dictionary(parent).ok()?;
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

fn boxes(doc: &Document) -> Vec<Finding> {
    let mut out = Vec::new();
    for (n, id) in doc.get_pages() {
        let media = page_box(doc, id, b"MediaBox");
        let trim = page_box(doc, id, b"TrimBox");
        let bleed = page_box(doc, id, b"BleedBox");
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
fn icc_versions(doc: &Document) -> Vec<Finding> {
    let mut out = Vec::new();
    for (id, obj) in &doc.objects {
        let Ok(stream) = obj.as_stream() else {
            continue;
        };
        if stream.dict.get(b"N").is_err() {
            continue;
        }
        let flate = stream
            .dict
            .get(b"Filter")
            .and_then(Object::as_name)
            .is_ok_and(|f| f == b"FlateDecode");
        let data = if flate {
            match miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(
                &stream.content,
                MAX_ICC_BYTES,
            ) {
                Ok(d) => d,
                Err(_) => continue,
            }
        } else {
            stream.content.clone()
        };
        if data.get(36..40) != Some(b"acsp") || crate::spec::output::icc_fits_pdf_1_6(&data) {
            continue;
        }
        if stream.dict.get(b"Alternate").is_err() {
            let minor = data.get(9).map_or(0, |m| m >> 4);
            out.push(error(
                None,
                format!(
                    "ICC profile (object {} {}) is version {}.{}, newer than the 4.1 PDF 1.6 reads, and has no /Alternate",
                    id.0,
                    id.1,
                    data.get(8).copied().unwrap_or(0),
                    minor
                ),
            ));
        }
    }
    out
}

/// A subset font's name (`ABCDEF+Name`, ISO 32000-1 §9.6.4) stands for one font
/// program: a RIP that caches fonts by name prints every font of that name with the
/// first program it met.
fn subset_names(doc: &Document) -> Vec<Finding> {
    let mut programs: std::collections::BTreeMap<Vec<u8>, std::collections::BTreeSet<ObjectId>> =
        std::collections::BTreeMap::new();
    for obj in doc.objects.values() {
        let Some(d) = dict_of(obj) else { continue };
        if d.get(b"Type").and_then(Object::as_name).ok() != Some(b"FontDescriptor") {
            continue;
        }
        let Ok(name) = d.get(b"FontName").and_then(Object::as_name) else {
            continue;
        };
        if name.get(6) != Some(&b'+') {
            continue;
        }
        let program = ["FontFile", "FontFile2", "FontFile3"]
            .iter()
            .find_map(|k| d.get(k.as_bytes()).and_then(Object::as_reference).ok());
        if let Some(program) = program {
            programs.entry(name.to_vec()).or_default().insert(program);
        }
    }
    programs
        .into_iter()
        .filter(|(_, p)| p.len() > 1)
        .map(|(name, p)| {
            error(
                None,
                format!(
                    "subset name {} is used by {} different font programs",
                    String::from_utf8_lossy(&name),
                    p.len()
                ),
            )
        })
        .collect()
}

fn fonts(doc: &Document) -> Vec<Finding> {
    let mut out = Vec::new();
    for obj in doc.objects.values() {
        let Some(d) = dict_of(obj) else { continue };
        if d.get(b"Type").and_then(Object::as_name).ok() != Some(b"Font") {
            continue;
        }
        let subtype = d.get(b"Subtype").and_then(Object::as_name).unwrap_or(b"");
        // Type3 glyphs are content streams; Type0 fonts are checked through their
        // descendant CIDFont, which is an object of its own.
        if subtype == b"Type3" || subtype == b"Type0" {
            continue;
        }
        let embedded = d
            .get(b"FontDescriptor")
            .ok()
            .and_then(|f| deref(doc, f).as_dict().ok())
            .is_some_and(|fd| {
                ["FontFile", "FontFile2", "FontFile3"]
                    .iter()
                    .any(|k| fd.has(k.as_bytes()))
            });
        if !embedded {
            let name = d.get(b"BaseFont").and_then(Object::as_name).unwrap_or(b"?");
            out.push(error(
                None,
                format!("font {} is not embedded", String::from_utf8_lossy(name)),
            ));
        }
    }
    out
}

/// Action types PDF/X forbids, and keys that carry scripts.
const FORBIDDEN_ACTIONS: &[&[u8]] = &[
    b"JavaScript",
    b"Launch",
    b"ImportData",
    b"SubmitForm",
    b"ResetForm",
    b"Movie",
    b"Sound",
    b"Rendition",
    b"Hide",
    b"SetOCGState",
    b"Trans",
    b"GoTo3DView",
    b"RichMediaExecute",
];

fn actions(doc: &Document) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for obj in doc.objects.values() {
        visit_dicts(obj, 0, &mut |d| {
            if let Ok(s) = d.get(b"S").and_then(Object::as_name) {
                if FORBIDDEN_ACTIONS.contains(&s) && seen.insert(s.to_vec()) {
                    let s = String::from_utf8_lossy(s);
                    out.push(error(None, format!("a {s} action")));
                }
            }
            if d.has(b"JS") && seen.insert(b"JS".to_vec()) {
                out.push(error(None, "a JavaScript (/JS) entry"));
            }
        });
    }
    let catalog = doc.catalog().ok();
    if catalog.is_some_and(|c| c.has(b"AA")) {
        out.push(error(None, "document additional actions (/AA)"));
    }
    let names = catalog
        .and_then(|c| c.get(b"Names").ok())
        .and_then(|n| deref(doc, n).as_dict().ok());
    if names.is_some_and(|n| n.has(b"JavaScript")) {
        out.push(error(None, "document-level JavaScript"));
    }
    for (n, id) in doc.get_pages() {
        if doc.get_dictionary(id).is_ok_and(|p| p.has(b"AA")) {
            out.push(error(Some(n), "page additional actions (/AA)"));
        }
    }
    out
}

/// Annotation types allowed anywhere on a PDF/X page.
const MARK_ANNOTATIONS: &[&[u8]] = &[b"PrinterMark", b"TrapNet"];
/// Annotation types never allowed (multimedia).
const MEDIA_ANNOTATIONS: &[&[u8]] = &[b"Movie", b"Sound", b"Screen", b"3D", b"RichMedia"];

fn annotations(doc: &Document) -> Vec<Finding> {
    let mut out = Vec::new();
    for (n, id) in doc.get_pages() {
        let Ok(page) = doc.get_dictionary(id) else {
            continue;
        };
        let Some(annots) = page
            .get(b"Annots")
            .ok()
            .and_then(|a| deref(doc, a).as_array().ok())
        else {
            continue;
        };
        let area = page_box(doc, id, b"BleedBox").or_else(|| page_box(doc, id, b"TrimBox"));
        for a in annots {
            let Ok(d) = deref(doc, a).as_dict() else {
                continue;
            };
            let sub = d.get(b"Subtype").and_then(Object::as_name).unwrap_or(b"");
            let name = String::from_utf8_lossy(sub);
            if MEDIA_ANNOTATIONS.contains(&sub) {
                out.push(error(Some(n), format!("a {name} annotation")));
                continue;
            }
            if MARK_ANNOTATIONS.contains(&sub) {
                continue;
            }
            let rect = d
                .get(b"Rect")
                .and_then(|r| deref(doc, r).as_array())
                .map(|a| {
                    a.iter()
                        .filter_map(|o| o.as_float().ok())
                        .map(f64::from)
                        .collect::<Vec<_>>()
                });
            let inside = match (rect.as_deref(), area) {
                (Ok([x0, y0, x1, y1]), Some(b)) => {
                    x0.min(*x1) < b[2]
                        && x0.max(*x1) > b[0]
                        && y0.min(*y1) < b[3]
                        && y0.max(*y1) > b[1]
                }
                _ => true,
            };
            if inside {
                out.push(error(
                    Some(n),
                    format!("a {name} annotation inside the BleedBox"),
                ));
            }
        }
    }
    out
}

/// Follow a reference (one level is all PDF allows for these values).
pub(super) fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    doc.dereference(o).map(|(_, o)| o).unwrap_or(o)
}

fn dict_of(o: &Object) -> Option<&Dictionary> {
    match o {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

/// Call `f` on every dictionary in `o`, nested ones included (not through references).
fn visit_dicts(o: &Object, depth: u32, f: &mut dyn FnMut(&Dictionary)) {
    if depth > 64 {
        return;
    }
    match o {
        Object::Array(a) => a.iter().for_each(|x| visit_dicts(x, depth + 1, f)),
        _ => {
            if let Some(d) = dict_of(o) {
                f(d);
                for (_, v) in d.iter() {
                    visit_dicts(v, depth + 1, f);
                }
            }
        }
    }
}

fn info_dict(doc: &Document) -> Option<&Dictionary> {
    let i = doc.trailer.get(b"Info").ok()?;
    deref(doc, i).as_dict().ok()
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
