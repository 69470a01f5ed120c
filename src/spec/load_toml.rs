//! Reading a TOML file into a raw spec struct, with every error located.
//!
//! Syntax and type errors come from the `toml` parser with their span. Unknown keys are
//! collected all at once with `serde_ignored` and located through the parser's spanned
//! document tree, so a file with three misspelt keys gets three errors in one run.

use std::path::Path;

use serde::de::DeserializeOwned;
use toml::de::{DeTable, DeValue};

use crate::diag::{Diagnostic, Diagnostics, LineCol, Loc};

/// A file read into memory, kept for locating later (semantic) errors.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: std::path::PathBuf,
    /// The same path, shared by the [`Loc`]s of everything resolved from this file.
    pub shared: std::sync::Arc<Path>,
    pub text: String,
    /// The encoding the file was decoded from when it was not UTF-8 (see
    /// [`super::decode`]).
    pub encoding: Option<&'static str>,
    /// Where each line of `text` starts, found on the first [`SourceFile::loc`].
    pub lines: std::sync::OnceLock<Vec<usize>>,
}

impl SourceFile {
    /// Read a file as text: UTF-8, or UTF-16 (BOM) / GB 18030 decoded (see
    /// [`super::decode`]); otherwise an error with the byte offset.
    pub fn read(path: &Path) -> Result<SourceFile, Diagnostic> {
        let decoded = super::decode::read_text(path)?;
        Ok(SourceFile {
            path: path.to_path_buf(),
            shared: std::sync::Arc::from(path),
            text: decoded.text,
            encoding: decoded.encoding,
            lines: std::sync::OnceLock::new(),
        })
    }

    /// Read an article file, whose front matter may declare its encoding (see
    /// [`super::decode::read_declared`]).
    pub fn read_declared(path: &Path) -> Result<SourceFile, Diagnostic> {
        let decoded = super::decode::read_declared(path)?;
        Ok(SourceFile {
            path: path.to_path_buf(),
            shared: std::sync::Arc::from(path),
            text: decoded.text,
            encoding: decoded.encoding,
            lines: std::sync::OnceLock::new(),
        })
    }

    /// The warning for a file that was not UTF-8, naming its encoding.
    pub fn encoding_warning(&self) -> Option<Diagnostic> {
        encoding_warning(&self.path, self.encoding)
    }

    /// The location of a byte span of this file, for a resolved item.
    pub fn loc(&self, span: std::ops::Range<usize>) -> Loc {
        let lines = self
            .lines
            .get_or_init(|| crate::diag::line_starts(&self.text));
        Loc {
            file: self.shared.clone(),
            pos: Some(LineCol::of_offset_in(&self.text, lines, span.start)),
        }
    }

    /// An error located at a byte span of this file.
    pub fn error_at(&self, span: std::ops::Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(message)
            .in_file(&self.path)
            .at_offset(&self.text, span.start)
    }
}

/// The warning for a file at `path` decoded from `encoding` (none for UTF-8).
pub fn encoding_warning(path: &Path, encoding: Option<&'static str>) -> Option<Diagnostic> {
    encoding.map(|enc| {
        Diagnostic::warning(format!("the file is not UTF-8: it was decoded as {enc}"))
            .in_file(path)
            .with_hint("save it as UTF-8 to make sure it is read as intended")
    })
}

/// Deserialize the TOML in byte range `region` of `src` (the whole file, or an article's
/// front matter) into `T`, reporting unknown keys as errors.
pub fn parse_toml<T: DeserializeOwned>(
    src: &SourceFile,
    region: std::ops::Range<usize>,
) -> Result<T, Diagnostics> {
    let base = region.start;
    let text = src.text.get(region).unwrap_or("");
    let located = |span: Option<std::ops::Range<usize>>, msg: &str| {
        let d = Diagnostic::error(msg.trim().to_string()).in_file(&src.path);
        match span {
            Some(s) => d.at_offset(&src.text, base + s.start),
            None => d,
        }
    };
    let doc = DeTable::parse(text).map_err(|e| located(e.span(), e.message()))?;

    let mut unknown: Vec<String> = Vec::new();
    let de = toml::de::Deserializer::parse(text).map_err(|e| located(e.span(), e.message()))?;
    let value: Result<T, _> =
        serde_ignored::deserialize(de, |path| unknown.push(key_path(&path.to_string())));
    let mut diags = Diagnostics::new();
    for path in &unknown {
        let span = span_of_path(doc.get_ref(), path);
        diags.push(
            located(span, &format!("unknown key `{path}`"))
                .with_hint("check the spelling; see the annotated issue.toml in README.md"),
        );
    }
    match value {
        Ok(v) if diags.is_empty() => Ok(v),
        Ok(_) => Err(diags),
        Err(e) => {
            diags.push(located(e.span(), e.message()));
            Err(diags)
        }
    }
}

/// A key path as the file spells it: `serde_ignored` reports a key inside a value read
/// with its span (`toml::Spanned`, such as a `[style.X]` table) through the span
/// wrapper's private field names, which are no part of the file.
fn key_path(path: &str) -> String {
    path.split('.')
        .filter(|part| !part.starts_with("$__serde_spanned_private"))
        .collect::<Vec<_>>()
        .join(".")
}

/// The span of a key path like `page.2.story.0.areaa` in the spanned document.
fn span_of_path(table: &DeTable<'_>, path: &str) -> Option<std::ops::Range<usize>> {
    let mut parts = path.split('.').peekable();
    let mut current: Option<&DeValue<'_>> = None;
    let mut table = table;
    while let Some(part) = parts.next() {
        let value = match current {
            Some(DeValue::Array(items)) => {
                let i: usize = part.parse().ok()?;
                items.get(i)
            }
            _ => {
                let (key, value) = table.iter().find(|(k, _)| k.get_ref().as_ref() == part)?;
                if parts.peek().is_none() {
                    return Some(key.span());
                }
                Some(value)
            }
        }?;
        if parts.peek().is_none() {
            return Some(value.span());
        }
        match value.get_ref() {
            DeValue::Table(t) => {
                table = t;
                current = None;
            }
            other => current = Some(other),
        }
    }
    None
}
