//! Rendering page by page (`render_pages`: each page written as soon as it is laid out,
//! then let go, into the output's temporary file) gives what laying out the whole issue
//! and then writing it gives.

use std::path::Path;

use broadsheet::diag::{Diagnostic, Diagnostics};
use broadsheet::RenderOptions;

use crate::common;

fn options() -> RenderOptions {
    RenderOptions {
        allow_overset: true,
        ..RenderOptions::default()
    }
}

/// The sample, every fixture and the corpus: the same PDF bytes, dump, pictures placed
/// and messages, page by page as all at once.
#[test]
fn page_by_page_is_the_same_as_all_at_once() {
    let mut issues = common::fixture_issues();
    issues.push("fixtures/corpus/corpus.toml".into());
    let pdf = broadsheet::pdf::PdfOptions::default();
    let mut pages = 0;
    let scratch = common::scratch_root().join("streaming");
    std::fs::create_dir_all(&scratch).unwrap();
    for path in issues {
        let name = path.display().to_string();
        let whole = broadsheet::lay_out(&path, &options());
        // Into a temporary file, as `render` writes it.
        let out = scratch.join("out.pdf");
        let mut staged = broadsheet::pdf::Staged::default();
        let file = staged.open(&out).unwrap();
        let sink = broadsheet::pdf::Sink::File(staged, file);
        let streamed = broadsheet::render_pages_to(&path, &options(), &pdf, true, sink);
        let (whole, streamed) = match (whole, streamed) {
            (Ok(w), Ok(s)) => (w, s),
            (Err(w), Err(s)) => {
                assert_eq!(w.to_string(), s.to_string(), "{name}");
                continue;
            }
            (w, s) => panic!("{name}: {:?} / {:?}", w.err(), s.err()),
        };
        let bytes = broadsheet::write_issue_pdf(&whole, &pdf);
        match (&bytes, &streamed.pdf) {
            (Ok(a), Ok(broadsheet::pdf::Written::File(b))) => {
                let written = b.map().unwrap();
                assert!(a[..] == written[..], "{name}: the PDFs differ");
                assert_eq!(b.len, a.len() as u64, "{name}");
            }
            (a, b) => assert_eq!(a.is_ok(), b.is_ok(), "{name}: {b:?}"),
        }
        assert_eq!(streamed.pages, whole.document.pages.len(), "{name}");
        assert!(streamed.laid.document.pages.is_empty(), "{name}");
        assert_eq!(
            streamed.dump.as_deref(),
            Some(broadsheet::dump::dump_document(&whole.document).as_str()),
            "{name}"
        );
        let report = broadsheet::report::picture_report(&whole.issue, &whole.document);
        assert_eq!(streamed.placed, report.pictures, "{name}");
        assert_eq!(
            streamed.laid.diags.to_string(),
            whole.diags.to_string(),
            "{name}"
        );
        assert_eq!(
            streamed.laid.overset.to_string(),
            whole.overset.to_string(),
            "{name}"
        );
        assert_eq!(
            serde_json::to_string(&streamed.laid.report).unwrap(),
            serde_json::to_string(&whole.report).unwrap(),
            "{name}"
        );
        assert!(
            streamed.laid.document.prepared == whole.document.prepared,
            "{name}"
        );
        pages += streamed.pages;
        // The temporary file goes with the PDF not put in place.
        drop(streamed);
        assert_eq!(std::fs::read_dir(&scratch).unwrap().count(), 0, "{name}");
    }
    std::fs::remove_dir_all(&scratch).unwrap();
    assert!(pages >= 60, "{pages}");
}

/// The sink gets the pages in order, each once; an error it returns stops the layout
/// there and comes back as the layout's error.
#[test]
fn pages_come_in_order_and_the_sink_can_stop_them() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let issue = broadsheet::spec::resolve_issue(Path::new("issue.toml")).unwrap();
    let pictures = broadsheet::pictures::read_pictures(&issue).unwrap();
    let doc = broadsheet::layout::document_without_pages(&issue, pictures);
    let mut seen = Vec::new();
    let laid = broadsheet::layout::lay_out_pages(&issue, &doc, 2, &mut |p| {
        seen.push(p.number);
        Ok(())
    })
    .unwrap();
    assert_eq!(seen, (1..=8).collect::<Vec<u32>>());
    assert_eq!(laid.report.stories.len(), doc.stories.len());

    let mut seen = Vec::new();
    let stopped = broadsheet::layout::lay_out_pages(&issue, &doc, 2, &mut |p| {
        seen.push(p.number);
        if p.number == 3 {
            return Err(Diagnostics(vec![Diagnostic::error("the disk is full")]));
        }
        Ok(())
    });
    assert_eq!(seen, vec![1, 2, 3]);
    assert_eq!(stopped.unwrap_err().to_string(), "error: the disk is full");
}
