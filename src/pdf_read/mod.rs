//! Reading a PDF that may be hostile, shared by the preflight (`check`, any PDF) and
//! the supplied-ad reader (`pictures`): every stream decoded within a size limit and
//! content nesting bounded ([`bounded`]), object and cross-reference streams measured
//! before `hayro-syntax` opens the file ([`open`], `xref_stream`), and one rule for
//! what a colour space is ([`colour_space`]: CalRGB is RGB, CalGray grey, Lab neither).

pub mod bounded;
pub mod colour_space;
pub mod open;
mod xref_stream;

/// The first `needle` in `hay` at or after `from`.
pub fn find_bytes(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    memchr::memmem::find(hay.get(from..)?, needle).map(|p| p + from)
}
