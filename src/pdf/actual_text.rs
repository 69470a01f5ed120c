//! What each text line reads as, written as the `/ActualText` of a marked-content span
//! around it (ISO 32000-1 §14.9.4), so that text extraction (pdftotext, MuPDF, a
//! reader's copy and search) gets the copy back instead of guessing from glyph
//! positions: no false space where punctuation is compressed (标点挤压), a CJK–Latin
//! gap or justification opens one, no hyphen added at a hyphenated break, and the word
//! space a break between Latin words took.

use crate::linebreak::BreakReason;
use crate::page::{Item, Page, Role, TextLine};

/// For every item of `page`, in its order: what a text line reads as (`None` for
/// other items).
pub fn page_texts(page: &Page) -> Vec<Option<String>> {
    page.items
        .iter()
        .map(|item| match item {
            Item::Text(l) => Some(reads_as(l)),
            _ => None,
        })
        .collect()
}

/// A line's text as the copy has it: a body line without the hyphen its break added,
/// and with the space its break took ([`TextLine::break_space`]).
fn reads_as(l: &TextLine) -> String {
    let mut text = l.text.clone();
    if !matches!(l.role, Role::Body { .. }) {
        return text;
    }
    if l.reason == BreakReason::Hyphen && text.ends_with('-') {
        text.pop();
    }
    if l.break_space {
        text.push(' ');
    }
    text
}
