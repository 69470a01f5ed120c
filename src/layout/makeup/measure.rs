//! Setting a story part in a candidate area, to learn whether it fits: the real frame
//! filler ([`crate::layout::flow::frame::fill_frame`]) on a copy of the story's body
//! stream, so a count here is the count the page gets. Each story's blocks are
//! prepared (shaped) once; each (part, area) is set at most once.

use std::collections::{BTreeMap, HashMap};

use crate::diag::Diagnostics;
use crate::layout::flow::blocks::{prepare_blocks, Prepared};
use crate::layout::flow::body::BodyStream;
use crate::layout::flow::frame::fill_frame;
use crate::layout::flow::{frame_job, jumps};
use crate::layout::setter::{Origin, Setter};
use crate::spec::{Area, Issue, IssuePage, Sizing, StoryId, StoryPlacement, Travel};

/// What setting a part in an area gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Trial {
    /// All the story's remaining text went in (or, for a part that continues, the
    /// frame filled), and the headline block fit.
    pub fits: bool,
    /// Empty body-line slots at the frame's foot (all columns together).
    pub empty: usize,
    /// Body lines of the story's text still unset after this part (0 when it fits),
    /// counted at this area's column width.
    pub left_lines: usize,
    /// Characters still unset after this part.
    pub left_chars: usize,
    /// Rows from the frame's top to below its headline block.
    pub head_rows: u32,
}

/// Sets story parts in candidate areas for the make-up step, with their blocks prepared
/// once and every trial remembered.
#[derive(Default)]
pub struct Measurer {
    blocks: BTreeMap<StoryId, Vec<Prepared>>,
    trials: HashMap<(StoryId, usize, Area), Trial>,
}

impl Measurer {
    /// Set part `k` of story `id` (on page `page`, 1-based) in `area`: the parts before
    /// it as `issue` places them, then this one in `area`. `issue` holds the areas
    /// decided so far.
    pub fn trial(
        &mut self,
        issue: &Issue,
        setter: &mut Setter,
        (id, k): (StoryId, usize),
        area: Area,
    ) -> Result<Trial, Diagnostics> {
        if let Some(t) = self.trials.get(&(id, k, area)) {
            return Ok(*t);
        }
        let story = issue.story(id);
        let article = &issue.articles[story.article];
        let paras = match self.blocks.entry(id) {
            std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::btree_map::Entry::Vacant(e) => {
                e.insert(prepare_blocks(issue, setter, article)?)
            }
        };
        let paras = paras.as_slice();
        let origin = Origin {
            file: &article.path,
            what: format!("article `{}`, front matter", article.id),
        };
        let serials = jumps::number_jumps(issue);
        let mut stream = BodyStream::new(paras);
        for j in 0..k {
            let Some(placed) = issue.part(id, j) else {
                continue;
            };
            let job = frame_job(issue, id, story, j, placed, &serials, !stream.is_done());
            fill_frame(issue, setter, &job, &mut stream, paras, &origin)?;
        }
        let Some((page, pl)) = issue.part(id, k) else {
            return Ok(Trial {
                fits: false,
                empty: 0,
                left_lines: 0,
                left_chars: 0,
                head_rows: 0,
            });
        };
        let mut candidate = with_area(pl, area);
        // `continues_on = "auto"`: does the story fit here without jumping?
        let alone;
        let story = if candidate.auto_jump {
            candidate.continues_on = None;
            let mut s = story.clone();
            s.parts.truncate(k + 1);
            alone = s;
            &alone
        } else {
            story
        };
        // A photo that travels with the story moves with it, or the story is too small.
        let moved_page;
        let page = match candidate.travel {
            None => page,
            Some(t) => {
                let Some(photo) = travel_area(issue, page, t, area) else {
                    let trial = Trial {
                        fits: false,
                        empty: 0,
                        left_lines: stream.count_lines(
                            crate::layout::flow::columns::story_columns(
                                issue,
                                &area,
                                candidate.columns,
                            )
                            .0,
                        ),
                        left_chars: stream.rest_text().0,
                        head_rows: 0,
                    };
                    self.trials.insert((id, k, area), trial);
                    return Ok(trial);
                };
                let mut p = page.clone();
                if let Some(ph) = p.photos.get_mut(t.photo) {
                    ph.area = photo;
                }
                moved_page = p;
                &moved_page
            }
        };
        let job = frame_job(
            issue,
            id,
            story,
            k,
            (page, &candidate),
            &serials,
            !stream.is_done(),
        );
        let filled = fill_frame(issue, setter, &job, &mut stream, paras, &origin)?;
        let head_fits = filled.head_overset.is_none();
        let continues = candidate.continues_on.is_some();
        let width = crate::layout::flow::columns::story_columns(issue, &area, candidate.columns).0;
        let trial = Trial {
            fits: head_fits && (continues || stream.is_done()),
            empty: filled.empty_slots,
            left_lines: stream.count_lines(width),
            left_chars: stream.rest_text().0,
            head_rows: filled.head_rows,
        };
        self.trials.insert((id, k, area), trial);
        Ok(trial)
    }
}

/// A placement moved to `area`: a story the make-up step places has one text column
/// per grid column, its headline across all of them but those of its traveling photo.
pub fn with_area(pl: &StoryPlacement, area: Area) -> StoryPlacement {
    let mut out = pl.clone();
    out.area = area;
    if matches!(pl.sizing, Sizing::Auto(_)) {
        out.columns = area.cols;
        let beside = pl.travel.map_or(0, |t| t.cols);
        out.headline_columns = area.cols.saturating_sub(beside).max(1);
    }
    out
}

/// Where the photo traveling with a story placed at `area` on `page` goes (see
/// [`Travel::area_in`]); `None` when the story is too small for it.
pub fn travel_area(issue: &Issue, page: &IssuePage, t: Travel, area: Area) -> Option<Area> {
    let reserved = crate::layout::makeup::reserved_lines(issue, page.template);
    let space = crate::spec::with_photo::space_above(&issue.layout, reserved, area.row);
    t.area_in(area, space)
}
