//! Make-up benchmark: how long the make-up step (自动组版) takes to place and size the
//! stories of a page given only their columns, on a generated 8-page issue of 40
//! stories (pages of 2 to 10 stories above a quarter-page ad).
//!
//! Run with `cargo bench --bench makeup` (release build); `BENCH_RUNS=5` sets the runs
//! (the median is reported).
//!
//! The issue is generated deterministically into `target/bench-makeup/`: each page has
//! a hand-made arrangement (the areas below), and each story's text is drawn sentence
//! by sentence from the sample's articles and cut, by halving its number of characters
//! and laying the issue out, to the most its area holds. `fixed.toml` gives every area;
//! `auto.toml` gives the same stories only `cols`, in reading order, and `page-N.toml`
//! holds page N alone that way. The benchmark times the make-up step (spec read once,
//! then `layout::makeup::make_up`) for each page and the whole issue, and checks that
//! the made-up issue renders to the same PDF as the fixed one.

mod common;

use std::path::{Path, PathBuf};
use std::time::Instant;

use broadsheet::layout::makeup::make_up;
use broadsheet::layout::setter::Setter;
use broadsheet::RenderOptions;
use common::{headline, root, sentences, Rng};

type Areas = &'static [(u32, u32, u32, u32)];

/// Two stories side by side.
const T2: Areas = &[(1, 5, 4, 70), (6, 3, 4, 70)];
/// A wide story beside two stacked ones.
const T3: Areas = &[(1, 5, 4, 70), (6, 3, 4, 35), (6, 3, 39, 35)];
/// Five: two on top, three below.
const T5: Areas = &[
    (1, 5, 4, 30),
    (6, 3, 4, 42),
    (1, 3, 34, 40),
    (4, 2, 34, 40),
    (6, 3, 46, 28),
];
/// Eight: two tiers of four 2-column stories.
const T8: Areas = &[
    (1, 2, 4, 35),
    (3, 2, 4, 35),
    (5, 2, 4, 35),
    (7, 2, 4, 35),
    (1, 2, 39, 35),
    (3, 2, 39, 35),
    (5, 2, 39, 35),
    (7, 2, 39, 35),
];
/// Ten: five tiers of two 4-column stories.
const T10: Areas = &[
    (1, 4, 4, 14),
    (5, 4, 4, 14),
    (1, 4, 18, 14),
    (5, 4, 18, 14),
    (1, 4, 32, 14),
    (5, 4, 32, 14),
    (1, 4, 46, 14),
    (5, 4, 46, 14),
    (1, 4, 60, 14),
    (5, 4, 60, 14),
];
const PAGES: [Areas; 8] = [T5, T5, T8, T5, T10, T3, T2, T2];

/// A story's text: the sentences drawn for it (in paragraphs of four), and how many of
/// its characters it sets.
struct Story {
    page: usize,
    area: (u32, u32, u32, u32),
    headline: String,
    body: Vec<char>,
    /// Characters that fit for sure, and at most.
    lo: usize,
    hi: usize,
}

fn stories(sentences: &[String]) -> Vec<Story> {
    let mut rng = Rng(0x6d61_6b65_7570);
    let mut out = Vec::new();
    for (p, areas) in PAGES.iter().enumerate() {
        for &area in areas.iter() {
            let (_, cols, _, rows) = area;
            let capacity = (cols * rows * 13) as usize * 13 / 10;
            let mut body = String::new();
            let mut n = 0;
            while body.chars().count() < capacity {
                body.push_str(&sentences[rng.below(sentences.len())]);
                n += 1;
                if n % 4 == 0 {
                    body.push_str("\n\n");
                }
            }
            let body: Vec<char> = body.chars().collect();
            out.push(Story {
                page: p,
                area,
                headline: headline(&sentences[rng.below(sentences.len())]),
                hi: body.len(),
                body,
                lo: 1,
            });
        }
    }
    out
}

/// Write every story's article with the first `count(story)` characters of its body.
fn write_articles(dir: &Path, stories: &[Story], count: impl Fn(&Story) -> usize) {
    for (i, s) in stories.iter().enumerate() {
        let body: String = s.body.iter().take(count(s)).collect();
        std::fs::write(
            dir.join(format!("articles/s{i}.txt")),
            format!("+++\nheadline = \"{}\"\n+++\n{body}\n", s.headline),
        )
        .expect("an article");
    }
}

/// How a generated issue gives its stories' places.
#[derive(Clone, Copy, PartialEq)]
enum Give {
    /// `area`, whole.
    Area,
    /// `cols = N`.
    Cols,
    /// `cols = [N - 1, N + 1]` (within 1–8): the solver chooses widths too.
    Range,
}

/// Write an issue of `pages` (indices into [`PAGES`]) to `name`, each story's place
/// given as `give` says.
fn write_issue(dir: &Path, name: &str, stories: &[Story], pages: &[usize], give: Give) -> PathBuf {
    let layout = root().join("layouts/hengyang-broadsheet.toml");
    let mut issue = format!(
        "layout = {:?}\n[issue]\npaper = \"衡阳日报\"\ndate = 2022-02-08\nnumber = 18079\n",
        layout.display().to_string()
    );
    for &p in pages {
        issue.push_str(&format!(
            "\n[[page]]\ntemplate = \"inside\"\nsection = \"第{}版\"\n",
            p + 1
        ));
        for (i, s) in stories.iter().enumerate().filter(|(_, s)| s.page == p) {
            let (col, cols, row, rows) = s.area;
            let place = match give {
                Give::Area => {
                    format!("area = {{ col = {col}, cols = {cols}, row = {row}, rows = {rows} }}")
                }
                Give::Cols => format!("cols = {cols}"),
                Give::Range => format!("cols = [{}, {}]", (cols - 1).max(1), (cols + 1).min(8)),
            };
            issue.push_str(&format!(
                "\n[[page.story]]\narticle = \"articles/s{i}.txt\"\n{place}\n"
            ));
        }
        issue.push_str(
            "\n[[page.ad]]\narea = { col = 1, cols = 8, row = 74, rows = 26 }\ntitle = \"广告\"\n",
        );
    }
    let path = dir.join(name);
    std::fs::write(&path, issue).expect("an issue file");
    path
}

/// Cut each story's text to the most characters its area holds (halving, all stories
/// at once: one layout of the fixed issue a round).
fn fit_texts(dir: &Path, stories: &mut [Story]) {
    let all: Vec<usize> = (0..PAGES.len()).collect();
    let opts = RenderOptions {
        allow_overset: true,
        ..RenderOptions::default()
    };
    while stories.iter().any(|s| s.lo < s.hi) {
        let mid = |s: &Story| (s.lo + s.hi).div_ceil(2);
        write_articles(dir, stories, mid);
        let issue = write_issue(dir, "fixed.toml", stories, &all, Give::Area);
        let laid = broadsheet::lay_out(&issue, &opts).unwrap_or_else(|e| panic!("{e}"));
        for (i, s) in stories.iter_mut().enumerate() {
            let id = format!("s{i}");
            let r = laid
                .report
                .stories
                .iter()
                .find(|r| r.id == id)
                .expect("every story reported");
            let m = mid(s);
            if r.overset_lines > 0 || r.head_overset_lines > 0 {
                s.hi = m - 1;
            } else {
                s.lo = m;
            }
        }
    }
    write_articles(dir, stories, |s| s.lo);
}

/// The make-up step on `issue`: (median seconds, areas placed, problems).
fn time_makeup(issue: &Path, runs: usize) -> (f64, usize, usize) {
    let resolved = broadsheet::spec::resolve_issue(issue).unwrap_or_else(|e| panic!("{e}"));
    let mut times = Vec::new();
    let mut result = (0, 0);
    for _ in 0..runs.max(1) {
        let mut setter = Setter::new(&resolved.fonts);
        let started = Instant::now();
        let made = make_up(&resolved, &mut setter).unwrap_or_else(|e| panic!("{e}"));
        times.push(started.elapsed().as_secs_f64());
        let made = made.expect("areas to decide");
        result = (made.report.placed.len(), made.report.problems.len());
    }
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], result.0, result.1)
}

fn main() {
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let dir = root().join("target/bench-makeup");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("articles")).expect("a bench folder");
    let sentences = sentences();
    let mut stories = stories(&sentences);
    let started = Instant::now();
    fit_texts(&dir, &mut stories);
    println!(
        "generated {} stories on {} pages, texts cut to their areas in {:.1} s",
        stories.len(),
        PAGES.len(),
        started.elapsed().as_secs_f64()
    );
    let all: Vec<usize> = (0..PAGES.len()).collect();
    let fixed = write_issue(&dir, "fixed.toml", &stories, &all, Give::Area);
    let auto = write_issue(&dir, "auto.toml", &stories, &all, Give::Cols);
    let ranges = write_issue(&dir, "ranges.toml", &stories, &all, Give::Range);
    println!("page  stories  make-up ms (median of {runs})  placed  problems");
    for (p, areas) in PAGES.iter().enumerate() {
        let issue = write_issue(
            &dir,
            &format!("page-{}.toml", p + 1),
            &stories,
            &[p],
            Give::Cols,
        );
        let (secs, placed, problems) = time_makeup(&issue, runs);
        println!(
            "{:>4}  {:>7}  {:>26.1}  {placed:>6}  {problems:>8}",
            p + 1,
            areas.len(),
            secs * 1000.0
        );
    }
    let (secs, placed, problems) = time_makeup(&auto, runs);
    println!(
        " all  {:>7}  {:>26.1}  {placed:>6}  {problems:>8}",
        stories.len(),
        secs * 1000.0
    );
    let (secs, placed, problems) = time_makeup(&ranges, runs);
    println!(
        " all  {:>7}  {:>26.1}  {placed:>6}  {problems:>8}   (cols = [N - 1, N + 1])",
        stories.len(),
        secs * 1000.0
    );
    let opts = RenderOptions::default();
    let pdf = |p: &Path| broadsheet::render_issue(p, &opts).map(|(_, b)| b);
    match (pdf(&fixed), pdf(&auto)) {
        (Ok(a), Ok(b)) => println!(
            "made-up issue renders to the same PDF as the fixed areas: {}",
            if a == b { "yes" } else { "no" }
        ),
        (Err(e), _) | (_, Err(e)) => println!("render failed: {e}"),
    }
}
