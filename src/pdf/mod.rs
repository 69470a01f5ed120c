//! PLACEHOLDER until the pdf branch lands.
use crate::compose::Document;
use crate::diag::Diagnostic;
use crate::text::FontBook;
#[derive(Debug, Clone, Default)]
pub struct PdfOptions {}
pub fn write_pdf(_doc: &Document, _fonts: &FontBook, _opts: &PdfOptions) -> Result<Vec<u8>, Diagnostic> {
    Ok(Vec::new())
}
pub fn write_file_atomic(path: &std::path::Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    std::fs::write(path, bytes).map_err(|e| Diagnostic::error(e.to_string()))
}
