//! Atomic file writing: a reader of the target path sees the old file or the whole new
//! one, never half a PDF.

use std::collections::BTreeSet;
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::diag::Diagnostic;

/// Temporary files being written right now. A signal handler (the CLI installs one for
/// SIGINT and SIGTERM) removes them with [`remove_pending_temp_files`], so an interrupted
/// run leaves no `*.tmp-<pid>` file behind.
static PENDING: Mutex<BTreeSet<PathBuf>> = Mutex::new(BTreeSet::new());

fn pending() -> std::sync::MutexGuard<'static, BTreeSet<PathBuf>> {
    // A poisoned lock only means a panic elsewhere; the set itself is still valid.
    PENDING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Remove every temporary file still being written (best effort). Called from the
/// CLI's SIGINT/SIGTERM handler just before it exits; safe to call at any time.
pub fn remove_pending_temp_files() {
    let mut set = pending();
    for tmp in set.iter() {
        let _ = fs::remove_file(tmp);
    }
    set.clear();
}

/// Write `bytes` to `path` atomically: into `<path>.tmp-<pid>` in the same directory,
/// flushed and synced, then renamed over `path`. On error the temporary file is
/// removed and the diagnostic names `path`.
pub fn write_file_atomic(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    let tmp = temp_path(path);
    pending().insert(tmp.clone());
    let result = write_and_sync(&tmp, bytes).and_then(|()| {
        fs::rename(&tmp, path)
            .map_err(|e| format!("failed to move the temporary file into place ({e})"))
    });
    pending().remove(&tmp);
    match result {
        Ok(()) => {
            sync_parent_dir(path);
            Ok(())
        }
        Err(message) => {
            // Best effort: the temp file may not even exist.
            let _ = fs::remove_file(&tmp);
            Err(Diagnostic::error(message)
                .in_file(path)
                .with_hint(format!("temporary file: {}", tmp.display())))
        }
    }
}

/// `<path>.tmp-<pid>`: same directory, so the rename never crosses file systems.
fn temp_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(format!(".tmp-{}", std::process::id()));
    PathBuf::from(name)
}

fn write_and_sync(tmp: &Path, bytes: &[u8]) -> Result<(), String> {
    // `create_new`: never follow a symlink or reuse a file someone left at that name.
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(tmp)
        .map_err(|e| format!("failed to create the temporary file ({e})"))?;
    file.write_all(bytes)
        .and_then(|()| file.flush())
        .and_then(|()| file.sync_all())
        .map_err(|e| format!("failed to write the temporary file ({e})"))
}

/// Sync the directory so the rename itself survives a crash. Not every platform can
/// open a directory for syncing; failing to is not an error.
fn sync_parent_dir(path: &Path) {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may panic
mod tests {
    use super::*;

    fn scratch_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("broadsheet-atomic-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn replaces_the_target_and_leaves_no_temp_file() {
        let dir = scratch_dir("ok");
        let target = dir.join("issue.pdf");
        fs::write(&target, b"old").unwrap();
        write_file_atomic(&target, b"new contents").unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"new contents");
        let names: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("issue.pdf")]);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn errors_name_the_path_and_clean_up() {
        let dir = scratch_dir("err");
        // Renaming a file over a non-empty directory fails.
        let target = dir.join("out.pdf");
        fs::create_dir_all(target.join("inside")).unwrap();
        let err = write_file_atomic(&target, b"x").unwrap_err();
        assert!(err.is_error());
        assert_eq!(err.file.as_deref(), Some(target.as_path()));
        assert!(!temp_path(&target).exists());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn pending_temp_files_are_removed_on_request() {
        let dir = scratch_dir("pending");
        let tmp = temp_path(&dir.join("out.pdf"));
        fs::write(&tmp, b"half a pdf").unwrap();
        pending().insert(tmp.clone());
        remove_pending_temp_files();
        assert!(!tmp.exists());
        assert!(pending().is_empty());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn missing_directory_is_an_error() {
        let target = std::env::temp_dir().join("broadsheet-no-such-dir-xyz/out.pdf");
        let err = write_file_atomic(&target, b"x").unwrap_err();
        assert!(err.message.contains("temporary file"), "{}", err.message);
    }
}
