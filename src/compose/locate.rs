//! Locating furniture errors: a caption, ad or teaser that cannot be set is reported
//! at its entry in issue.toml (`file:line:col`) and named by page and item, e.g.
//! `issue.toml:40:8: error: page 1, photo 2: a photo's area … is too small …`.

use crate::diag::{Diagnostics, LineCol};
use crate::spec::Issue;

/// Put the errors of item `index` (0-based) of kind `item` on page `page` at `pos` in
/// issue.toml and prefix them with the page and item. Diagnostics about another file
/// (an article, the layout) are left as they are.
pub fn locate(
    diags: Diagnostics,
    issue: &Issue,
    page: u32,
    item: &str,
    index: usize,
    pos: Option<LineCol>,
) -> Diagnostics {
    let located = diags
        .0
        .into_iter()
        .map(|mut d| {
            if d.file.as_deref().is_none_or(|f| f == issue.path) {
                d.file = Some(issue.path.clone());
                d.pos = d.pos.or(pos);
                d.message = format!("page {page}, {item} {}: {}", index + 1, d.message);
            }
            d
        })
        .collect();
    Diagnostics(located)
}
