//! The document's date: one timestamp written as the Info dictionary's `/CreationDate`
//! and `/ModDate` (PDF 1.7 §7.9.4 date strings) and as XMP `xmp:CreateDate`,
//! `xmp:ModifyDate` and `xmp:MetadataDate` (ISO 8601), so both agree as PDF/X-4 asks
//! (ISO 15930-7: Info and XMP consistent).
//!
//! Where it comes from is decided when the issue is laid out (`render --date`,
//! `SOURCE_DATE_EPOCH`, else the issue date at the layout's deadline: `lay_out`), never
//! the clock: the same input gives the same bytes. It is part of the page description
//! (`page::Document::date`), which every output reads.

/// A date and time with its UTC offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timestamp {
    pub year: u16,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
    /// UTC offset in minutes (+08:00 = 480).
    pub offset_minutes: i16,
}

impl Timestamp {
    /// A timestamp if every field is in range (month 1–12, day within the month,
    /// hour < 24, minute and second < 60, offset within ±14 h, year 1–9999).
    pub fn new(
        (year, month, day): (u16, u8, u8),
        (hour, minute, second): (u8, u8, u8),
        offset_minutes: i16,
    ) -> Option<Timestamp> {
        let ok = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month)
            && hour < 24
            && minute < 60
            && second < 60
            && offset_minutes.abs() <= 14 * 60;
        ok.then_some(Timestamp {
            year,
            month,
            day,
            hour,
            minute,
            second,
            offset_minutes,
        })
    }

    /// Parse RFC 3339 / ISO 8601 `YYYY-MM-DDTHH:MM:SS+HH:MM` (or `Z`), or a plain
    /// `YYYY-MM-DD` (midnight at `default_offset`).
    pub fn parse(s: &str, default_offset: i16) -> Option<Timestamp> {
        let num = |r: std::ops::Range<usize>| -> Option<u16> {
            let part = s.get(r)?;
            if part.bytes().all(|b| b.is_ascii_digit()) {
                part.parse().ok()
            } else {
                None
            }
        };
        let sep = |i: usize, c: u8| s.as_bytes().get(i) == Some(&c);
        if !(sep(4, b'-') && sep(7, b'-')) {
            return None;
        }
        let date = (
            num(0..4)?,
            u8::try_from(num(5..7)?).ok()?,
            u8::try_from(num(8..10)?).ok()?,
        );
        if s.len() == 10 {
            return Timestamp::new(date, (0, 0, 0), default_offset);
        }
        if !(sep(10, b'T') || sep(10, b' ')) || !sep(13, b':') || !sep(16, b':') {
            return None;
        }
        let time = (
            u8::try_from(num(11..13)?).ok()?,
            u8::try_from(num(14..16)?).ok()?,
            u8::try_from(num(17..19)?).ok()?,
        );
        let offset = match s.get(19..)? {
            "Z" => 0,
            tz => crate::spec::output::utc_offset(tz)?,
        };
        Timestamp::new(date, time, offset)
    }

    /// The UTC time `secs` seconds after 1970-01-01T00:00:00Z (`SOURCE_DATE_EPOCH`).
    pub fn from_unix(secs: i64) -> Option<Timestamp> {
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        let year = u16::try_from(y).ok()?;
        let hms = (
            u8::try_from(rem / 3600).ok()?,
            u8::try_from(rem % 3600 / 60).ok()?,
            u8::try_from(rem % 60).ok()?,
        );
        Timestamp::new((year, m, d), hms, 0)
    }

    /// PDF date string: `D:YYYYMMDDHHmmSS+HH'mm'` (PDF 1.7 §7.9.4).
    pub fn pdf(&self) -> String {
        let (sign, off) = self.offset_parts();
        format!(
            "D:{:04}{:02}{:02}{:02}{:02}{:02}{sign}{:02}'{:02}'",
            self.year, self.month, self.day, self.hour, self.minute, self.second, off.0, off.1
        )
    }

    /// ISO 8601 with offset, as XMP writes it: `YYYY-MM-DDTHH:MM:SS+HH:MM`.
    pub fn iso(&self) -> String {
        let (sign, off) = self.offset_parts();
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{sign}{:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second, off.0, off.1
        )
    }

    /// The same instant for `xmp-writer`.
    pub fn xmp(&self) -> xmp_writer::DateTime {
        let (sign, (h, m)) = self.offset_parts();
        let s: i8 = if sign == '-' { -1 } else { 1 };
        // |offset| ≤ 14 h, so both parts fit an i8.
        let hour = s * i8::try_from(h).unwrap_or(0);
        let minute = s * i8::try_from(m).unwrap_or(0);
        xmp_writer::DateTime::new(
            self.year,
            self.month,
            self.day,
            self.hour,
            self.minute,
            self.second,
            xmp_writer::Timezone::Local { hour, minute },
        )
    }

    fn offset_parts(&self) -> (char, (u16, u16)) {
        let sign = if self.offset_minutes < 0 { '-' } else { '+' };
        let abs = self.offset_minutes.unsigned_abs();
        (sign, (abs / 60, abs % 60))
    }
}

fn is_leap(y: u16) -> bool {
    (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400)
}

fn days_in_month(y: u16, m: u8) -> u8 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian calendar
/// (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms", `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m as u8, d as u8)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may panic
mod tests {
    use super::*;

    #[test]
    fn formats_pdf_and_iso() {
        let t = Timestamp::new((2022, 2, 8), (23, 30, 0), 480).unwrap();
        assert_eq!(t.pdf(), "D:20220208233000+08'00'");
        assert_eq!(t.iso(), "2022-02-08T23:30:00+08:00");
        let w = Timestamp::new((2022, 2, 8), (1, 2, 3), -210).unwrap();
        assert_eq!(w.pdf(), "D:20220208010203-03'30'");
    }

    #[test]
    fn parses_rfc3339_and_plain_dates() {
        let t = Timestamp::parse("2022-02-08T23:30:00+08:00", 0);
        assert_eq!(t.map(|t| t.pdf()), Some("D:20220208233000+08'00'".into()));
        let z = Timestamp::parse("2022-02-08T15:30:00Z", 480);
        assert_eq!(z.map(|t| t.offset_minutes), Some(0));
        let d = Timestamp::parse("2022-02-08", 480);
        assert_eq!(d.map(|t| t.iso()), Some("2022-02-08T00:00:00+08:00".into()));
        for bad in [
            "2022-02-30",
            "2022-13-01",
            "2022-02-08T24:00:00Z",
            "2022-02-08T23:30:00",
            "2022/02/08",
            "",
            "2022-02-08T23:30:00+8",
        ] {
            assert_eq!(Timestamp::parse(bad, 0), None, "{bad}");
        }
    }

    #[test]
    fn unix_epoch_seconds() {
        let t = Timestamp::from_unix(0).unwrap();
        assert_eq!(t.iso(), "1970-01-01T00:00:00+00:00");
        // 2022-02-08T15:30:00Z.
        let t = Timestamp::from_unix(1_644_334_200).unwrap();
        assert_eq!(t.iso(), "2022-02-08T15:30:00+00:00");
        // Leap day.
        let t = Timestamp::from_unix(951_782_400).unwrap();
        assert_eq!(t.iso(), "2000-02-29T00:00:00+00:00");
    }
}
