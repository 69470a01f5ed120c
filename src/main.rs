//! The `broadsheet` command line: a thin layer over the library.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use broadsheet::diag::{Diagnostic, Diagnostics};
use broadsheet::flow::FlowReport;
use broadsheet::{check, dump, pdf, proof, RenderOptions};
use clap::{Parser, Subcommand};

/// Typeset a Chinese newspaper issue (TOML spec + article texts) into a print-ready PDF.
#[derive(Parser)]
#[command(name = "broadsheet", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Render an issue to PDF.
    Render {
        /// The issue file (e.g. issue.toml).
        issue: PathBuf,
        /// Output PDF; defaults to the issue file's name with .pdf, next to it.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Render even when text is overset (it is still reported).
        #[arg(long)]
        allow_overset: bool,
        /// Also write the layout dump (the golden-file text form) to this file.
        #[arg(long, value_name = "FILE")]
        dump: Option<PathBuf>,
        /// Also write the flow report (overset/underset per story) as JSON to this file.
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
        /// The PDF's creation date, RFC 3339 (2022-02-08T23:30:00+08:00; a plain date is
        /// midnight UTC). Default: $SOURCE_DATE_EPOCH, else the issue date at the
        /// layout's `[output] deadline`.
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
    },
    /// Preflight an issue (everything render would refuse or warn about, then the PDF it
    /// would write) or any PDF (PDF/X-4 conformance, ink coverage, registration colour,
    /// small text). Exit code 0 passed, 1 errors found, 2 could not check.
    Check {
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
    },
    /// Print the layout dump of an issue (page, frame, column, line with positions).
    Dump {
        /// The issue file.
        issue: PathBuf,
        /// Write to this file instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Dump even when text is overset.
        #[arg(long)]
        allow_overset: bool,
    },
    /// Render an issue and write PNG proofs of every page plus a contact sheet
    /// (needs poppler's pdftoppm).
    Proof {
        /// The issue file.
        issue: PathBuf,
        /// Directory for page-N.png and contact.png; defaults to `proofs/` next to the issue.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Resolution of the page images.
        #[arg(long, default_value_t = 40)]
        dpi: u32,
        /// Proof even when text is overset.
        #[arg(long)]
        allow_overset: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Check {
        file,
        json,
        tac,
        min_text,
    } = &cli.command
    {
        return run_check(file, *json, *tac, *min_text);
    }
    match run(cli) {
        Ok(warnings) => {
            print_diags(&warnings);
            ExitCode::SUCCESS
        }
        Err(diags) => {
            print_diags(&diags);
            ExitCode::from(1)
        }
    }
}

fn print_diags(diags: &Diagnostics) {
    for d in &diags.0 {
        eprintln!("{d}");
    }
}

fn run(cli: Cli) -> Result<Diagnostics, Diagnostics> {
    match cli.command {
        Command::Render {
            issue,
            output,
            allow_overset,
            dump: dump_path,
            report,
            date,
        } => {
            let opts = RenderOptions { allow_overset };
            let date = document_date(date.as_deref())?;
            let (laid, bytes) = match broadsheet::render_issue_dated(&issue, &opts, date) {
                Ok(v) => v,
                Err(diags) => {
                    // Overset stops the render, but the report is still written when
                    // asked: lay out again tolerating overset to fill it.
                    if let Some(p) = &report {
                        let tolerant = RenderOptions {
                            allow_overset: true,
                        };
                        if let Ok(laid) = broadsheet::layout_issue(&issue, &tolerant) {
                            write_report(p, &laid.report, &diags)?;
                        }
                    }
                    return Err(diags);
                }
            };
            let out = output.unwrap_or_else(|| issue.with_extension("pdf"));
            pdf::write_file_atomic(&out, &bytes)?;
            let mut warnings = laid.diags.clone();
            warnings.extend(preflight_warnings(&out, &bytes, &laid.issue));
            if let Some(p) = dump_path {
                write_text(&p, &dump::dump_pages(&laid.pages))?;
            }
            if let Some(p) = report {
                write_report(&p, &laid.report, &laid.diags)?;
            }
            eprintln!(
                "wrote {} ({} pages, {} bytes)",
                out.display(),
                laid.document.pages.len(),
                bytes.len()
            );
            Ok(warnings)
        }
        Command::Check { .. } => Ok(Diagnostics::new()),
        Command::Dump {
            issue,
            output,
            allow_overset,
        } => {
            let laid = broadsheet::layout_issue(&issue, &RenderOptions { allow_overset })?;
            let text = dump::dump_pages(&laid.pages);
            match output {
                Some(p) => write_text(&p, &text)?,
                None => print!("{text}"),
            }
            Ok(laid.diags)
        }
        Command::Proof {
            issue,
            output,
            dpi,
            allow_overset,
        } => {
            let (laid, bytes) = broadsheet::render_issue(&issue, &RenderOptions { allow_overset })?;
            let dir = output.unwrap_or_else(|| issue.with_file_name("proofs"));
            let pdf_path = dir.join("proof.pdf");
            std::fs::create_dir_all(&dir).map_err(|e| {
                Diagnostic::error(format!("failed to create {} ({e})", dir.display()))
            })?;
            pdf::write_file_atomic(&pdf_path, &bytes)?;
            let pages = proof::rasterize(&pdf_path, &dir, dpi, false)?;
            let images = pages
                .iter()
                .map(|p| proof::read_png(p))
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
    }
}

/// `broadsheet check`: print the report, exit 0 (passed), 1 (errors) or 2 (could not
/// check).
fn run_check(file: &Path, json: bool, tac: f64, min_text: f64) -> ExitCode {
    let limits = check::Limits {
        tac_percent: tac,
        min_multi_ink_text: min_text,
    };
    let report = match check::check_path(file, &limits) {
        Ok(r) => r,
        Err(d) => {
            eprintln!("{d}");
            return ExitCode::from(2);
        }
    };
    if json {
        match report.json() {
            Ok(text) => println!("{text}"),
            Err(d) => {
                eprintln!("{d}");
                return ExitCode::from(2);
            }
        }
    } else {
        print!("{}", report.text());
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

/// The preflight of the PDF just written, as warnings: render never writes a file it
/// would not pass, and if it did, says so.
fn preflight_warnings(path: &Path, bytes: &[u8], issue: &broadsheet::spec::Issue) -> Diagnostics {
    let out = &issue.layout.output;
    let limits = check::Limits {
        tac_percent: out.tac_percent,
        min_multi_ink_text: out.min_multi_ink_text,
    };
    let mut diags = Diagnostics::new();
    if out.standard == broadsheet::spec::output::Standard::None {
        return diags;
    }
    match check::check_pdf_bytes(path, bytes, &limits) {
        Ok(report) => {
            for e in report.errors() {
                diags.push(Diagnostic::warning(format!("preflight: {e}")).in_file(path));
            }
        }
        Err(d) => diags.push(d),
    }
    diags
}

/// The flow report as JSON, with every diagnostic of the run as text.
fn write_report(path: &Path, report: &FlowReport, diags: &Diagnostics) -> Result<(), Diagnostic> {
    #[derive(serde::Serialize)]
    struct Out<'a> {
        #[serde(flatten)]
        report: &'a FlowReport,
        errors: Vec<String>,
        warnings: Vec<String>,
    }
    let out = Out {
        report,
        errors: diags.errors().map(ToString::to_string).collect(),
        warnings: diags.warnings().map(ToString::to_string).collect(),
    };
    let json = serde_json::to_string_pretty(&out)
        .map_err(|e| Diagnostic::error(format!("failed to write report ({e})")))?;
    write_text(path, &json)
}

fn write_text(path: &Path, text: &str) -> Result<(), Diagnostic> {
    pdf::write_file_atomic(path, text.as_bytes())
}
