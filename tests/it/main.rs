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
mod description_vs_pdf;
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
mod mixed_props;
mod mixed_script;
mod output_guard;
mod output_spec;
mod pdf_embedding;
mod pdfx_conformance;
mod picture_conversion;
mod pictures;
mod proof_images;
mod render_sample;
mod spec_errors;
mod spec_fuzz;
mod spec_numbers;
mod story_chains;
mod wire_copy;
