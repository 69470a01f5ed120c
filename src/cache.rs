//! The cache folder kept between runs (`--cache DIR`; by default `$XDG_CACHE_HOME/broadsheet`
//! or `~/.cache/broadsheet`): work whose result depends only on bytes the next run will
//! very likely see again. Two kinds of entry live there, each in a folder of its own:
//!
//! - `fonts/`: subset font programs (`pdf::font_cache`);
//! - `pictures/`: what checking and preparing a picture found (`pictures::cache`).
//!
//! An entry never changes what a run makes: its key hashes everything its bytes depend
//! on, including the program that wrote it ([`build_identity`], so a rebuilt engine
//! never reads an older build's entries), and an entry is only used when it is whole
//! (its CRC-32 checks out: a file cut short or damaged on disk is not used). The cache is an optimisation: a folder that cannot be made,
//! read or written is ignored, and the work is done again.
//!
//! Safe under concurrent runs: an entry is written to a temporary file of its own and
//! renamed into place (two runs writing one key write the same bytes). Each kind of
//! entry keeps at most a number of entries and of bytes; past that, the entries least
//! recently written go first.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The user's cache folder for broadsheet: `$XDG_CACHE_HOME/broadsheet`, else
/// `$HOME/.cache/broadsheet`; `None` when neither is set.
pub fn default_root() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .map(|h| PathBuf::from(h).join(".cache"))
        })?;
    Some(base.join("broadsheet"))
}

/// One kind of entry: its folder, the first bytes of its entries (and their format
/// version), their file name suffix and how many (and how many bytes) it keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryDir {
    dir: PathBuf,
    magic: &'static [u8; 8],
    suffix: &'static str,
    max_entries: usize,
    max_bytes: u64,
}

impl EntryDir {
    pub fn new(
        dir: impl Into<PathBuf>,
        magic: &'static [u8; 8],
        suffix: &'static str,
        max_entries: usize,
        max_bytes: u64,
    ) -> EntryDir {
        EntryDir {
            dir: dir.into(),
            magic,
            suffix,
            max_entries,
            max_bytes,
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The key of an entry: the MD5 of this kind's magic, the running program's
    /// identity and `parts` (each with its length, so no two lists of parts run
    /// together), in hex; `None` when the program cannot be identified (then nothing is
    /// cached).
    pub fn key(&self, parts: &[&[u8]]) -> Option<String> {
        let build = build_identity()?;
        let mut ctx = md5::Context::new();
        ctx.consume(self.magic);
        ctx.consume(build);
        for p in parts {
            ctx.consume((p.len() as u64).to_le_bytes());
            ctx.consume(p);
        }
        Some(format!("{:x}", ctx.finalize()))
    }

    fn path_of(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.{}", self.suffix))
    }

    /// The payload kept under `key`, if there is a whole one.
    pub fn get(&self, key: &str) -> Option<Vec<u8>> {
        let mut bytes = std::fs::read(self.path_of(key)).ok()?;
        let rest = bytes.strip_prefix(self.magic.as_slice())?;
        let (crc, payload) = rest.split_first_chunk::<4>()?;
        if crc32fast::hash(payload).to_le_bytes() != *crc {
            return None;
        }
        // The payload in place: the header's bytes dropped, nothing copied twice.
        bytes.drain(..self.magic.len() + 4);
        Some(bytes)
    }

    /// Keep `payload` under `key` (written to a temporary file, then renamed). Failing
    /// to is not an error: the next run does the work again.
    pub fn put(&self, key: &str, payload: &[u8]) {
        if std::fs::create_dir_all(&self.dir).is_err() {
            return;
        }
        let mut bytes = Vec::with_capacity(payload.len() + 12);
        bytes.extend_from_slice(self.magic);
        bytes.extend_from_slice(&crc32fast::hash(payload).to_le_bytes());
        bytes.extend_from_slice(payload);
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

    /// Keep the folder to its limits: past them, the entries least recently written
    /// go. Only entries are counted and removed, whatever else is in the folder.
    fn prune(&self) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        let mut found: Vec<(std::time::SystemTime, u64, PathBuf)> = entries
            .filter_map(Result::ok)
            .filter(|e| self.is_entry_name(&e.file_name().to_string_lossy()))
            .filter_map(|e| {
                let meta = e.metadata().ok()?;
                Some((meta.modified().ok()?, meta.len(), e.path()))
            })
            .collect();
        let mut total: u64 = found.iter().map(|(_, len, _)| len).sum();
        if found.len() <= self.max_entries && total <= self.max_bytes {
            return;
        }
        // Newest first; the oldest are dropped from the end.
        found.sort_by(|a, b| b.cmp(a));
        while found.len() > self.max_entries || total > self.max_bytes {
            let Some((_, len, path)) = found.pop() else {
                break;
            };
            let _ = std::fs::remove_file(path);
            total = total.saturating_sub(len);
        }
    }

    /// Whether `name` is an entry's file name: 32 hex digits (an MD5 key), a dot and the
    /// suffix.
    fn is_entry_name(&self, name: &str) -> bool {
        name.strip_suffix(self.suffix)
            .and_then(|n| n.strip_suffix('.'))
            .is_some_and(|key| key.len() == 32 && key.bytes().all(|b| b.is_ascii_hexdigit()))
    }
}

/// The running executable's size and modification time: changes with every build.
pub fn build_identity() -> Option<&'static [u8]> {
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

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("broadsheet-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn an_entry_comes_back_whole_and_a_damaged_one_not_at_all() {
        let dir = scratch("cache-entry");
        let entries = EntryDir::new(&dir, b"BSTEST1\n", "bstest", 8, 1 << 20);
        assert_eq!(entries.get(KEY), None);
        entries.put(KEY, b"payload");
        assert_eq!(entries.get(KEY).as_deref(), Some(&b"payload"[..]));
        // One byte of the payload changed: not used.
        let path = dir.join(format!("{KEY}.bstest"));
        let mut bytes = std::fs::read(&path).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        std::fs::write(&path, &bytes).unwrap();
        assert_eq!(entries.get(KEY), None);
        // Cut short: not used.
        std::fs::write(&path, &bytes[..14]).unwrap();
        assert_eq!(entries.get(KEY), None);
        // Another kind's magic: not used.
        entries.put(KEY, b"payload");
        let other = EntryDir::new(&dir, b"BSOTHER\n", "bstest", 8, 1 << 20);
        assert_eq!(other.get(KEY), None);
        // No temporary files left behind.
        let names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, [format!("{KEY}.bstest")]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// Keys differ with any part, and parts do not run together.
    #[test]
    fn keys_hash_every_part_apart() {
        let entries = EntryDir::new("unused", b"BSTEST1\n", "bstest", 8, 1 << 20);
        let k = |parts: &[&[u8]]| entries.key(parts).unwrap();
        assert_eq!(k(&[b"ab", b"c"]), k(&[b"ab", b"c"]));
        assert_ne!(k(&[b"ab", b"c"]), k(&[b"a", b"bc"]));
        assert_ne!(k(&[b"ab"]), k(&[b"ab", b""]));
        let other = EntryDir::new("unused", b"BSOTHER\n", "bstest", 8, 1 << 20);
        assert_ne!(k(&[b"ab"]), other.key(&[b"ab"]).unwrap());
        assert_eq!(k(&[b"ab"]).len(), 32);
    }

    /// Past either limit only entries go, the oldest first; other files in the folder
    /// (a user pointed `--cache` at a folder of their own) are never removed.
    #[test]
    fn pruning_removes_only_old_entries() {
        let dir = scratch("cache-prune");
        std::fs::create_dir_all(&dir).unwrap();
        for other in ["notes.bin", "readme.txt", "0123.bstest"] {
            std::fs::write(dir.join(other), "mine").unwrap();
        }
        let count = |dir: &Path, entries: &EntryDir| {
            std::fs::read_dir(dir)
                .unwrap()
                .filter(|e| {
                    entries.is_entry_name(&e.as_ref().unwrap().file_name().to_string_lossy())
                })
                .count()
        };
        // By number.
        let entries = EntryDir::new(&dir, b"BSTEST1\n", "bstest", 8, 1 << 20);
        for i in 0..13 {
            entries.put(&format!("{i:032x}"), &[1, 2, 3]);
        }
        assert_eq!(count(&dir, &entries), 8);
        // The newest is kept.
        assert!(entries.get(&format!("{:032x}", 12)).is_some());
        // By size: each entry is 12 + 100 bytes; 500 bytes hold 4.
        let sized = EntryDir::new(&dir, b"BSTEST1\n", "bstest", 100, 500);
        for i in 100..110 {
            sized.put(&format!("{i:032x}"), &[7; 100]);
        }
        assert_eq!(count(&dir, &sized), 4);
        assert!(sized.get(&format!("{:032x}", 109)).is_some());
        for other in ["notes.bin", "readme.txt", "0123.bstest"] {
            assert!(dir.join(other).exists(), "{other} was removed");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
