//! What `watch` keeps of the pictures between rounds: each file checked (its bytes and
//! header), and each picture prepared for the output (converted or held to the ink
//! limit). A round that reads the same bytes from the same file, for the same output,
//! takes them from here instead of decoding and converting the picture again (for the
//! sample: about 70 ms of a 110 ms layout, release build).
//!
//! A hit needs the very same bytes (compared in full, not by a hash or a file time), so
//! a picture is never taken from here unless checking it again would give the same
//! result. Entries the last round did not use are dropped.
//!
//! Below it, the memo may have a picture cache on disk ([`PictureCache`]): what an
//! earlier run found of the same bytes, for a first round or a render.

use std::path::PathBuf;
use std::sync::Arc;

use super::cache::PictureCache;
use super::ink::InkCoverage;
use super::prepare::PreparedImage;
use super::Picture;
use crate::spec::output::OutputCondition;
use crate::spec::AssetKind;

/// The pictures of the last round.
#[derive(Debug, Default)]
pub struct PictureMemo {
    /// Files read and checked: path, kind, picture (its name is the asset's).
    read: Vec<(PathBuf, AssetKind, Picture)>,
    /// Pictures prepared: the bytes (shared with `read`), the output they were prepared
    /// for, the image (or `None`: as it is) and the ink a warning reports.
    prepared: Vec<(Arc<Vec<u8>>, OutputCondition, Prepared)>,
    /// What this round used, which becomes the memo at [`PictureMemo::end_round`].
    used_read: Vec<(PathBuf, AssetKind, Picture)>,
    used_prepared: Vec<(Arc<Vec<u8>>, OutputCondition, Prepared)>,
    /// The picture cache, asked when the memo does not have a picture.
    disk: Option<PictureCache>,
}

/// A prepared picture and the ink its warning names.
pub type Prepared = (Option<PreparedImage>, Option<InkCoverage>);

impl PictureMemo {
    /// An empty memo over the picture cache `disk` (none: only what this process saw).
    pub fn with_disk(disk: Option<PictureCache>) -> PictureMemo {
        PictureMemo {
            disk,
            ..PictureMemo::default()
        }
    }

    /// The picture cache below the memo.
    pub(super) fn disk(&self) -> Option<&PictureCache> {
        self.disk.as_ref()
    }

    /// The checked picture of `path` if its bytes are `bytes`.
    pub(super) fn checked(
        &mut self,
        path: &PathBuf,
        kind: AssetKind,
        bytes: &[u8],
    ) -> Option<Picture> {
        let (_, _, p) = self
            .read
            .iter()
            .find(|(q, k, p)| q == path && *k == kind && p.bytes.as_slice() == bytes)?;
        let p = p.clone();
        self.used(path, kind, &p);
        Some(p)
    }

    /// Keep a picture this round checked.
    pub(super) fn used(&mut self, path: &PathBuf, kind: AssetKind, picture: &Picture) {
        if !self
            .used_read
            .iter()
            .any(|(q, k, _)| q == path && *k == kind)
        {
            self.used_read.push((path.clone(), kind, picture.clone()));
        }
    }

    /// The picture with these bytes prepared for `out`.
    pub(super) fn prepared_for(
        &mut self,
        bytes: &Arc<Vec<u8>>,
        out: &OutputCondition,
    ) -> Option<Prepared> {
        let (_, _, p) = self
            .prepared
            .iter()
            .find(|(b, o, _)| Arc::ptr_eq(b, bytes) && o == out)?;
        let p = p.clone();
        self.keep_prepared(bytes, out, &p);
        Some(p)
    }

    /// Keep a picture this round prepared.
    pub(super) fn keep_prepared(
        &mut self,
        bytes: &Arc<Vec<u8>>,
        out: &OutputCondition,
        p: &Prepared,
    ) {
        if !self
            .used_prepared
            .iter()
            .any(|(b, o, _)| Arc::ptr_eq(b, bytes) && o == out)
        {
            self.used_prepared
                .push((Arc::clone(bytes), out.clone(), p.clone()));
        }
    }

    /// The round laid the issue out: what it used is the memo of the next one.
    pub fn end_round(&mut self) {
        self.read = std::mem::take(&mut self.used_read);
        self.prepared = std::mem::take(&mut self.used_prepared);
    }

    /// The round failed: the memo stays as it was.
    pub fn abandon_round(&mut self) {
        self.used_read.clear();
        self.used_prepared.clear();
    }
}
