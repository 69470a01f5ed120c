//! Stage 1, spec: read `issue.toml`, the layout and the articles; validate everything;
//! resolve units, fonts, styles and grid geometry.
//!
//! Steps: [`load_toml`] parses TOML with spans and collects unknown keys →
//! [`raw`] mirrors the files as serde structs → [`article`] reads article files →
//! [`resolve`] checks and converts into the [`model`] types. Later stages never
//! re-validate.

pub mod article;
pub mod load_toml;
pub mod model;
pub mod raw;
pub mod resolve;
pub mod wire;

pub use model::*;
pub use resolve::{load_layout, resolve_issue};
