//! Article files: TOML front matter between `+++` lines, then paragraphs separated by
//! blank lines. Wire copy is normalised per paragraph (CRLF, stray spaces, a line break
//! inside a paragraph between Han characters) by [`crate::linebreak::normalize_wire_text`].

use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics};
use crate::linebreak::normalize_wire_text;
use crate::spec::load_toml::{parse_toml, SourceFile};
use crate::spec::model::{Article, BodyBlock};
use crate::spec::raw::ArticleHeadSpec;

/// Read and parse one article file. `id` is the name stories use for it.
pub fn load_article(path: &Path, id: String) -> Result<Article, Diagnostics> {
    let mut src = SourceFile::read(path)?;
    // Old Mac editors end lines with CR alone: make every line end a LF first, so the
    // front matter and paragraphs are found (offsets stay on the same lines).
    if src.text.contains('\r') {
        src.text = src.text.replace("\r\n", "\n").replace('\r', "\n");
    }
    let (front, body_start) = split_front_matter(&src)?;
    let head: ArticleHeadSpec = parse_toml(&src, front)?;
    let body = src.text.get(body_start..).unwrap_or("");
    control_character_errors(&src.text, body, body_start, path, &id)?;
    let first_line = src
        .text
        .get(..body_start)
        .map_or(0, |s| s.matches('\n').count())
        + 1;
    let blocks: Vec<BodyBlock> = split_paragraphs(body)
        .into_iter()
        .map(|(text, line)| BodyBlock::paragraph(text, first_line + line))
        .collect();
    if blocks.is_empty() {
        return Err(
            Diagnostic::error("article has no text after the front matter")
                .in_file(path)
                .at_offset(&src.text, body_start)
                .into(),
        );
    }
    Ok(Article {
        id,
        path: path.to_path_buf(),
        kicker: normalize_wire_text(&head.kicker),
        headline: normalize_wire_text(&head.headline),
        subhead: normalize_wire_text(&head.subhead),
        byline: normalize_wire_text(&head.byline),
        blocks,
        encoding: src.encoding,
    })
}

/// Control characters in the body are errors naming their position (issue 11; see
/// [`crate::linebreak::control_characters`]): line and column in the file, and the
/// character index in the article text.
fn control_character_errors(
    file: &str,
    body: &str,
    body_start: usize,
    path: &Path,
    id: &str,
) -> Result<(), Diagnostics> {
    let found = crate::linebreak::control_characters(body);
    if found.is_empty() {
        return Ok(());
    }
    Err(Diagnostics(
        found
            .iter()
            .map(|c| {
                Diagnostic::error(format!(
                    "control character U+{:04X} in article `{id}`, character {} of the text",
                    u32::from(c.ch),
                    c.index + 1
                ))
                .in_file(path)
                .at_offset(file, body_start + c.offset)
                .with_hint("remove it (it has no glyph); only line breaks and tabs are allowed")
            })
            .collect(),
    ))
}

/// Find the `+++` … `+++` block: returns the byte range of the TOML inside and the
/// offset where the body starts.
fn split_front_matter(src: &SourceFile) -> Result<(std::ops::Range<usize>, usize), Diagnostic> {
    let text = src.text.trim_start_matches('\u{FEFF}');
    let skip = src.text.len() - text.len();
    let first_line_end = text.find('\n').unwrap_or(text.len());
    if text.get(..first_line_end).map(str::trim) != Some("+++") {
        return Err(src
            .error_at(
                skip..skip,
                "article must start with a `+++` front matter line",
            )
            .with_hint("write `+++`, then `headline = \"…\"`, then `+++`, then the text"));
    }
    let toml_start = skip + first_line_end + 1;
    let rest = src.text.get(toml_start..).unwrap_or("");
    let mut offset = toml_start;
    for line in rest.split_inclusive('\n') {
        if line.trim() == "+++" {
            return Ok((toml_start..offset, offset + line.len()));
        }
        offset += line.len();
    }
    Err(src.error_at(
        skip..skip,
        "front matter is not closed by a second `+++` line",
    ))
}

/// Split the body into paragraphs at blank lines and normalise each; with the line
/// (0-based, within the body) where each starts.
fn split_paragraphs(body: &str) -> Vec<(String, usize)> {
    let body = body.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = Vec::new();
    let mut current = String::new();
    let mut start = 0;
    for (n, line) in body.split('\n').enumerate() {
        if line
            .trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}')
            .is_empty()
        {
            if !current.is_empty() {
                out.push((normalize_wire_text(&current), start));
                current.clear();
            }
        } else {
            if current.is_empty() {
                start = n;
            }
            current.push_str(line);
            current.push('\n');
        }
    }
    if !current.is_empty() {
        out.push((normalize_wire_text(&current), start));
    }
    out.retain(|p| !p.0.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(name: &str, text: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("broadsheet-article-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn parses_front_matter_and_paragraphs() {
        let p = write(
            "a.txt",
            "+++\r\nheadline = \"标题\"\r\nkicker = \"引题\"\r\n+++\r\n第一段\r\n文字。\r\n\r\n\r\n第二段。\r\n",
        );
        let a = load_article(&p, "a".into()).unwrap();
        assert_eq!(a.headline, "标题");
        assert_eq!(a.kicker, "引题");
        let texts: Vec<&str> = a.texts().collect();
        assert_eq!(texts, vec!["第一段文字。", "第二段。"]);
        assert_eq!(a.blocks[1].line, 9);
    }

    #[test]
    fn unknown_front_matter_key_is_located() {
        let p = write(
            "b.txt",
            "+++\nheadline = \"x\"\nheadlin = \"y\"\n+++\n正文。\n",
        );
        let err = load_article(&p, "b".into()).unwrap_err();
        let d = &err.0[0];
        assert!(d.message.contains("unknown key `headlin`"), "{d}");
        assert_eq!(d.pos.map(|p| (p.line, p.col)), Some((3, 1)));
    }

    #[test]
    fn missing_front_matter_is_an_error() {
        let p = write("c.txt", "正文。\n");
        let err = load_article(&p, "c".into()).unwrap_err();
        assert!(err.to_string().contains("must start with a `+++`"));
    }
}
