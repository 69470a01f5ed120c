//! `[release]`: how the plate files of `broadsheet release` are named — a template of
//! plate fields (`spec::template`, [`PLATE_FIELDS`]) filled per page, e.g.
//! `HYRB_20220208_A001_P1a.pdf` (paper code, date, sheet and page, colour, zone,
//! version).

use toml::Spanned;

use crate::diag::Diagnostics;
use crate::spec::furniture::template;
use crate::spec::keys::TableAt;
use crate::spec::load_toml::SourceFile;
use crate::spec::model::{Date, ReleaseRules};
use crate::spec::raw::ReleaseSpec;
use crate::spec::template::{format_date, page_number, Field, Segment, Template, PLATE_FIELDS};

/// The default plate file name: `HYRB_20220208_A001_P1a.pdf`.
pub const PAGE_FILE: &str =
    "{paper_code}_{date:%Y%m%d}_{sheet}{page:3}_{colour}{zone}{version}.pdf";

/// `[release]`, checked: the template parses, names a page and a version (two plates
/// never share a name), and its text has no path separator; the codes are letters and
/// digits.
pub fn release_rules(src: &SourceFile, r: &ReleaseSpec, diags: &mut Diagnostics) -> ReleaseRules {
    let at = TableAt::new(src, "[release]");
    let page_file = match &r.page_file {
        Some(v) => checked_template(src, v, diags),
        None => Template::parse(PAGE_FILE, PLATE_FIELDS).unwrap_or_default(),
    };
    let code = |v: String, key: &str, diags: &mut Diagnostics| {
        if v.bytes().all(|b| b.is_ascii_alphanumeric()) {
            v
        } else {
            diags.push(
                crate::diag::Diagnostic::error(format!(
                    "`[release] {key} = \"{v}\"`: a plate name's code is letters and digits"
                ))
                .in_file(&src.path),
            );
            String::new()
        }
    };
    ReleaseRules {
        page_file,
        paper_code: code(r.paper_code(&at, diags), "paper_code", diags),
        process: code(r.process(&at, diags), "process", diags),
        mono: code(r.mono(&at, diags), "mono", diags),
    }
}

fn checked_template(src: &SourceFile, v: &Spanned<String>, diags: &mut Diagnostics) -> Template {
    let before = diags.0.len();
    let t = template(src, v, PLATE_FIELDS, diags);
    if diags.0.len() > before {
        return t;
    }
    let has = |f: Field| t.fields().any(|x| x == f);
    let separator = t.segments.iter().any(|s| match s {
        Segment::Text(text) => text.contains(['/', '\\']) || text.contains(".."),
        Segment::Field(..) => false,
    });
    if !has(Field::Page) || !has(Field::Version) || separator {
        diags.push(
            src.error_at(
                v.span(),
                "`page_file` must name `{page}` and `{version}` (no two plates may share a name) and be a plain file name",
            )
            .with_hint(format!("the default is \"{PAGE_FILE}\"")),
        );
        return Template::parse(PAGE_FILE, PLATE_FIELDS).unwrap_or_default();
    }
    t
}

/// The values of one plate's name.
#[derive(Debug, Clone, PartialEq)]
pub struct PlateName<'a> {
    pub paper_code: &'a str,
    pub date: Date,
    pub sheet: &'a str,
    pub page: u32,
    /// `[release] process` or `mono`.
    pub colour: &'a str,
    pub zone: &'a str,
    pub version: &'a str,
}

/// A plate's file name.
pub fn plate_file_name(t: &Template, v: &PlateName<'_>) -> String {
    let mut out = String::new();
    for s in &t.segments {
        match s {
            Segment::Text(text) => out.push_str(text),
            Segment::Field(f, fmt) => out.push_str(&match f {
                Field::PaperCode => v.paper_code.to_string(),
                Field::Date => format_date(
                    v.date.year,
                    v.date.month,
                    v.date.day,
                    fmt.as_deref().unwrap_or("%Y%m%d"),
                ),
                Field::Sheet => v.sheet.to_string(),
                Field::Page => page_number(v.page, fmt.as_deref()),
                Field::Colour => v.colour.to_string(),
                Field::Zone => v.zone.to_string(),
                Field::Version => v.version.to_string(),
                _ => String::new(),
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_names_the_plant_s_way() {
        let t = Template::parse(PAGE_FILE, PLATE_FIELDS).unwrap();
        let v = PlateName {
            paper_code: "HYRB",
            date: Date {
                year: 2022,
                month: 2,
                day: 8,
            },
            sheet: "A",
            page: 1,
            colour: "P",
            zone: "1",
            version: "a",
        };
        assert_eq!(plate_file_name(&t, &v), "HYRB_20220208_A001_P1a.pdf");
        let v = PlateName {
            page: 12,
            colour: "M",
            zone: "2",
            version: "c",
            sheet: "B",
            ..v
        };
        assert_eq!(plate_file_name(&t, &v), "HYRB_20220208_B012_M2c.pdf");
    }
}
