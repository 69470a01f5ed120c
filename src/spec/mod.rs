//! Stage 1, spec: read `issue.toml`, the layout and the articles; validate everything;
//! resolve units, fonts, styles and grid geometry.
//!
//! Steps: [`load_toml`] parses TOML with spans and collects unknown keys →
//! [`raw`] mirrors the files as serde structs → [`resolve`] runs the steps in order:
//! [`layout_file`] (fonts, [`style`]s, grid, bands; every number through [`numbers`],
//! rule and box styles from [`paint`]) → [`placement`] (each page's items checked
//! against the grid; [`article`] files read (bodies by [`markup`]), [`assets`] found and sniffed) →
//! [`stories`] (chains of frames, teasers) → the [`model`] types. Later stages never
//! re-validate.

pub mod article;
pub mod article_layout;
pub mod assets;
pub mod date;
pub mod decode;
pub mod editions;
pub mod furniture;
pub mod inputs;
pub mod keys;
pub mod layout_file;
pub mod load_toml;
pub mod markup;
pub mod model;
pub mod numbers;
pub mod output;
pub mod paint;
pub mod paths;
pub mod picture_keys;
pub mod pieces;
pub mod placement;
pub mod plain;
pub mod raw;
pub mod readers;
pub mod release_names;
pub mod resolve;
pub mod stories;
pub mod story_area;
pub mod style;
pub mod template;
pub mod wire;
pub mod with_photo;
pub mod wording;

pub use article_layout::{ArticleLayout, BlockStyles, ListNumber, NoteFrame};
pub use layout_file::{load_layout, load_layout_in};
pub use model::*;
pub use resolve::{resolve_issue, resolve_issue_in};
