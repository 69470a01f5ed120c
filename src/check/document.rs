//! A PDF as the document checks read it, through `hayro-syntax`: the catalog, the
//! trailer and its Info dictionary, the pages in order, every object.

use std::sync::Arc;

use hayro_syntax::object::{Dict, FromBytes, MaybeRef, Object};
use hayro_syntax::page::Page;
use hayro_syntax::Pdf;

use crate::pdf_read::open::open_pdf;
use crate::pdf_read::PdfBytes;

/// How many `/Prev` trailers are followed to find an entry (ISO 32000-1 §7.5.6).
const MAX_TRAILERS: usize = 64;

/// An opened PDF and its bytes.
pub(super) struct Doc {
    pub pdf: Pdf,
    bytes: Arc<PdfBytes>,
}

impl Doc {
    /// Open `bytes` within the limits of [`super::open`].
    pub fn open(bytes: Arc<PdfBytes>) -> Result<Doc, String> {
        let pdf = open_pdf(Arc::clone(&bytes))?;
        Ok(Doc { pdf, bytes })
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The document catalog (ISO 32000-1 §7.7.2).
    pub fn catalog(&self) -> Option<Dict<'_>> {
        let xref = self.pdf.xref();
        xref.get::<Dict<'_>>(xref.root_id())
    }

    /// The pages, numbered from 1.
    pub fn pages(&self) -> impl Iterator<Item = (u32, &Page<'_>)> {
        (1u32..).zip(self.pdf.pages().iter())
    }

    /// Every object of the file (the newest version of each).
    pub fn objects(&self) -> impl Iterator<Item = Object<'_>> {
        self.pdf.objects().into_iter()
    }

    /// The header's version (`%PDF-1.6` gives `1.6`).
    pub fn header_version(&self) -> String {
        let head = self
            .bytes
            .get(..self.bytes.len().min(1024))
            .unwrap_or_default();
        let at = head.windows(5).position(|w| w == b"%PDF-").map(|p| p + 5);
        let version: Vec<u8> = at
            .and_then(|a| head.get(a..))
            .unwrap_or_default()
            .iter()
            .take_while(|b| b.is_ascii_digit() || **b == b'.')
            .copied()
            .collect();
        String::from_utf8_lossy(&version).into_owned()
    }

    /// A trailer entry that is a reference, resolved: from the last trailer, or the
    /// one its `/Prev` chain reaches first.
    pub fn trailer_dict(&self, key: &[u8]) -> Option<Dict<'_>> {
        let mut at = last_startxref(&self.bytes);
        for _ in 0..MAX_TRAILERS {
            let trailer = at.and_then(|a| trailer_at(&self.bytes, a)).or_else(|| {
                // A damaged file: the last `trailer` keyword.
                let pos = rfind(&self.bytes, b"trailer")?;
                Dict::from_bytes(skip_space(&self.bytes, pos + 7))
            })?;
            match trailer.get_raw::<Object<'_>>(key) {
                Some(MaybeRef::Ref(r)) => return self.pdf.xref().get::<Dict<'_>>(r.into()),
                Some(MaybeRef::NotRef(o)) => return o.into_dict(),
                None => {}
            }
            at = trailer.get::<usize>(b"Prev");
            at?;
        }
        None
    }
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

fn skip_space(bytes: &[u8], mut at: usize) -> &[u8] {
    while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
        at += 1;
    }
    bytes.get(at..).unwrap_or_default()
}

/// The offset `startxref` gives (ISO 32000-1 §7.5.5).
fn last_startxref(bytes: &[u8]) -> Option<usize> {
    let at = rfind(bytes, b"startxref")?;
    let rest = skip_space(bytes, at + 9);
    let digits: String = rest
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .map(|&b| char::from(b))
        .collect();
    digits.parse().ok()
}

/// The trailer of the cross-reference section at `at`: the dictionary after
/// `trailer` for a table, the stream's dictionary for a cross-reference stream.
fn trailer_at(bytes: &[u8], at: usize) -> Option<Dict<'_>> {
    let section = skip_space(bytes, at);
    if section.starts_with(b"xref") {
        let offset = section.windows(7).position(|w| w == b"trailer")?;
        return Dict::from_bytes(skip_space(section, offset + 7));
    }
    let obj = section.windows(3).take(40).position(|w| w == b"obj")?;
    Dict::from_bytes(skip_space(section, obj + 3))
}
