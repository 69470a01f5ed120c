//! A picture file placed in a box: the fit, the effective-resolution checks of the
//! layout's `[pictures]` (under `min_ppi` an error, under `warn_ppi` a warning, both at
//! the `file = "…"` that named it), and the page item.

use crate::diag::{Diagnostic, Diagnostics};
use crate::geom::Rect;
use crate::layout::furniture::fit::fit_picture;
use crate::page::ImageItem;
use crate::pictures::Picture;
use crate::spec::{AssetId, Fit, Issue};

/// Place image asset `id` in `area`; `what` names the item in messages ("photo", "ad").
pub fn place_image(
    issue: &Issue,
    pictures: &[Picture],
    id: AssetId,
    fit: &Fit,
    area: Rect,
    what: &str,
) -> Result<(ImageItem, Diagnostics), Diagnostics> {
    let (picture, asset) = match (pictures.get(id.0), issue.assets.get(id.0)) {
        (Some(p), Some(a)) => (p, a),
        _ => return Err(Diagnostic::error(format!("a {what}'s picture was not read")).into()),
    };
    // The size as displayed (Exif orientation applied): what fit, crop, focus and the
    // effective resolution are about.
    let Some((w, h)) = picture.displayed_pixels() else {
        return Err(Diagnostic::error(format!(
            "{what} file `{}` is a PDF; a {what} must be a JPEG or PNG picture",
            asset.name
        ))
        .located(&asset.loc)
        .into());
    };
    let p = fit_picture(w, h, fit, area);
    let rules = &issue.layout.pictures;
    let mut notes = Diagnostics::new();
    let size = format!(
        "{w} × {h} px printed at {:.1} × {:.1} mm",
        p.clip.w / crate::geom::mm(1.0),
        p.clip.h / crate::geom::mm(1.0)
    );
    if p.ppi < rules.min_ppi {
        return Err(Diagnostic::error(format!(
            "{what} `{}` has {:.0} ppi at its printed size, under the layout's minimum of {:.0} ppi ({size})",
            asset.name, p.ppi, rules.min_ppi
        ))
        .located(&asset.loc)
        .with_hint("supply a larger picture, or give it a smaller area")
        .into());
    }
    if p.ppi < rules.warn_ppi {
        notes.push(
            Diagnostic::warning(format!(
                "{what} `{}` has only {:.0} ppi at its printed size (the layout warns under {:.0} ppi; {size})",
                asset.name, p.ppi, rules.warn_ppi
            ))
            .located(&asset.loc),
        );
    }
    let limit = issue.layout.output.tac_percent;
    if let Some(ink) = picture.ink().filter(|i| i.exceeds(limit)) {
        notes.push(
            Diagnostic::warning(format!(
                "{what} `{}` reaches {} % total area coverage ({:.0} % of its pixels over the layout's {limit:.0} %): the PDF carries it held to {limit:.0} % (K kept, C, M and Y reduced)",
                asset.name,
                ink.max_percent(),
                ink.share_over(limit) * 100.0
            ))
            .located(&asset.loc),
        );
    }
    if issue.layout.output.convert_images {
        notes.extend(crate::pictures::convert::convert_warning(
            picture, asset, what,
        ));
    }
    Ok((
        ImageItem {
            asset: id,
            clip: p.clip,
            placed: p.placed,
            page: 1,
            ppi: Some(p.ppi),
        },
        notes,
    ))
}
