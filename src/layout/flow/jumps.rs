//! Jump lines (转版): `（下转第二版①）` at the end of a story's part on one page and
//! `（上接第一版①）` at the start of its continuation, both generated from the one link
//! in the spec so page and serial always agree (cjk-rules.md §6.4). The wording is the
//! layout's (`[furniture] jump_out`, `jump_in`); this file numbers the jumps.

use std::collections::BTreeMap;

use crate::spec::Issue;

/// Chinese numeral for a page number (一, 二, … 十, 十一, … 二十, … 九十九).
pub fn chinese_numeral(n: u32) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let digit = |d: u32| DIGITS.get(d as usize).copied().unwrap_or("");
    match n {
        0..=9 => digit(n).to_string(),
        10..=19 => format!("十{}", if n == 10 { "" } else { digit(n - 10) }),
        20..=99 => format!(
            "{}十{}",
            digit(n / 10),
            if n.is_multiple_of(10) {
                ""
            } else {
                digit(n % 10)
            }
        ),
        _ => n.to_string(),
    }
}

/// Circled serial ①–⑳ (U+2460…); past 20, the number in parentheses.
pub fn circled(n: u32) -> String {
    match n {
        1..=20 => char::from_u32(0x2460 + n - 1).map_or_else(|| n.to_string(), String::from),
        _ => format!("({n})"),
    }
}

/// Serial numbers of jumps: for each (source page, story index) that continues on
/// another page, its number ①②… in reading order on the source page (top to bottom,
/// then left to right, by the story area's top-left cell).
pub fn number_jumps(issue: &Issue) -> BTreeMap<(u32, usize), u32> {
    let mut out = BTreeMap::new();
    for page in &issue.pages {
        let mut jumping: Vec<(u32, u32, usize)> = page
            .stories
            .iter()
            .enumerate()
            .filter(|(_, s)| s.continues_on.is_some())
            .map(|(i, s)| (s.area.row, s.area.col, i))
            .collect();
        jumping.sort();
        for (serial, (_, _, i)) in jumping.into_iter().enumerate() {
            out.insert((page.number, i), serial as u32 + 1);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals() {
        let got: Vec<String> = [1, 2, 8, 10, 11, 16, 20, 24]
            .iter()
            .map(|&n| chinese_numeral(n))
            .collect();
        assert_eq!(
            got,
            ["一", "二", "八", "十", "十一", "十六", "二十", "二十四"]
        );
    }

    #[test]
    fn jump_texts() {
        use crate::layout::furniture::band::fill_reference;
        use crate::spec::template::{Template, REFERENCE_FIELDS};
        let out = Template::parse("（下转第{page_cn}版{mark}）", REFERENCE_FIELDS).unwrap();
        assert_eq!(fill_reference(&out, 2, &circled(1)), "（下转第二版①）");
        let into = Template::parse("（上接第{page_cn}版{mark}）", REFERENCE_FIELDS).unwrap();
        assert_eq!(fill_reference(&into, 1, &circled(2)), "（上接第一版②）");
        assert_eq!(circled(20), "⑳");
        assert_eq!(circled(21), "(21)");
    }
}
