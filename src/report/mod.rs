//! The `--report` JSON, an output of the page description like the PDF and the dump:
//! the flow report (stories set, overset, underset, loose lines), the pictures placed
//! and the placeholders left (`pictures`), and every diagnostic of the run.

pub mod pictures;

use serde::Serialize;

use crate::diag::{Diagnostic, Diagnostics};
use crate::layout::flow::FlowReport;
pub use pictures::{picture_report, placeholder_errors, PictureReport};

/// The `--report` JSON: the flow report, the pictures, and every diagnostic.
pub fn report_json(
    report: &FlowReport,
    pictures: &PictureReport,
    diags: &Diagnostics,
) -> Result<String, Diagnostic> {
    #[derive(Serialize)]
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
    serde_json::to_string_pretty(&out)
        .map_err(|e| Diagnostic::error(format!("failed to write report ({e})")))
}
