//! Plain wire copy (`format = "plain"`, the default; README "Articles"): the body is
//! text and nothing else. No character is markup, so `2*3元`, `*ST金泰`, `张**`,
//! `<sanvila@debian.org>`, `- 完 -` and `2022. 是…` are set exactly as they are.
//!
//! Paragraphs are found the way copy from agencies, CMSs and word processors marks them:
//!
//! * a blank line (or a line of spaces, U+3000 or other white space) ends a paragraph;
//! * an indented line starts one — a tab, U+3000 (the Chinese first-line indent 　　) or
//!   two or more spaces (copy pasted from Word or a web page) at the line start. The
//!   copy's own indent is dropped: the house indent of the paragraph style replaces it;
//! * a separator line (three or more of `-` `=` `*` `_` `~` `#`, nothing else but
//!   spaces, as agencies put under a dateline) is a paragraph of its own, set as it is;
//! * the other lines of a paragraph are joined as wire copy
//!   ([`crate::linebreak::normalize_wire_text`]: no space between Han characters).
//!
//! In a `kind = "verse"` article every line is a verse line (lines are not joined) and
//! a blank line is a stanza break.

use crate::linebreak::normalize_wire_text;
use crate::spec::model::{BlockKind, BodyBlock};

/// The blocks of the plain text `text`; `line_of(offset)` gives the file line
/// (1-based) of a byte offset of `text`.
pub fn plain_blocks(text: &str, verse: bool, line_of: impl Fn(usize) -> usize) -> Vec<BodyBlock> {
    let mut out = Vec::new();
    let mut para = String::new();
    let mut para_start = 0;
    let mut stanza_break = false;
    let mut in_poem = false;
    let flush = |para: &mut String, start: usize, out: &mut Vec<BodyBlock>| {
        let t = normalize_wire_text(para.trim_start_matches(char::is_whitespace));
        para.clear();
        if !t.is_empty() {
            out.push(BodyBlock::paragraph(t, line_of(start)));
        }
    };
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let line = raw.strip_suffix('\n').unwrap_or(raw);
        if line.chars().all(char::is_whitespace) {
            flush(&mut para, para_start, &mut out);
            stanza_break = in_poem;
            continue;
        }
        if verse {
            let t = normalize_wire_text(line.trim_start_matches(char::is_whitespace));
            if t.is_empty() {
                continue;
            }
            out.push(BodyBlock {
                kind: BlockKind::Verse {
                    stanza_break,
                    poem_start: !in_poem,
                },
                text: t.into(),
                inlines: Vec::new(),
                line: line_of(start),
            });
            in_poem = true;
            stanza_break = false;
            continue;
        }
        let separator = is_separator(line);
        if is_indented(line) || separator || para.is_empty() {
            flush(&mut para, para_start, &mut out);
            para_start = start;
        }
        para.push_str(line);
        para.push('\n');
        if separator {
            flush(&mut para, para_start, &mut out);
        }
    }
    flush(&mut para, para_start, &mut out);
    out
}

/// A line that opens with a first-line indent: a tab, U+3000, or two or more white
/// space characters (a single stray space is not an indent).
pub fn is_indented(line: &str) -> bool {
    let mut chars = line.chars();
    match chars.next() {
        Some('\t' | '\u{3000}') => true,
        Some(c) if c.is_whitespace() => chars.next().is_some_and(char::is_whitespace),
        _ => false,
    }
}

/// A line of three or more of one separator character (`-` `=` `*` `_` `~` `#`),
/// spaces allowed between them: `---`, `* * *`, `======`.
pub fn is_separator(line: &str) -> bool {
    let marks: Vec<char> = line.chars().filter(|c| !c.is_whitespace()).collect();
    marks.len() >= 3
        && matches!(marks[0], '-' | '=' | '*' | '_' | '~' | '#')
        && marks.iter().all(|&c| c == marks[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(text: &str) -> Vec<(String, usize)> {
        let starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        plain_blocks(text, false, |o| starts.partition_point(|&s| s <= o))
            .into_iter()
            .map(|b| (b.text.to_string(), b.line))
            .collect()
    }

    fn texts(text: &str) -> Vec<String> {
        blocks(text).into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn nothing_is_markup() {
        let src = "单价为2*3元，总价为4*5元；规格为5*3*2米。\n\n犯罪嫌疑人张**和李**被抓获。\n\n*ST金泰、*ST运盛等个股逆势涨停，blurf* comp.os.linux.*\n\n- 完 -\n\n2022. 是关键的一年。\n\n## 不是小标题\n\n> 不是引文 <sanvila@debian.org> [1]: x `代码` &amp; \\* <br>\n";
        assert_eq!(
            texts(src),
            [
                "单价为2*3元，总价为4*5元；规格为5*3*2米。",
                "犯罪嫌疑人张**和李**被抓获。",
                "*ST金泰、*ST运盛等个股逆势涨停，blurf* comp.os.linux.*",
                "- 完 -",
                "2022. 是关键的一年。",
                "## 不是小标题",
                "> 不是引文 <sanvila@debian.org> [1]: x `代码` &amp; \\* <br>",
            ]
        );
    }

    #[test]
    fn blank_lines_and_wire_breaks() {
        assert_eq!(
            blocks("第一段\n文字。\n \n\u{3000}\n第二段。\n"),
            [("第一段文字。".to_string(), 1), ("第二段。".to_string(), 5)]
        );
    }

    #[test]
    fn indented_lines_start_paragraphs_and_lose_their_indent() {
        assert_eq!(
            texts("\u{3000}\u{3000}第一段。\n\u{3000}\u{3000}第二段，\n接着。\n    第三段。\n\t第四段。\n\u{A0}\u{A0}第五段。\n 第五段续。\n"),
            ["第一段。", "第二段，接着。", "第三段。", "第四段。", "第五段。第五段续。"]
        );
    }

    #[test]
    fn separator_lines_stand_alone() {
        assert_eq!(
            texts("新华社北京2月7日电\n---\n正文一。\n* * *\n正文二。\n"),
            ["新华社北京2月7日电", "---", "正文一。", "* * *", "正文二。"]
        );
        assert!(!is_separator("--"));
        assert!(!is_separator("-a-"));
        assert!(!is_separator("-=-"));
    }

    #[test]
    fn verse_lines_are_not_joined() {
        let text = "一二\n三四\n\n五六\n";
        let starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let b = plain_blocks(text, true, |o| starts.partition_point(|&s| s <= o));
        let kinds: Vec<BlockKind> = b.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [
                BlockKind::Verse {
                    stanza_break: false,
                    poem_start: true
                },
                BlockKind::Verse {
                    stanza_break: false,
                    poem_start: false
                },
                BlockKind::Verse {
                    stanza_break: true,
                    poem_start: false
                },
            ]
        );
        assert_eq!((&*b[2].text, b[2].line), ("五六", 4));
    }
}
