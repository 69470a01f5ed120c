//! What each text line reads as, written as the `/ActualText` of a marked-content span
//! around it (ISO 32000-1 §14.9.4), so that text extraction (pdftotext, MuPDF, a
//! reader's copy and search) gets the copy back instead of guessing from glyph
//! positions: no false space where punctuation is compressed (标点挤压), a CJK–Latin
//! gap or justification opens one, no hyphen added at a hyphenated break, and the word
//! space a break between Latin words took.

use std::collections::HashMap;

use crate::linebreak::BreakReason;
use crate::page::{Document, Item, Role, TextLine};
use crate::spec::StoryId;

/// For every page, for every item in its order: the text of a text line as it reads in
/// the copy (`None` for other items).
pub fn actual_texts(doc: &Document) -> Vec<Vec<Option<String>>> {
    // Where each body line's source starts, to see what a break left out.
    let mut starts: HashMap<(StoryId, usize, usize), usize> = HashMap::new();
    for page in &doc.pages {
        for item in &page.items {
            if let Item::Text(l) = item {
                if let Role::Body {
                    story,
                    paragraph,
                    line,
                } = l.role
                {
                    starts.insert((story, paragraph, line), l.source.start);
                }
            }
        }
    }
    doc.pages
        .iter()
        .map(|page| {
            page.items
                .iter()
                .map(|item| match item {
                    Item::Text(l) => Some(reads_as(l, &starts)),
                    _ => None,
                })
                .collect()
        })
        .collect()
}

/// A line's text as the copy has it: a body line without the hyphen its break added,
/// and with the space its break took when the next line of its paragraph starts after
/// one.
fn reads_as(l: &TextLine, starts: &HashMap<(StoryId, usize, usize), usize>) -> String {
    let mut text = l.text.clone();
    let Role::Body {
        story,
        paragraph,
        line,
    } = l.role
    else {
        return text;
    };
    if l.reason == BreakReason::Hyphen && text.ends_with('-') {
        text.pop();
    }
    if let Some(&next) = starts.get(&(story, paragraph, line + 1)) {
        if next > l.source.end {
            text.push(' ');
        }
    }
    text
}
