//! Reading a PDF that may be hostile, shared by the preflight (`check`, any PDF) and
//! the supplied-ad reader (`pictures`): every stream decoded within a size limit and
//! content nesting bounded ([`bounded`]), object and cross-reference streams measured
//! before `hayro-syntax` opens the file ([`open`], `xref_stream`), and one rule for
//! what a colour space is ([`colour_space`]: CalRGB is RGB, CalGray grey, Lab neither).

pub mod bounded;
pub mod colour_space;
pub mod open;
mod xref_stream;

/// A PDF's bytes to read: in memory, or a file mapped into memory (the PDF a render
/// wrote into its temporary file, `pdf::sink`).
#[derive(Debug)]
pub enum PdfBytes {
    Owned(Vec<u8>),
    Mapped(memmap2::Mmap),
}

impl AsRef<[u8]> for PdfBytes {
    fn as_ref(&self) -> &[u8] {
        match self {
            PdfBytes::Owned(b) => b,
            PdfBytes::Mapped(m) => m,
        }
    }
}

impl std::ops::Deref for PdfBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        self.as_ref()
    }
}

/// The first `needle` in `hay` at or after `from`.
pub fn find_bytes(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    memchr::memmem::find(hay.get(from..)?, needle).map(|p| p + from)
}
