//! Output paths of a run, checked before anything is written: no output may be an input
//! of the issue (spec, layout, article, font) or another output of the same run, and an
//! existing symlink, device node, pipe or directory is never replaced. `-` stands for
//! standard output where a text output allows it.
//!
//! Paths are compared canonicalised (an output that does not exist yet is its
//! canonical parent joined with its name), and existing files also by device and inode,
//! so a hard link or a `./x/../` spelling of an input is caught too.

use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;

/// Where one output of the run goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Standard output (`-`).
    Stdout,
    File(PathBuf),
}

impl Target {
    /// `-` is standard output; anything else a file.
    pub fn parse(p: &Path) -> Target {
        if p.as_os_str() == "-" {
            Target::Stdout
        } else {
            Target::File(p.to_path_buf())
        }
    }
}

/// One named output, e.g. ("the PDF", out.pdf).
#[derive(Debug, Clone)]
pub struct Output {
    /// How messages name it: "the PDF", "the dump", "the report", "a proof image".
    pub what: &'static str,
    pub target: Target,
}

/// A file's identity: its canonical path and, if it exists, (device, inode).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Identity {
    path: PathBuf,
    node: Option<(u64, u64)>,
}

impl Identity {
    fn same(&self, other: &Identity) -> bool {
        self.path == other.path || (self.node.is_some() && self.node == other.node)
    }
}

fn identity(p: &Path) -> Identity {
    let path = match std::fs::canonicalize(p) {
        Ok(c) => c,
        Err(_) => {
            // Not there yet: canonicalise the folder and keep the name.
            let parent = match p.parent() {
                Some(d) if !d.as_os_str().is_empty() => d,
                _ => Path::new("."),
            };
            match (std::fs::canonicalize(parent), p.file_name()) {
                (Ok(dir), Some(name)) => dir.join(name),
                _ => p.to_path_buf(),
            }
        }
    };
    Identity {
        path,
        node: node_of(p),
    }
}

#[cfg(unix)]
fn node_of(p: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(p).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn node_of(_: &Path) -> Option<(u64, u64)> {
    None
}

fn refused(path: &Path, message: String) -> Diagnostic {
    Diagnostic::error(message).in_file(path)
}

/// An existing output must be a plain file we may replace: not a symlink (we would
/// replace the link, not what it points to), not a device node, pipe or directory.
fn check_replaceable(path: &Path) -> Result<(), Diagnostic> {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return Ok(());
    };
    let ft = meta.file_type();
    if ft.is_symlink() {
        return Err(refused(
            path,
            "refusing to write: the output is a symbolic link".into(),
        )
        .with_hint("give the path the link points to, or remove the link"));
    }
    if ft.is_dir() {
        return Err(refused(
            path,
            "refusing to write: the output is a directory".into(),
        ));
    }
    if !ft.is_file() {
        return Err(refused(
            path,
            "refusing to write: the output is not a regular file (a device node, pipe or socket)"
                .into(),
        )
        .with_hint("write to a file, or use `-` for standard output where allowed"));
    }
    Ok(())
}

/// Check the outputs of a run against each other and against `inputs` (the issue's
/// files). The first problem found is returned; nothing has been written then.
pub fn check_outputs(outputs: &[Output], inputs: &[PathBuf]) -> Result<(), Diagnostic> {
    let stdout_count = outputs
        .iter()
        .filter(|o| o.target == Target::Stdout)
        .count();
    if stdout_count > 1 {
        return Err(Diagnostic::error(
            "refusing to write: more than one output is `-` (standard output)",
        ));
    }
    let inputs: Vec<(PathBuf, Identity)> =
        inputs.iter().map(|p| (p.clone(), identity(p))).collect();
    let mut seen: Vec<(&Output, &Path, Identity)> = Vec::new();
    for out in outputs {
        let Target::File(path) = &out.target else {
            continue;
        };
        check_replaceable(path)?;
        let id = identity(path);
        if let Some((input, _)) = inputs.iter().find(|(_, i)| i.same(&id)) {
            return Err(refused(
                path,
                format!(
                    "refusing to write {} over `{}`, an input of this issue",
                    out.what,
                    input.display()
                ),
            )
            .with_hint("choose another output path"));
        }
        if let Some((other, other_path, _)) = seen.iter().find(|(_, _, i)| i.same(&id)) {
            return Err(refused(
                path,
                format!(
                    "refusing to write {} and {} to the same file (`{}` and `{}`)",
                    other.what,
                    out.what,
                    other_path.display(),
                    path.display()
                ),
            )
            .with_hint("give each output its own path"));
        }
        seen.push((out, path, id));
    }
    Ok(())
}

/// Whether `name` is one of the page images `proof` writes (`page-N.png`, also
/// pdftoppm's zero-padded `page-0N.png`).
pub fn is_page_image(name: &str) -> bool {
    name.strip_prefix("page-")
        .and_then(|r| r.strip_suffix(".png"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// The outputs of `proof` into `dir`: its PDF, its contact sheet, and every page image
/// it will write or clear (any input named like a page image in `dir` is one).
pub fn proof_outputs(dir: &Path, inputs: &[PathBuf]) -> Vec<Output> {
    let mut outs = vec![
        Output {
            what: "the proof PDF",
            target: Target::File(dir.join("proof.pdf")),
        },
        Output {
            what: "the contact sheet",
            target: Target::File(dir.join("contact.png")),
        },
    ];
    let dir_id = identity(dir).path;
    for input in inputs {
        let id = identity(input).path;
        let in_dir = id.parent() == Some(dir_id.as_path());
        let name = id.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if in_dir && is_page_image(name) {
            outs.push(Output {
                what: "a proof page image",
                target: Target::File(dir.join(name)),
            });
        }
    }
    outs
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may panic
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = crate::test_scratch_root()
            .join(format!("broadsheet-outputs-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn out(what: &'static str, p: &Path) -> Output {
        Output {
            what,
            target: Target::File(p.to_path_buf()),
        }
    }

    #[test]
    fn an_input_spelt_differently_is_refused() {
        let dir = scratch("input");
        let input = dir.join("issue.toml");
        std::fs::write(&input, "x").unwrap();
        let spelt = dir.join("sub/../issue.toml");
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        let err =
            check_outputs(&[out("the PDF", &spelt)], std::slice::from_ref(&input)).unwrap_err();
        assert!(err.message.contains("an input of this issue"), "{err}");
        assert_eq!(std::fs::read_to_string(&input).unwrap(), "x");
    }

    #[cfg(unix)]
    #[test]
    fn a_hard_link_to_an_input_is_refused() {
        let dir = scratch("hard");
        let input = dir.join("a.txt");
        std::fs::write(&input, "x").unwrap();
        let link = dir.join("b.pdf");
        std::fs::hard_link(&input, &link).unwrap();
        let err = check_outputs(&[out("the PDF", &link)], &[input]).unwrap_err();
        assert!(err.message.contains("an input"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_and_devices_are_not_replaced() {
        let dir = scratch("link");
        let target = dir.join("t.pdf");
        std::fs::write(&target, "x").unwrap();
        let link = dir.join("l.pdf");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let err = check_outputs(&[out("the PDF", &link)], &[]).unwrap_err();
        assert!(err.message.contains("symbolic link"), "{err}");
        // A named pipe stands for any special file (a device node is checked the same
        // way; /dev/null itself is not used, as it is shared with the whole machine).
        let fifo = dir.join("pipe.pdf");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let err = check_outputs(&[out("the PDF", &fifo)], &[]).unwrap_err();
        assert!(err.message.contains("not a regular file"), "{err}");
        let err = check_outputs(&[out("the PDF", &dir)], &[]).unwrap_err();
        assert!(err.message.contains("is a directory"), "{err}");
    }

    #[test]
    fn two_outputs_on_one_file_are_refused() {
        let dir = scratch("twice");
        let p = dir.join("out.pdf");
        let err = check_outputs(&[out("the PDF", &p), out("the dump", &p)], &[]).unwrap_err();
        assert!(err.message.contains("the PDF and the dump"), "{err}");
        let two_stdout = [
            Output {
                what: "the dump",
                target: Target::Stdout,
            },
            Output {
                what: "the report",
                target: Target::Stdout,
            },
        ];
        assert!(check_outputs(&two_stdout, &[]).is_err());
        assert!(check_outputs(&two_stdout[..1], &[]).is_ok());
    }

    #[test]
    fn page_images_are_recognised() {
        assert!(is_page_image("page-1.png"));
        assert!(is_page_image("page-08.png"));
        assert!(!is_page_image("page-.png"));
        assert!(!is_page_image("page-1a.png"));
        assert!(!is_page_image("contact.png"));
    }
}
