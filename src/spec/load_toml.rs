//! Reading a TOML file into a raw spec struct, with every error located.
//!
//! Syntax and type errors come from the `toml` parser with their span. Unknown keys are
//! collected all at once with `serde_ignored` and located through the parser's spanned
//! document tree, so a file with three misspelt keys gets three errors in one run.

use std::path::Path;

use serde::de::DeserializeOwned;
use toml::de::{DeTable, DeValue};

use crate::diag::{Diagnostic, Diagnostics, Loc};

/// A file read into memory, kept for locating later (semantic) errors.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: std::path::PathBuf,
    /// The same path, shared by the [`Loc`]s of everything resolved from this file.
    pub shared: std::sync::Arc<Path>,
    pub text: String,
}

impl SourceFile {
    pub fn read(path: &Path) -> Result<SourceFile, Diagnostic> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Diagnostic::error(format!("failed to read file ({e})")).in_file(path))?;
        Ok(SourceFile {
            path: path.to_path_buf(),
            shared: std::sync::Arc::from(path),
            text,
        })
    }

    /// The location of a byte span of this file, for a resolved item.
    pub fn loc(&self, span: std::ops::Range<usize>) -> Loc {
        Loc::of_offset(self.shared.clone(), &self.text, span.start)
    }

    /// An error located at a byte span of this file.
    pub fn error_at(&self, span: std::ops::Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(message)
            .in_file(&self.path)
            .at_offset(&self.text, span.start)
    }
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
    let value: Result<T, _> = serde_ignored::deserialize(de, |path| unknown.push(path.to_string()));
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
