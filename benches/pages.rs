//! Pages benchmark: generated issues of 8, 80 and 400 pages rendered to PDF as
//! `broadsheet render` does (page by page, then the preflight), each in a process of its
//! own, reporting the wall time, the time per page, the marginal time per
//! page (between two sizes) and the peak memory (the process's `VmHWM`).
//!
//! Run with `cargo bench --bench pages` (release build); `BENCH_PAGES=8,80` picks the
//! sizes, `BENCH_RUNS=5` the runs per size (the median is reported).
//!
//! Then the sample issue (`issue.toml`) rendered by the `broadsheet` binary, whole
//! process, with a cold and a warm cache folder (`BENCH_SAMPLE=0` leaves it out).
//!
//! The issues are generated deterministically into `target/bench-pages/<n>/`: every page
//! is an inside page of the house layout with four stories, their text drawn sentence by
//! sentence from the sample's articles (`fixtures/hengyang-2022-02-08/articles`) by a
//! fixed pseudo-random sequence, so no two stories repeat and every run sets the same
//! text (about 7,500 characters a page, as a real page of 衡阳日报).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use common::{headline, root, sentences, Rng};

/// The stories of a generated page: area (col, cols, row, rows) on the 8 × 99 grid.
const AREAS: [(u32, u32, u32, u32); 4] =
    [(1, 5, 4, 48), (6, 3, 4, 48), (1, 4, 52, 48), (5, 4, 52, 48)];

/// Characters a body line holds, and the share of an area the generated text fills
/// (the rest: headline block, blank lines).
const LINE_CHARS: u32 = 13;
const FILL: f64 = 0.86;

/// Write an issue of `pages` pages into `dir`; returns the path of its `issue.toml`.
fn generate(dir: &Path, pages: u32, sentences: &[String]) -> PathBuf {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("articles")).expect("a bench folder");
    let layout = root().join("layouts/hengyang-broadsheet.toml");
    let mut issue = format!(
        "layout = {:?}\n[issue]\npaper = \"衡阳日报\"\ndate = 2022-02-08\nnumber = 18079\n",
        layout.display().to_string()
    );
    let mut rng = Rng(0x6272_6f61_6473_6874 ^ u64::from(pages));
    for page in 1..=pages {
        issue.push_str(&format!(
            "\n[[page]]\ntemplate = \"inside\"\nsection = \"第{page}版\"\n"
        ));
        for (k, (col, cols, row, rows)) in AREAS.iter().enumerate() {
            let chars = (f64::from(cols * rows * LINE_CHARS) * FILL) as usize;
            let name = format!("p{page}-{k}.txt");
            let headline = headline(&sentences[rng.below(sentences.len())]);
            let mut body = String::new();
            let mut paragraph = 0;
            while body.chars().count() < chars {
                body.push_str(&sentences[rng.below(sentences.len())]);
                paragraph += 1;
                if paragraph % 4 == 0 {
                    body.push_str("\n\n");
                }
            }
            std::fs::write(
                dir.join("articles").join(&name),
                format!("+++\nheadline = \"{headline}\"\n+++\n{body}\n"),
            )
            .expect("an article file");
            issue.push_str(&format!(
                "\n[[page.story]]\narticle = \"articles/{name}\"\narea = {{ col = {col}, cols = {cols}, row = {row}, rows = {rows} }}\n"
            ));
        }
    }
    let path = dir.join("issue.toml");
    std::fs::write(&path, issue).expect("issue.toml");
    path
}

/// In the child process: render `issue` to `out`, then print the peak memory (kB).
fn render_one(issue: &Path, out: &Path) {
    let opts = broadsheet::RenderOptions {
        allow_overset: true,
        ..broadsheet::RenderOptions::default()
    };
    // What `broadsheet render` does: the pages written into the output's temporary file
    // as they are laid out, then the preflight of the standard the layout claims (the
    // file read in place), then the file put in place.
    let mut staged = broadsheet::pdf::Staged::default();
    let file = staged.open(out).expect("a temporary file");
    let sink = broadsheet::pdf::Sink::File(staged, file);
    let rendered = broadsheet::render_pages_to(issue, &opts, &Default::default(), false, sink)
        .unwrap_or_else(|d| panic!("{}: {d}", issue.display()));
    let written = rendered
        .pdf
        .unwrap_or_else(|d| panic!("{}: {d}", issue.display()));
    let (bytes, file) = written.share().expect("the PDF written");
    let findings = broadsheet::claim_findings(&rendered.laid, &bytes, false, None)
        .unwrap_or_else(|d| panic!("{}: {d}", issue.display()));
    assert!(
        findings.is_none(),
        "{}: fails its preflight",
        issue.display()
    );
    drop(bytes);
    let file = file.expect("a PDF in its file");
    file.sync().expect("the PDF synced");
    file.staged.commit().expect("the PDF in place");
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let peak = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .map_or("0", |v| v.trim().trim_end_matches(" kB"));
    println!("peak_kb {peak}");
}

/// Render `issue` in a child process: (wall seconds, peak kB).
fn measure(issue: &Path) -> (f64, u64) {
    let exe = std::env::current_exe().expect("this benchmark's path");
    let started = Instant::now();
    let out = Command::new(exe)
        .arg("--render-one")
        .arg(issue)
        .arg(issue.with_extension("pdf"))
        .output()
        .expect("the child render");
    let wall = started.elapsed().as_secs_f64();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let peak = stdout
        .lines()
        .find_map(|l| l.strip_prefix("peak_kb "))
        .and_then(|v| v.parse().ok())
        .expect("the child's peak memory");
    (wall, peak)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--render-one") {
        render_one(Path::new(&args[i + 1]), Path::new(&args[i + 2]));
        return;
    }
    let sizes: Vec<u32> = std::env::var("BENCH_PAGES")
        .unwrap_or_else(|_| "8,80,400".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let sentences = sentences();
    let base = root().join("target/bench-pages");
    println!("pages  wall (median of {runs})  ms/page  marginal ms/page  peak MB");
    let mut previous: Option<(u32, f64)> = None;
    for &pages in &sizes {
        let issue = generate(&base.join(pages.to_string()), pages, &sentences);
        let mut walls = Vec::new();
        let mut peak = 0;
        for _ in 0..runs.max(1) {
            let (wall, kb) = measure(&issue);
            walls.push(wall);
            peak = peak.max(kb);
        }
        walls.sort_by(f64::total_cmp);
        let wall = walls[walls.len() / 2];
        let marginal = match previous {
            Some((p, w)) if pages > p => {
                format!("{:.1}", (wall - w) * 1000.0 / f64::from(pages - p))
            }
            _ => String::from("—"),
        };
        println!(
            "{pages:>5}  {wall:>8.3} s  {:>16.1}  {marginal:>16}  {:>7.1}",
            wall * 1000.0 / f64::from(pages),
            peak as f64 / 1024.0
        );
        previous = Some((pages, wall));
    }
    if std::env::var("BENCH_SAMPLE").as_deref() != Ok("0") {
        sample(&base, runs.max(1));
    }
}

/// The sample issue as the night shift renders it: the whole `broadsheet render`
/// process, with an empty cache folder (cold: fonts subset, pictures checked and
/// prepared) and with the cache a first run left (warm), the median of `runs` each.
fn sample(base: &Path, runs: usize) {
    let cache = base.join("sample-cache");
    let out = base.join("sample.pdf");
    let once = || {
        let started = Instant::now();
        let done = Command::new(env!("CARGO_BIN_EXE_broadsheet"))
            .current_dir(root())
            .args(["render", "issue.toml", "-o"])
            .arg(&out)
            .arg("--cache")
            .arg(&cache)
            .output()
            .expect("broadsheet render");
        assert!(
            done.status.success(),
            "{}",
            String::from_utf8_lossy(&done.stderr)
        );
        started.elapsed().as_secs_f64()
    };
    let median = |mut walls: Vec<f64>| {
        walls.sort_by(f64::total_cmp);
        walls[walls.len() / 2]
    };
    let cold = median(
        (0..runs)
            .map(|_| {
                let _ = std::fs::remove_dir_all(&cache);
                once()
            })
            .collect(),
    );
    let warm = median((0..runs).map(|_| once()).collect());
    let _ = std::fs::remove_dir_all(&cache);
    println!(
        "sample issue.toml (8 pages), whole `broadsheet render`, median of {runs}: cold cache {:.0} ms, warm cache {:.0} ms",
        cold * 1000.0,
        warm * 1000.0
    );
}
