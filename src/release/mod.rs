//! Page release to the plant (`broadsheet release`): one PDF per plate, named the
//! plant's way, with a manifest the plant's watcher can trust.
//!
//! - Every page of the issue becomes a plate: a complete PDF of that page alone
//!   (`plate::plate_document` → `pdf::write_pdf`: its own output intent, fonts subset
//!   for the page, boxes, marks, page label), byte-deterministic, preflighted against
//!   the standard its layout claims (`check`), named by `[release] page_file`.
//! - Editions (`[[edition]]`: the issue with its `[[edition.page]]`s in place of the
//!   pages they replace, `spec::resolve::resolve_edition_in`): an edition's page is a
//!   plate of its own only when its PDF differs from the main edition's page of that
//!   number;
//!   otherwise the edition prints the main's plate. The manifest says, for every
//!   edition, which plate each of its pages prints.
//! - Corrections: the manifest of the last release in the folder (`manifest.json`) is
//!   read first. A plate whose bytes are the same as last time keeps its file and
//!   version and is not written again; one that changed is written under the next
//!   version letter (`a` → `b`), and the manifest records the version it replaces.
//!   Older files stay: the plant may hold them.
//! - The plates are written first, each atomically; the manifest last, atomically,
//!   and only when it changes, so a watcher never sees a manifest naming a file that is
//!   not complete, and a release of an unchanged issue writes nothing.

pub mod manifest;
pub mod plate;

use std::collections::BTreeMap;
use std::path::Path;

use crate::check::{self, PreflightLimits};
use crate::diag::{Diagnostic, Diagnostics};
use crate::page::Document;
use crate::pdf::PdfOptions;
use crate::pictures::cache::PictureCache;
use crate::spec::release_names::{plate_file_name, PlateName};
use crate::spec::template::Field;
use crate::spec::Issue;
use manifest::{EditionPages, Manifest, Plate, PlatePage, Previous};

/// The manifest's file name in the release folder.
pub const MANIFEST: &str = "manifest.json";

/// One edition laid out: its zone and name (from the main issue), its issue and pages.
pub struct Edition<'a> {
    pub zone: &'a str,
    pub name: &'a str,
    pub issue: &'a Issue,
    pub document: &'a Document,
}

/// What a release writes: the plates whose bytes are new, and the manifest.
pub struct Release {
    /// (file name, bytes) of every plate to write.
    pub write: Vec<(String, Vec<u8>)>,
    /// (file name, bytes) of the plates kept from the last release: written again only
    /// if the file is gone or no longer holds these bytes.
    pub keep: Vec<(String, Vec<u8>)>,
    pub manifest: Manifest,
    /// The manifest as written (pretty JSON).
    pub manifest_json: String,
    /// Preflight failures, as warnings: those plates are written without their claim.
    pub diags: Diagnostics,
    /// Plates kept as they were.
    pub unchanged: usize,
}

/// One plate made: its bytes, digest and what the manifest says of it.
struct Made {
    bytes: Vec<u8>,
    plate: Plate,
}

/// Plan the release of `editions` (the main edition first) into a folder whose last
/// manifest is `previous`. `final_`: a plate that fails its preflight is an error (and
/// nothing is written) instead of a plate written without its claim. `ink_cache`: the
/// picture cache, for the inks of CMYK images the plates' preflight measured before.
pub fn plan(
    editions: &[Edition<'_>],
    previous: Option<&Manifest>,
    (opts, ink_cache): (&PdfOptions, Option<&PictureCache>),
    final_: bool,
) -> Result<Release, Diagnostics> {
    let Some(main) = editions.first() else {
        return Err(Diagnostic::error("nothing to release").into());
    };
    check_names(main.issue, editions.len())?;
    let mut diags = Diagnostics::new();
    let (mut made, mut pages_of) = make_plates(editions, (opts, ink_cache), final_, &mut diags)?;
    // Versions and names, against the last release.
    let (mut write, mut keep) = (Vec::new(), Vec::new());
    for m in &mut made {
        let before = previous.and_then(|p| p.plate(&m.plate.zone, m.plate.page));
        if version(m, before)? {
            m.plate.file = file_name(main.issue, ed_sheet(editions, &m.plate), &m.plate);
            write.push((m.plate.file.clone(), std::mem::take(&mut m.bytes)));
        } else {
            keep.push((m.plate.file.clone(), std::mem::take(&mut m.bytes)));
        }
    }
    let unchanged = keep.len();
    for ed in &mut pages_of {
        for p in &mut ed.pages {
            if let Some(m) = made.get(p.plate) {
                p.file = m.plate.file.clone();
            }
        }
    }
    let manifest = Manifest {
        issue: main.document.title.clone(),
        plates: made.into_iter().map(|m| m.plate).collect(),
        editions: pages_of,
    };
    let manifest_json = manifest.json()?;
    Ok(Release {
        write,
        keep,
        manifest,
        manifest_json,
        diags,
        unchanged,
    })
}

/// Every edition's plates: the main edition's every page; another edition's page only
/// when its bytes differ from the main's page of that number. With, per edition, the
/// plate (index) each of its pages prints.
fn make_plates(
    editions: &[Edition<'_>],
    opts: (&PdfOptions, Option<&PictureCache>),
    final_: bool,
    diags: &mut Diagnostics,
) -> Result<(Vec<Made>, Vec<EditionPages>), Diagnostics> {
    let mut made: Vec<Made> = Vec::new();
    let mut pages_of = Vec::new();
    // Page number → index into `made` of the main edition's plate.
    let mut main_plates: BTreeMap<u32, usize> = BTreeMap::new();
    for (e, ed) in editions.iter().enumerate() {
        let mut pages = Vec::new();
        for (i, page) in ed.document.pages.iter().enumerate() {
            let m = make_plate(ed, i, opts, final_, diags)?;
            let main_plate = main_plates.get(&page.number).copied();
            let same = main_plate
                .and_then(|k| made.get(k))
                .is_some_and(|k| e > 0 && k.plate.md5 == m.plate.md5);
            let index = match main_plate {
                Some(k) if same => k,
                _ => {
                    made.push(m);
                    made.len() - 1
                }
            };
            if e == 0 {
                main_plates.insert(page.number, index);
            }
            pages.push(PlatePage {
                page: page.number,
                plate: index,
                file: String::new(),
            });
        }
        pages_of.push(EditionPages {
            zone: ed.zone.to_string(),
            name: ed.name.to_string(),
            pages,
        });
    }
    Ok((made, pages_of))
}

/// A plate's version against its last release `before`: the same bytes keep its file,
/// version and what it replaced (`false`: nothing to write); new bytes get the next
/// version (`a` for a first release) and record the one they replace (`true`).
fn version(m: &mut Made, before: Option<&Plate>) -> Result<bool, Diagnostic> {
    if let Some(b) = before.filter(|b| b.md5 == m.plate.md5) {
        m.plate.version = b.version.clone();
        m.plate.file = b.file.clone();
        m.plate.previous = b.previous.clone();
        return Ok(false);
    }
    m.plate.version = match before {
        Some(b) => next_version(&b.version).ok_or_else(|| {
            Diagnostic::error(format!(
                "page {} of zone {}: too many corrections (version {} is the last)",
                b.page, b.zone, b.version
            ))
        })?,
        None => "a".to_string(),
    };
    m.plate.previous = before.map(|b| Previous {
        file: b.file.clone(),
        version: b.version.clone(),
        md5: b.md5.clone(),
    });
    Ok(true)
}

/// The sheet of the page a plate prints (from its edition's issue).
fn ed_sheet<'a>(editions: &'a [Edition<'_>], plate: &Plate) -> &'a str {
    editions
        .iter()
        .find(|e| e.zone == plate.zone)
        .and_then(|e| e.issue.pages.iter().find(|p| p.number == plate.page))
        .map_or("A", |p| p.sheet.as_str())
}

/// A plate's file name by the layout's template.
fn file_name(issue: &Issue, sheet: &str, plate: &Plate) -> String {
    let rules = &issue.layout.release;
    let colour = if plate.inks.len() == 1 {
        &rules.mono
    } else {
        &rules.process
    };
    plate_file_name(
        &rules.page_file,
        &PlateName {
            paper_code: &rules.paper_code,
            date: issue.info.date,
            sheet,
            page: plate.page,
            colour,
            zone: &plate.zone,
            version: &plate.version,
        },
    )
}

/// The names can be made: a paper code when the template uses one, and the zone in
/// the template when there are other editions (else two plates could share a name).
fn check_names(issue: &Issue, editions: usize) -> Result<(), Diagnostics> {
    let rules = &issue.layout.release;
    let uses = |f: Field| rules.page_file.fields().any(|x| x == f);
    let mut d = Diagnostics::new();
    if uses(Field::PaperCode) && rules.paper_code.is_empty() {
        d.push(
            Diagnostic::error(
                "the plate names need `[release] paper_code`, the plant's code for the paper",
            )
            .in_file(&issue.layout.path)
            .with_hint("e.g. `[release]` `paper_code = \"HYRB\"`"),
        );
    }
    if editions > 1 && !uses(Field::Zone) {
        d.push(
            Diagnostic::error("the issue has editions, but `[release] page_file` has no `{zone}`: their plates would share names")
                .in_file(&issue.layout.path),
        );
    }
    if uses(Field::Colour) && (rules.process.is_empty() || rules.mono.is_empty()) {
        d.push(
            Diagnostic::error(
                "`[release] process` and `mono` must not be empty when `page_file` uses `{colour}`",
            )
            .in_file(&issue.layout.path),
        );
    }
    if d.is_empty() {
        Ok(())
    } else {
        Err(d)
    }
}

/// The next version letter: `a` → `b` … `z`; `None` after `z`.
pub fn next_version(v: &str) -> Option<String> {
    let c = v.chars().next()?;
    if v.len() != 1 || !c.is_ascii_lowercase() || c == 'z' {
        return None;
    }
    Some(char::from(c as u8 + 1).to_string())
}

/// Make page `index` of an edition as a plate: its PDF, preflighted.
fn make_plate(
    ed: &Edition<'_>,
    index: usize,
    (opts, ink_cache): (&PdfOptions, Option<&PictureCache>),
    final_: bool,
    diags: &mut Diagnostics,
) -> Result<Made, Diagnostics> {
    let Some(doc) = plate::plate_document(ed.document, index) else {
        return Err(Diagnostic::error("a page to release is missing").into());
    };
    let page = doc.pages.first().map_or(0, |p| p.number);
    let inks = doc
        .pages
        .first()
        .map_or(plate::Inks::Process, |p| plate::page_inks(&doc, p));
    let mut bytes = crate::pdf::write_pdf(&doc, opts)?;
    let out = &doc.output;
    let limits = PreflightLimits {
        ink_cache: ink_cache.cloned(),
        ..PreflightLimits::of(out)
    };
    let name = Path::new("plate.pdf");
    let report = check::check_pdf_bytes(name, &bytes, &limits)?;
    let findings = report.errors();
    let claimed = out.standard.version().is_some();
    if claimed && !findings.is_empty() {
        let what = format!(
            "page {page} of zone {}: the plate fails the preflight its layout claims",
            ed.zone
        );
        if final_ {
            let mut d = Diagnostics(vec![Diagnostic::error(format!(
                "{what}: nothing was written (--final)"
            ))]);
            d.extend(Diagnostics(
                findings
                    .iter()
                    .map(|f| Diagnostic::error(format!("preflight: {f}")))
                    .collect(),
            ));
            return Err(d);
        }
        diags.push(Diagnostic::warning(format!(
            "{what}: it is written without the claim ({})",
            findings.join("; ")
        )));
        let unclaimed = PdfOptions {
            withhold_claim: true,
            ..opts.clone()
        };
        bytes = crate::pdf::write_pdf(&doc, &unclaimed)?;
    }
    let plate = Plate {
        file: String::new(),
        page,
        zone: ed.zone.to_string(),
        version: String::new(),
        inks: inks.names().iter().map(|s| s.to_string()).collect(),
        md5: format!("{:x}", md5::compute(&bytes)),
        size: bytes.len(),
        preflight: if findings.is_empty() {
            "passed".into()
        } else {
            "failed".into()
        },
        findings,
        previous: None,
    };
    Ok(Made { bytes, plate })
}

/// Write `release` into `dir`: the new plates, each atomically (and a kept one the
/// folder lost), then the manifest — only when it differs from the one there; returns
/// the plates written. No plate is written over a file the last
/// manifest does not name (a file of someone else's in the folder).
pub fn write(
    release: &Release,
    dir: &Path,
    previous: Option<&Manifest>,
) -> Result<usize, Diagnostic> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Diagnostic::error(format!("failed to create {} ({e})", dir.display())))?;
    for (name, _) in &release.write {
        let target = dir.join(name);
        let known = previous.is_some_and(|p| p.names(name));
        if target.exists() && !known {
            return Err(Diagnostic::error(format!(
                "{}: refusing to write a plate over a file the last release did not write",
                target.display()
            ))
            .with_hint("move the file away, or release into another folder"));
        }
    }
    let mut written = 0;
    for (name, bytes) in &release.write {
        crate::pdf::write_file_atomic(&dir.join(name), bytes)?;
        written += 1;
    }
    // A kept plate the folder lost (or that was changed there) is put back as it was.
    for (name, bytes) in &release.keep {
        let target = dir.join(name);
        if std::fs::read(&target).is_ok_and(|b| b == *bytes) {
            continue;
        }
        crate::pdf::write_file_atomic(&target, bytes)?;
        written += 1;
    }
    let path = dir.join(MANIFEST);
    let same = std::fs::read_to_string(&path).is_ok_and(|old| old == release.manifest_json);
    if !same {
        crate::pdf::write_file_atomic(&path, release.manifest_json.as_bytes())?;
    }
    Ok(written)
}

/// The manifest of the last release in `dir`, if any (an unreadable one is an error:
/// versions would be lost).
pub fn previous_manifest(dir: &Path) -> Result<Option<Manifest>, Diagnostic> {
    let path = dir.join(MANIFEST);
    match std::fs::read_to_string(&path) {
        Ok(text) => Manifest::parse(&text).map(Some).map_err(|e| {
            Diagnostic::error(format!("the last release's manifest cannot be read ({e})"))
                .in_file(&path)
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Diagnostic::error(format!(
            "failed to read the last release's manifest ({e})"
        ))
        .in_file(&path)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_go_a_to_z() {
        assert_eq!(next_version("a").as_deref(), Some("b"));
        assert_eq!(next_version("y").as_deref(), Some("z"));
        assert_eq!(next_version("z"), None);
        assert_eq!(next_version("B"), None);
        assert_eq!(next_version(""), None);
    }
}
