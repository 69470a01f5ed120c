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
    remove_all(&mut pending());
}

/// Remove every file of `set` (best effort) and empty it.
fn remove_all(set: &mut BTreeSet<PathBuf>) {
    for tmp in set.iter() {
        let _ = fs::remove_file(tmp);
    }
    set.clear();
}

/// Write `bytes` to `path` atomically: into `<path>.tmp-<pid>` in the same directory
/// (`-1`, `-2` … appended when a file of that name is left from a killed run of the same
/// process id), flushed and synced, then renamed over `path`. On error the temporary
/// file is removed and the diagnostic names `path`.
pub fn write_file_atomic(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    let mut staged = Staged::default();
    staged.add(path, bytes)?;
    staged.commit()
}

/// The files of one run, committed together: each is written in full to its temporary
/// file first, and only when every one is written are they renamed into place — a
/// full disk while writing the dump leaves the PDF at `-o` as it was. Temporary files
/// not committed are removed when this is dropped.
#[derive(Debug, Default)]
pub struct Staged {
    /// (temporary file, target), in the order added.
    files: Vec<(PathBuf, PathBuf)>,
}

impl Staged {
    /// Write `bytes` to a new temporary file beside `path`, flushed and synced.
    pub fn add(&mut self, path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
        let file = self.open(path)?;
        write_and_sync(file, bytes).map_err(|message| self.failed(message))
    }

    /// `message` about the file last added, naming it and its temporary file.
    pub fn failed(&self, message: String) -> Diagnostic {
        match self.last() {
            Some((path, tmp)) => Diagnostic::error(message)
                .in_file(path)
                .with_hint(format!("temporary file: {}", tmp.display())),
            None => Diagnostic::error(message),
        }
    }

    /// A new temporary file beside `path`, open for reading and writing, to be filled by
    /// the caller (a PDF written as it is made, `super::sink`) and synced before
    /// [`Staged::commit`].
    pub fn open(&mut self, path: &Path) -> Result<File, Diagnostic> {
        let (tmp, file) = create_temp(path).map_err(|m| Diagnostic::error(m).in_file(path))?;
        pending().insert(tmp.clone());
        self.files.push((tmp, path.to_path_buf()));
        Ok(file)
    }

    /// The target and temporary file last added, to name in a message.
    pub fn last(&self) -> Option<(&Path, &Path)> {
        self.files.last().map(|(t, p)| (p.as_path(), t.as_path()))
    }

    /// Rename every temporary file over its target, in order.
    pub fn commit(mut self) -> Result<(), Diagnostic> {
        for (tmp, path) in std::mem::take(&mut self.files) {
            let renamed = fs::rename(&tmp, &path);
            pending().remove(&tmp);
            if let Err(e) = renamed {
                let _ = fs::remove_file(&tmp);
                return Err(Diagnostic::error(format!(
                    "failed to move the temporary file into place ({e})"
                ))
                .in_file(&path)
                .with_hint(format!("temporary file: {}", tmp.display())));
            }
            sync_parent_dir(&path);
        }
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        for (tmp, _) in &self.files {
            let _ = fs::remove_file(tmp);
            pending().remove(tmp);
        }
    }
}

/// `<path>.tmp-<pid>` (try 0) or `<path>.tmp-<pid>-<try>`: same directory, so the
/// rename never crosses file systems.
fn temp_path(path: &Path, attempt: u32) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(format!(".tmp-{}", std::process::id()));
    if attempt > 0 {
        name.push(format!("-{attempt}"));
    }
    PathBuf::from(name)
}

/// Create a new temporary file beside `path`. `create_new`: never follow a symlink or
/// reuse a file someone left at that name (a run killed before it could clean up); the
/// next name is tried instead.
fn create_temp(path: &Path) -> Result<(PathBuf, File), String> {
    const ATTEMPTS: u32 = 64;
    for attempt in 0..ATTEMPTS {
        let tmp = temp_path(path, attempt);
        match fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(file) => return Ok((tmp, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(format!("failed to create the temporary file ({e})")),
        }
    }
    Err(format!(
        "failed to create the temporary file ({ATTEMPTS} names beside it are taken by files left from earlier runs)"
    ))
}

fn write_and_sync(mut file: File, bytes: &[u8]) -> Result<(), String> {
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
        let dir = crate::test_scratch_root()
            .join(format!("broadsheet-atomic-{name}-{}", std::process::id()));
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
        assert!(!temp_path(&target, 0).exists());
        fs::remove_dir_all(&dir).unwrap();
    }

    /// What the interrupt handler removes. On a set of its own: the process-wide one
    /// holds the temporary files other tests are writing at the same time.
    #[test]
    fn pending_temp_files_are_removed_on_request() {
        let dir = scratch_dir("pending");
        let tmp = temp_path(&dir.join("out.pdf"), 0);
        fs::write(&tmp, b"half a pdf").unwrap();
        let mut set = BTreeSet::from([tmp.clone()]);
        remove_all(&mut set);
        assert!(!tmp.exists());
        assert!(set.is_empty());
        fs::remove_dir_all(&dir).unwrap();
    }

    /// A write in progress is pending until it is committed, and no longer after.
    #[test]
    fn a_staged_file_is_pending_until_committed() {
        let dir = scratch_dir("staged");
        let target = dir.join("out.pdf");
        let mut staged = Staged::default();
        staged.add(&target, b"x").unwrap();
        let tmp = temp_path(&target, 0);
        assert!(pending().contains(&tmp));
        staged.commit().unwrap();
        assert!(!pending().contains(&tmp));
        fs::remove_dir_all(&dir).unwrap();
    }

    /// A temporary file left by a killed run of the same process id is neither reused
    /// nor an error: the next name is taken, and the leftover stays as it was.
    #[test]
    fn a_leftover_temp_file_is_not_in_the_way() {
        let dir = scratch_dir("leftover");
        let target = dir.join("out.pdf");
        let leftover = temp_path(&target, 0);
        fs::write(&leftover, b"left by a killed run").unwrap();
        write_file_atomic(&target, b"new").unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"new");
        assert_eq!(fs::read(&leftover).unwrap(), b"left by a killed run");
        assert!(!temp_path(&target, 1).exists());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn missing_directory_is_an_error() {
        let target = std::env::temp_dir().join("broadsheet-no-such-dir-xyz/out.pdf");
        let err = write_file_atomic(&target, b"x").unwrap_err();
        assert!(err.message.contains("temporary file"), "{}", err.message);
    }
}
