//! `docs/layout.md` lists every layout key: each struct of the layout file in
//! `src/spec/raw.rs` has a section (marked `<!-- StructName -->`) whose table rows are
//! exactly the struct's fields. A key added to the code without documentation, or a
//! documented key the code no longer reads, fails here.

use std::collections::BTreeSet;

/// The structs that make up a layout file.
const LAYOUT_STRUCTS: &[&str] = &[
    "LayoutSpec",
    "PageGeometrySpec",
    "GridSpec",
    "FontTableSpec",
    "StyleSpec",
    "TemplatesSpec",
    "FrontTemplateSpec",
    "InsideTemplateSpec",
    "BlockSpec",
    "ItemSpec",
    "BandRuleSpec",
    "CellSpec",
    "FurnitureSpec",
    "RuleStyleSpec",
    "BoxStyleSpec",
    "OutputSpec",
    "ArticleLayoutSpec",
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
