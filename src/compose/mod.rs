//! Stage 5, compose: build each page from the flowed frames and the furniture.
//!
//! Steps: [`furniture`] sets the masthead or folio, photos, ads and teasers →
//! [`rules`] draws the rules between neighbouring items → [`marks`] adds crop marks →
//! [`flatten`] turns frames into the device-independent [`page::Document`] the pdf
//! stage writes.

pub mod calendar;
pub mod flatten;
pub mod furniture;
pub mod marks;
pub mod page;
pub mod rules;
pub mod slug;

pub use page::*;

use crate::diag::Diagnostics;
use crate::flow::setter::Setter;
use crate::flow::{FlowPage, Flowed, Frame};
use crate::spec::{Issue, Template};

/// A composed page: every frame (stories and furniture) and the rules.
#[derive(Debug, Clone, PartialEq)]
pub struct ComposedPage {
    pub number: u32,
    pub frames: Vec<Frame>,
    pub rules: Vec<Rule>,
}

/// Compose all pages and flatten them into a [`Document`]; also returns warnings
/// (fallback fonts used in furniture text).
pub fn compose_issue(
    issue: &Issue,
    flowed: &Flowed,
) -> Result<(Vec<ComposedPage>, Document, Diagnostics), Diagnostics> {
    let mut setter = Setter::new(&issue.fonts);
    let mut pages = Vec::new();
    let mut errors = Diagnostics::new();
    for (page, flow_page) in issue.pages.iter().zip(&flowed.pages) {
        match compose_page(issue, page, flow_page, flowed, &mut setter) {
            Ok(p) => pages.push(p),
            Err(e) => errors.extend(e),
        }
    }
    if errors.has_errors() {
        return Err(errors);
    }
    let doc = flatten::document(issue, &pages);
    Ok((pages, doc, Diagnostics(setter.take_warnings())))
}

fn compose_page(
    issue: &Issue,
    page: &crate::spec::IssuePage,
    flowed: &FlowPage,
    all: &Flowed,
    setter: &mut Setter,
) -> Result<ComposedPage, Diagnostics> {
    let mut frames = Vec::new();
    let mut rule_specs = Vec::new();
    let (band, band_rules) = match page.template {
        Template::Front => furniture::masthead(issue, setter)?,
        Template::Inside => furniture::folio(issue, page, setter)?,
    };
    frames.push(band);
    rule_specs.extend(band_rules);
    frames.extend(flowed.frames.iter().cloned());
    for ph in &page.photos {
        frames.push(furniture::photo(issue, ph, setter)?);
    }
    for ad in &page.ads {
        frames.push(furniture::ad(issue, ad, setter)?);
    }
    for t in &page.teasers {
        let landed = all.first_page.get(&t.article).copied();
        frames.push(furniture::teaser(issue, t, landed, setter)?);
    }
    frames.extend(slug::slug(issue, page, setter)?);
    rule_specs.extend(rules::between_items(issue, page));
    let mut rules: Vec<Rule> = rule_specs
        .into_iter()
        .map(|(x0, y0, x1, y1, width)| Rule {
            x0,
            y0,
            x1,
            y1,
            width,
            color: crate::geom::Cmyk::BLACK.into(),
        })
        .collect();
    rules.extend(marks::crop_marks(issue));
    rules.extend(marks::registration_marks(issue));
    Ok(ComposedPage {
        number: page.number,
        frames,
        rules,
    })
}
