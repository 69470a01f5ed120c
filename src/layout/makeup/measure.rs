//! Setting a story part in a candidate area, to learn whether it fits: the real frame
//! filler ([`crate::layout::flow::frame::fill_frame`]) on a copy of the story's body
//! stream, so a count here is the count the page gets. Each story's blocks are
//! prepared (shaped) once; each (part, area) is set at most once.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use crate::diag::Diagnostics;
use crate::layout::flow::blocks::{prepare_blocks, Prepared};
use crate::layout::flow::body::BodyStream;
use crate::layout::flow::columns::story_columns;
use crate::layout::flow::frame::fill_frame;
use crate::layout::flow::{frame_job, jumps};
use crate::layout::setter::{Origin, Setter};
use crate::spec::{Area, Issue, IssuePage, Sizing, StoryId, StoryPlacement, Travel};

/// What setting a part in an area gave (by default: nothing set, not fitting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
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

impl Trial {
    /// Nothing set: the part's photo does not fit its area; what is left of the story
    /// is counted at `width`.
    fn none(stream: &BodyStream<'_>, width: f64) -> Trial {
        Trial {
            fits: false,
            empty: 0,
            left_lines: stream.count_lines(width),
            left_chars: stream.rest_text().0,
            head_rows: 0,
        }
    }
}

impl Measurer {
    /// Set part `k` of story `id` in `area`: the parts before it as `issue` places them,
    /// then this one in `area`. `issue` holds the areas decided so far.
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
        let trial = self.set_in(issue, setter, (id, k), area)?;
        self.trials.insert((id, k, area), trial);
        Ok(trial)
    }

    /// The story's blocks, prepared the first time they are asked for.
    fn blocks_of(
        &mut self,
        issue: &Issue,
        setter: &mut Setter,
        id: StoryId,
    ) -> Result<&[Prepared], Diagnostics> {
        let paras = match self.blocks.entry(id) {
            std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::btree_map::Entry::Vacant(e) => {
                let article = issue.article_of(id);
                e.insert(prepare_blocks(issue, setter, article)?)
            }
        };
        Ok(paras.as_slice())
    }

    /// [`Self::trial`], not remembered.
    fn set_in(
        &mut self,
        issue: &Issue,
        setter: &mut Setter,
        (id, k): (StoryId, usize),
        area: Area,
    ) -> Result<Trial, Diagnostics> {
        let paras = self.blocks_of(issue, setter, id)?;
        let article = issue.article_of(id);
        let origin = Origin {
            file: &article.path,
            what: format!("article `{}`, front matter", article.id),
        };
        let serials = jumps::number_jumps(issue);
        let story = issue.story(id);
        // The parts before this one, as placed.
        let mut stream = BodyStream::new(paras);
        for j in 0..k {
            if let Some(placed) = issue.part(id, j) {
                let job = frame_job(issue, id, story, j, placed, &serials, !stream.is_done());
                fill_frame(issue, setter, &job, &mut stream, paras, &origin)?;
            }
        }
        let Some((page, pl)) = issue.part(id, k) else {
            return Ok(Trial::default());
        };
        let mut candidate = with_area(pl, area);
        let width = story_columns(issue, &area, candidate.columns).0;
        // `continues_on = "auto"`: does the story fit here without jumping?
        let story = if candidate.auto_jump {
            candidate.continues_on = None;
            let mut alone = story.clone();
            alone.parts.truncate(k + 1);
            Cow::Owned(alone)
        } else {
            Cow::Borrowed(story)
        };
        // A photo that travels with the story moves with it, or the story is too small.
        let Some(page) = page_with_travel(issue, page, &candidate) else {
            return Ok(Trial::none(&stream, width));
        };
        let more = !stream.is_done();
        let job = frame_job(issue, id, &story, k, (&page, &candidate), &serials, more);
        let filled = fill_frame(issue, setter, &job, &mut stream, paras, &origin)?;
        let continues = candidate.continues_on.is_some();
        Ok(Trial {
            fits: filled.head_overset.is_none() && (continues || stream.is_done()),
            empty: filled.empty_slots,
            left_lines: stream.count_lines(width),
            left_chars: stream.rest_text().0,
            head_rows: filled.head_rows,
        })
    }
}

/// `page` with the photo traveling with `pl` (if any) moved into `pl`'s area; `None`
/// when the area is too small for it.
fn page_with_travel<'p>(
    issue: &Issue,
    page: &'p IssuePage,
    pl: &StoryPlacement,
) -> Option<Cow<'p, IssuePage>> {
    let Some(t) = pl.travel else {
        return Some(Cow::Borrowed(page));
    };
    let photo = travel_area(issue, page, t, pl.area)?;
    let mut moved = page.clone();
    if let Some(ph) = moved.photos.get_mut(t.photo) {
        ph.area = photo;
    }
    Some(Cow::Owned(moved))
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
    t.area_in(
        area,
        issue.layout.space_above_headline(page.template, area.row),
    )
}
