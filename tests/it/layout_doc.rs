//! `docs/layout.md` lists every layout key: each table of the layout file, declared with
//! `layout_table!` in `src/spec/raw.rs`, has a section (marked `<!-- StructName -->`)
//! whose rows are derived from the declaration (kind, range, default, unit, doc line):
//! the section's rows must be exactly those, in order (`UPDATE_DOCS=1 cargo test --test
//! it layout_doc` writes them). A key added to the code without documentation, or a
//! documented key the code no longer reads, fails here.

use std::collections::BTreeSet;

use broadsheet::spec::keys::KeyDoc;
use broadsheet::spec::raw;

/// Every table of the layout file (all declared with `layout_table!`), by their doc
/// section marker.
fn declared() -> Vec<(&'static str, Vec<KeyDoc>)> {
    vec![
        ("LayoutSpec", raw::LayoutSpec::key_docs()),
        ("FontTableSpec", raw::FontTableSpec::key_docs()),
        ("PageGeometrySpec", raw::PageGeometrySpec::key_docs()),
        ("GridSpec", raw::GridSpec::key_docs()),
        ("StyleSpec", raw::StyleSpec::key_docs()),
        ("TemplatesSpec", raw::TemplatesSpec::key_docs()),
        ("FrontTemplateSpec", raw::FrontTemplateSpec::key_docs()),
        ("InsideTemplateSpec", raw::InsideTemplateSpec::key_docs()),
        ("BlockSpec", raw::BlockSpec::key_docs()),
        ("ItemSpec", raw::ItemSpec::key_docs()),
        ("BandRuleSpec", raw::BandRuleSpec::key_docs()),
        ("CellSpec", raw::CellSpec::key_docs()),
        ("FurnitureSpec", raw::FurnitureSpec::key_docs()),
        ("RuleStyleSpec", raw::RuleStyleSpec::key_docs()),
        ("BoxStyleSpec", raw::BoxStyleSpec::key_docs()),
        ("OutputSpec", raw::OutputSpec::key_docs()),
        ("PicturesSpec", raw::PicturesSpec::key_docs()),
        ("ArticleLayoutSpec", raw::ArticleLayoutSpec::key_docs()),
        ("MakeupSpec", raw::MakeupSpec::key_docs()),
        ("ReleaseSpec", raw::ReleaseSpec::key_docs()),
    ]
}

/// The table rows (`| `key` | …`) of the doc section marked `<!-- name -->`, as the
/// byte range of those lines in `doc`.
fn rows_range(doc: &str, name: &str) -> std::ops::Range<usize> {
    let marker = format!("<!-- {name} -->");
    let start = doc
        .find(&marker)
        .unwrap_or_else(|| panic!("docs/layout.md has no section for {name}"));
    let sep = start
        + doc[start..]
            .find("|---")
            .unwrap_or_else(|| panic!("section {name} has no table"));
    let first = sep + doc[sep..].find('\n').unwrap() + 1;
    let mut end = first;
    for line in doc[first..].split_inclusive('\n') {
        if !line.starts_with("| `") {
            break;
        }
        end += line.len();
    }
    first..end
}

#[test]
fn declared_tables_have_their_derived_rows_in_the_docs() {
    let root = env!("CARGO_MANIFEST_DIR");
    let path = format!("{root}/docs/layout.md");
    let mut doc = std::fs::read_to_string(&path).unwrap();
    let update = std::env::var_os("UPDATE_DOCS").is_some();
    let mut problems = Vec::new();
    for (name, keys) in declared() {
        let range = rows_range(&doc, name);
        let want: String = keys.iter().map(|k| k.row() + "\n").collect();
        if doc[range.clone()] != want {
            if update {
                doc.replace_range(range, &want);
            } else {
                problems.push(format!(
                    "{name}: the rows in docs/layout.md differ from the declaration; want:\n{want}"
                ));
            }
        }
    }
    if update {
        std::fs::write(&path, doc).unwrap();
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every table of the layout file has a section in the docs: a struct of `raw.rs`
/// declared with `layout_table!` but missing from [`declared`] fails here.
#[test]
fn every_declared_table_is_in_the_docs_test() {
    let root = env!("CARGO_MANIFEST_DIR");
    let src = std::fs::read_to_string(format!("{root}/src/spec/raw.rs")).unwrap();
    let tables: BTreeSet<&str> = declared().iter().map(|(n, _)| *n).collect();
    let mut in_src = BTreeSet::new();
    let mut rest = src.as_str();
    while let Some(i) = rest.find("layout_table! {") {
        rest = &rest[i..];
        let j = rest.find("pub struct ").unwrap() + "pub struct ".len();
        let name = rest[j..].split_whitespace().next().unwrap();
        in_src.insert(name);
        rest = &rest[j..];
    }
    assert_eq!(in_src, tables);
}

#[test]
fn every_template_field_is_documented() {
    let root = env!("CARGO_MANIFEST_DIR");
    let doc = std::fs::read_to_string(format!("{root}/docs/layout.md")).unwrap();
    for name in [
        "paper",
        "paper_en",
        "date",
        "weekday",
        "lunar",
        "pages",
        "pages_cn",
        "number",
        "cn",
        "publisher",
        "website",
        "sponsors",
        "hotlines",
        "weather",
        "page",
        "page_cn",
        "section",
        "editor",
        "art_editor",
        "proofreader",
        "mark",
    ] {
        assert!(
            broadsheet::spec::template::Field::named(name).is_some(),
            "`{name}` is not a template field"
        );
        assert!(
            doc.contains(&format!("`{name}`")),
            "template field `{name}` undocumented"
        );
    }
}
