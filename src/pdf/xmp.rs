//! The document's XMP metadata packet (ISO 16684-1), written with `xmp-writer`.
//!
//! PDF/X-4 requires a metadata stream in the catalog (ISO 15930-7) with
//! `pdfxid:GTS_PDFXVersion`, `dc:title`, `xmp:CreateDate`, `xmp:ModifyDate`,
//! `xmp:MetadataDate`, `xmpMM:DocumentID`, `xmpMM:InstanceID`, `xmpMM:VersionID`,
//! `xmpMM:RenditionClass`, `pdf:Producer` and `pdf:Trapped`, each consistent with the
//! Info dictionary ([`super::boxes::write_info`] writes the same values).
//!
//! The identifiers are derived from the content (no random UUIDs): the DocumentID from
//! the document title (the same issue keeps its DocumentID across re-renders), the
//! InstanceID from the bytes of the pages and fonts, so the file stays byte-identical for
//! the same input.

use xmp_writer::{RenditionClass, XmpWriter};

use crate::spec::date::Timestamp;

/// What the packet says.
#[derive(Debug, Clone)]
pub(super) struct Meta<'a> {
    pub title: &'a str,
    /// `pdf:Producer`, `xmp:CreatorTool` and Info `/Producer`, `/Creator`.
    pub producer: &'a str,
    pub date: Timestamp,
    /// `GTS_PDFXVersion`, or `None` for no claim.
    pub pdfx_version: Option<&'a str>,
    pub document_id: String,
    pub instance_id: String,
}

/// `xmpMM:VersionID`: the edition of the document (one render = version 1).
pub(super) const VERSION_ID: &str = "1";

/// The packet as UTF-8 bytes (for an uncompressed `/Type /Metadata` stream).
pub(super) fn packet(meta: &Meta<'_>) -> Vec<u8> {
    let mut xmp = XmpWriter::new();
    xmp.title([(None, meta.title)]);
    xmp.format("application/pdf");
    xmp.create_date(meta.date.xmp());
    xmp.modify_date(meta.date.xmp());
    xmp.metadata_date(meta.date.xmp());
    xmp.creator_tool(meta.producer);
    xmp.producer(meta.producer);
    xmp.trapped(false);
    xmp.document_id(&meta.document_id);
    xmp.instance_id(&meta.instance_id);
    xmp.version_id(VERSION_ID);
    xmp.rendition_class(RenditionClass::Default);
    if let Some(v) = meta.pdfx_version {
        xmp.pdfx_version(v);
    }
    xmp.finish(None).into_bytes()
}

/// A `uuid:` URI from 16 hash bytes, shaped as an RFC 9562 version 8 (custom) UUID.
pub(super) fn uuid(bytes: [u8; 16]) -> String {
    let mut b = bytes;
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "uuid:{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may panic
mod tests {
    use super::*;

    fn meta(pdfx: Option<&'static str>) -> Meta<'static> {
        Meta {
            title: "衡阳日报 2022-02-08",
            producer: "broadsheet 0.1.0",
            date: Timestamp::new((2022, 2, 8), (23, 30, 0), 480).unwrap(),
            pdfx_version: pdfx,
            document_id: uuid([1; 16]),
            instance_id: uuid([2; 16]),
        }
    }

    #[test]
    fn packet_names_every_required_property() {
        let text = String::from_utf8(packet(&meta(Some("PDF/X-4")))).unwrap();
        for want in [
            "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>",
            "衡阳日报 2022-02-08",
            "<xmp:CreateDate>2022-02-08T23:30:00+08:00</xmp:CreateDate>",
            "<xmp:ModifyDate>2022-02-08T23:30:00+08:00</xmp:ModifyDate>",
            "<xmpMM:DocumentID>uuid:01010101-0101-8101-8101-010101010101</xmpMM:DocumentID>",
            "<xmpMM:InstanceID>uuid:",
            "<xmpMM:VersionID>1</xmpMM:VersionID>",
            "<xmpMM:RenditionClass>default</xmpMM:RenditionClass>",
            "<pdf:Producer>broadsheet 0.1.0</pdf:Producer>",
            "<pdf:Trapped>False</pdf:Trapped>",
        ] {
            assert!(text.contains(want), "missing {want} in {text}");
        }
        assert!(text.starts_with("<?xpacket begin="));
    }

    #[test]
    fn no_claim_no_pdfxid() {
        let text = String::from_utf8(packet(&meta(None))).unwrap();
        assert!(!text.contains("pdfxid"));
    }

    #[test]
    fn uuids_are_well_formed() {
        let u = uuid([0xff; 16]);
        assert_eq!(u, "uuid:ffffffff-ffff-8fff-bfff-ffffffffffff");
    }
}
