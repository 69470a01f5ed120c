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
//! The folder and its limits are those of [`crate::cache`]: safe under concurrent
//! renders, an entry used only when whole, ignored when it cannot be written.

use std::path::{Path, PathBuf};

use crate::cache::EntryDir;
use crate::text::Font;

/// The first bytes of an entry (and its format version).
const MAGIC: &[u8; 8] = b"BSFONT2\n";
/// The most entries the folder keeps (a night's renders need a few dozen; every rebuild
/// starts new keys).
pub const MAX_ENTRIES: usize = 64;
/// The most bytes it keeps (the largest subset CJK programs are a few MB).
const MAX_BYTES: u64 = 256 << 20;
/// An entry's file name: its key, then this.
const SUFFIX: &str = "bsfont";

/// A folder of subset font programs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontCache {
    entries: EntryDir,
}

/// A font program, deflated, and its length before deflating (the stream's `Length1`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedProgram {
    pub deflated: Vec<u8>,
    pub program_len: usize,
}

impl FontCache {
    pub fn new(dir: impl Into<PathBuf>) -> FontCache {
        FontCache {
            entries: EntryDir::new(dir, MAGIC, SUFFIX, MAX_ENTRIES, MAX_BYTES),
        }
    }

    /// The font cache in the cache folder `root` ([`crate::cache`]): `root/fonts`.
    pub fn in_root(root: &Path) -> FontCache {
        FontCache::new(root.join("fonts"))
    }

    pub fn dir(&self) -> &Path {
        self.entries.dir()
    }

    /// The key of `font` subset to `glyphs` (sorted ids), or `None` when the running
    /// program cannot be identified (then nothing is cached).
    pub fn key(&self, font: &Font, glyphs: &[u16], deflate_level: u8) -> Option<String> {
        let (index, len, head) = font.identity();
        let glyphs: Vec<u8> = glyphs.iter().flat_map(|g| g.to_le_bytes()).collect();
        self.entries.key(&[
            &[deflate_level],
            &index.to_le_bytes(),
            &(len as u64).to_le_bytes(),
            head,
            &glyphs,
        ])
    }

    /// The entry for `key`, if there is a whole one.
    pub fn get(&self, key: &str) -> Option<CachedProgram> {
        let mut payload = self.entries.get(key)?;
        let (len, _) = payload.split_first_chunk::<8>()?;
        let program_len = usize::try_from(u64::from_le_bytes(*len)).ok()?;
        payload.drain(..8);
        Some(CachedProgram {
            deflated: payload,
            program_len,
        })
    }

    /// Keep `program` under `key`. Failing to is not an error: the next run subsets
    /// the font again.
    pub fn put(&self, key: &str, program: &CachedProgram) {
        let mut payload = Vec::with_capacity(program.deflated.len() + 8);
        payload.extend_from_slice(&(program.program_len as u64).to_le_bytes());
        payload.extend_from_slice(&program.deflated);
        self.entries.put(key, &payload);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may panic
mod tests {
    use super::*;

    const KEY: &str = "0123456789abcdef0123456789abcdef";

    /// A program comes back with its length; one whose entry is damaged does not (the
    /// entry folder's own tests, `crate::cache`, cover damage, cuts and pruning).
    #[test]
    fn a_program_comes_back_with_its_length() {
        let dir =
            std::env::temp_dir().join(format!("broadsheet-font-cache-{}", std::process::id()));
        let cache = FontCache::new(&dir);
        let program = CachedProgram {
            deflated: b"deflated program".to_vec(),
            program_len: 1234,
        };
        assert_eq!(cache.get(KEY), None);
        cache.put(KEY, &program);
        assert_eq!(cache.get(KEY), Some(program));
        let path = dir.join(format!("{KEY}.bsfont"));
        let mut bytes = std::fs::read(&path).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        std::fs::write(&path, &bytes).unwrap();
        assert_eq!(cache.get(KEY), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
