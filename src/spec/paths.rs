//! The project root: files named by the spec (articles, fonts, later pictures) must lie
//! in folders the issue is allowed to read — the issue's own folder, folders the layout
//! lists in `allow_dirs` (and, for fonts, the layout's folder), and folders given with
//! `--root`. A path that leaves them (`../`, an absolute path, a symlink pointing
//! outside) is an error located at the path in its TOML file, so an issue cannot
//! typeset an arbitrary file of the machine it runs on.

use std::path::{Path, PathBuf};

use toml::Spanned;

use crate::diag::Diagnostic;
use crate::spec::load_toml::SourceFile;

/// Folders reads may come from, canonicalised.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Roots {
    dirs: Vec<PathBuf>,
}

impl Roots {
    /// The given folders, canonicalised; ones that do not exist are left out (nothing
    /// can lie in them).
    pub fn new<I: IntoIterator<Item = PathBuf>>(dirs: I) -> Roots {
        let mut out: Vec<PathBuf> = Vec::new();
        for d in dirs {
            let d = if d.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                d
            };
            if let Ok(c) = std::fs::canonicalize(&d) {
                if !out.contains(&c) {
                    out.push(c);
                }
            }
        }
        Roots { dirs: out }
    }

    /// These roots and `more`.
    pub fn with<I: IntoIterator<Item = PathBuf>>(&self, more: I) -> Roots {
        Roots::new(self.dirs.iter().cloned().chain(more))
    }

    /// Whether the canonical form of `path` (which must exist) lies in a root.
    pub fn contains(&self, path: &Path) -> bool {
        std::fs::canonicalize(path).is_ok_and(|c| self.dirs.iter().any(|d| c.starts_with(d)))
    }

    fn list(&self) -> String {
        self.dirs
            .iter()
            .map(|d| d.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Resolve a file named at `name` in `src` (relative to `base`) that will be read as
/// `what` ("article", "font"): it must exist, be a file, and lie in `roots`. Errors
/// are located at the name.
pub fn resolve_input(
    src: &SourceFile,
    name: &Spanned<String>,
    base: &Path,
    roots: &Roots,
    what: &str,
) -> Result<PathBuf, Diagnostic> {
    let path = base.join(name.get_ref());
    let shown = name.get_ref();
    if path.is_dir() {
        return Err(src.error_at(name.span(), format!("{what} `{shown}` is a directory")));
    }
    if !path.is_file() {
        let msg = if std::fs::symlink_metadata(&path).is_ok() {
            format!("{what} file `{shown}` is not a regular file (or a broken link)")
        } else {
            format!("{what} file `{shown}` not found")
        };
        return Err(src.error_at(name.span(), msg));
    }
    if !roots.contains(&path) {
        return Err(src
            .error_at(
                name.span(),
                format!("{what} file `{shown}` lies outside the folders this issue may read"),
            )
            .with_hint(format!("allowed folders: {}", roots.list()))
            .with_hint(
                "move the file into the issue's folder, or allow its folder with `--root DIR` \
                 or the layout's `allow_dirs`",
            ));
    }
    Ok(path)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may panic
mod tests {
    use super::*;

    #[test]
    fn containment_is_by_canonical_path() {
        let dir =
            crate::test_scratch_root().join(format!("broadsheet-roots-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("issue")).unwrap();
        std::fs::write(dir.join("secret.txt"), "x").unwrap();
        std::fs::write(dir.join("issue/a.txt"), "x").unwrap();
        let roots = Roots::new([dir.join("issue")]);
        assert!(roots.contains(&dir.join("issue/a.txt")));
        assert!(!roots.contains(&dir.join("issue/../secret.txt")));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.join("secret.txt"), dir.join("issue/link.txt")).unwrap();
            assert!(!roots.contains(&dir.join("issue/link.txt")));
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
