//! Whole-issue benchmarks: the sample issue (8 pages) laid out, and laid out + written
//! as PDF; and the pictures' share: reading the sample's 10 photos and 9 ads (files and
//! headers), and writing the PDF of a laid-out issue (fonts, pages, pictures). Run with
//! `cargo bench --bench render`.

use std::path::Path;

use broadsheet::RenderOptions;
use criterion::{criterion_group, criterion_main, Criterion};

fn bench(c: &mut Criterion) {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let issue = Path::new("issue.toml");
    let opts = RenderOptions::default();
    let mut group = c.benchmark_group("sample-issue");
    group.sample_size(20);
    group.bench_function("layout", |b| {
        b.iter(|| broadsheet::layout_issue(issue, &opts).unwrap())
    });
    group.bench_function("render-pdf", |b| {
        b.iter(|| broadsheet::render_issue(issue, &opts).unwrap())
    });
    let spec = broadsheet::spec::resolve_issue(issue).unwrap();
    group.bench_function("read-pictures", |b| {
        b.iter(|| broadsheet::pictures::read_pictures(&spec).unwrap())
    });
    let laid = broadsheet::layout_issue(issue, &opts).unwrap();
    group.bench_function("write-pdf", |b| {
        b.iter(|| {
            broadsheet::pdf::write_pdf(&laid.document, &broadsheet::pdf::PdfOptions::default())
                .unwrap()
        })
    });
    // The same document with its pictures taken out: the difference is what pictures
    // cost the PDF writer (JPEG passthrough, PNG decode + deflate, ad pages copied).
    let mut bare = laid.document.clone();
    for page in &mut bare.pages {
        page.items
            .retain(|i| !matches!(i, broadsheet::page::Item::Image(_)));
    }
    group.bench_function("write-pdf-without-pictures", |b| {
        b.iter(|| {
            broadsheet::pdf::write_pdf(&bare, &broadsheet::pdf::PdfOptions::default()).unwrap()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
