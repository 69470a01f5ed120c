//! An ad block: its frame, the 广告 label in its top corner (《报纸出版管理规定》§38:
//! advertising is always marked), and either the supplied artwork (a PDF page whose
//! trim box must match the slot, or a picture of the slot's shape filling it — or,
//! with `fit = "contain"`, of any shape placed whole) or, without a file, the
//! advertiser's text centred in the rest as a placeholder.

use crate::diag::{Diagnostic, Diagnostics};
use crate::geom::{mm, Rect};
use crate::layout::furniture::picture::place_image;
use crate::layout::furniture::{area_rect, inset_rect, Painter, Placed};
use crate::layout::setter::Setter;
use crate::page::ImageItem;
use crate::page::{BoxItem, BoxRole, Frame, FrameKind, Furniture, Role};
use crate::pictures::{ColorModel, JpegInfo, PdfInfo, PdfPage, Picture, PictureInfo, PngInfo};
use crate::spec::{Ad, Asset, Fit, FitMode, Issue};

/// Place ad number `index` of a page.
pub fn ad(
    issue: &Issue,
    pictures: &[Picture],
    ad: &Ad,
    index: usize,
    setter: &mut Setter,
) -> Result<(Placed, Diagnostics), Diagnostics> {
    let layout = &issue.layout;
    let g = &layout.grid;
    let roles = &layout.roles;
    let rect = area_rect(issue, &ad.area);
    let a = ad.area;
    let mut p = Painter::new(issue, setter, &ad.loc, "an ad");
    // The label sits inside the frame: its measure ends half a character short of the
    // frame's right edge.
    let label_role = Role::Furniture(Furniture::AdLabel(index));
    p.text_in(
        roles.ad_label,
        label_role,
        None,
        &ad.label,
        a.col,
        a.cols,
        a.row,
        g.char_size / 2.0,
    )?;
    let slot = inset_rect(issue, rect);
    // With its file: the artwork, and a ground that keeps the label legible over it.
    // Without: the ad's text in a frame, as a placeholder.
    let (boxes, images, notes) = match ad.asset {
        Some(id) => {
            let (image, notes) = artwork(issue, pictures, ad, id, slot)?;
            let ground = label_ground(&p.lines, slot).map(|rect| BoxItem {
                rect,
                style: layout.paint.ad_label_ground.clone(),
                role: BoxRole::AdLabelGround,
            });
            (ground.into_iter().collect(), vec![image], notes)
        }
        None => {
            placeholder_text(&mut p, ad, index)?;
            let frame = BoxItem {
                rect: slot,
                style: layout.paint.ad_frame.clone(),
                role: BoxRole::Ad { asset: None },
            };
            (vec![frame], Vec::new(), Diagnostics::new())
        }
    };
    Ok((
        Placed {
            frame: Frame {
                kind: FrameKind::Ad,
                story: None,
                rect,
                columns: Vec::new(),
            },
            boxes,
            images,
            lines: p.lines,
            rules: Vec::new(),
        },
        notes,
    ))
}

/// An ad without its file: its title and text lines centred in its area, as a
/// placeholder; more text than the area holds is an error at the ad.
fn placeholder_text(p: &mut Painter<'_, '_>, ad: &Ad, index: usize) -> Result<(), Diagnostics> {
    let layout = &p.issue.layout;
    let roles = &layout.roles;
    let a = ad.area;
    let text_role = Role::Furniture(Furniture::AdText(index));
    let needed = layout.style(roles.ad_title).lines.saturating_add(
        layout
            .style(roles.ad_text)
            .lines
            .saturating_mul(u32::try_from(ad.lines.len()).unwrap_or(u32::MAX)),
    );
    let mut row = a.row + a.rows.saturating_sub(needed) / 2;
    row += p.text(
        roles.ad_title,
        text_role,
        &ad.title,
        a.col,
        a.cols,
        row.max(a.row + 1),
    )?;
    for l in &ad.lines {
        row += p.text(roles.ad_text, text_role, l, a.col, a.cols, row)?;
    }
    if row > a.last_row() + 1 {
        return Err(Diagnostic::error(format!(
            "an ad's text needs {} lines but its area has {}",
            row - a.row,
            a.rows
        ))
        .located(&ad.loc)
        .into());
    }
    Ok(())
}

/// The ground under the label's glyphs (their em boxes, ideographic: 0.88 em above
/// the baseline, 0.12 below) with a quarter em around, so the label stays legible over
/// artwork, kept inside the slot; the artwork is otherwise printed as supplied.
fn label_ground(lines: &[crate::page::TextLine], slot: Rect) -> Option<Rect> {
    let mut ext: Option<(f64, f64, f64, f64)> = None;
    for l in lines {
        let pad = l.size / 4.0;
        for g in &l.glyphs {
            let (x0, x1) = (g.x - pad, g.x + g.advance + pad);
            let (y0, y1) = (
                l.baseline - 0.88 * l.size - pad,
                l.baseline + 0.12 * l.size + pad,
            );
            ext = Some(match ext {
                None => (x0, y0, x1, y1),
                Some((a, b, c, d)) => (a.min(x0), b.min(y0), c.max(x1), d.max(y1)),
            });
        }
    }
    let (x0, y0, x1, y1) = ext?;
    let (x0, y0) = (x0.max(slot.x), y0.max(slot.y));
    let (x1, y1) = (x1.min(slot.right()), y1.min(slot.bottom()));
    (x1 > x0 && y1 > y0).then(|| Rect::new(x0, y0, x1 - x0, y1 - y0))
}

/// The supplied artwork of an ad in its slot. A PDF page's trim box (else its media
/// box) must match the slot within the layout's `ad_tolerance_mm` in width and height
/// (it is then scaled onto the slot). A picture fills the slot like a photo, and must
/// have the slot's shape: scaled to cover the slot, what would be cut off (across its
/// width or its height) must be within the same `ad_tolerance_mm`. With
/// `fit = "contain"` a picture of another shape is placed whole, centred, and a
/// warning says how much of the slot stays blank.
fn artwork(
    issue: &Issue,
    pictures: &[Picture],
    ad: &Ad,
    id: crate::spec::AssetId,
    slot: Rect,
) -> Result<(ImageItem, Diagnostics), Diagnostics> {
    let (Some(picture), Some(asset)) = (pictures.get(id.0), issue.assets.get(id.0)) else {
        return Err(Diagnostic::error("an ad's file was not read").into());
    };
    let pdf = match &picture.info {
        PictureInfo::Pdf(pdf) => pdf,
        PictureInfo::Jpeg(JpegInfo { color, .. }) | PictureInfo::Png(PngInfo { color, .. }) => {
            if issue.layout.pictures.cmyk_only_ads && *color == ColorModel::Rgb {
                return Err(rgb_error(asset, "RGB pixels"));
            }
            return picture_ad(issue, pictures, ad, id, slot, (picture, asset));
        }
    };
    let page = pdf_page(issue, ad, asset, pdf)?;
    check_page_size(issue, asset, page, slot)?;
    Ok((
        ImageItem {
            asset: id,
            clip: slot,
            placed: slot,
            page: ad.page,
            ppi: None,
        },
        Diagnostics::new(),
    ))
}

/// The error for an ad with RGB colour (`what`) in a layout that takes CMYK-only ads.
fn rgb_error(asset: &Asset, what: &str) -> Diagnostics {
    Diagnostic::error(format!(
        "ad `{}` has {what}, but the layout takes CMYK-only ads (`cmyk_only_ads`)",
        asset.name
    ))
    .located(&asset.loc)
    .into()
}

/// The page of a PDF ad that it places, checked: the ad sets no `fit`, the page exists,
/// its fonts are embedded, and it has no RGB when the layout takes CMYK-only ads.
fn pdf_page<'p>(
    issue: &Issue,
    ad: &Ad,
    asset: &Asset,
    pdf: &'p PdfInfo,
) -> Result<&'p PdfPage, Diagnostics> {
    if ad.fit.is_some() {
        return Err(Diagnostic::error(format!(
            "ad `{}` is a PDF: `fit` is for a picture ad; a PDF ad's TrimBox must match its slot",
            asset.name
        ))
        .located(&asset.loc)
        .into());
    }
    let page = usize::try_from(ad.page)
        .ok()
        .and_then(|n| n.checked_sub(1))
        .and_then(|i| pdf.pages.get(i))
        .ok_or_else(|| -> Diagnostics {
            Diagnostic::error(format!(
                "ad `{}` has {} page(s); `page = {}` is not one of them",
                asset.name,
                pdf.pages.len(),
                ad.page
            ))
            .located(&asset.loc)
            .into()
        })?;
    if !page.unembedded_fonts.is_empty() {
        return Err(Diagnostic::error(format!(
            "ad `{}` page {} uses fonts that are not embedded: {}",
            asset.name,
            ad.page,
            page.unembedded_fonts.join(", ")
        ))
        .located(&asset.loc)
        .with_hint("ask for the ad exported with all fonts embedded (PDF/X)")
        .into());
    }
    if let Some(what) = page.rgb.filter(|_| issue.layout.pictures.cmyk_only_ads) {
        return Err(rgb_error(asset, &format!("{what} on page {}", ad.page)));
    }
    Ok(page)
}

/// A PDF ad's page (its trim box, else its media box) must match the slot within the
/// layout's `ad_tolerance_mm` in width and height.
fn check_page_size(
    issue: &Issue,
    asset: &Asset,
    page: &PdfPage,
    slot: Rect,
) -> Result<(), Diagnostics> {
    let tol = issue.layout.pictures.ad_tolerance;
    if (page.width() - slot.w).abs() > tol || (page.height() - slot.h).abs() > tol {
        let size = |w: f64, h: f64| format!("{:.1} × {:.1} mm", w / mm(1.0), h / mm(1.0));
        return Err(Diagnostic::error(format!(
            "ad `{}` does not fit its slot: the slot is {} but the file's {} is {} (tolerance ±{:.1} mm)",
            asset.name,
            size(slot.w, slot.h),
            if page.has_trim_box { "TrimBox" } else { "MediaBox" },
            size(page.width(), page.height()),
            tol / mm(1.0)
        ))
        .located(&asset.loc)
        .with_hint("ask the advertiser for artwork at the slot's size")
        .into());
    }
    Ok(())
}

/// A picture ad (JPEG or PNG; `read`: its picture and asset, looked up by the caller):
/// its displayed shape against the slot's, then placed.
fn picture_ad(
    issue: &Issue,
    pictures: &[Picture],
    ad: &Ad,
    id: crate::spec::AssetId,
    slot: Rect,
    read: (&Picture, &crate::spec::Asset),
) -> Result<(ImageItem, Diagnostics), Diagnostics> {
    let (picture, asset) = read;
    let Some((w, h)) = picture.displayed_pixels() else {
        return Err(Diagnostic::error("an ad's picture has no pixel size").into());
    };
    let tol = issue.layout.pictures.ad_tolerance;
    let off = shape_difference(w, h, slot);
    let mm_of = |v: f64| v / mm(1.0);
    let shapes = format!(
        "the slot is {:.1} × {:.1} mm ({:.2}:1) and the picture {w} × {h} px ({:.2}:1)",
        mm_of(slot.w),
        mm_of(slot.h),
        slot.w / slot.h,
        f64::from(w) / f64::from(h.max(1))
    );
    let contain = ad.fit == Some(FitMode::Contain);
    if off.cut > tol && !contain {
        return Err(Diagnostic::error(format!(
            "ad `{}` does not have its slot's shape: {shapes}; filling the slot would cut {:.1} mm off its {} (tolerance ±{:.1} mm)",
            asset.name,
            mm_of(off.cut),
            if off.across { "width" } else { "height" },
            mm_of(tol)
        ))
        .located(&asset.loc)
        .with_hint("ask the advertiser for artwork in the slot's proportions, or give the ad `fit = \"contain\"` to place it whole")
        .into());
    }
    let fit = Fit {
        mode: if contain {
            FitMode::Contain
        } else {
            FitMode::Fill
        },
        ..Fit::default()
    };
    let (item, mut notes) = place_image(issue, pictures, id, &fit, slot, "ad")?;
    if contain && off.cut > tol {
        let blank = if off.across {
            slot.h - item.clip.h
        } else {
            slot.w - item.clip.w
        };
        notes.push(
            Diagnostic::warning(format!(
                "ad `{}` is placed whole (`fit = \"contain\"`): {shapes}, so {:.1} mm of the slot's {} stays blank",
                asset.name,
                mm_of(blank),
                if off.across { "height" } else { "width" }
            ))
            .located(&asset.loc),
        );
    }
    Ok((item, notes))
}

/// How a `w × h` picture scaled to cover `slot` overshoots it.
struct ShapeDifference {
    /// Points that would be cut off.
    cut: f64,
    /// Whether the cut is across the picture's width (it is wider than the slot).
    across: bool,
}

fn shape_difference(w: u32, h: u32, slot: Rect) -> ShapeDifference {
    let (w, h) = (f64::from(w.max(1)), f64::from(h.max(1)));
    let s = (slot.w / w).max(slot.h / h);
    let (over_w, over_h) = (w * s - slot.w, h * s - slot.h);
    if over_w >= over_h {
        ShapeDifference {
            cut: over_w.max(0.0),
            across: true,
        }
    } else {
        ShapeDifference {
            cut: over_h.max(0.0),
            across: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shape_difference_is_what_filling_would_cut() {
        let slot = Rect::new(0.0, 0.0, 300.0, 100.0);
        let same = shape_difference(3000, 1000, slot);
        assert!(same.cut.abs() < 1e-9);
        // A square picture covering a 3:1 slot: scaled to 300 pt wide, 200 pt of its
        // height is cut.
        let square = shape_difference(1000, 1000, slot);
        assert!((square.cut - 200.0).abs() < 1e-9 && !square.across);
        // 6:1 picture: scaled to 100 pt high, 600 pt wide, 300 pt of its width cut.
        let wide = shape_difference(6000, 1000, slot);
        assert!((wide.cut - 300.0).abs() < 1e-9 && wide.across);
    }
}
