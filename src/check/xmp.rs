//! Reading a PDF's XMP packet (ISO 16684-1) for the checks: parsed as XML with
//! `roxmltree`, properties found by namespace URI and local name (the prefix in a
//! packet is the producer's choice: Ghostscript writes `xapMM:` where we write
//! `xmpMM:`), whether written as elements or as attributes of `rdf:Description`.

use hayro_syntax::object::Stream;

use super::document::Doc;

/// The prefixes the checks use and the namespaces they stand for.
const NAMESPACES: &[(&str, &str)] = &[
    ("pdfxid", "http://www.npes.org/pdfx/ns/id/"),
    ("xmp", "http://ns.adobe.com/xap/1.0/"),
    ("xmpMM", "http://ns.adobe.com/xap/1.0/mm/"),
    ("dc", "http://purl.org/dc/elements/1.1/"),
    ("pdf", "http://ns.adobe.com/pdf/1.3/"),
];

/// The catalog's `/Metadata` stream as text, if there is one.
pub(super) fn packet(doc: &Doc) -> Option<String> {
    let stream = doc.catalog()?.get::<Stream<'_>>(b"Metadata")?;
    let data = crate::pdf_read::bounded::stream_data(&stream).ok()?;
    Some(String::from_utf8_lossy(&data).into_owned())
}

/// Whether the packet is well-formed XML (the reason if not).
pub(super) fn well_formed(xmp: &str) -> Result<(), String> {
    roxmltree::Document::parse(xmp)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// A property (`prefix:name` with a prefix of [`NAMESPACES`]): the text of its element
/// (an `rdf:Alt`/`rdf:Seq` value's items joined), or its attribute value. `None` when
/// absent, empty, or the packet does not parse.
pub(super) fn prop(xmp: &str, prop: &str) -> Option<String> {
    let (prefix, name) = prop.split_once(':')?;
    let ns = NAMESPACES.iter().find(|(p, _)| *p == prefix)?.1;
    let doc = roxmltree::Document::parse(xmp).ok()?;
    for node in doc.descendants().filter(|n| n.is_element()) {
        let tag = node.tag_name();
        if tag.namespace() == Some(ns) && tag.name() == name {
            let text: String = node
                .descendants()
                .filter(|n| n.is_text())
                .filter_map(|n| n.text())
                .collect();
            let text = text.trim();
            if !text.is_empty() {
                return Some(text.to_owned());
            }
        }
        let attr = node
            .attributes()
            .find(|a| a.namespace() == Some(ns) && a.name() == name);
        if let Some(a) = attr {
            let v = a.value().trim();
            if !v.is_empty() {
                return Some(v.to_owned());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties_by_namespace_as_elements_and_attributes() {
        let x = r#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/" pdfxid:GTS_PDFXVersion="PDF/X-4"
 xmlns:xapMM='http://ns.adobe.com/xap/1.0/mm/' xapMM:DocumentID='uuid:1234'
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">衡阳日报</rdf:li></rdf:Alt></dc:title>
<xmp:CreateDate>2022-02-08T23:30:00+08:00</xmp:CreateDate><xmp:ModifyDate/>
</rdf:Description></rdf:RDF></x:xmpmeta>"#;
        assert_eq!(
            prop(x, "pdfxid:GTS_PDFXVersion").as_deref(),
            Some("PDF/X-4")
        );
        assert_eq!(prop(x, "xmpMM:DocumentID").as_deref(), Some("uuid:1234"));
        assert_eq!(prop(x, "dc:title").as_deref(), Some("衡阳日报"));
        assert_eq!(
            prop(x, "xmp:CreateDate").as_deref(),
            Some("2022-02-08T23:30:00+08:00")
        );
        assert_eq!(prop(x, "xmp:ModifyDate"), None);
        assert_eq!(prop(x, "xmpMM:InstanceID"), None);
        assert!(well_formed(x).is_ok());
        assert!(well_formed("<a><b></a>").is_err());
    }
}
