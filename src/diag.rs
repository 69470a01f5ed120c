//! Diagnostics: every error or warning the pipeline reports, with where it came from.
//!
//! One type for all stages (after typst's `SourceDiagnostic`): a run collects as many
//! as it can find and reports them together; warnings travel beside the output.

use std::fmt;
use std::path::PathBuf;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// A 1-based line and column in a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub col: usize,
}

impl LineCol {
    /// The line and column (1-based, in characters) of byte offset `at` in `text`.
    pub fn of_offset(text: &str, at: usize) -> LineCol {
        let at = at.min(text.len());
        let before = text.get(..at).unwrap_or(text);
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
        LineCol { line, col }
    }

    /// [`LineCol::of_offset`] with the byte offsets at which `text`'s lines start
    /// ([`line_starts`]): a binary search, not a count from the top of the file, for
    /// files whose every item is located (an issue of hundreds of pages).
    pub fn of_offset_in(text: &str, starts: &[usize], at: usize) -> LineCol {
        let at = at.min(text.len());
        if !text.is_char_boundary(at) {
            return LineCol::of_offset(text, at);
        }
        let line = starts.partition_point(|&s| s <= at).max(1);
        let line_start = starts.get(line - 1).copied().unwrap_or(0);
        let col = text.get(line_start..at).map_or(0, |s| s.chars().count()) + 1;
        LineCol { line, col }
    }
}

/// The byte offsets at which the lines of `text` start: 0, and one after each `\n`.
pub fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// Where a resolved item came from: its file and 1-based line and column. Every item
/// the spec stage resolves carries one, so a later stage can point at the TOML that
/// placed it (`issue.toml:41:8: error: …`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loc {
    pub file: std::sync::Arc<std::path::Path>,
    pub pos: Option<LineCol>,
}

impl Loc {
    /// The location of byte offset `at` of `text`, the contents of `file`.
    pub fn of_offset(file: std::sync::Arc<std::path::Path>, text: &str, at: usize) -> Loc {
        Loc {
            file,
            pos: Some(LineCol::of_offset(text, at)),
        }
    }

    /// A whole file, no position.
    pub fn file(file: std::sync::Arc<std::path::Path>) -> Loc {
        Loc { file, pos: None }
    }
}

/// One error or warning.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Lowercase, "failed to X (cause)" style.
    pub message: String,
    /// The file it is about, if any.
    pub file: Option<PathBuf>,
    /// Where in the file, if known.
    pub pos: Option<LineCol>,
    /// Extra lines printed as `hint: …`.
    pub hints: Vec<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            file: None,
            pos: None,
            hints: Vec::new(),
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.file = Some(file.into());
        self
    }

    /// Place the diagnostic at a resolved item's source location.
    pub fn located(mut self, loc: &Loc) -> Self {
        self.file = Some(loc.file.to_path_buf());
        self.pos = loc.pos;
        self
    }

    pub fn at(mut self, pos: LineCol) -> Self {
        self.pos = Some(pos);
        self
    }

    /// Place the diagnostic at byte offset `offset` of `text`, the contents of its file.
    pub fn at_offset(self, text: &str, offset: usize) -> Self {
        self.at(LineCol::of_offset(text, offset))
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl Diagnostic {
    /// `file:line:col: message`, without the severity and the hints (for reports that
    /// show those their own way).
    pub fn located_message(&self) -> String {
        let mut out = String::new();
        if let Some(file) = &self.file {
            out.push_str(&format!("{}:", file.display()));
            if let Some(pos) = self.pos {
                out.push_str(&format!("{}:{}:", pos.line, pos.col));
            }
            out.push(' ');
        }
        out.push_str(&self.message);
        out
    }
}

impl fmt::Display for Diagnostic {
    /// `file:line:col: error: message` followed by `hint:` lines.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{}:", file.display())?;
            if let Some(pos) = self.pos {
                write!(f, "{}:{}:", pos.line, pos.col)?;
            }
            write!(f, " ")?;
        }
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{kind}: {}", self.message)?;
        for hint in &self.hints {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// A list of diagnostics; the error type of every stage.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn new() -> Self {
        Diagnostics(Vec::new())
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| !d.is_error())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Err(self)` if any error was collected, else `Ok(value)`.
    pub fn into_result<T>(self, value: T) -> Result<T, Diagnostics> {
        if self.has_errors() {
            Err(self)
        } else {
            Ok(value)
        }
    }
}

/// Read as a slice: `d.len()`, `d[0]`, `d.iter()`, `d.first()`.
impl std::ops::Deref for Diagnostics {
    type Target = [Diagnostic];
    fn deref(&self) -> &[Diagnostic] {
        &self.0
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Diagnostics(iter.into_iter().collect())
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(v: Vec<Diagnostic>) -> Self {
        Diagnostics(v)
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "a = 1\n标题 = \"x\"\n";
        let at = text.find('=').unwrap();
        assert_eq!(LineCol::of_offset(text, at), LineCol { line: 1, col: 3 });
        let second = text.rfind('=').unwrap();
        assert_eq!(
            LineCol::of_offset(text, second),
            LineCol { line: 2, col: 4 }
        );
    }

    #[test]
    fn line_index_finds_what_counting_finds() {
        for text in [
            "",
            "\n",
            "a",
            "a = 1\n标题 = \"x\"\n\n[[page]]\nb = 2",
            "\n\nx\n",
        ] {
            let starts = line_starts(text);
            for at in 0..=text.len() + 2 {
                assert_eq!(
                    LineCol::of_offset_in(text, &starts, at),
                    LineCol::of_offset(text, at),
                    "{text:?} at {at}"
                );
            }
        }
    }

    #[test]
    fn display_has_file_line_col() {
        let d = Diagnostic::error("unknown key `foo`")
            .in_file("issue.toml")
            .at(LineCol { line: 3, col: 5 })
            .with_hint("expected one of `a`, `b`");
        assert_eq!(
            d.to_string(),
            "issue.toml:3:5: error: unknown key `foo`\n  hint: expected one of `a`, `b`"
        );
    }
}
