//! The integration tests, one test crate (one executable to build and link): each
//! module is one area of the engine, tested from outside through the library and the
//! `broadsheet` binary. `common` holds the helpers they share.

mod common;

mod article_blocks;
mod article_format;
mod article_props;
mod assets;
mod bad_inputs;
mod band_artwork;
mod cache;
mod description_vs_pdf;
mod epaper;
mod flow_invariants;
mod flow_units;
mod font_faces;
mod golden;
mod input_checks;
mod input_fuzz;
mod layout_doc;
mod layout_props;
mod limits;
mod linebreak_props;
mod linebreak_realfont;
mod linebreak_realfont_props;
mod live_view;
mod makeup;
mod mixed_props;
mod mixed_script;
mod navigation;
mod output_guard;
mod output_spec;
mod pdf_embedding;
mod pdfx_conformance;
mod picture_conversion;
mod pictures;
mod proof_images;
mod release;
mod render_sample;
mod spec_errors;
mod spec_fuzz;
mod spec_numbers;
mod story_chains;
mod streaming;
mod tagging;
mod wire_copy;

/// Nothing is skipped silently: the only ignored tests are the prepress conformance
/// tests, each naming the tools it needs, and `scripts/conformance` (run by `.ci/run`)
/// runs every one of them.
#[test]
fn every_ignored_test_is_a_named_conformance_test() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it");
    let mut conformance = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if !line.starts_with("#[ignore") {
                continue;
            }
            assert!(
                line.starts_with("#[ignore = \"conformance: needs ")
                    && line.ends_with(" (scripts/conformance)\"]"),
                "{}:{}: an ignored test that is not a named conformance test: {line}",
                path.display(),
                i + 1
            );
            conformance += 1;
        }
    }
    assert!(conformance > 0);
    let script = std::fs::read_to_string(dir.join("../../scripts/conformance")).unwrap_or_default();
    assert!(script.contains("cargo test \"$@\" -- --ignored"));
    let ci = std::fs::read_to_string(dir.join("../../.ci/run")).unwrap_or_default();
    assert!(ci.contains("bash scripts/conformance"));
}
mod watch;
