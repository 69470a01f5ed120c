//! Template strings for furniture text: `"{date:%Y年%-m月%-d日} {weekday}"`,
//! `"（下转第{page_cn}版{mark}）"`. A template is parsed once when the layout is read;
//! an unknown field or a bad date format is an error located at the string. Layout fills
//! the fields from the issue and the page (`layout::furniture::band::Values`).
//!
//! Fields: `paper`, `paper_en`, `date` (optional format with `%Y %m %-m %d %-d`),
//! `weekday`, `lunar`, `pages`, `pages_cn`, `number`, `cn`, `publisher`, `website`,
//! `sponsors` and `hotlines` (lists: one line each), `weather`, `page`, `page_cn`, `section`,
//! `editor`, `art_editor`, `proofreader`, and for jump lines and teasers `mark` (①②…);
//! for plate file names `paper_code`, `sheet`, `colour`, `zone`, `version`. `{page:3}`
//! writes the page number in three digits (`001`).
//! `{{` and `}}` stand for literal braces.

use std::ops::Range;

/// A field a template may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Paper,
    PaperEn,
    /// The issue date; the format is in [`Segment::Field`].
    Date,
    Weekday,
    /// 农历 date, e.g. 农历壬寅年正月初八.
    Lunar,
    /// Number of pages of the issue, in digits and in Chinese numerals (今日八版).
    Pages,
    PagesCn,
    /// 总期号.
    Number,
    Cn,
    Publisher,
    Website,
    /// Lists: an item using one is set once per entry.
    Sponsors,
    Hotlines,
    /// 天气 (empty when the issue gives none: the item is left out).
    Weather,
    /// The page (or, in jump lines and teasers, the page referred to).
    Page,
    PageCn,
    Section,
    Editor,
    ArtEditor,
    Proofreader,
    /// The jump serial ①②….
    Mark,
    /// Plate file names (`[release] page_file`): the paper's code, the page's sheet
    /// (叠, `A`), the plate's colour (process or mono), the edition's zone and the
    /// plate's version letter.
    PaperCode,
    Sheet,
    Colour,
    Zone,
    Version,
}

/// Field names as written in templates.
const FIELDS: &[(&str, Field)] = &[
    ("paper", Field::Paper),
    ("paper_en", Field::PaperEn),
    ("date", Field::Date),
    ("weekday", Field::Weekday),
    ("lunar", Field::Lunar),
    ("pages", Field::Pages),
    ("pages_cn", Field::PagesCn),
    ("number", Field::Number),
    ("cn", Field::Cn),
    ("publisher", Field::Publisher),
    ("website", Field::Website),
    ("sponsors", Field::Sponsors),
    ("hotlines", Field::Hotlines),
    ("weather", Field::Weather),
    ("page", Field::Page),
    ("page_cn", Field::PageCn),
    ("section", Field::Section),
    ("editor", Field::Editor),
    ("art_editor", Field::ArtEditor),
    ("proofreader", Field::Proofreader),
    ("mark", Field::Mark),
    ("paper_code", Field::PaperCode),
    ("sheet", Field::Sheet),
    ("colour", Field::Colour),
    ("zone", Field::Zone),
    ("version", Field::Version),
];

impl Field {
    /// A field by its template name.
    pub fn named(name: &str) -> Option<Field> {
        FIELDS.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
    }

    /// Whether the field holds a list (the item is repeated per entry).
    pub fn is_list(self) -> bool {
        matches!(self, Field::Sponsors | Field::Hotlines)
    }
}

/// A piece of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Text(String),
    /// A field, with a date format for `date` (`None`: `%Y年%-m月%-d日`).
    Field(Field, Option<String>),
}

/// A parsed template string.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Template {
    pub segments: Vec<Segment>,
}

/// Why a template string is wrong: message and byte range inside the string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    pub message: String,
    pub at: Range<usize>,
}

impl Template {
    /// Parse `s`; `allowed` limits the fields (e.g. only `page_cn`, `page`, `mark` in a
    /// jump line).
    pub fn parse(s: &str, allowed: &[Field]) -> Result<Template, TemplateError> {
        let mut segments = Vec::new();
        let mut text = String::new();
        let mut rest = s;
        let mut at = 0;
        while let Some(c) = rest.chars().next() {
            let n = c.len_utf8();
            if rest.starts_with("{{") || rest.starts_with("}}") {
                text.push(c);
                rest = &rest[2..];
                at += 2;
                continue;
            }
            if c == '}' {
                return Err(TemplateError {
                    message: "unmatched `}` (write `}}` for a brace)".into(),
                    at: at..at + 1,
                });
            }
            if c != '{' {
                text.push(c);
                rest = &rest[n..];
                at += n;
                continue;
            }
            let Some(close) = rest.find('}') else {
                return Err(TemplateError {
                    message: "unclosed `{` (write `{{` for a brace)".into(),
                    at: at..s.len(),
                });
            };
            let inner = &rest[1..close];
            let (name, format) = match inner.split_once(':') {
                Some((n, f)) => (n, Some(f.to_string())),
                None => (inner, None),
            };
            let span = at..at + close + 1;
            let field = Field::named(name).ok_or_else(|| TemplateError {
                message: format!("unknown template field `{{{name}}}`"),
                at: span.clone(),
            })?;
            if !allowed.contains(&field) {
                return Err(TemplateError {
                    message: format!("the field `{{{name}}}` cannot be used here"),
                    at: span,
                });
            }
            check_format(field, name, format.as_deref(), &span)?;
            if !text.is_empty() {
                segments.push(Segment::Text(std::mem::take(&mut text)));
            }
            segments.push(Segment::Field(field, format));
            rest = &rest[close + 1..];
            at += close + 1;
        }
        if !text.is_empty() {
            segments.push(Segment::Text(text));
        }
        Ok(Template { segments })
    }

    /// The fields the template uses.
    pub fn fields(&self) -> impl Iterator<Item = Field> + '_ {
        self.segments.iter().filter_map(|s| match s {
            Segment::Field(f, _) => Some(*f),
            Segment::Text(_) => None,
        })
    }

    /// The list field it uses, if any (an item is repeated once per entry).
    pub fn list_field(&self) -> Option<Field> {
        self.fields().find(|f| f.is_list())
    }
}

/// A field's format: a date format for `date`, a width for `page`, none for the rest.
fn check_format(
    field: Field,
    name: &str,
    format: Option<&str>,
    span: &Range<usize>,
) -> Result<(), TemplateError> {
    let error = |message: String| TemplateError {
        message,
        at: span.clone(),
    };
    match (format, field) {
        (None, _) => Ok(()),
        (Some(f), Field::Date) => check_date_format(f).map_err(error),
        (Some(f), Field::Page) if page_width(f).is_some() => Ok(()),
        (Some(_), Field::Page) => Err(error(
            "`{page:N}` takes a width of 1 to 9 digits (`{page:3}` writes 001)".into(),
        )),
        (Some(_), _) => Err(error(format!(
            "only `{{date:…}}` and `{{page:N}}` take a format, not `{{{name}}}`"
        ))),
    }
}

/// The width of `{page:N}`: one digit, 1 to 9.
fn page_width(f: &str) -> Option<usize> {
    match f.parse::<usize>() {
        Ok(n @ 1..=9) if f.len() == 1 => Some(n),
        _ => None,
    }
}

/// A page number as `{page}` or `{page:N}` writes it (zero-padded to N digits).
pub fn page_number(page: u32, format: Option<&str>) -> String {
    match format.and_then(page_width) {
        Some(w) => format!("{page:0w$}"),
        None => page.to_string(),
    }
}

/// Date formats accept `%Y`, `%m`, `%-m`, `%d`, `%-d` and `%%`.
fn check_date_format(f: &str) -> Result<(), String> {
    let mut chars = f.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            continue;
        }
        let spec: String = match chars.next() {
            Some('-') => format!("-{}", chars.next().map_or(String::new(), String::from)),
            Some(c) => c.to_string(),
            None => String::new(),
        };
        if !matches!(spec.as_str(), "Y" | "m" | "-m" | "d" | "-d" | "%") {
            return Err(format!(
                "unknown date format `%{spec}` (use %Y, %m, %-m, %d, %-d)"
            ));
        }
    }
    Ok(())
}

/// Format a date with a checked format (see `check_date_format`).
pub fn format_date(year: u16, month: u8, day: u8, f: &str) -> String {
    let mut out = String::new();
    let mut chars = f.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('Y') => out.push_str(&year.to_string()),
            Some('m') => out.push_str(&format!("{month:02}")),
            Some('d') => out.push_str(&format!("{day:02}")),
            Some('%') => out.push('%'),
            Some('-') => match chars.next() {
                Some('m') => out.push_str(&month.to_string()),
                Some('d') => out.push_str(&day.to_string()),
                _ => {}
            },
            _ => {}
        }
    }
    out
}

/// The date format when a template writes `{date}`.
pub const DEFAULT_DATE_FORMAT: &str = "%Y年%-m月%-d日";

/// Every field, for furniture bands.
pub const ALL_FIELDS: &[Field] = &[
    Field::Paper,
    Field::PaperEn,
    Field::Date,
    Field::Weekday,
    Field::Lunar,
    Field::Pages,
    Field::PagesCn,
    Field::Number,
    Field::Cn,
    Field::Publisher,
    Field::Website,
    Field::Sponsors,
    Field::Hotlines,
    Field::Weather,
    Field::Page,
    Field::PageCn,
    Field::Section,
    Field::Editor,
    Field::ArtEditor,
    Field::Proofreader,
];

/// The fields of a plate's file name (`[release] page_file`).
pub const PLATE_FIELDS: &[Field] = &[
    Field::PaperCode,
    Field::Date,
    Field::Sheet,
    Field::Page,
    Field::Colour,
    Field::Zone,
    Field::Version,
];

/// The fields of a jump line or a teaser's page reference.
pub const REFERENCE_FIELDS: &[Field] = &[Field::Page, Field::PageCn, Field::Mark];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_fields_formats_and_braces() {
        let t = Template::parse("{date:%Y年%-m月%-d日} {weekday} {{x}}", ALL_FIELDS).unwrap();
        assert_eq!(
            t.segments,
            vec![
                Segment::Field(Field::Date, Some("%Y年%-m月%-d日".into())),
                Segment::Text(" ".into()),
                Segment::Field(Field::Weekday, None),
                Segment::Text(" {x}".into()),
            ]
        );
        assert_eq!(format_date(2022, 2, 8, "%Y年%-m月%-d日"), "2022年2月8日");
        assert_eq!(format_date(2022, 2, 8, "%Y-%m-%d"), "2022-02-08");
    }

    #[test]
    fn unknown_fields_and_formats_are_errors_with_their_place() {
        let e = Template::parse("第{pgae}版", ALL_FIELDS).unwrap_err();
        assert_eq!(e.message, "unknown template field `{pgae}`");
        assert_eq!(e.at, 3..9);
        let e = Template::parse("{date:%B}", ALL_FIELDS).unwrap_err();
        assert!(
            e.message.starts_with("unknown date format `%B`"),
            "{}",
            e.message
        );
        let e = Template::parse("（下转第{paper}版）", REFERENCE_FIELDS).unwrap_err();
        assert_eq!(e.message, "the field `{paper}` cannot be used here");
        assert!(Template::parse("{weekday", ALL_FIELDS).is_err());
        assert!(Template::parse("a}b", ALL_FIELDS).is_err());
        assert!(Template::parse("{weekday:%Y}", ALL_FIELDS).is_err());
    }
}
