//! What `broadsheet release` needs from the issue beyond its pages: the codes that go
//! into plate file names — this edition's zone (`[issue] zone`, default `1`) and each
//! page's sheet (`[[page]] sheet`, default `A`) — and the other editions printed the
//! same night (`[[edition]]`: zone, name, and `[[edition.page]]`s that replace or add
//! pages, each saying which page it `replaces`).

use toml::Spanned;

use crate::diag::Diagnostics;
use crate::spec::load_toml::SourceFile;
use crate::spec::model::EditionRef;
use crate::spec::raw::{EditionSpec, IssueSpec, PageSpec};

/// A code of a plate file name: 1 to 8 ASCII letters or digits (it goes into file names
/// the plant's systems read). `default` when absent; an error at the value otherwise.
pub fn plate_code(
    src: &SourceFile,
    v: &Option<Spanned<String>>,
    what: &str,
    default: &str,
    diags: &mut Diagnostics,
) -> String {
    let Some(v) = v else {
        return default.to_string();
    };
    let code = v.get_ref();
    if (1..=8).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return code.clone();
    }
    diags.push(
        src.error_at(
            v.span(),
            format!("`{what} = \"{code}\"`: a plate name's code is 1 to 8 letters or digits"),
        )
        .with_hint(format!("e.g. `{what} = \"{default}\"`")),
    );
    default.to_string()
}

/// The `[[edition]]` tables: each zone a plate code, different from this edition's
/// and every other's; each page replacing a page of the issue (or adding the next one),
/// no page twice. `[[page]]`s of the issue itself may not say `replaces`.
pub fn resolve_editions(
    src: &SourceFile,
    spec: &IssueSpec,
    main_zone: &str,
    diags: &mut Diagnostics,
) -> Vec<EditionRef> {
    for p in &spec.page {
        if let Some(r) = &p.replaces {
            diags.push(src.error_at(
                r.span(),
                "`replaces` is for the pages of an `[[edition]]`, not the issue's own",
            ));
        }
    }
    let count = u32::try_from(spec.page.len()).unwrap_or(u32::MAX);
    let mut out: Vec<EditionRef> = Vec::new();
    for e in &spec.edition {
        let zone = plate_code(src, &Some(e.zone.clone()), "zone", "2", diags);
        if zone == main_zone || out.iter().any(|o| o.zone == zone) {
            diags.push(src.error_at(
                e.zone.span(),
                format!("two editions have the zone `{zone}`"),
            ));
        }
        out.push(EditionRef {
            pages: edition_pages(src, e, count, diags),
            zone,
            name: e.name.clone(),
            loc: src.loc(e.zone.span()),
        });
    }
    out
}

/// The page numbers an edition's pages replace or add, checked.
fn edition_pages(
    src: &SourceFile,
    e: &EditionSpec,
    count: u32,
    diags: &mut Diagnostics,
) -> Vec<u32> {
    let mut pages = Vec::new();
    let mut next_new = count.saturating_add(1);
    for p in &e.page {
        let Some(r) = &p.replaces else {
            diags.push(src.error_at(
                p.template.span(),
                "an edition's `[[edition.page]]` must say which page it `replaces`",
            ));
            continue;
        };
        let n = *r.get_ref();
        let fits = (1..=count).contains(&n) || n == next_new;
        if !fits || pages.contains(&n) {
            diags.push(src.error_at(
                r.span(),
                format!(
                    "`replaces = {n}`: an edition replaces a page of the issue (1–{count}) once, or adds page {next_new}"
                ),
            ));
            continue;
        }
        if n == next_new {
            next_new = next_new.saturating_add(1);
        }
        pages.push(n);
    }
    pages
}

/// The issue's pages as edition `zone` prints them: its `[[edition.page]]`s in place of
/// the pages they replace, added pages at the end. `None` when there is no such
/// edition.
pub fn edition_page_specs(spec: &mut IssueSpec, zone: &str) -> Option<String> {
    let at = spec.edition.iter().position(|e| e.zone.get_ref() == zone)?;
    let edition = spec.edition.swap_remove(at);
    let name = edition.name;
    for p in edition.page {
        let Some(n) = p.replaces.as_ref().map(|r| *r.get_ref()) else {
            continue;
        };
        let index = (n as usize).saturating_sub(1);
        match spec.page.get_mut(index) {
            Some(slot) => *slot = without_replaces(p),
            None => spec.page.push(without_replaces(p)),
        }
    }
    spec.edition.clear();
    Some(name)
}

fn without_replaces(mut p: PageSpec) -> PageSpec {
    p.replaces = None;
    p
}
