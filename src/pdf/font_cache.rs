//! Subset font programs kept on disk between runs: subsetting and deflating the CJK
//! faces is the largest part of writing a PDF, and most renders of a night's issue set
//! the same glyphs of most faces again.
//!
//! An entry is the deflated font program (`FontFile3`/`FontFile2` stream) of one face
//! subset to one glyph set. Its key hashes everything the bytes depend on: the
//! program that writes them (the running executable's size and modification time, so a
//! rebuilt engine or a new subsetter never reads an older build's entries), the deflate
//! level, the face ([`Font::identity`]: its index, file length and the first 8 KiB of
//! the file, which hold the table directory with every table's checksum) and the glyph
//! ids. A hit is therefore the same bytes the subsetter would make, and the PDF does
//! not change.
//!
//! Safe under concurrent renders: an entry is written to a temporary file and renamed
//! into place (two renders writing one key write the same bytes); an entry is read
//! only if its header, length and MD5 check out, otherwise the font is subset again.
//! The cache is an optimisation: a folder that cannot be made or written is ignored.
//! It keeps at most [`MAX_ENTRIES`] entries (the oldest go first).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::text::Font;

/// The first bytes of an entry (and its format version).
const MAGIC: &[u8; 8] = b"BSFONT1\n";
/// The most entries the folder keeps.
pub const MAX_ENTRIES: usize = 64;
/// An entry's file name: its key, then this.
const SUFFIX: &str = "bsfont";

/// A folder of subset font programs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontCache {
    dir: PathBuf,
}

/// A font program, deflated, and its length before deflating (the stream's `Length1`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedProgram {
    pub deflated: Vec<u8>,
    pub program_len: usize,
}

impl FontCache {
    pub fn new(dir: impl Into<PathBuf>) -> FontCache {
        FontCache { dir: dir.into() }
    }

    /// The user's cache folder: `$XDG_CACHE_HOME/broadsheet/fonts`, else
    /// `$HOME/.cache/broadsheet/fonts`; `None` when neither is set.
    pub fn default_dir() -> Option<PathBuf> {
        let base = std::env::var_os("XDG_CACHE_HOME")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(|| {
                std::env::var_os("HOME")
                    .filter(|v| !v.is_empty())
                    .map(|h| PathBuf::from(h).join(".cache"))
            })?;
        Some(base.join("broadsheet").join("fonts"))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The key of `font` subset to `glyphs` (sorted ids), or `None` when the running
    /// program cannot be identified (then nothing is cached).
    pub fn key(font: &Font, glyphs: &[u16], deflate_level: u8) -> Option<String> {
        let build = build_identity()?;
        let (index, len, head) = font.identity();
        let mut ctx = md5::Context::new();
        ctx.consume(MAGIC);
        ctx.consume(build);
        ctx.consume([deflate_level]);
        ctx.consume(index.to_le_bytes());
        ctx.consume((len as u64).to_le_bytes());
        ctx.consume(head);
        for g in glyphs {
            ctx.consume(g.to_le_bytes());
        }
        Some(format!("{:x}", ctx.finalize()))
    }

    fn path_of(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.{SUFFIX}"))
    }

    /// The entry for `key`, if there is a whole one.
    pub fn get(&self, key: &str) -> Option<CachedProgram> {
        let bytes = std::fs::read(self.path_of(key)).ok()?;
        let rest = bytes.strip_prefix(MAGIC.as_slice())?;
        let (len, rest) = rest.split_first_chunk::<8>()?;
        let (digest, payload) = rest.split_first_chunk::<16>()?;
        if md5::compute(payload).0 != *digest {
            return None;
        }
        Some(CachedProgram {
            deflated: payload.to_vec(),
            program_len: usize::try_from(u64::from_le_bytes(*len)).ok()?,
        })
    }

    /// Keep `program` under `key` (written to a temporary file, then renamed). Failing
    /// to is not an error: the next run subsets the font again.
    pub fn put(&self, key: &str, program: &CachedProgram) {
        if std::fs::create_dir_all(&self.dir).is_err() {
            return;
        }
        let mut bytes = Vec::with_capacity(program.deflated.len() + 32);
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&(program.program_len as u64).to_le_bytes());
        bytes.extend_from_slice(&md5::compute(&program.deflated).0);
        bytes.extend_from_slice(&program.deflated);
        // Unique to this process and call, so concurrent writers never share one.
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let tmp = self
            .dir
            .join(format!(".{key}.{}.{n}.tmp", std::process::id()));
        if std::fs::write(&tmp, &bytes).is_err()
            || std::fs::rename(&tmp, self.path_of(key)).is_err()
        {
            let _ = std::fs::remove_file(&tmp);
        }
        self.prune();
    }

    /// Keep the folder to [`MAX_ENTRIES`]: past that, the entries least recently
    /// written go (a night's renders need a few dozen; every rebuild starts new keys).
    fn prune(&self) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        let mut found: Vec<(std::time::SystemTime, PathBuf)> = entries
            .filter_map(Result::ok)
            .filter(|e| is_entry_name(&e.file_name().to_string_lossy()))
            .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
            .collect();
        if found.len() <= MAX_ENTRIES {
            return;
        }
        found.sort();
        for (_, path) in &found[..found.len() - MAX_ENTRIES] {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Whether `name` is an entry's file name: 32 hex digits (an MD5 key) and
/// [`SUFFIX`]. Pruning removes nothing else, whatever else is in the folder.
fn is_entry_name(name: &str) -> bool {
    name.strip_suffix(SUFFIX)
        .and_then(|n| n.strip_suffix('.'))
        .is_some_and(|key| key.len() == 32 && key.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The running executable's size and modification time: changes with every build.
fn build_identity() -> Option<&'static [u8]> {
    static ID: OnceLock<Option<Vec<u8>>> = OnceLock::new();
    ID.get_or_init(|| {
        let exe = std::env::current_exe().ok()?;
        let meta = std::fs::metadata(exe).ok()?;
        let modified = meta
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?;
        let mut id = meta.len().to_le_bytes().to_vec();
        id.extend_from_slice(&modified.as_nanos().to_le_bytes());
        Some(id)
    })
    .as_deref()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may panic
mod tests {
    use super::*;

    const KEY: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn an_entry_comes_back_whole_and_a_damaged_one_not_at_all() {
        let dir =
            std::env::temp_dir().join(format!("broadsheet-font-cache-{}", std::process::id()));
        let cache = FontCache::new(&dir);
        let program = CachedProgram {
            deflated: b"deflated program".to_vec(),
            program_len: 1234,
        };
        assert_eq!(cache.get(KEY), None);
        cache.put(KEY, &program);
        assert_eq!(cache.get(KEY), Some(program.clone()));
        // One byte of the payload changed: not used.
        let path = dir.join(format!("{KEY}.bsfont"));
        let mut bytes = std::fs::read(&path).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        std::fs::write(&path, &bytes).unwrap();
        assert_eq!(cache.get(KEY), None);
        // Cut short: not used.
        std::fs::write(&path, &bytes[..20]).unwrap();
        assert_eq!(cache.get(KEY), None);
        // No temporary files left behind.
        cache.put(KEY, &program);
        let names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, [format!("{KEY}.bsfont")]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// Past the limit only entries go, the oldest first; other files in the folder
    /// (a user pointed `--cache` at a folder of their own) are never removed.
    #[test]
    fn pruning_removes_only_old_entries() {
        let dir =
            std::env::temp_dir().join(format!("broadsheet-font-prune-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for other in ["notes.bin", "readme.txt", "0123.bsfont"] {
            std::fs::write(dir.join(other), "mine").unwrap();
        }
        let cache = FontCache::new(&dir);
        let program = CachedProgram {
            deflated: vec![1, 2, 3],
            program_len: 3,
        };
        for i in 0..MAX_ENTRIES + 5 {
            cache.put(&format!("{i:032x}"), &program);
        }
        let mut entries = 0;
        for e in std::fs::read_dir(&dir).unwrap() {
            if is_entry_name(&e.unwrap().file_name().to_string_lossy()) {
                entries += 1;
            }
        }
        assert_eq!(entries, MAX_ENTRIES);
        for other in ["notes.bin", "readme.txt", "0123.bsfont"] {
            assert!(dir.join(other).exists(), "{other} was removed");
        }
        // The newest is kept.
        assert!(cache.get(&format!("{:032x}", MAX_ENTRIES + 4)).is_some());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
