//! broadsheet — a typesetting engine for Chinese newspapers (WIP skeleton).
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod compose;
pub mod diag;
pub mod geom;
pub mod linebreak;
pub mod pdf;
pub mod text;
