//! Stage 5, compose.
pub mod page;
pub use page::*;
