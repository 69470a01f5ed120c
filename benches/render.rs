//! Whole-issue benchmarks: the sample issue (8 pages) laid out, and laid out + written
//! as PDF. Run with `cargo bench --bench render`.

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
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
