//! What the generated-issue benchmarks share: a fixed pseudo-random sequence and the
//! sample's sentences to draw text from.

use std::path::PathBuf;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// xorshift64*: a fixed sequence, the same on every machine.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The sentences of the sample's article bodies (front matter dropped), each ending in
/// its own 。！？ mark.
pub fn sentences() -> Vec<String> {
    let dir = root().join("fixtures/hengyang-2022-02-08/articles");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the sample's articles")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).expect("an article");
        let body = text.splitn(3, "+++").nth(2).unwrap_or(&text);
        let mut current = String::new();
        for c in body.chars().filter(|c| !c.is_whitespace()) {
            current.push(c);
            if matches!(c, '。' | '！' | '？') {
                out.push(std::mem::take(&mut current));
            }
        }
    }
    out
}

/// A headline: the start of a sentence, without quotation marks, cut before a pause.
pub fn headline(sentence: &str) -> String {
    sentence
        .chars()
        .filter(|c| !matches!(c, '"' | '\\' | '“' | '”' | '‘' | '’'))
        .take_while(|c| !matches!(c, '，' | '。' | '：' | '；' | '！' | '？'))
        .take(14)
        .collect()
}
