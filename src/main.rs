//! The `broadsheet` command line: a thin layer over the library.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use broadsheet::diag::{Diagnostic, Diagnostics};
use broadsheet::layout::flow::FlowReport;
use broadsheet::pictures::report::{picture_report, placeholder_errors, PictureReport};
use broadsheet::{dump, pdf, proof, RenderOptions};
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
        /// Also write the flow report (overset/underset per story, pictures placed,
        /// placeholders) as JSON to this file.
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
        /// For the plant: a photo or ad without its file (a placeholder) is an error.
        #[arg(long = "final")]
        final_: bool,
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
            final_,
        } => {
            let opts = RenderOptions { allow_overset };
            let (laid, bytes) = match broadsheet::render_issue(&issue, &opts) {
                Ok(v) => v,
                Err(diags) => {
                    // Overset stops the render, but the report is still written when
                    // asked: lay out again tolerating overset to fill it.
                    if let Some(p) = &report {
                        let tolerant = RenderOptions {
                            allow_overset: true,
                        };
                        if let Ok(laid) = broadsheet::layout_issue(&issue, &tolerant) {
                            let pics = picture_report(&laid.issue, &laid.document);
                            write_report(p, &laid.report, &pics, &diags)?;
                        }
                    }
                    return Err(diags);
                }
            };
            let pics = picture_report(&laid.issue, &laid.document);
            if final_ {
                let errors = placeholder_errors(&pics);
                if errors.has_errors() {
                    if let Some(p) = &report {
                        let mut all = laid.diags.clone();
                        all.extend(errors.clone());
                        write_report(p, &laid.report, &pics, &all)?;
                    }
                    return Err(errors);
                }
            }
            let out = output.unwrap_or_else(|| issue.with_extension("pdf"));
            pdf::write_file_atomic(&out, &bytes)?;
            if let Some(p) = dump_path {
                write_text(&p, &dump::dump_document(&laid.document))?;
            }
            if let Some(p) = report {
                write_report(&p, &laid.report, &pics, &laid.diags)?;
            }
            eprintln!(
                "wrote {} ({} pages, {} bytes)",
                out.display(),
                laid.document.pages.len(),
                bytes.len()
            );
            Ok(laid.diags)
        }
        Command::Dump {
            issue,
            output,
            allow_overset,
        } => {
            let laid = broadsheet::layout_issue(&issue, &RenderOptions { allow_overset })?;
            let text = dump::dump_document(&laid.document);
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

/// The flow report and the pictures report as JSON, with every diagnostic of the run
/// as text.
fn write_report(
    path: &Path,
    report: &FlowReport,
    pictures: &PictureReport,
    diags: &Diagnostics,
) -> Result<(), Diagnostic> {
    #[derive(serde::Serialize)]
    struct Out<'a> {
        #[serde(flatten)]
        report: &'a FlowReport,
        #[serde(flatten)]
        pictures: &'a PictureReport,
        errors: Vec<String>,
        warnings: Vec<String>,
    }
    let out = Out {
        report,
        pictures,
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
