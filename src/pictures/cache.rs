//! What checking and preparing a picture found, kept on disk between runs (the cache
//! folder's `pictures/`, [`crate::cache`]). Decoding every JPEG and PNG to check it and
//! converting pictures for the output is most of the work of rendering the sample issue
//! again with its fonts cached; a night's renders see the same picture files again and
//! again.
//!
//! Three kinds of entry, each for one run of bytes:
//!
//! - **checked**: a file passed the checks of a JPEG or PNG (its structure, and the
//!   image decoded), with a CMYK JPEG's ink coverage measured then;
//! - **prepared**: what the output makes of a picture file (`super::prepare`:
//!   converted, held to the ink limit, separated over it, a PNG decoded, or nothing) for
//!   one output condition: its profile's bytes, the ink limit, whether pictures are
//!   converted and whether a standard is claimed;
//! - **ink**: the ink coverage `check` measured of a CMYK image in a PDF (the image's
//!   stream data, read with its filter, size and decoding).
//!
//! A failed check is not kept: it is made again, with its message.
//!
//! A hit needs the very same bytes: an entry holds the bytes it was made from and is
//! used only when they are equal to those read now, byte for byte. Its key (their
//! length and CRC-32, with what the entry is of) only finds it. So nothing is taken from
//! here that checking or preparing again would not give, and the PDF does not change.
//! (The output profile is in the key as its MD5, not compared byte for byte.)

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::ink::InkCoverage;
use super::memo::Prepared;
use super::prepare::{PreparedImage, PreparedSpace};
use crate::cache::EntryDir;
use crate::spec::output::{OutputCondition, Standard};
use crate::spec::AssetKind;

/// The first bytes of an entry (and its format version).
const MAGIC: &[u8; 8] = b"BSPICT1\n";
/// The most entries the folder keeps: a few nights of a daily's pictures.
const MAX_ENTRIES: usize = 1024;
/// The most bytes it keeps (an entry holds its picture file, and a prepared one the
/// converted samples besides).
const MAX_BYTES: u64 = 512 << 20;
/// An entry's file name: its key, then this.
const SUFFIX: &str = "bspict";

/// A folder of what was found of pictures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PictureCache {
    entries: EntryDir,
}

/// What an output condition's preparing depends on, hashed once per render: the
/// profile's MD5, the ink limit and the two switches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputKey(Vec<u8>);

impl OutputKey {
    pub fn of(out: &OutputCondition) -> OutputKey {
        let mut key = Vec::with_capacity(26);
        match &out.profile {
            Some(p) => key.extend_from_slice(&md5::compute(&p.bytes).0),
            None => key.extend_from_slice(&[0; 16]),
        }
        key.extend_from_slice(&out.tac_percent.to_bits().to_le_bytes());
        key.push(u8::from(out.convert_images));
        key.push(u8::from(out.standard != Standard::None));
        OutputKey(key)
    }
}

fn kind_byte(kind: AssetKind) -> u8 {
    match kind {
        AssetKind::Jpeg => b'j',
        AssetKind::Png => b'p',
        AssetKind::Pdf => b'f',
    }
}

impl PictureCache {
    pub fn new(dir: impl Into<PathBuf>) -> PictureCache {
        PictureCache {
            entries: EntryDir::new(dir, MAGIC, SUFFIX, MAX_ENTRIES, MAX_BYTES),
        }
    }

    /// The picture cache in the cache folder `root` ([`crate::cache`]): `root/pictures`.
    pub fn in_root(root: &Path) -> PictureCache {
        PictureCache::new(root.join("pictures"))
    }

    pub fn dir(&self) -> &Path {
        self.entries.dir()
    }

    /// The value kept under `what` for the file `bytes`, if the entry holds those very
    /// bytes.
    fn get(&self, what: &[&[u8]], bytes: &[u8]) -> Option<Vec<u8>> {
        let key = self.key(what, bytes)?;
        let mut payload = self.entries.get(&key)?;
        let mut r = Reader(&payload);
        let len = r.len()?;
        if r.take(len)? != bytes {
            return None;
        }
        let start = payload.len() - r.0.len();
        payload.drain(..start);
        Some(payload)
    }

    fn put(&self, what: &[&[u8]], bytes: &[u8], value: &[u8]) {
        let Some(key) = self.key(what, bytes) else {
            return;
        };
        let mut payload = Vec::with_capacity(bytes.len() + value.len() + 8);
        payload.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        payload.extend_from_slice(bytes);
        payload.extend_from_slice(value);
        self.entries.put(&key, &payload);
    }

    /// The key of the entry for `bytes`: `what` and the bytes' length and CRC-32. It
    /// only finds the entry (which holds the bytes, compared in full), so two files
    /// under one key could only cost each other's entry, never give a wrong one; a
    /// CRC-32 is ten times as fast to compute as an MD5 of the whole file.
    fn key(&self, what: &[&[u8]], bytes: &[u8]) -> Option<String> {
        let mut digest = (bytes.len() as u64).to_le_bytes().to_vec();
        digest.extend_from_slice(&crc32fast::hash(bytes).to_le_bytes());
        let mut parts = what.to_vec();
        parts.push(&digest);
        self.entries.key(&parts)
    }

    /// What checking `bytes` as a `kind` file found (a CMYK JPEG's ink, else `None`),
    /// if they were checked and passed.
    pub fn checked(&self, kind: AssetKind, bytes: &[u8]) -> Option<Option<InkCoverage>> {
        let value = self.get(&[b"checked", &[kind_byte(kind)]], bytes)?;
        let mut r = Reader(&value);
        let ink = r.ink()?;
        r.0.is_empty().then_some(ink)
    }

    /// Keep that `bytes` passed the checks of a `kind` file, with the ink found.
    pub fn keep_checked(&self, kind: AssetKind, bytes: &[u8], ink: Option<&InkCoverage>) {
        let mut value = Vec::new();
        put_ink(&mut value, ink);
        self.put(&[b"checked", &[kind_byte(kind)]], bytes, &value);
    }

    /// The picture `bytes` (a `kind` file) prepared for the output `out`, if it was.
    pub fn prepared(&self, kind: AssetKind, bytes: &[u8], out: &OutputKey) -> Option<Prepared> {
        let value = self.get(&[b"prepared", &[kind_byte(kind)], &out.0], bytes)?;
        let mut r = Reader(&value);
        let image = match r.u8()? {
            0 => None,
            1 => Some(r.image()?),
            _ => return None,
        };
        let ink = r.ink()?;
        r.0.is_empty().then_some((image, ink))
    }

    /// Keep the picture `bytes` as prepared for `out`.
    pub fn keep_prepared(&self, kind: AssetKind, bytes: &[u8], out: &OutputKey, p: &Prepared) {
        let mut value = Vec::new();
        match &p.0 {
            None => value.push(0),
            Some(image) => {
                value.push(1);
                put_image(&mut value, image);
            }
        }
        put_ink(&mut value, p.1.as_ref());
        self.put(&[b"prepared", &[kind_byte(kind)], &out.0], bytes, &value);
    }
}

impl PictureCache {
    /// The ink of an image's stream data `data`, read as `how` says (its filter, size
    /// and decoding), if it was measured (`check`'s total area coverage).
    pub fn measured_ink(&self, how: &[u8], data: &[u8]) -> Option<InkCoverage> {
        let value = self.get(&[b"ink", how], data)?;
        let mut r = Reader(&value);
        let ink = r.ink()??;
        r.0.is_empty().then_some(ink)
    }

    /// Keep the ink measured of the image stream data `data`, read as `how` says.
    pub fn keep_measured_ink(&self, how: &[u8], data: &[u8], ink: &InkCoverage) {
        let mut value = Vec::new();
        put_ink(&mut value, Some(ink));
        self.put(&[b"ink", how], data, &value);
    }
}

fn put_ink(value: &mut Vec<u8>, ink: Option<&InkCoverage>) {
    match ink {
        None => value.push(0),
        Some(ink) => {
            value.push(1);
            let hist = ink.histogram();
            value.extend_from_slice(&(hist.len() as u64).to_le_bytes());
            for n in hist {
                value.extend_from_slice(&n.to_le_bytes());
            }
        }
    }
}

fn put_bytes(value: &mut Vec<u8>, bytes: &[u8]) {
    value.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
    value.extend_from_slice(bytes);
}

fn put_image(value: &mut Vec<u8>, image: &PreparedImage) {
    value.extend_from_slice(&image.width.to_le_bytes());
    value.extend_from_slice(&image.height.to_le_bytes());
    value.push(image.bits);
    value.push(match image.space {
        PreparedSpace::OutputCmyk => 0,
        PreparedSpace::Own => 1,
    });
    put_bytes(value, &image.samples);
    match &image.alpha {
        None => value.push(0),
        Some((alpha, bits)) => {
            value.push(1);
            value.push(*bits);
            put_bytes(value, alpha);
        }
    }
}

/// Reads an entry's value back; `None` at anything it did not write.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.0.len() {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }

    fn u8(&mut self) -> Option<u8> {
        self.take(1)?.first().copied()
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn len(&mut self) -> Option<usize> {
        usize::try_from(self.u64()?).ok()
    }

    fn bytes(&mut self) -> Option<Vec<u8>> {
        let n = self.len()?;
        Some(self.take(n)?.to_vec())
    }

    fn ink(&mut self) -> Option<Option<InkCoverage>> {
        match self.u8()? {
            0 => Some(None),
            1 => {
                let n = self.len()?;
                // Checked against what is left before anything is allocated.
                if n.checked_mul(8)? > self.0.len() {
                    return None;
                }
                let hist = (0..n).map(|_| self.u64()).collect::<Option<Vec<u64>>>()?;
                Some(Some(InkCoverage::from_histogram(hist)?))
            }
            _ => None,
        }
    }

    fn image(&mut self) -> Option<PreparedImage> {
        let width = self.u32()?;
        let height = self.u32()?;
        let bits = self.u8()?;
        let space = match self.u8()? {
            0 => PreparedSpace::OutputCmyk,
            1 => PreparedSpace::Own,
            _ => return None,
        };
        let samples = Arc::new(self.bytes()?);
        let alpha = match self.u8()? {
            0 => None,
            1 => {
                let bits = self.u8()?;
                Some((Arc::new(self.bytes()?), bits))
            }
            _ => return None,
        };
        Some(PreparedImage {
            width,
            height,
            samples,
            bits,
            space,
            alpha,
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may panic
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("broadsheet-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    fn out(tac: f64) -> OutputKey {
        OutputKey::of(&OutputCondition {
            tac_percent: tac,
            ..crate::spec::output::OutputCondition::default()
        })
    }

    /// What was kept comes back for the same bytes and kind only; a different file,
    /// kind or output finds nothing.
    #[test]
    fn entries_come_back_for_the_very_same_bytes() {
        let dir = scratch("picture-cache");
        let cache = PictureCache::new(&dir);
        let file = b"\xFF\xD8 a picture file \xFF\xD9".to_vec();
        let ink = InkCoverage::of_cmyk(&[255, 255, 255, 255, 0, 0, 0, 0]);
        assert_eq!(cache.checked(AssetKind::Jpeg, &file), None);
        cache.keep_checked(AssetKind::Jpeg, &file, Some(&ink));
        assert_eq!(
            cache.checked(AssetKind::Jpeg, &file),
            Some(Some(ink.clone()))
        );
        assert_eq!(cache.checked(AssetKind::Png, &file), None);
        let mut other = file.clone();
        other[3] ^= 1;
        assert_eq!(cache.checked(AssetKind::Jpeg, &other), None);
        cache.keep_checked(AssetKind::Png, &other, None);
        assert_eq!(cache.checked(AssetKind::Png, &other), Some(None));

        let image = PreparedImage {
            width: 3,
            height: 2,
            samples: Arc::new(vec![1, 2, 3, 4, 5]),
            bits: 16,
            space: PreparedSpace::Own,
            alpha: Some((Arc::new(vec![9, 8]), 16)),
        };
        let prepared: Prepared = (Some(image), Some(ink));
        cache.keep_prepared(AssetKind::Jpeg, &file, &out(240.0), &prepared);
        assert_eq!(
            cache.prepared(AssetKind::Jpeg, &file, &out(240.0)),
            Some(prepared)
        );
        assert_eq!(cache.prepared(AssetKind::Jpeg, &file, &out(260.0)), None);
        assert_eq!(cache.prepared(AssetKind::Jpeg, &other, &out(240.0)), None);
        // An image stream's ink, by the way it is read and its data.
        let ink2 = InkCoverage::of_cmyk(&[10, 20, 30, 40]);
        assert_eq!(cache.measured_ink(b"DCTDecode 3x2", &file), None);
        cache.keep_measured_ink(b"DCTDecode 3x2", &file, &ink2);
        assert_eq!(cache.measured_ink(b"DCTDecode 3x2", &file), Some(ink2));
        assert_eq!(cache.measured_ink(b"DCTDecode 2x3", &file), None);
        assert_eq!(cache.measured_ink(b"DCTDecode 3x2", &other), None);
        cache.keep_prepared(AssetKind::Png, &other, &out(260.0), &(None, None));
        assert_eq!(
            cache.prepared(AssetKind::Png, &other, &out(260.0)),
            Some((None, None))
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// An entry found under the key of other bytes (a collision of keys, or a damaged
    /// folder) is not used: the file it holds is compared with the file read.
    #[test]
    fn an_entry_of_other_bytes_is_not_used() {
        let dir = scratch("picture-cache-collide");
        let cache = PictureCache::new(&dir);
        let file = b"the file read now".to_vec();
        let impostor = b"another file".to_vec();
        cache.keep_checked(AssetKind::Png, &impostor, None);
        // The impostor's entry moved under the key of `file`, as a collision would
        // put it.
        let from = cache.key(&[b"checked", b"p"], &impostor).unwrap();
        let to = cache.key(&[b"checked", b"p"], &file).unwrap();
        std::fs::rename(
            dir.join(format!("{from}.{SUFFIX}")),
            dir.join(format!("{to}.{SUFFIX}")),
        )
        .unwrap();
        assert_eq!(cache.checked(AssetKind::Png, &file), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
