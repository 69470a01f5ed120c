//! `docs/layout.md` lists every layout key: each struct of the layout file in
//! `src/spec/raw.rs` has a section (marked `<!-- StructName -->`). A table declared
//! with `layout_table!` has its rows derived from the declaration (kind, range,
//! default, unit, doc line): the section's rows must be exactly those, in order
//! (`UPDATE_DOCS=1 cargo test --test it layout_doc` writes them). The other tables'
//! rows must name exactly the struct's fields. A key added to the code without
//! documentation, or a documented key the code no longer reads, fails here.

use std::collections::BTreeSet;

use broadsheet::spec::keys::KeyDoc;
use broadsheet::spec::raw;

/// The tables declared with `layout_table!`, by their doc section marker.
fn declared() -> Vec<(&'static str, Vec<KeyDoc>)> {
    vec![
        ("ArticleLayoutSpec", raw::ArticleLayoutSpec::key_docs()),
        ("StyleSpec", raw::StyleSpec::key_docs()),
        ("PicturesSpec", raw::PicturesSpec::key_docs()),
        ("OutputSpec", raw::OutputSpec::key_docs()),
        ("PageGeometrySpec", raw::PageGeometrySpec::key_docs()),
        ("GridSpec", raw::GridSpec::key_docs()),
        ("FurnitureSpec", raw::FurnitureSpec::key_docs()),
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

/// The structs that make up a layout file.
const LAYOUT_STRUCTS: &[&str] = &[
    "LayoutSpec",
    "FontTableSpec",
    "TemplatesSpec",
    "FrontTemplateSpec",
    "InsideTemplateSpec",
    "BlockSpec",
    "ItemSpec",
    "BandRuleSpec",
    "CellSpec",
    "RuleStyleSpec",
    "BoxStyleSpec",
];

/// `pub` field names of `struct name` in the Rust source.
fn fields(src: &str, name: &str) -> BTreeSet<String> {
    let start = src
        .find(&format!("pub struct {name} {{"))
        .unwrap_or_else(|| panic!("struct {name} not found in raw.rs"));
    let body = &src[start..];
    let end = body.find("\n}").unwrap();
    body[..end]
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub "))
        .filter_map(|l| l.split_once(':').map(|(n, _)| n.trim().to_string()))
        .filter(|n| !n.starts_with("struct"))
        .collect()
}

/// Keys of the table rows in the doc section marked `<!-- name -->`.
fn documented(doc: &str, name: &str) -> BTreeSet<String> {
    let marker = format!("<!-- {name} -->");
    let start = doc
        .find(&marker)
        .unwrap_or_else(|| panic!("docs/layout.md has no section for {name}"));
    let rest = &doc[start + marker.len()..];
    let end = rest.find("\n#").unwrap_or(rest.len());
    rest[..end]
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split_once('`').map(|(k, _)| k.to_string()))
        .collect()
}

#[test]
fn every_layout_key_is_documented_and_every_documented_key_exists() {
    let root = env!("CARGO_MANIFEST_DIR");
    let src = std::fs::read_to_string(format!("{root}/src/spec/raw.rs")).unwrap();
    let doc = std::fs::read_to_string(format!("{root}/docs/layout.md")).unwrap();
    let mut problems = Vec::new();
    for name in LAYOUT_STRUCTS {
        let code = fields(&src, name);
        let docs = documented(&doc, name);
        for k in code.difference(&docs) {
            problems.push(format!(
                "{name}: `{k}` is read by the code but not in docs/layout.md"
            ));
        }
        for k in docs.difference(&code) {
            problems.push(format!(
                "{name}: `{k}` is in docs/layout.md but not in the code"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
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
