//! Generated wording: the text the engine writes itself rather than takes from copy —
//! Chinese numerals (版序 in jump lines and folios, list labels), circled serials of
//! jumps and lists, page references filled into the layout's templates, and the
//! issue's name as the PDF title and the slug line give it. One place for each, so the
//! masthead, the jump lines, the lists and the slug always write a number the same way.

use super::template::{page_number, Field, Segment, Template};
use super::IssueInfo;

/// A number in Chinese numerals (〇, 一 … 十, 十一 … 九十九), Arabic from 100 on.
pub fn han_number(n: u32) -> String {
    const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let digit = |d: u32| DIGITS.get(d as usize).copied().unwrap_or('〇');
    let mut s = String::new();
    match n {
        0..=9 => s.push(digit(n)),
        10..=99 => {
            if n >= 20 {
                s.push(digit(n / 10));
            }
            s.push('十');
            if !n.is_multiple_of(10) {
                s.push(digit(n % 10));
            }
        }
        _ => s = n.to_string(),
    }
    s
}

/// The circled number ①–⑳ (U+2460…) for 1–20; `None` beyond, where each use has its
/// own fallback (a jump's `(21)`, a list's `21.`).
pub fn circled(n: u32) -> Option<char> {
    match n {
        1..=20 => char::from_u32(0x2460 + n - 1),
        _ => None,
    }
}

/// A jump's serial mark: ①–⑳, then the number in parentheses.
pub fn jump_mark(n: u32) -> String {
    circled(n).map_or_else(|| format!("({n})"), String::from)
}

/// Fill a template whose fields are page references (jump lines, teasers): `{page}`,
/// `{page_cn}` and `{mark}`; other fields write nothing.
pub fn fill_reference(t: &Template, page: u32, mark: &str) -> String {
    let mut out = String::new();
    for seg in &t.segments {
        match seg {
            Segment::Text(s) => out.push_str(s),
            Segment::Field(Field::Page, f) => out.push_str(&page_number(page, f.as_deref())),
            Segment::Field(Field::PageCn, _) => out.push_str(&han_number(page)),
            Segment::Field(Field::Mark, _) => out.push_str(mark),
            Segment::Field(..) => {}
        }
    }
    out
}

/// The issue's name: paper, date and number (`衡阳日报 2022-02-08 第18079号`), the PDF
/// title and the start of every slug line.
pub fn issue_name(info: &IssueInfo) -> String {
    format!(
        "{} {}-{:02}-{:02} 第{}号",
        info.paper, info.date.year, info.date.month, info.date.day, info.number
    )
}

/// A page's slug line (the text outside the trim that names the plate): the issue's
/// name, `第N版`, the section, and the printing condition when the layout names one.
pub fn slug_text(info: &IssueInfo, page: u32, section: &str, condition: &str) -> String {
    let mut text = format!("{} · 第{page}版 {section}", issue_name(info));
    if !condition.is_empty() {
        text.push_str(" · ");
        text.push_str(condition);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::template::REFERENCE_FIELDS;

    #[test]
    fn chinese_numerals() {
        let got: Vec<String> = [0, 1, 2, 8, 9, 10, 11, 16, 19, 20, 21, 24, 40, 99, 100]
            .into_iter()
            .map(han_number)
            .collect();
        assert_eq!(
            got,
            [
                "〇",
                "一",
                "二",
                "八",
                "九",
                "十",
                "十一",
                "十六",
                "十九",
                "二十",
                "二十一",
                "二十四",
                "四十",
                "九十九",
                "100"
            ]
        );
    }

    #[test]
    fn jump_texts() {
        let out = Template::parse("（下转第{page_cn}版{mark}）", REFERENCE_FIELDS).unwrap();
        assert_eq!(fill_reference(&out, 2, &jump_mark(1)), "（下转第二版①）");
        let into = Template::parse("（上接第{page_cn}版{mark}）", REFERENCE_FIELDS).unwrap();
        assert_eq!(fill_reference(&into, 1, &jump_mark(2)), "（上接第一版②）");
        assert_eq!(jump_mark(20), "⑳");
        assert_eq!(jump_mark(21), "(21)");
        assert_eq!(circled(0), None);
    }

    #[test]
    fn issue_name_and_slug_line() {
        let info = IssueInfo {
            paper: "衡阳日报".into(),
            paper_en: String::new(),
            date: crate::spec::model::Date {
                year: 2022,
                month: 2,
                day: 8,
            },
            number: 18079,
            sponsors: Vec::new(),
            cn: String::new(),
            publisher: String::new(),
            website: String::new(),
            hotlines: Vec::new(),
            weather: String::new(),
            zone: "1".into(),
            edition: String::new(),
        };
        assert_eq!(issue_name(&info), "衡阳日报 2022-02-08 第18079号");
        assert_eq!(
            slug_text(&info, 2, "要闻", ""),
            "衡阳日报 2022-02-08 第18079号 · 第2版 要闻"
        );
        assert_eq!(
            slug_text(&info, 8, "副刊", "CGATS TR 002"),
            "衡阳日报 2022-02-08 第18079号 · 第8版 副刊 · CGATS TR 002"
        );
    }
}
