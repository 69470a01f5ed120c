//! A block's text from pieces of one face each (the text between two changes of face
//! in markup, XML or a Word file): the pieces are normalised together as wire copy
//! ([`normalize_wire_pieces`]) and each piece that is not plain becomes an inline run of
//! the final text, touching runs of the same face and dots merged.

use crate::linebreak::normalize::normalize_wire_pieces;
use crate::linebreak::normalize_wire_text;
use crate::spec::model::{Face, Inline};

/// One piece: its text, face and whether it carries emphasis dots.
pub type Piece<'a> = (&'a str, Face, bool);

/// The set text of `pieces`, its inline runs, and whether the faces had to be dropped
/// (a combining mark right after a change of face composes with the character before
/// it, across the change: the text is kept, set in the block's own face).
pub fn set_pieces(pieces: &[Piece<'_>]) -> (String, Vec<Inline>, bool) {
    let texts: Vec<&str> = pieces.iter().map(|p| p.0).collect();
    let Some((text, ranges)) = normalize_wire_pieces(&texts) else {
        return (normalize_wire_text(&texts.concat()), Vec::new(), true);
    };
    let mut inlines: Vec<Inline> = Vec::new();
    for (&(_, face, dots), range) in pieces.iter().zip(ranges) {
        let Some(range) = range else { continue };
        if face == Face::Regular && !dots {
            continue;
        }
        match inlines.last_mut() {
            Some(last)
                if last.range.end == range.start && last.face == face && last.dots == dots =>
            {
                last.range.end = range.end;
            }
            _ => inlines.push(Inline { range, face, dots }),
        }
    }
    (text, inlines, false)
}
