//! Dates for the masthead and folio: weekday and the Chinese lunisolar date (农历),
//! computed from the issue date (the lunisolar conversion by the
//! `chinese-lunisolar-calendar` crate).

use chinese_lunisolar_calendar::{ChineseVariant, LunisolarDate, SolarDate};

use crate::spec::Date;

/// 星期一 … 星期日, by Sakamoto's method (proleptic Gregorian).
pub fn weekday(d: Date) -> &'static str {
    const T: [i32; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
    const NAMES: [&str; 7] = [
        "星期日",
        "星期一",
        "星期二",
        "星期三",
        "星期四",
        "星期五",
        "星期六",
    ];
    let m = i32::from(d.month);
    let y = i32::from(d.year) - i32::from(m < 3);
    let t = T.get((m - 1).clamp(0, 11) as usize).copied().unwrap_or(0);
    let w = (y + y / 4 - y / 100 + y / 400 + t + i32::from(d.day)).rem_euclid(7);
    NAMES.get(w as usize).copied().unwrap_or("")
}

/// `2022年2月8日`.
pub fn date_zh(d: Date) -> String {
    format!("{}年{}月{}日", d.year, d.month, d.day)
}

/// `农历壬寅年正月初八`, or `None` outside the crate's range (1901–2100).
pub fn lunar_zh(d: Date) -> Option<String> {
    let solar = SolarDate::from_ymd(d.year, d.month, d.day).ok()?;
    let lunar = LunisolarDate::from_solar_date(solar).ok()?;
    let year = lunar.to_lunisolar_year();
    Some(format!(
        "农历{}{}年{}{}",
        year.to_heavenly_stems().to_str(),
        year.to_earthly_branch().to_str(),
        lunar.to_lunar_month().to_str(ChineseVariant::Simple),
        lunar.to_lunar_day().to_str()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(year: u16, month: u8, day: u8) -> Date {
        Date { year, month, day }
    }

    #[test]
    fn sample_issue_date() {
        // docs/cjk-rules.md §6.2: 2022-02-01 was 春节, a Tuesday.
        assert_eq!(weekday(d(2022, 2, 8)), "星期二");
        assert_eq!(weekday(d(2022, 2, 1)), "星期二");
        assert_eq!(
            lunar_zh(d(2022, 2, 8)).as_deref(),
            Some("农历壬寅年正月初八")
        );
        assert_eq!(
            lunar_zh(d(2022, 2, 1)).as_deref(),
            Some("农历壬寅年正月初一")
        );
        assert_eq!(date_zh(d(2022, 2, 8)), "2022年2月8日");
    }

    #[test]
    fn other_dates() {
        assert_eq!(weekday(d(2000, 1, 1)), "星期六");
        assert_eq!(
            lunar_zh(d(2023, 1, 22)).as_deref(),
            Some("农历癸卯年正月初一")
        );
    }
}
