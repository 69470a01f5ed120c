//! A story's `with_photo`: a photo that travels with the story wherever its area ends
//! up — at the top of the area, in its rightmost `cols` columns (below the headline's
//! blank line when the story does not open the page), with the headline block beside
//! it in the columns to its left. The photo is one of the page's photos; its cells are
//! decided with the story's (by the make-up step when the story's area is open).

use std::path::Path;

use toml::Spanned;

use crate::diag::Diagnostics;
use crate::spec::assets::resolve_asset;
use crate::spec::load_toml::SourceFile;
use crate::spec::model::{Area, Asset, Layout, PageTemplate, Photo, Sizing, Travel};
use crate::spec::paths::Roots;
use crate::spec::picture_keys;
use crate::spec::raw::WithPhotoSpec;

/// A story's traveling photo as read: the photo (its area provisional unless the story's
/// is fixed) and its size in cells.
#[derive(Debug)]
pub struct DraftTravel {
    pub photo: Photo,
    pub cols: u32,
    pub rows: u32,
}

/// Read `with_photo` of a story placed at `area` (provisional unless `sizing` is
/// fixed) with `columns` text columns; `None` (reported) when it does not fit the story.
#[allow(clippy::too_many_arguments)] // the issue file and its folder, the story, and where its photo goes
pub fn read_with_photo(
    src: &SourceFile,
    base: &Path,
    layout: &Layout,
    w: &Spanned<WithPhotoSpec>,
    (area, sizing, columns): (Area, &Sizing, u32),
    template: PageTemplate,
    (roots, assets): (&Roots, &mut Vec<Asset>),
    diags: &mut Diagnostics,
) -> Option<DraftTravel> {
    let spec = w.get_ref();
    let span = w.span();
    if !fits_story(src, layout, w, (area, sizing, columns), diags) {
        return None;
    }
    let travel = Travel {
        photo: 0,
        cols: spec.cols,
        rows: spec.rows,
    };
    let placed = travel.area_in(area, layout.space_above_headline(template, area.row));
    let photo_area = match (sizing, placed) {
        (_, Some(a)) => a,
        (Sizing::Fixed, None) => {
            diags.push(src.error_at(
                span,
                format!(
                    "the story's area ({} rows) is too small for its photo ({} rows)",
                    area.rows, spec.rows
                ),
            ));
            return None;
        }
        // Provisional: the make-up step places it with the story.
        (_, None) => Area::checked(area.col, spec.cols, area.row, spec.rows)?,
    };
    let asset = spec
        .file
        .as_ref()
        .and_then(|f| resolve_asset(src, base, f, "photo", roots, assets, diags));
    Some(DraftTravel {
        photo: Photo {
            area: photo_area,
            caption: crate::linebreak::normalize_wire_text(&spec.caption),
            credit: crate::linebreak::normalize_wire_text(&spec.credit),
            asset,
            fit: picture_keys::resolve_fit(src, spec.fit_keys(), diags),
            loc: src.loc(span),
        },
        cols: spec.cols,
        rows: spec.rows,
    })
}

/// Whether `with_photo` can go in its story: 1 × 1 cells at least, no taller than the
/// grid, leaving the headline a column, in a story without 变栏 (reported when not).
fn fits_story(
    src: &SourceFile,
    layout: &Layout,
    w: &Spanned<WithPhotoSpec>,
    (area, sizing, columns): (Area, &Sizing, u32),
    diags: &mut Diagnostics,
) -> bool {
    let spec = w.get_ref();
    let span = w.span();
    let narrowest = match sizing {
        Sizing::Auto(a) => a.cols.0,
        _ => area.cols,
    };
    let problem = if spec.cols == 0 || spec.rows == 0 || spec.rows > layout.grid.lines {
        format!(
            "`with_photo` needs `cols` and `rows` of at least 1 (rows at most {})",
            layout.grid.lines
        )
    } else if spec.cols >= narrowest {
        format!(
            "`with_photo` takes {} columns of a story {narrowest} columns wide: none is left for the headline",
            spec.cols
        )
    } else if columns != area.cols && !matches!(sizing, Sizing::Auto(_)) {
        "`with_photo` is for a story with one text column per grid column (no `columns`)"
            .to_string()
    } else {
        return true;
    };
    diags.push(src.error_at(span, problem));
    false
}
