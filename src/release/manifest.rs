//! The release manifest (`manifest.json`): every current plate — file, page, zone,
//! version, inks, MD5 and size, preflight result, the version it replaces — and, for
//! every edition, which plate each of its pages prints. Written last and atomically;
//! read again by the next release to carry versions on.

use serde::{Deserialize, Serialize};

use crate::diag::Diagnostic;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// The issue's name (paper, date, number).
    pub issue: String,
    pub plates: Vec<Plate>,
    pub editions: Vec<EditionPages>,
}

/// One plate file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plate {
    pub file: String,
    pub page: u32,
    /// The zone of the edition it was made for (an edition that prints the main's
    /// plate lists it in its `editions` entry).
    pub zone: String,
    /// `a`, then `b` for the first correction, ….
    pub version: String,
    /// `["K"]` or `["C", "M", "Y", "K"]`.
    pub inks: Vec<String>,
    /// MD5 of the file, lower-case hex.
    pub md5: String,
    /// Bytes.
    pub size: usize,
    /// `passed` or `failed` (the preflight of the standard the layout claims).
    pub preflight: String,
    /// The preflight's errors, `check-id: message`.
    pub findings: Vec<String>,
    /// The version this one replaces.
    pub previous: Option<Previous>,
}

/// The plate a correction replaces.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Previous {
    pub file: String,
    pub version: String,
    pub md5: String,
}

/// An edition's pages: for each, the plate it prints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EditionPages {
    pub zone: String,
    pub name: String,
    pub pages: Vec<PlatePage>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlatePage {
    pub page: u32,
    /// Index into [`Manifest::plates`].
    pub plate: usize,
    /// The plate's file (the same as the plate's `file`, for a reader of the manifest).
    pub file: String,
}

impl Manifest {
    /// The current plate of `zone`'s page `page`, if that edition had a plate of its own.
    pub fn plate(&self, zone: &str, page: u32) -> Option<&Plate> {
        self.plates
            .iter()
            .find(|p| p.zone == zone && p.page == page)
    }

    /// Whether the manifest names the file (a current plate, or one it replaced).
    pub fn names(&self, file: &str) -> bool {
        self.plates
            .iter()
            .any(|p| p.file == file || p.previous.as_ref().is_some_and(|q| q.file == file))
    }

    pub fn json(&self) -> Result<String, Diagnostic> {
        serde_json::to_string_pretty(self)
            .map(|mut s| {
                s.push('\n');
                s
            })
            .map_err(|e| Diagnostic::error(format!("failed to write the manifest ({e})")))
    }

    pub fn parse(text: &str) -> Result<Manifest, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }
}
