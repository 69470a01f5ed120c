//! Stage 6, pdf: output only, no layout decisions.
