//! Fuzzing article input with proptest (stable Rust: cargo-fuzz needs nightly, which
//! this toolchain does not have). Random byte-level mutations of a real article —
//! invalid UTF-8, GBK byte runs, control characters, CR line ends, huge lines, broken
//! front matter — go through the article parser and through the whole render. Each
//! must give a result or errors naming a file, never a panic; a successful render is
//! a PDF.
//!
//! Bounded for CI (a few seconds); `FUZZ_CASES=N` runs N cases of each for a longer
//! campaign. A crash found becomes a regression test here.

use std::path::{Path, PathBuf};

use broadsheet::spec::article::load_article;
use broadsheet::spec::markup::ArticleReading;
use broadsheet::RenderOptions;
use proptest::prelude::*;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn sample() -> Vec<u8> {
    std::fs::read(repo().join("fixtures/hengyang-2022-02-08/articles/p8-notice.txt")).unwrap()
}

#[derive(Debug, Clone)]
enum Mutation {
    /// Any byte at a position (most make invalid UTF-8).
    Byte(usize, u8),
    /// A run of GB 18030 bytes (GBK-encoded Chinese inside a UTF-8 file).
    Gbk(usize, String),
    /// A C0 control character or DEL.
    Control(usize, u8),
    /// A long line of one character (Han, Latin or a space) without a break.
    Huge(usize, char, usize),
    /// Every LF becomes CR (old Mac line ends) or CRLF.
    LineEnds(bool),
    /// A byte deleted.
    Delete(usize),
    /// A `+++` line inserted.
    Fence(usize),
    /// The whole file re-encoded as GB 18030.
    AllGbk,
}

fn apply(bytes: &[u8], muts: &[Mutation]) -> Vec<u8> {
    let mut b = bytes.to_vec();
    for m in muts {
        let at = |i: usize, b: &Vec<u8>| i % (b.len() + 1);
        match m {
            Mutation::Byte(i, v) => {
                let i = at(*i, &b);
                b.insert(i, *v);
            }
            Mutation::Gbk(i, s) => {
                let i = at(*i, &b);
                let enc = encoding_rs::GB18030.encode(s).0.into_owned();
                b.splice(i..i, enc);
            }
            Mutation::Control(i, c) => {
                let i = at(*i, &b);
                b.insert(i, *c);
            }
            Mutation::Huge(i, c, n) => {
                let i = at(*i, &b);
                let run: String = std::iter::repeat_n(*c, *n).collect();
                b.splice(i..i, run.into_bytes());
            }
            Mutation::LineEnds(cr_only) => {
                let to: &[u8] = if *cr_only { b"\r" } else { b"\r\n" };
                b = b.split(|&x| x == b'\n').collect::<Vec<_>>().join(to);
            }
            Mutation::Delete(i) => {
                if !b.is_empty() {
                    let i = i % b.len();
                    b.remove(i);
                }
            }
            Mutation::Fence(i) => {
                let i = at(*i, &b);
                b.splice(i..i, b"\n+++\n".iter().copied());
            }
            Mutation::AllGbk => {
                if let Ok(s) = std::str::from_utf8(&b) {
                    b = encoding_rs::GB18030.encode(s).0.into_owned();
                }
            }
        }
    }
    b
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, v)| Mutation::Byte(i, v)),
        (any::<usize>(), "[衡阳日报春节，。“”]{1,12}").prop_map(|(i, s)| Mutation::Gbk(i, s)),
        (any::<usize>(), prop_oneof![0u8..0x20, Just(0x7F)])
            .prop_map(|(i, c)| Mutation::Control(i, c)),
        (
            any::<usize>(),
            prop_oneof![Just('春'), Just('a'), Just(' '), Just('—')],
            100usize..3000
        )
            .prop_map(|(i, c, n)| Mutation::Huge(i, c, n)),
        any::<bool>().prop_map(Mutation::LineEnds),
        any::<usize>().prop_map(Mutation::Delete),
        any::<usize>().prop_map(Mutation::Fence),
        Just(Mutation::AllGbk),
    ]
}

fn cases(default: u32) -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("fuzz-{name}"));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn fxhash(b: &[u8]) -> u64 {
    b.iter().fold(0xcbf29ce484222325, |h, &x| {
        (h ^ u64::from(x)).wrapping_mul(0x100000001b3)
    })
}

proptest! {
    #![proptest_config(crate::common::proptest_config(cases(256)))]

    #[test]
    fn mutated_articles_parse_or_fail_with_a_file(muts in proptest::collection::vec(mutation(), 1..5)) {
        let bytes = apply(&sample(), &muts);
        let path = scratch("parse").join(format!("{:x}.txt", fxhash(&bytes)));
        std::fs::write(&path, &bytes).unwrap();
        let result = std::panic::catch_unwind(|| load_article(&path, "a".into(), &ArticleReading::default()));
        std::fs::remove_file(&path).unwrap();
        let result = result.map_err(|_| TestCaseError::fail(format!("panicked on {muts:?}")))?;
        if let Err(diags) = result {
            prop_assert!(diags.has_errors());
            for d in &diags.0 {
                prop_assert!(d.file.is_some(), "error without a file: {d}");
            }
        }
    }
}

proptest! {
    #![proptest_config(crate::common::proptest_config(cases(64)))]

    #[test]
    fn mutated_articles_render_or_fail_with_a_file(muts in proptest::collection::vec(mutation(), 1..4)) {
        let bytes = apply(&sample(), &muts);
        let dir = scratch(&format!("render-{:x}", fxhash(&bytes)));
        std::fs::write(dir.join("story.txt"), &bytes).unwrap();
        let layout = repo().join("layouts/hengyang-broadsheet.toml");
        std::fs::write(
            dir.join("issue.toml"),
            format!(
                "layout = {:?}\n[issue]\npaper = \"衡阳日报\"\ndate = 2022-02-08\nnumber = 1\n\
                 [[page]]\ntemplate = \"inside\"\n[[page.story]]\narticle = \"story.txt\"\n\
                 area = {{ col = 1, cols = 4, row = 4, rows = 95 }}\n",
                layout.to_str().unwrap()
            ),
        )
        .unwrap();
        let issue = dir.join("issue.toml");
        let opts = RenderOptions { allow_overset: true, ..Default::default() };
        let result = std::panic::catch_unwind(|| broadsheet::render_issue(&issue, &opts));
        std::fs::remove_dir_all(&dir).unwrap();
        let result = result.map_err(|_| TestCaseError::fail(format!("panicked on {muts:?}")))?;
        match result {
            Ok((_, pdf)) => prop_assert!(pdf.starts_with(b"%PDF-")),
            Err(diags) => {
                prop_assert!(diags.has_errors());
                for d in &diags.0 {
                    prop_assert!(d.file.is_some(), "error without a file: {d}");
                }
            }
        }
    }
}
