//! The `broadsheet` command line: a thin layer over the library.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use broadsheet::diag::{Diagnostic, Diagnostics};
use broadsheet::layout::flow::FlowReport;
use broadsheet::limits::Limits;
use broadsheet::outputs::{check_outputs, proof_outputs, Output, Target};
use broadsheet::report::{picture_report, placeholder_errors, report_json, PictureReport};
use broadsheet::{check, dump, pdf, proof, RenderOptions};
use clap::{Args, Parser, Subcommand};

/// Typeset a Chinese newspaper issue (TOML spec + article texts) into a print-ready PDF.
#[derive(Parser)]
#[command(name = "broadsheet", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Also allow articles and fonts from this folder (besides the issue's folder and
    /// the layout's `allow_dirs`); may be given more than once.
    #[arg(long = "root", value_name = "DIR", global = true)]
    roots: Vec<PathBuf>,
    /// Refuse an issue of more pages than this.
    #[arg(long, value_name = "N", global = true, default_value_t = Limits::default().max_pages)]
    max_pages: u32,
    /// Refuse a story (headlines and text) of more characters than this.
    #[arg(long, value_name = "N", global = true, default_value_t = Limits::default().max_story_chars)]
    max_story_chars: usize,
    /// Markup an article sets as literal text (`format = "markup"`: an unmatched `*`,
    /// `<…>`, a code indent …) is an error, not a warning (`check` always is strict).
    #[arg(long, global = true)]
    strict: bool,
    /// Keep subset font programs (DIR/fonts) and what checking and preparing pictures
    /// found (DIR/pictures) in this folder between runs (default: the user's cache
    /// folder, ~/.cache/broadsheet); the PDF is the same byte for byte.
    #[arg(long = "cache", value_name = "DIR", global = true)]
    cache: Option<PathBuf>,
    /// Subset every font and check every picture afresh: read and write no cache.
    #[arg(long, global = true, conflicts_with = "cache")]
    no_cache: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Render an issue to PDF.
    Render(RenderArgs),
    /// Preflight an issue (everything render would refuse or warn about, then the PDF it
    /// would write) or any PDF (PDF/X-4 conformance, ink coverage, registration colour,
    /// small text). Exit code 0 passed, 1 errors found, 2 could not check.
    Check(CheckArgs),
    /// Print the layout dump of an issue (page, frame, column, line with positions).
    Dump(DumpArgs),
    /// Render an issue and write PNG proofs of every page plus a contact sheet
    /// (needs poppler's pdftoppm).
    Proof(ProofArgs),
    /// Render an issue, then again whenever one of its files changes (one line per
    /// round on standard output; overset is reported, not refused; Ctrl-C stops).
    Watch(WatchArgs),
    /// Make up an issue and write a copy of its spec with every area the make-up step
    /// decided written in (comments and order kept); the copy renders to the same PDF.
    Fit(FitArgs),
    /// Release the issue to the plant: one PDF per plate (every page, and each other
    /// edition's pages that differ), named by the layout's `[release] page_file`, with a
    /// manifest; a corrected page goes again as the next version, unchanged ones not at
    /// all.
    Release(ReleaseArgs),
    /// Write the issue's 数字报 e-paper: a static site (plain HTML and CSS) with an index
    /// of the pages, each page as an image with its stories as clickable regions, and
    /// a page per story.
    Epaper(EpaperArgs),
}

/// The arguments of `broadsheet release`.
#[derive(Args)]
struct ReleaseArgs {
    /// The issue file (its `[[edition]]`s are released with it).
    issue: PathBuf,
    /// The release folder (the plant's hot folder, or where it is copied from); defaults
    /// to `plates/` next to the issue.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// What `check` demands: a placeholder, literal markup or a plate failing its
    /// preflight stops the release (nothing is written).
    #[arg(long = "final")]
    final_: bool,
}

/// The arguments of `broadsheet epaper`.
#[derive(Args)]
struct EpaperArgs {
    /// The issue file.
    issue: PathBuf,
    /// The site's folder (new, empty, or written by an earlier run); defaults to
    /// `epaper/` next to the issue.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Write the site even when text is overset (the story pages carry the whole text).
    #[arg(long)]
    allow_overset: bool,
}

// The arguments of `broadsheet fit`.
#[derive(Args)]
struct FitArgs {
    /// The issue file (e.g. issue.toml).
    issue: PathBuf,
    /// The fitted spec; defaults to the issue file's name with `.fitted.toml`, next to
    /// it. It must be in the issue's folder (the spec's paths are relative to it).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Write the spec even when a page does not fit (its problems are still reported).
    #[arg(long)]
    allow_overset: bool,
}

// The arguments of `broadsheet watch`.
#[derive(Args)]
struct WatchArgs {
    /// The issue file (e.g. issue.toml).
    issue: PathBuf,
    /// Output PDF; defaults to the issue file's name with .pdf, next to it.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// How often the issue's files are looked at, in milliseconds, besides when the
    /// system reports a change in their folders (a network share may report none).
    #[arg(long, value_name = "MS", default_value_t = 100)]
    poll_ms: u64,
    /// Also serve a live view of the pages on http://127.0.0.1:PORT/ (every page as an
    /// image, overset and loose lines marked, refreshed after each round).
    #[arg(long)]
    serve: bool,
    /// The live view's port (0: any free port; the address is printed).
    #[arg(long, default_value_t = 8719, requires = "serve")]
    port: u16,
}

// The arguments of `broadsheet render`.
#[derive(Args)]
struct RenderArgs {
    /// The issue file (e.g. issue.toml).
    issue: PathBuf,
    /// Output PDF; defaults to the issue file's name with .pdf, next to it
    /// (`-`: standard output).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Render even when text is overset (it is still reported).
    #[arg(long)]
    allow_overset: bool,
    /// Also write the layout dump (the golden-file text form) to this file
    /// (`-`: standard output).
    #[arg(long, value_name = "FILE")]
    dump: Option<PathBuf>,
    /// Also write the flow report (overset/underset per story, pictures placed,
    /// placeholders) as JSON to this file.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// For the plant: a photo or ad without its file (a placeholder) is an error, the
    /// article checks are strict (`--strict`), and a PDF that fails the preflight of
    /// the standard its layout claims is not written — what `check` demands.
    #[arg(long = "final")]
    final_: bool,
    /// The PDF's creation date, RFC 3339 (2022-02-08T23:30:00+08:00; a plain date is
    /// midnight UTC). Default: $SOURCE_DATE_EPOCH, else the issue date at the
    /// layout's `[output] deadline`.
    #[arg(long, value_name = "DATE")]
    date: Option<String>,
}

// The arguments of `broadsheet check`.
#[derive(Args)]
struct CheckArgs {
    /// An issue file (issue.toml) or a PDF.
    file: PathBuf,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
    /// Total area coverage limit in percent (PDFs; an issue uses its layout's).
    #[arg(long, default_value_t = broadsheet::spec::output::DEFAULT_TAC)]
    tac: f64,
    /// Smallest text size in points allowed in more than one ink (PDFs; an issue
    /// uses its layout's).
    #[arg(long, default_value_t = broadsheet::spec::output::DEFAULT_MIN_MULTI_INK_TEXT)]
    min_text: f64,
}

// The arguments of `broadsheet dump`.
#[derive(Args)]
struct DumpArgs {
    /// The issue file.
    issue: PathBuf,
    /// Write to this file instead of standard output (`-`: standard output).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Dump even when text is overset.
    #[arg(long)]
    allow_overset: bool,
}

// The arguments of `broadsheet proof`.
#[derive(Args)]
struct ProofArgs {
    /// The issue file.
    issue: PathBuf,
    /// Directory for page-N.png and contact.png; defaults to `proofs/` next to the issue.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Resolution of the page images (1–1200).
    #[arg(long, default_value_t = 40)]
    dpi: u32,
    /// Largest page image allowed, in millions of pixels.
    #[arg(long, value_name = "N", default_value_t = proof::limits::DEFAULT_MAX_MEGAPIXELS)]
    max_megapixels: u32,
    /// Proof even when text is overset.
    #[arg(long)]
    allow_overset: bool,
}

/// Why a run failed: errors in the issue (exit 1), or an output path or option refused
/// before anything was written (exit 2, like a usage error).
enum Failure {
    Errors(Diagnostics),
    Refused(Diagnostic),
}

impl From<Diagnostics> for Failure {
    fn from(d: Diagnostics) -> Self {
        Failure::Errors(d)
    }
}

impl From<Diagnostic> for Failure {
    fn from(d: Diagnostic) -> Self {
        Failure::Errors(d.into())
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // SIGINT/SIGTERM: remove half-written temporary files, then exit as interrupted.
    let _ = ctrlc::set_handler(|| {
        proof::kill_children();
        pdf::remove_pending_temp_files();
        std::process::exit(130);
    });
    let cache_root = if cli.no_cache {
        None
    } else {
        cli.cache.or_else(broadsheet::cache::default_root)
    };
    let globals = Globals {
        font_cache: cache_root
            .as_deref()
            .map(pdf::font_cache::FontCache::in_root),
        picture_cache: cache_root
            .as_deref()
            .map(broadsheet::pictures::cache::PictureCache::in_root),
        roots: cli.roots,
        strict: cli.strict,
        limits: Limits {
            max_pages: cli.max_pages,
            max_story_chars: cli.max_story_chars,
        },
    };
    let result = match cli.command {
        // `check` reports in its own form and has its own exit codes.
        Command::Check(args) => return run_check(&args, &globals),
        Command::Render(args) => run_render(args, &globals),
        Command::Dump(args) => run_dump(args, &globals),
        Command::Proof(args) => run_proof(args, &globals),
        Command::Watch(args) => run_watch(args, &globals),
        Command::Fit(args) => run_fit(args, &globals),
        Command::Epaper(args) => run_epaper(args, &globals),
        Command::Release(args) => run_release(args, &globals),
    };
    match result {
        Ok(warnings) => {
            print_diags(&warnings);
            ExitCode::SUCCESS
        }
        Err(Failure::Errors(diags)) => {
            print_diags(&diags);
            ExitCode::from(1)
        }
        Err(Failure::Refused(d)) => {
            eprintln!("{d}");
            ExitCode::from(2)
        }
    }
}

/// Check `outputs` against each other and the issue's files; a problem is a refusal.
fn guard(outputs: &[Output], inputs: &[PathBuf]) -> Result<(), Failure> {
    check_outputs(outputs, inputs).map_err(Failure::Refused)
}

fn output_of(what: &'static str, path: &Path) -> Output {
    Output {
        what,
        target: Target::parse(path),
    }
}

fn print_diags(diags: &Diagnostics) {
    for d in &diags.0 {
        eprintln!("{d}");
    }
}

/// The options every command takes (`--root`, `--strict`, the limits).
struct Globals {
    roots: Vec<PathBuf>,
    strict: bool,
    limits: Limits,
    font_cache: Option<pdf::font_cache::FontCache>,
    picture_cache: Option<broadsheet::pictures::cache::PictureCache>,
}

impl Globals {
    /// The layout options of a command: these, with its own `--allow-overset`.
    fn options(&self, allow_overset: bool) -> RenderOptions {
        RenderOptions {
            allow_overset,
            roots: self.roots.clone(),
            limits: self.limits,
            strict: self.strict,
            date: None,
            edition: None,
            picture_cache: self.picture_cache.clone(),
        }
    }

    /// How a command writes its PDF: with the font cache unless `--no-cache`.
    fn pdf_options(&self) -> pdf::PdfOptions {
        pdf::PdfOptions {
            font_cache: self.font_cache.clone(),
            ..pdf::PdfOptions::default()
        }
    }
}

/// `broadsheet render`: lay the issue out once, refuse overset, write the PDF (and the dump and
/// report when asked) only when everything passed, all outputs together.
fn run_render(args: RenderArgs, globals: &Globals) -> Result<Diagnostics, Failure> {
    let RenderArgs {
        issue,
        output,
        allow_overset,
        dump: dump_path,
        report,
        final_,
        date,
    } = args;
    // For the plant, everything `check` demands: literal markup is an error too.
    let opts = RenderOptions {
        strict: globals.strict || final_,
        date: document_date(date.as_deref())?,
        ..globals.options(allow_overset)
    };
    let out = output.unwrap_or_else(|| issue.with_extension("pdf"));
    let mut outputs = vec![output_of("the PDF", &out)];
    outputs.extend(dump_path.as_deref().map(|p| output_of("the dump", p)));
    outputs.extend(report.as_deref().map(|p| output_of("the report", p)));
    // Before the work: outputs against each other and the issue file itself.
    guard(&outputs, std::slice::from_ref(&issue))?;
    // One layout serves the refusal, the report and the PDF: the pages are written as
    // they are laid out, and let go.
    let pdf_opts = globals.pdf_options();
    // The PDF goes into its temporary file as it is written (into memory for standard
    // output); it is renamed into place with the other outputs at the end.
    let rendered =
        broadsheet::render_pages_to(&issue, &opts, &pdf_opts, dump_path.is_some(), sink(&out)?)?;
    let laid = &rendered.laid;
    // Now every input is known: no output may replace one.
    guard(&outputs, &laid.issue.input_files())?;
    let pics = broadsheet::report::pictures::picture_report_of(&laid.issue, rendered.placed);
    if let Some(refused) = laid.refusal(&opts) {
        // Overset stops the render; the report is still written when asked.
        if let Some(p) = &report {
            write_report(p, &laid.report, &pics, refused)?;
        }
        return Err(refused.clone().into());
    }
    let written = rendered.pdf?;
    if final_ {
        refuse_placeholders(laid, &pics, report.as_deref())?;
    }
    // The claim is checked (the temporary file meanwhile synced) before anything is put
    // in place; a PDF that fails is laid out and written again without the claim.
    let (honoured, synced) = broadsheet::honour_claim_alongside(
        laid,
        written,
        (final_, &pdf_opts, opts.picture_cache.as_ref()),
        |unclaimed| broadsheet::render_pages_to(&issue, &opts, unclaimed, false, sink(&out)?)?.pdf,
        |staged| staged.map(pdf::StagedPdf::sync),
    );
    let broadsheet::Honoured {
        pdf: written,
        warnings: preflight,
        as_given,
    } = honoured?;
    let size = written.len();
    // Every output of the run, committed together (all or nothing).
    let synced = synced.flatten().filter(|_| as_given);
    let (staged, mut files) = pdf_to_commit(written, synced, &out)?;
    if let (Some(p), Some(d)) = (dump_path, rendered.dump) {
        files.push((p, d.into_bytes()));
    }
    if let Some(p) = report {
        let json = report_json(&laid.report, &pics, &laid.diags)?;
        files.push((p, json.into_bytes()));
    }
    emit_all_after(staged, &files)?;
    let mut warnings = laid.diags.clone();
    warnings.extend(preflight);
    let to = if out.as_os_str() == "-" {
        "standard output".into()
    } else {
        out.display().to_string()
    };
    eprintln!("wrote {to} ({} pages, {size} bytes)", rendered.pages);
    Ok(warnings)
}

/// For the plant (`--final`), a picture without its file (a placeholder) is an error;
/// the report, when asked, is written with those errors.
fn refuse_placeholders(
    laid: &broadsheet::Laid,
    pics: &broadsheet::report::pictures::PictureReport,
    report: Option<&Path>,
) -> Result<(), Failure> {
    let errors = placeholder_errors(pics);
    if !errors.has_errors() {
        return Ok(());
    }
    if let Some(p) = report {
        let mut all = laid.diags.clone();
        all.extend(errors.clone());
        write_report(p, &laid.report, pics, &all)?;
    }
    Err(errors.into())
}

/// `broadsheet watch`: render, then render again on every change, printing one line per
/// round (and its errors or overset); runs until interrupted.
fn run_watch(args: WatchArgs, globals: &Globals) -> Result<Diagnostics, Failure> {
    let out = args
        .output
        .unwrap_or_else(|| args.issue.with_extension("pdf"));
    if out.as_os_str() == "-" {
        return Err(Failure::Refused(
            Diagnostic::error(
                "`watch` writes the PDF to a file: standard output carries its round lines",
            )
            .with_hint("give a file with -o, or leave -o out for the issue's name with .pdf"),
        ));
    }
    guard(
        &[output_of("the PDF", &out)],
        std::slice::from_ref(&args.issue),
    )?;
    let base = args
        .issue
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let poll = std::time::Duration::from_millis(args.poll_ms.max(10));
    let live = if args.serve {
        let server = broadsheet::live::server::LiveServer::start(args.port)
            .map_err(|d| Failure::Errors(Diagnostics::from(vec![d])))?;
        println!("live view: {}", server.url());
        Some(server)
    } else {
        None
    };
    let mut listener = WatchPrinter { base, live };
    broadsheet::watch::watch(
        &args.issue,
        &out,
        &globals.options(true),
        &globals.pdf_options(),
        poll,
        &mut listener,
    );
    Ok(Diagnostics::new())
}

/// What `watch` prints, and the live view it feeds.
struct WatchPrinter {
    /// The issue's folder: changed files are named relative to it.
    base: PathBuf,
    live: Option<broadsheet::live::server::LiveServer>,
}

impl broadsheet::watch::Listener for WatchPrinter {
    /// The live view is given the pages as soon as they are laid out, before the PDF.
    fn laid_out(&mut self, number: u32, laid: &broadsheet::Laid) {
        let Some(server) = &self.live else { return };
        let started = std::time::Instant::now();
        let changed = server.publish_layout(number, laid);
        let pages: Vec<String> = changed.iter().map(u32::to_string).collect();
        println!(
            "live view, round {number}: {} in {:.3} s",
            if pages.is_empty() {
                "no page changed".to_string()
            } else {
                format!("pages {} changed", pages.join(", "))
            },
            started.elapsed().as_secs_f64()
        );
    }

    fn round(&mut self, round: &broadsheet::watch::Round) -> bool {
        let line = broadsheet::watch::round_line(round, &self.base);
        // The view first: when the round's line is out, the browser has been told.
        if let Some(server) = &self.live {
            server.publish_round(round, line.clone());
        }
        println!("{line}");
        for d in broadsheet::watch::round_problems(round) {
            eprintln!("{d}");
        }
        true
    }
}

/// `broadsheet dump`: the golden-file text form of the laid-out issue.
fn run_dump(args: DumpArgs, globals: &Globals) -> Result<Diagnostics, Failure> {
    let DumpArgs {
        issue,
        output,
        allow_overset,
    } = args;
    let outputs: Vec<Output> = output.iter().map(|p| output_of("the dump", p)).collect();
    guard(&outputs, std::slice::from_ref(&issue))?;
    let laid = broadsheet::layout_issue(&issue, &globals.options(allow_overset))?;
    guard(&outputs, &laid.issue.input_files())?;
    let text = dump::dump_document(&laid.document);
    match output {
        Some(p) => write_text(&p, &text)?,
        None => print!("{text}"),
    }
    Ok(laid.diags)
}

/// `broadsheet fit`: make up the issue and write its spec with the decided areas.
fn run_fit(args: FitArgs, globals: &Globals) -> Result<Diagnostics, Failure> {
    let FitArgs {
        issue,
        output,
        allow_overset,
    } = args;
    let out = output.unwrap_or_else(|| issue.with_extension("fitted.toml"));
    let folder = |p: &Path| {
        let parent = p.parent().filter(|d| !d.as_os_str().is_empty());
        std::fs::canonicalize(parent.unwrap_or(Path::new(".")))
    };
    match (folder(&issue), folder(&out)) {
        (Ok(a), Ok(b)) if a == b => {}
        _ => {
            return Err(Failure::Refused(Diagnostic::error(format!(
                "{}: the fitted spec must be written in the issue's folder (its paths are relative to it)",
                out.display()
            ))))
        }
    }
    let outputs = vec![output_of("the fitted spec", &out)];
    guard(&outputs, std::slice::from_ref(&issue))?;
    let laid = broadsheet::layout_issue(&issue, &globals.options(allow_overset))?;
    guard(&outputs, &laid.issue.input_files())?;
    let text = std::fs::read_to_string(&issue).map_err(|e| {
        Diagnostic::error(format!(
            "{}: cannot read the issue file again ({e})",
            issue.display()
        ))
    })?;
    let fitted = broadsheet::fit::fit_spec(&text, &laid.report.makeup.placed)?;
    write_text(&out, &fitted)?;
    eprintln!(
        "wrote {} ({} areas decided)",
        out.display(),
        laid.report.makeup.placed.len()
    );
    Ok(laid.diags)
}

/// The issue and each of its editions laid out (the issue first), with their warnings,
/// each said once (an edition repeats those of the pages it shares); under `final_` a
/// placeholder in any of them is an error.
fn lay_out_editions(
    issue: &Path,
    opts: &RenderOptions,
    final_: bool,
) -> Result<(Vec<broadsheet::Laid>, Diagnostics), Failure> {
    let main = broadsheet::layout_issue(issue, opts)?;
    let mut laid = vec![main];
    for e in &laid[0].issue.editions.clone() {
        let edition = RenderOptions {
            edition: Some(e.zone.clone()),
            ..opts.clone()
        };
        laid.push(broadsheet::layout_issue(issue, &edition)?);
    }
    let mut diags = Diagnostics::new();
    for l in &laid {
        let new: Vec<Diagnostic> = l
            .diags
            .0
            .iter()
            .filter(|d| !diags.0.contains(d))
            .cloned()
            .collect();
        diags.extend(Diagnostics(new));
        if final_ {
            let errors = placeholder_errors(&picture_report(&l.issue, &l.document));
            if errors.has_errors() {
                return Err(errors.into());
            }
        }
    }
    Ok((laid, diags))
}

/// `broadsheet release`: lay out the issue and its editions, make every plate, and
/// write the new ones and the manifest.
fn run_release(args: ReleaseArgs, globals: &Globals) -> Result<Diagnostics, Failure> {
    let ReleaseArgs {
        issue,
        output,
        final_,
    } = args;
    let dir = output.unwrap_or_else(|| issue.with_file_name("plates"));
    let opts = RenderOptions {
        strict: globals.strict || final_,
        ..globals.options(false)
    };
    let (laid, mut diags) = lay_out_editions(&issue, &opts, final_)?;
    let main_issue = &laid[0].issue;
    let editions: Vec<broadsheet::release::Edition<'_>> = laid
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let (zone, name) = match i.checked_sub(1).and_then(|k| main_issue.editions.get(k)) {
                Some(e) => (e.zone.as_str(), e.name.as_str()),
                None => (
                    main_issue.info.zone.as_str(),
                    main_issue.info.edition.as_str(),
                ),
            };
            broadsheet::release::Edition {
                zone,
                name,
                issue: &l.issue,
                document: &l.document,
            }
        })
        .collect();
    let previous = broadsheet::release::previous_manifest(&dir)?;
    let pdf_opts = globals.pdf_options();
    let release = broadsheet::release::plan(
        &editions,
        previous.as_ref(),
        (&pdf_opts, globals.picture_cache.as_ref()),
        final_,
    )?;
    diags.extend(release.diags.clone());
    // No plate or manifest over an input of any edition.
    let inputs: Vec<PathBuf> = laid.iter().flat_map(|l| l.issue.input_files()).collect();
    let outputs: Vec<Output> = release
        .write
        .iter()
        .map(|(name, _)| dir.join(name))
        .chain([dir.join(broadsheet::release::MANIFEST)])
        .map(|p| output_of("a plate", &p))
        .collect();
    guard(&outputs, &inputs)?;
    let written = broadsheet::release::write(&release, &dir, previous.as_ref())?;
    eprintln!(
        "released {} plates in {}: {written} written, {} unchanged",
        release.manifest.plates.len(),
        dir.display(),
        release.unchanged
    );
    Ok(diags)
}

/// `broadsheet epaper`: lay the issue out as `render` does and write its e-paper site.
fn run_epaper(args: EpaperArgs, globals: &Globals) -> Result<Diagnostics, Failure> {
    let EpaperArgs {
        issue,
        output,
        allow_overset,
    } = args;
    let dir = output.unwrap_or_else(|| issue.with_file_name("epaper"));
    let laid = broadsheet::layout_issue(&issue, &globals.options(allow_overset))?;
    let site = broadsheet::epaper::build_site(&laid.document);
    broadsheet::epaper::write_site(&site, &dir, &laid.issue.input_files())?;
    eprintln!(
        "wrote the e-paper of {} pages and {} stories in {}",
        laid.document.pages.len(),
        broadsheet::epaper::stories_set(&laid.document).len(),
        dir.display()
    );
    Ok(laid.diags)
}

/// `broadsheet proof`: render, rasterise every page with pdftoppm, and a contact sheet.
fn run_proof(args: ProofArgs, globals: &Globals) -> Result<Diagnostics, Failure> {
    let ProofArgs {
        issue,
        output,
        dpi,
        max_megapixels,
        allow_overset,
    } = args;
    proof::limits::check_dpi(dpi).map_err(Failure::Refused)?;
    let dir = output.unwrap_or_else(|| issue.with_file_name("proofs"));
    guard(
        &proof_outputs(&dir, std::slice::from_ref(&issue)),
        std::slice::from_ref(&issue),
    )?;
    let laid = broadsheet::layout_issue(&issue, &globals.options(allow_overset))?;
    let bytes = broadsheet::write_issue_pdf(&laid, &globals.pdf_options())?;
    let inputs = laid.issue.input_files();
    guard(&proof_outputs(&dir, &inputs), &inputs)?;
    let layout = &laid.issue.layout;
    let margin = 2.0 * (layout.bleed + layout.slug);
    proof::limits::check_pixels(
        dpi,
        layout.trim_width + margin,
        layout.trim_height + margin,
        max_megapixels,
    )
    .map_err(Failure::Refused)?;
    let pdf_path = dir.join("proof.pdf");
    std::fs::create_dir_all(&dir)
        .map_err(|e| Diagnostic::error(format!("failed to create {} ({e})", dir.display())))?;
    pdf::write_file_atomic(&pdf_path, &bytes)?;
    let pages = proof::rasterize(&pdf_path, &dir, dpi, false)?;
    // Each page shrunk as it is read: memory stays at the contact sheet's size.
    let images = pages
        .iter()
        .map(|p| proof::read_png_shrunk(p, proof::thumb::CONTACT_CELL_MAX_WIDTH))
        .collect::<Result<Vec<_>, _>>()?;
    let sheet = proof::contact_sheet(&images, 4);
    let sheet_path = dir.join("contact.png");
    proof::write_png(&sheet_path, &sheet)?;
    eprintln!(
        "wrote {} page proofs and {} in {}",
        pages.len(),
        sheet_path.display(),
        dir.display()
    );
    Ok(laid.diags)
}

/// `broadsheet check`: print the report, exit 0 (passed), 1 (errors) or 2 (could not
/// check).
fn run_check(args: &CheckArgs, globals: &Globals) -> ExitCode {
    let CheckArgs {
        file,
        json,
        tac,
        min_text,
    } = args;
    // `check_issue` makes the layout strict and tolerates overset itself.
    let opts = globals.options(false);
    let limits = check::PreflightLimits {
        tac_percent: *tac,
        min_multi_ink_text: *min_text,
        ink_cache: globals.picture_cache.clone(),
        ..check::PreflightLimits::default()
    };
    let report = match check::check_path(file, &limits, &opts) {
        Ok(r) => r,
        Err(d) => {
            eprintln!("{d}");
            return ExitCode::from(2);
        }
    };
    let text = if *json {
        match report.json() {
            Ok(text) => text + "\n",
            Err(d) => {
                eprintln!("{d}");
                return ExitCode::from(2);
            }
        }
    } else {
        report.text()
    };
    // A reader that stops early (`check --json | head -1`) is not an error of ours.
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: failed to write the report ({e})");
            return ExitCode::from(2);
        }
    }
    if report.passed {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// The document date: `--date`, else `$SOURCE_DATE_EPOCH`, else `None` (the issue date
/// at the layout's deadline).
fn document_date(arg: Option<&str>) -> Result<Option<pdf::Timestamp>, Diagnostic> {
    if let Some(s) = arg {
        return pdf::Timestamp::parse(s, 0).map(Some).ok_or_else(|| {
            Diagnostic::error(format!("bad --date `{s}`"))
                .with_hint("write it as 2022-02-08T23:30:00+08:00 (RFC 3339)")
        });
    }
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => v
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(pdf::Timestamp::from_unix)
            .map(Some)
            .ok_or_else(|| {
                Diagnostic::error(format!("bad SOURCE_DATE_EPOCH `{v}`"))
                    .with_hint("seconds since 1970-01-01T00:00:00Z")
            }),
        Err(_) => Ok(None),
    }
}

/// The flow report and the pictures report as JSON, with every diagnostic of the run
/// as text.
fn write_report(
    path: &Path,
    report: &FlowReport,
    pictures: &PictureReport,
    diags: &Diagnostics,
) -> Result<(), Diagnostic> {
    write_text(path, &report_json(report, pictures, diags)?)
}

/// A file a run writes: its path, and its bytes.
type OutputFile = (PathBuf, Vec<u8>);

/// The PDF of a render to commit with the other outputs: its temporary file (synced
/// while the preflight read it when `synced` says how that went, else now), or, for
/// standard output, its bytes to write at `out`.
fn pdf_to_commit(
    written: pdf::Written,
    synced: Option<Result<(), Diagnostic>>,
    out: &Path,
) -> Result<(pdf::Staged, Vec<OutputFile>), Diagnostic> {
    match written {
        pdf::Written::File(f) => {
            match synced {
                Some(done) => done?,
                None => f.sync()?,
            }
            Ok((f.staged, Vec::new()))
        }
        pdf::Written::Memory(bytes) => {
            Ok((pdf::Staged::default(), vec![(out.to_path_buf(), bytes)]))
        }
    }
}

/// Where `render` writes the PDF at `path`: a new temporary file beside it (renamed into
/// place by [`emit_all_after`]), or memory for standard output (written at the end).
fn sink(path: &Path) -> Result<pdf::Sink, Diagnostic> {
    match Target::parse(path) {
        Target::File(p) => {
            let mut staged = pdf::Staged::default();
            let file = staged.open(&p)?;
            Ok(pdf::Sink::File(staged, file))
        }
        Target::Stdout => Ok(pdf::Sink::Memory),
    }
}

/// Write every (path, bytes) of a run after the files `staged` holds: the files all or
/// none (each in full to a temporary file first, then all renamed into place, those of
/// `staged` first), then those for standard output.
fn emit_all_after(mut staged: pdf::Staged, files: &[(PathBuf, Vec<u8>)]) -> Result<(), Diagnostic> {
    for (path, bytes) in files {
        if let Target::File(p) = Target::parse(path) {
            staged.add(&p, bytes)?;
        }
    }
    staged.commit()?;
    for (path, bytes) in files {
        if Target::parse(path) == Target::Stdout {
            emit(path, bytes)?;
        }
    }
    Ok(())
}

fn write_text(path: &Path, text: &str) -> Result<(), Diagnostic> {
    emit(path, text.as_bytes())
}

/// Write `bytes` to `path` atomically, or to standard output for `-`.
fn emit(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    match Target::parse(path) {
        Target::File(p) => pdf::write_file_atomic(&p, bytes),
        Target::Stdout => {
            use std::io::Write;
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(bytes)
                .and_then(|()| stdout.flush())
                .map_err(|e| Diagnostic::error(format!("failed to write to standard output ({e})")))
        }
    }
}
