//! Pictures and supplied ads as assets: the file named by `file = "…"` is found (a
//! missing file, a directory or an unreadable file is an error at the line that named
//! it) and its kind is known from its first bytes (JPEG, PNG or PDF; anything else is an
//! error). Decoding is the pictures stage's work; this only makes sure what the issue
//! names exists and is of a kind the engine knows.

use std::io::Read;
use std::path::Path;

use toml::Spanned;

use crate::diag::Diagnostics;
use crate::spec::load_toml::SourceFile;
use crate::spec::model::{Asset, AssetId, AssetKind};

/// The kind of a file from its signature: JPEG (SOI marker `FF D8 FF`), PNG (8-byte
/// signature), PDF (`%PDF-` within the first 1024 bytes, as readers accept).
pub fn sniff(head: &[u8]) -> Option<AssetKind> {
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(AssetKind::Jpeg)
    } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(AssetKind::Png)
    } else if head.windows(5).any(|w| w == b"%PDF-") {
        Some(AssetKind::Pdf)
    } else {
        None
    }
}

/// Resolve `file` (relative to the issue file's folder) into an asset, or report why
/// it cannot be one.
pub fn resolve_asset(
    src: &SourceFile,
    base: &Path,
    file: &Spanned<String>,
    what: &str,
    roots: &crate::spec::paths::Roots,
    assets: &mut Vec<Asset>,
    diags: &mut Diagnostics,
) -> Option<AssetId> {
    let path = base.join(file.get_ref());
    let err = |msg: String| src.error_at(file.span(), msg);
    let name = file.get_ref();
    if path.is_dir() {
        diags.push(err(format!("{what} file `{name}` is a directory")));
        return None;
    }
    // Outside the folders (../, absolute, a symlink leading out): refused.
    if path.exists() {
        if let Err(d) = crate::spec::paths::resolve_input(src, file, base, roots, what) {
            diags.push(d);
            return None;
        }
    }
    read_asset(src, file.span(), path, name, what, assets, diags)
}

/// An asset from a file the issue names indirectly, at `path` (a picture a story's
/// copy brought, NITF `media`): it must exist and lie in `roots`; errors are located
/// at `span` of `src` (the key that asked for it) and name the file as `name`.
#[allow(clippy::too_many_arguments)] // the file's place (source, span), the path and its names, where it may be, and the asset table
pub fn resolve_asset_path(
    src: &SourceFile,
    span: std::ops::Range<usize>,
    path: &Path,
    name: &str,
    what: &str,
    roots: &crate::spec::paths::Roots,
    assets: &mut Vec<Asset>,
    diags: &mut Diagnostics,
) -> Option<AssetId> {
    if path.is_dir() {
        diags.push(src.error_at(span, format!("{what} file `{name}` is a directory")));
        return None;
    }
    if path.exists() && !roots.contains(path) {
        diags.push(
            src.error_at(
                span,
                format!("{what} file `{name}` lies outside the folders this issue may read"),
            )
            .with_hint(
                "move the file into the issue's folder, or allow its folder with `--root DIR` \
                 or the layout's `allow_dirs`",
            ),
        );
        return None;
    }
    read_asset(src, span, path.to_path_buf(), name, what, assets, diags)
}

/// Open the file, sniff its kind and add it to `assets`; errors at `span`.
fn read_asset(
    src: &SourceFile,
    span: std::ops::Range<usize>,
    path: std::path::PathBuf,
    name: &str,
    what: &str,
    assets: &mut Vec<Asset>,
    diags: &mut Diagnostics,
) -> Option<AssetId> {
    let err = |msg: String| src.error_at(span.clone(), msg);
    let mut f = match std::fs::File::open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            diags.push(err(format!("{what} file `{name}` not found")));
            return None;
        }
        Err(e) => {
            diags.push(err(format!("failed to read {what} file `{name}` ({e})")));
            return None;
        }
    };
    let mut head = Vec::with_capacity(1024);
    let read = (&mut f).take(1024).read_to_end(&mut head);
    let len = f.metadata().map(|m| m.len()).unwrap_or(0);
    if let Err(e) = read {
        diags.push(err(format!("failed to read {what} file `{name}` ({e})")));
        return None;
    }
    let Some(kind) = sniff(&head) else {
        diags.push(
            err(format!(
                "{what} file `{name}` is not a JPEG, PNG or PDF file"
            ))
            .with_hint("supply photos as JPEG or PNG and ads as PDF (or an image)"),
        );
        return None;
    };
    assets.push(Asset {
        path,
        name: name.to_string(),
        kind,
        len,
        loc: src.loc(span.clone()),
    });
    Some(AssetId(assets.len() - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures() {
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some(AssetKind::Jpeg));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some(AssetKind::Png));
        assert_eq!(sniff(b"%PDF-1.6\n"), Some(AssetKind::Pdf));
        assert_eq!(sniff(b"\n\n%PDF-1.4"), Some(AssetKind::Pdf));
        assert_eq!(sniff(b"GIF89a"), None);
        assert_eq!(sniff(b""), None);
    }
}
