//! # broadsheet
//!
//! A typesetting engine for Chinese newspapers: a declarative TOML issue spec plus plain
//! article texts in, a print-ready PDF out.
//!
//! ## The pipeline
//!
//! Each stage is a module folder and a function from one typed value to the next:
//!
//! ```text
//! issue.toml, layouts/*.toml, articles/*.txt, fonts/
//!   → spec::resolve_issue      (spec/)      validated Issue: grid, styles, fonts, stories,
//!                                           assets, pages; every number checked
//!   → pictures::read_pictures (pictures/)  each photo/ad file read once: size, colour,
//!                                           ICC profile, PDF pages and trim boxes
//!   → text::Shaper             (text/)      glyph ids, advances, clusters (rustybuzz)
//!   → linebreak::prepare       (linebreak/) Chinese line composition: kinsoku,
//!                                           punctuation compression, justification
//!   → layout::layout_issue     (layout/)    flow (frames, columns on the baseline grid,
//!                                           balancing, jumps, overset) + furniture
//!                                           (masthead, folio, photos, ads, teasers,
//!                                           rules, marks)
//!   = page::Document           (page/)      the page description: typed items with
//!                                           provenance, in paint order
//!   → pdf::write_pdf           (pdf/)       PDF bytes; no layout decisions
//!   → dump::dump_document      (dump/)      stable text dump for golden tests
//!   → proof::rasterize         (proof/)     PNG proofs
//!   → check::check_path        (check/)     preflight of an issue or any PDF (PDF/X-4)
//! ```
//!
//! Start reading at [`render_issue`], then `layout/mod.rs`, then `page/mod.rs`.
//! `docs/architecture.md` has the diagram and the types.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod cache;
pub mod check;
pub mod diag;
pub mod dump;
pub mod epaper;
pub mod fit;
pub mod geom;
pub mod layout;
pub mod limits;
pub mod linebreak;
pub mod live;
pub mod outputs;
pub mod page;
pub mod pdf;
pub(crate) mod pdf_read;
pub mod pictures;
pub mod proof;
pub mod release;
pub mod report;
pub mod spec;
pub mod text;
pub mod threads;
pub mod watch;

use std::path::Path;

/// The unit tests' scratch folder, `broadsheet-unit-{pid}` in the temp dir: their files
/// go inside it, and it is removed when the test process exits (C `atexit`).
#[cfg(test)]
pub(crate) fn test_scratch_root() -> std::path::PathBuf {
    static ROOT: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    fn path() -> std::path::PathBuf {
        std::env::temp_dir().join(format!("broadsheet-unit-{}", std::process::id()))
    }
    extern "C" fn remove() {
        let _ = std::fs::remove_dir_all(path());
    }
    extern "C" {
        fn atexit(f: extern "C" fn()) -> std::ffi::c_int;
    }
    ROOT.get_or_init(|| {
        let _ = std::fs::create_dir_all(path());
        #[allow(unsafe_code)] // the one call into libc: removing the scratch folder at exit
        // SAFETY: `atexit` only records the function pointer; `remove` is a plain
        // `extern "C"` function that does not unwind.
        unsafe {
            atexit(remove);
        }
        path()
    })
    .clone()
}

use diag::{Diagnostic, Diagnostics};
use layout::flow::FlowReport;
use page::Document;

/// Options for [`layout_issue`] and [`render_issue`].
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Render even if some story is overset (the overset is still reported).
    pub allow_overset: bool,
    /// Folders besides the issue's own (and the layout's `allow_dirs`) that articles
    /// and fonts may be read from (`--root`; see [`spec::paths`]).
    pub roots: Vec<std::path::PathBuf>,
    /// Size limits checked before layout (pages, characters per story).
    pub limits: limits::Limits,
    /// Markup an article sets as literal text (README "Articles") is an error, not a
    /// warning (`--strict`, and `check`).
    pub strict: bool,
    /// The document's date (`--date`, `SOURCE_DATE_EPOCH`); `None`: the issue date at
    /// the layout's `[output] deadline` (see [`document_date`]).
    pub date: Option<spec::date::Timestamp>,
    /// Lay out this edition of the issue (its `[[edition]]` zone: its pages in place of
    /// those they replace); `None`: the issue itself.
    pub edition: Option<String>,
    /// What checking and preparing pictures found in earlier runs (`--cache`; see
    /// [`pictures::cache`]); `None`: every picture checked and prepared afresh.
    pub picture_cache: Option<pictures::cache::PictureCache>,
}

/// An issue laid out: the resolved issue, its page description, and what was reported.
#[derive(Debug, Clone)]
pub struct Laid {
    pub issue: spec::Issue,
    /// The page description every later stage reads.
    pub document: Document,
    pub report: FlowReport,
    /// Warnings, and the overset as warnings (what `--allow-overset` renders anyway).
    pub diags: Diagnostics,
    /// The overset (a story's text or headline block left over), as errors: what
    /// refuses a render without `--allow-overset`.
    pub overset: Diagnostics,
    /// The layout's own diagnostics in their order, overset as errors (what a refused
    /// render prints and reports).
    pub layout_diags: Diagnostics,
}

impl Laid {
    /// The warnings other than the overset.
    pub fn other_warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diags.0.iter().filter(|d| {
            !self
                .overset
                .0
                .iter()
                .any(|o| o.message == d.message && o.file == d.file && o.pos == d.pos)
        })
    }

    /// What refuses this layout under `opts`: its overset, unless tolerated.
    pub fn refusal(&self, opts: &RenderOptions) -> Option<&Diagnostics> {
        (!self.overset.0.is_empty() && !opts.allow_overset).then_some(&self.layout_diags)
    }
}

/// Read, validate and lay out an issue: every stage but the PDF. Overset never fails
/// this: it is in [`Laid::overset`] for the caller to decide (see [`layout_issue`]), so
/// one layout serves the PDF, the report and the refusal alike.
pub fn lay_out(path: &Path, opts: &RenderOptions) -> Result<Laid, Diagnostics> {
    lay_out_with(path, opts, None)
}

/// What `watch` keeps from one layout to the next: the pictures checked and prepared
/// ([`pictures::memo::PictureMemo`]) and what each story's flow gave
/// ([`layout::flow::memo::FlowMemo`]). Either is used only where it gives what laying
/// out afresh would.
#[derive(Default)]
pub struct RoundMemo {
    pub pictures: pictures::memo::PictureMemo,
    pub flow: layout::flow::memo::FlowMemo,
}

impl RoundMemo {
    /// A memo whose pictures also come from the picture cache `disk`.
    pub fn with_disk(disk: Option<pictures::cache::PictureCache>) -> RoundMemo {
        RoundMemo {
            pictures: pictures::memo::PictureMemo::with_disk(disk),
            flow: layout::flow::memo::FlowMemo::default(),
        }
    }
}

/// [`lay_out`], taking from `memo` the pictures whose files have not changed since the
/// last round (checked and prepared) and the stories whose flow cannot have changed
/// (their article, the layout and the pages as they were), as `watch` does.
pub fn lay_out_with(
    path: &Path,
    opts: &RenderOptions,
    memo: Option<&mut RoundMemo>,
) -> Result<Laid, Diagnostics> {
    match memo {
        None => lay_out_once(path, opts, None, None),
        Some(memo) => {
            let laid = lay_out_once(path, opts, Some(&mut memo.pictures), Some(&mut memo.flow));
            match laid {
                Ok(_) => memo.pictures.end_round(),
                Err(_) => memo.pictures.abandon_round(),
            }
            laid
        }
    }
}

/// Read and check an issue for layout (size limits; literal markup an error when
/// strict): the issue and what its articles set as literal text.
fn read_issue(
    path: &Path,
    opts: &RenderOptions,
) -> Result<(spec::Issue, Diagnostics), Diagnostics> {
    let issue = spec::resolve::resolve_edition_in(path, &opts.roots, opts.edition.as_deref())?;
    let mut over = limits::check_issue(&issue, &opts.limits);
    // What the articles set as literal text: errors when strict, warnings otherwise.
    let literal: Diagnostics = issue
        .articles
        .iter()
        .flat_map(|a| a.warnings.iter().cloned())
        .collect();
    if opts.strict {
        over.extend(literal.iter().map(|d| Diagnostic {
            severity: diag::Severity::Error,
            ..d.clone()
        }));
    }
    if over.has_errors() {
        return Err(over);
    }
    Ok((issue, literal))
}

fn lay_out_once(
    path: &Path,
    opts: &RenderOptions,
    memo: Option<&mut pictures::memo::PictureMemo>,
    flow: Option<&mut layout::flow::memo::FlowMemo>,
) -> Result<Laid, Diagnostics> {
    // Without a memo of its own, a layout still asks the picture cache.
    let mut own = pictures::memo::PictureMemo::with_disk(opts.picture_cache.clone());
    let mut memo = memo.or(opts.picture_cache.is_some().then_some(&mut own));
    let (issue, literal) = read_issue(path, opts)?;
    let pictures = pictures::read_pictures_with(&issue, memo.as_deref_mut())?;
    let threads = threads::threads_for(threads::MAX_THREADS);
    let mut laid = layout::layout_issue_with(&issue, pictures, threads, flow)?;
    // The issue as set: with the areas the make-up step decided.
    let issue = laid.made_up.take().unwrap_or(issue);
    let doc = &mut laid.document;
    doc.date = Some(document_date(&issue, opts.date)?);
    let placed = doc.pages.iter().flat_map(page::Page::placed_assets);
    let prepared = pictures::prepare::prepare_pictures_with(
        &doc.pictures,
        &issue.assets,
        placed,
        &doc.output,
        memo,
    )?;
    doc.prepared = prepared.images;
    laid.diags.0.extend(prepared.warnings);
    Ok(laid_of(
        issue,
        laid.document,
        laid.report,
        laid.diags,
        literal,
    ))
}

/// The [`Laid`] of `issue` (as set) laid out as `document` with `report`; `layout_diags`
/// the layout's own messages in their order (overset as errors), `literal` what the
/// articles set as literal text.
fn laid_of(
    issue: spec::Issue,
    document: Document,
    report: FlowReport,
    layout_diags: Diagnostics,
    literal: Diagnostics,
) -> Laid {
    // The layout's only errors are overset; tolerated, they are warnings in `diags`.
    let overset = Diagnostics(
        layout_diags
            .0
            .iter()
            .filter(|d| d.is_error())
            .cloned()
            .collect(),
    );
    let mut diags = layout_diags.clone();
    for d in &mut diags.0 {
        d.severity = diag::Severity::Warning;
    }
    diags
        .0
        .splice(0..0, issue.warnings.0.iter().cloned().chain(literal));
    Laid {
        issue,
        document,
        report,
        diags,
        overset,
        layout_diags,
    }
}

/// An issue laid out and written as PDF page by page ([`render_pages`]).
#[derive(Debug)]
pub struct Rendered {
    /// The layout's outcome. Its document has no pages: each was written and let go.
    pub laid: Laid,
    /// The PDF, or why it could not be written (told after the layout's refusal).
    pub pdf: Result<pdf::Written, Diagnostics>,
    /// How many pages were written.
    pub pages: usize,
    /// The pictures the pages placed, in page order (for the report).
    pub placed: Vec<report::pictures::PlacedPicture>,
    /// The dump of every page, when asked for.
    pub dump: Option<String>,
}

/// Read, lay out and write an issue as PDF page by page: each page is written as soon
/// as it is composed and then let go (`layout::lay_out_pages` into `pdf::PdfWriter`,
/// [`pdf::PAGE_BATCH`] pages at a time), its pictures prepared as it places them, so
/// memory holds a few pages and the PDF, not the whole laid-out issue. The layout,
/// messages and PDF are those of [`lay_out`] and [`write_issue_pdf`]. Overset never
/// fails this (see [`Laid::refusal`]); `dump`: also keep the dump of every page.
pub fn render_pages(
    path: &Path,
    opts: &RenderOptions,
    pdf_opts: &pdf::PdfOptions,
    dump: bool,
) -> Result<Rendered, Diagnostics> {
    render_pages_to(path, opts, pdf_opts, dump, pdf::Sink::Memory)
}

/// [`render_pages`], the PDF written into `sink` as its pages come (`render`: into its
/// temporary file), so that memory does not hold it either.
pub fn render_pages_to(
    path: &Path,
    opts: &RenderOptions,
    pdf_opts: &pdf::PdfOptions,
    dump: bool,
    sink: pdf::Sink,
) -> Result<Rendered, Diagnostics> {
    let (issue, literal) = read_issue(path, opts)?;
    let mut memo = pictures::memo::PictureMemo::with_disk(opts.picture_cache.clone());
    let pictures = pictures::read_pictures_with(&issue, Some(&mut memo))?;
    let mut doc = layout::document_without_pages(&issue, pictures);
    doc.date = Some(document_date(&issue, opts.date)?);
    let threads = threads::threads_for(threads::MAX_THREADS);
    let mut placed = Vec::new();
    let mut dumped = dump.then(String::new);
    let mut pages = 0;
    let (laid, pdf, prepared) = std::thread::scope(|scope| {
        let doc = &doc;
        // The ads' PDF pages are copied while the issue is laid out.
        let copying = scope.spawn(|| pdf::CopiedAhead::copy(ad_pages(&issue, &doc.pictures)));
        let mut copying = Some(copying);
        let mut preparer = pictures::prepare::Preparer::new(
            &doc.pictures,
            &issue.assets,
            &doc.output,
            Some(&mut memo),
        )?;
        let mut writer = pdf::PdfWriter::to(doc, pdf_opts, sink).map_err(Diagnostics::from);
        let mut batch: Vec<page::Page> = Vec::with_capacity(pdf::PAGE_BATCH);
        let mut ready = |writer: &mut Result<pdf::PdfWriter<'_>, Diagnostics>| {
            hand_over(copying.take(), writer);
        };
        let mut write = |batch: &mut Vec<page::Page>,
                         preparer: &mut pictures::prepare::Preparer<'_>,
                         writer: &mut Result<pdf::PdfWriter<'_>, Diagnostics>|
         -> Result<(), Diagnostics> {
            preparer.add(batch.iter().flat_map(page::Page::placed_assets))?;
            ready(writer);
            if let Ok(w) = writer {
                if let Err(e) = w.add_prepared_pages(batch, preparer.images()) {
                    *writer = Err(e.into());
                }
            }
            batch.clear();
            Ok(())
        };
        let laid = layout::lay_out_pages(&issue, doc, threads, &mut |p| {
            placed.extend(report::pictures::placed_on(doc, &p));
            if let Some(d) = dumped.as_mut() {
                dump::page(d, doc, &p);
            }
            pages += 1;
            batch.push(p);
            if batch.len() >= pdf::PAGE_BATCH {
                write(&mut batch, &mut preparer, &mut writer)?;
            }
            Ok(())
        })?;
        // The last pages are written as the fonts are subset.
        preparer.add(batch.iter().flat_map(page::Page::placed_assets))?;
        ready(&mut writer);
        let pdf = writer.and_then(|w| {
            w.finish_with_pages(&batch, preparer.images())
                .map_err(Diagnostics::from)
        });
        Ok::<_, Diagnostics>((laid, pdf, preparer.finish()))
    })?;
    let issue = laid.made_up.unwrap_or(issue);
    doc.prepared = prepared.images;
    let mut layout_diags = laid.diags;
    layout_diags.0.extend(prepared.warnings);
    Ok(Rendered {
        laid: laid_of(issue, doc, laid.report, layout_diags, literal),
        pdf,
        pages,
        placed,
        dump: dumped,
    })
}

/// Before the first pages are written, the writer takes the ads' pages copied ahead
/// (`copying`, if not taken yet; none when copying them stopped: they are copied then).
fn hand_over(
    copying: Option<std::thread::ScopedJoinHandle<'_, pdf::CopiedAhead>>,
    writer: &mut Result<pdf::PdfWriter<'_>, Diagnostics>,
) {
    let copied = copying.map(|c| c.join().unwrap_or_default());
    if let (Ok(w), Some(c)) = (writer, copied) {
        w.copied_ahead(c);
    }
}

/// The pages of supplied PDFs the issue's ads place, with their pictures (indexed like
/// the issue's assets).
fn ad_pages<'a>(
    issue: &'a spec::Issue,
    pictures: &'a [pictures::Picture],
) -> impl Iterator<Item = (&'a pictures::Picture, u32)> {
    issue
        .pages
        .iter()
        .flat_map(|p| &p.ads)
        .filter_map(|ad| Some((pictures.get(ad.asset?.0)?, ad.page)))
}

/// Read, validate and lay out an issue: [`lay_out`], refused with the layout's
/// diagnostics when a story is overset and `opts` does not allow it.
pub fn layout_issue(path: &Path, opts: &RenderOptions) -> Result<Laid, Diagnostics> {
    let laid = lay_out(path, opts)?;
    if let Some(refused) = laid.refusal(opts) {
        return Err(refused.clone());
    }
    Ok(laid)
}

/// The PDF of a laid-out issue.
pub fn write_issue_pdf(laid: &Laid, opts: &pdf::PdfOptions) -> Result<Vec<u8>, Diagnostics> {
    Ok(pdf::write_pdf(&laid.document, opts)?)
}

/// Lay out an issue and write it as PDF bytes.
pub fn render_issue(path: &Path, opts: &RenderOptions) -> Result<(Laid, Vec<u8>), Diagnostics> {
    let laid = layout_issue(path, opts)?;
    let bytes = write_issue_pdf(&laid, &pdf::PdfOptions::default())?;
    Ok((laid, bytes))
}

/// A claim is never false (README "Print-ready output"): `bytes`, the PDF just written
/// for `laid`, is preflighted against the standard its layout claims before anything is
/// written. When it passes (or nothing is claimed), it is returned as it is. When it
/// fails: under `final_` the findings are errors and nothing may be written (`Err`);
/// otherwise the PDF is written again without the claim (no output intent, no PDF/X
/// version in Info or XMP), and the findings come back as warnings after one line
/// saying so.
pub fn honour_claim(
    laid: &Laid,
    bytes: Vec<u8>,
    final_: bool,
    opts: &pdf::PdfOptions,
    ink_cache: Option<&pictures::cache::PictureCache>,
) -> Result<(Vec<u8>, Diagnostics), Diagnostics> {
    honour_claim_with(laid, bytes, (final_, opts, ink_cache), |unclaimed| {
        Ok(pdf::write_pdf(&laid.document, unclaimed)?)
    })
}

/// [`honour_claim`], with the PDF written again without the claim by `write_again`
/// (given the options that withhold it): a caller whose Document no longer holds its
/// pages ([`render_pages`]) lays the issue out again.
pub fn honour_claim_with(
    laid: &Laid,
    bytes: Vec<u8>,
    claim: (
        bool,
        &pdf::PdfOptions,
        Option<&pictures::cache::PictureCache>,
    ),
    write_again: impl FnOnce(&pdf::PdfOptions) -> Result<Vec<u8>, Diagnostics>,
) -> Result<(Vec<u8>, Diagnostics), Diagnostics> {
    let again = |unclaimed: &pdf::PdfOptions| write_again(unclaimed).map(pdf::Written::Memory);
    let (honoured, _) =
        honour_claim_alongside(laid, pdf::Written::Memory(bytes), claim, again, |_| ());
    let honoured = honoured?;
    Ok((honoured.pdf.into_memory()?, honoured.warnings))
}

/// The PDF to write once its claim is honoured ([`honour_claim_alongside`]).
#[derive(Debug)]
pub struct Honoured {
    pub pdf: pdf::Written,
    /// The preflight's findings, when the PDF was written again without the claim.
    pub warnings: Diagnostics,
    /// `pdf` is the PDF given (it passes the preflight, or nothing is claimed), not a
    /// PDF written again.
    pub as_given: bool,
}

/// [`honour_claim_with`] on a PDF written into memory or into its temporary file
/// (`written`; the file is read in place, mapped), running `alongside` while the
/// preflight reads it: a render syncs the temporary file meanwhile. `None` for
/// `alongside`'s result if it panicked.
pub fn honour_claim_alongside<R: Send>(
    laid: &Laid,
    written: pdf::Written,
    (final_, opts, ink_cache): (
        bool,
        &pdf::PdfOptions,
        Option<&pictures::cache::PictureCache>,
    ),
    write_again: impl FnOnce(&pdf::PdfOptions) -> Result<pdf::Written, Diagnostics>,
    alongside: impl FnOnce(Option<&pdf::StagedPdf>) -> R + Send,
) -> (Result<Honoured, Diagnostics>, Option<R>) {
    let (shared, file) = match written.share() {
        Ok(shared) => shared,
        Err(e) => return (Err(e.into()), None),
    };
    let (outcome, beside) = std::thread::scope(|scope| {
        let beside = scope.spawn(|| alongside(file.as_ref()));
        let outcome = claim_findings(laid, &shared, final_, ink_cache);
        (outcome, beside.join().ok())
    });
    // Every other handle is gone: bytes in memory come back without a copy.
    let written = pdf::Written::unshare(shared, file);
    let honoured = match outcome {
        Err(errors) => Err(errors),
        Ok(None) => Ok(Honoured {
            pdf: written,
            warnings: Diagnostics::new(),
            as_given: true,
        }),
        Ok(Some(findings)) => {
            // The PDF that failed (its temporary file) goes before the next is written.
            drop(written);
            let unclaimed = pdf::PdfOptions {
                withhold_claim: true,
                ..opts.clone()
            };
            write_again(&unclaimed).map(|pdf| Honoured {
                pdf,
                warnings: findings,
                as_given: false,
            })
        }
    };
    (honoured, beside)
}

/// The preflight of [`honour_claim`] on `bytes`, the PDF of `laid` (read in place, not
/// copied): `None` when it passes the preflight of the standard its layout claims (or
/// nothing is claimed); the findings as warnings, after one line saying the PDF goes
/// without the claim, when it fails; the findings as errors (`Err`) when it fails under
/// `final_`. The caller writes the PDF again without the claim for `Some`. `ink_cache`:
/// the picture cache, for the inks of CMYK images measured in earlier runs (never
/// changes a finding).
pub fn claim_findings(
    laid: &Laid,
    bytes: &std::sync::Arc<pdf::PdfBytes>,
    final_: bool,
    ink_cache: Option<&pictures::cache::PictureCache>,
) -> Result<Option<Diagnostics>, Diagnostics> {
    let out = &laid.document.output;
    let Some(claim) = out.standard.version() else {
        return Ok(None);
    };
    let limits = check::PreflightLimits {
        ink_cache: ink_cache.cloned(),
        ..check::PreflightLimits::of(out)
    };
    let name = laid.issue.path.with_extension("pdf");
    let checked = check::check_pdf_shared(&name, std::sync::Arc::clone(bytes), &limits);
    let failures = match checked {
        Ok(report) => report
            .checks
            .iter()
            .flat_map(|c| {
                c.findings
                    .iter()
                    .filter(|f| f.level == check::Level::Error)
                    .map(move |f| {
                        let page = f.page.map(|p| format!("page {p}: ")).unwrap_or_default();
                        let message = format!("{}: {page}{}", c.id, name_the_file(&laid.issue, f));
                        (message, f.hint.clone())
                    })
            })
            .collect(),
        Err(d) => vec![(d.message, None)],
    };
    if failures.is_empty() {
        return Ok(None);
    }
    let severity = if final_ {
        diag::Severity::Error
    } else {
        diag::Severity::Warning
    };
    let headline = if final_ {
        format!(
            "the PDF fails the {claim} preflight its layout claims: nothing was written (--final)"
        )
    } else {
        format!("the PDF fails the {claim} preflight its layout claims: it is written without the {claim} claim")
    };
    let mut findings = Diagnostics(vec![Diagnostic {
        severity,
        ..Diagnostic::error(headline)
            .in_file(&laid.issue.layout.path)
            .with_hint("fix what the preflight lines below name; `broadsheet check` on the issue lists them")
    }]);
    findings.extend(Diagnostics(
        failures
            .into_iter()
            .map(|(f, hint)| {
                let d = Diagnostic::error(format!("preflight: {f}"));
                Diagnostic {
                    severity,
                    ..match hint {
                        Some(h) => d.with_hint(h),
                        None => d,
                    }
                }
            })
            .collect(),
    ));
    if final_ {
        return Err(findings);
    }
    Ok(Some(findings))
}

/// A preflight finding inside one of the engine's picture XObjects (`Fm4p1`, a
/// supplied ad's page; `Im2`, a photo or picture ad: `pdf/images.rs` names them by
/// asset) names the file and where the issue places it instead of the object.
fn name_the_file(issue: &spec::Issue, f: &check::Finding) -> String {
    let Some(object) = &f.object else {
        return f.message.clone();
    };
    let digits = |s: &str| -> Option<usize> {
        let n: String = s.chars().take_while(char::is_ascii_digit).collect();
        n.parse().ok()
    };
    let asset = object
        .strip_prefix("Fm")
        .or_else(|| object.strip_prefix("Im"))
        .and_then(digits)
        .and_then(|n| n.checked_sub(1))
        .and_then(|i| issue.assets.get(i));
    let (Some(a), Some(message)) = (asset, f.message.strip_suffix(&format!(" (in /{object})")))
    else {
        return f.message.clone();
    };
    let pos = a
        .loc
        .pos
        .map(|p| format!(":{}:{}", p.line, p.col))
        .unwrap_or_default();
    format!(
        "{message} (in `{}`, placed at {}{pos})",
        a.name,
        a.loc.file.display()
    )
}

/// The document date of an issue: `date` when given, else the issue date at the
/// layout's `[output] deadline` in its UTC offset, so the same issue always gets the
/// same bytes.
pub fn document_date(
    issue: &spec::Issue,
    date: Option<spec::date::Timestamp>,
) -> Result<spec::date::Timestamp, diag::Diagnostic> {
    if let Some(t) = date {
        return Ok(t);
    }
    let out = &issue.layout.output;
    let d = issue.info.date;
    spec::date::Timestamp::new(
        (d.year, d.month, d.day),
        out.deadline,
        out.utc_offset_minutes,
    )
    .ok_or_else(|| {
        diag::Diagnostic::error("the issue date at the deadline is not a valid time")
            .in_file(&issue.path)
    })
}
