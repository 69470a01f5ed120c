//! Stories and their chains of frames. A story begins where `article = "…"` places
//! it; each `continued = "id"` frame, in page order, is its next part, on any later page
//! (p1 → p2 → p3 …). Every part but the last names the page of the next with
//! `continues_on`, so the jump lines in the spec and on the page always agree.

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, Diagnostics};
use crate::spec::load_toml::SourceFile;
use crate::spec::model::*;
use crate::spec::placement::{DraftPart, DraftTeaser, Pending};

/// Build the stories from the drafted parts and put each part on its page as a
/// [`StoryPlacement`] (in the order the page lists them).
pub fn link_stories(
    src: &SourceFile,
    pages: &mut [IssuePage],
    pending: &Pending,
    diags: &mut Diagnostics,
) -> Vec<Story> {
    // Stories in the order they begin; ids by name.
    let mut stories: Vec<Story> = Vec::new();
    let mut by_id: BTreeMap<&str, StoryId> = BTreeMap::new();
    // Which story each drafted part belongs to.
    let mut owner: Vec<Option<StoryId>> = Vec::with_capacity(pending.parts.len());
    for part in &pending.parts {
        let id = match (&part.begins, &part.continues) {
            (Some(b), _) => {
                let id = StoryId(stories.len());
                by_id.entry(b.id.as_str()).or_insert(id);
                stories.push(Story {
                    id: b.id.clone(),
                    article: b.article,
                    parts: Vec::new(),
                    loc: src.loc(b.id_span.clone()),
                });
                Some(id)
            }
            (None, Some(name)) => match by_id.get(name.get_ref().as_str()) {
                Some(&id) => Some(id),
                None => {
                    diags.push(src.error_at(
                        name.span(),
                        format!("no story with id `{}` to continue", name.get_ref()),
                    ));
                    None
                }
            },
            (None, None) => None,
        };
        owner.push(id);
    }
    // Place each part on its page, numbering the parts of each story.
    let mut numbers: Vec<Option<usize>> = vec![None; pending.parts.len()];
    for ((part, id), number) in pending.parts.iter().zip(&owner).zip(&mut numbers) {
        let Some(id) = *id else { continue };
        let Some(story) = stories.get_mut(id.0) else {
            continue;
        };
        let Some(page) = pages.get_mut(part.page as usize - 1) else {
            continue;
        };
        if let Some(prev) = story.parts.last() {
            if prev.page == part.page {
                diags.push(
                    Diagnostic::error(format!(
                        "story `{}` is continued twice on page {}",
                        story.id, part.page
                    ))
                    .located(&part.loc),
                );
                continue;
            }
        }
        story.parts.push(PartRef {
            page: part.page,
            index: page.stories.len(),
        });
        *number = Some(story.parts.len() - 1);
        page.stories
            .push(placement_of(part, id, story.parts.len() - 1));
    }
    check_chains(src, &stories, pending, &owner, &numbers, diags);
    fill_auto_jumps(&stories, pages);
    stories
}

/// The placement of drafted `part`, part `k` of story `id`.
fn placement_of(part: &DraftPart, id: StoryId, k: usize) -> StoryPlacement {
    StoryPlacement {
        story: id,
        part: k,
        area: part.area,
        columns: part.columns,
        headline_columns: part.headline_columns,
        cont_headline: part.cont_headline.clone(),
        continues_on: part.continues_on.as_ref().map(|c| *c.get_ref()),
        auto_jump: part.auto_jump.is_some(),
        sizing: part.sizing.clone(),
        spec_index: part.spec_index,
        travel: part.travel,
        loc: part.loc.clone(),
    }
}

/// `continues_on = "auto"`: the page a frame may continue on is its next part's.
fn fill_auto_jumps(stories: &[Story], pages: &mut [IssuePage]) {
    for story in stories {
        for (k, part) in story.parts.iter().enumerate() {
            let next = story.parts.get(k + 1).map(|n| n.page);
            if let Some(pl) = pages
                .get_mut(part.page as usize - 1)
                .and_then(|p| p.stories.get_mut(part.index))
            {
                if pl.auto_jump {
                    pl.continues_on = next;
                }
            }
        }
    }
}

/// Every part but the last says where the story goes on (`continues_on` = the next
/// part's page, a later page); the last says nothing.
fn check_chains(
    src: &SourceFile,
    stories: &[Story],
    pending: &Pending,
    owner: &[Option<StoryId>],
    numbers: &[Option<usize>],
    diags: &mut Diagnostics,
) {
    for ((part, id), k) in pending.parts.iter().zip(owner).zip(numbers) {
        let (Some(story), Some(k)) = (id.and_then(|id| stories.get(id.0)), *k) else {
            continue;
        };
        let next = story.parts.get(k + 1);
        if let Some(span) = &part.auto_jump {
            if next.is_none() {
                diags.push(
                    src.error_at(span.clone(), "`continues_on = \"auto\"`: no page has a `continued = …` frame for this story")
                        .with_hint("add [[page.story]] with continued = \"<story id>\" on the page it may continue on"),
                );
            }
            continue;
        }
        match (&part.continues_on, next) {
            (Some(on), Some(next)) if *on.get_ref() == next.page => {}
            (Some(on), Some(next)) => diags.push(src.error_at(
                on.span(),
                format!(
                    "story continues on page {} but its continuation is placed on page {}",
                    on.get_ref(),
                    next.page
                ),
            )),
            (Some(on), None) => diags.push(
                src.error_at(
                    on.span(),
                    format!(
                        "page {} has no `continued = …` entry for this story",
                        on.get_ref()
                    ),
                )
                .with_hint("add [[page.story]] with continued = \"<story id>\" on that page"),
            ),
            (None, Some(next)) => diags.push(
                continuation_without_link(story, next.page, part).with_hint(format!(
                    "add `continues_on = {}` to the story's frame on page {}",
                    next.page, part.page
                )),
            ),
            (None, None) => {}
        }
    }
}

fn continuation_without_link(story: &Story, page: u32, part: &DraftPart) -> Diagnostic {
    Diagnostic::error(format!(
        "story `{}` is continued on page {page}, but this frame of it (page {}) has no `continues_on`",
        story.id, part.page
    ))
    .located(&part.loc)
}

/// Teasers: each points at a story by id.
pub fn link_teasers(
    src: &SourceFile,
    teasers: &[DraftTeaser],
    pages: &mut [IssuePage],
    stories: &[Story],
    diags: &mut Diagnostics,
) {
    for t in teasers {
        let Some(id) = stories.iter().position(|s| s.id == *t.story.get_ref()) else {
            diags.push(src.error_at(
                t.story.span(),
                format!("no story with id `{}`", t.story.get_ref()),
            ));
            continue;
        };
        if let Some(pg) = pages.get_mut(t.page as usize - 1) {
            pg.teasers.push(Teaser {
                area: t.area,
                text: t.text.clone(),
                story: StoryId(id),
                loc: t.loc.clone(),
            });
        }
    }
}
