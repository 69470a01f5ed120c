//! How many rows a story part needs at a place: the fewest rows, from its first row
//! down, in which the real frame filler sets all its text (searched by halving between
//! what the photos it wraps demand and the room below it).

use crate::diag::Diagnostics;
use crate::layout::makeup::grid::Room;
use crate::layout::makeup::measure::{Measurer, Trial};
use crate::layout::setter::Setter;
use crate::spec::{Area, Issue, RowLimits, StoryId};

/// The rows a part takes at a place, or how much it lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// It fits in `rows` rows (the fewest) above `floor`; `trial` is that setting.
    Fits { rows: u32, floor: u32, trial: Trial },
    /// It does not fit in the most rows it may take there (`rows`, 0 when it may take
    /// none); `trial` is that setting (what is left over).
    Short { rows: u32, trial: Option<Trial> },
}

/// The fewest rows part `k` of story `id` needs in columns `col..col+cols` from `row`
/// down, within `room` and `limits`.
#[allow(clippy::too_many_arguments)] // the issue, the tools, the part, and the place
pub fn need(
    issue: &Issue,
    setter: &mut Setter,
    measurer: &mut Measurer,
    part: (StoryId, usize),
    (col, cols, row): (u32, u32, u32),
    room: &Room,
    limits: RowLimits,
) -> Result<Need, Diagnostics> {
    // Ending above the first photo it would wrap leaves the photo to what follows.
    if let Some(top) = room.above {
        let short = Room {
            floor: top,
            photos_to: 0,
            above: None,
        };
        let n = need(
            issue,
            setter,
            measurer,
            part,
            (col, cols, row),
            &short,
            limits,
        )?;
        if matches!(n, Need::Fits { .. }) {
            return Ok(n);
        }
    }
    let free = room.floor.saturating_sub(row);
    let hi = free.min(limits.max);
    let photos = if room.photos_to >= row {
        room.photos_to - row + 1
    } else {
        0
    };
    let lo = limits.min.max(photos).max(1);
    let area = |rows: u32| Area::checked(col, cols, row, rows);
    let Some(top) = area(hi) else {
        return Ok(Need::Short {
            rows: 0,
            trial: None,
        });
    };
    let most = measurer.trial(issue, setter, part, top)?;
    if lo > hi || !most.fits {
        return Ok(Need::Short {
            rows: hi,
            trial: Some(most),
        });
    }
    // The fewest rows that fit lie in lo..=hi; `hi` fits.
    let (mut lo, mut hi, mut best) = (lo, hi, most);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let Some(a) = area(mid) else { break };
        let t = measurer.trial(issue, setter, part, a)?;
        if t.fits {
            hi = mid;
            best = t;
        } else {
            lo = mid + 1;
        }
    }
    Ok(Need::Fits {
        rows: hi,
        floor: room.floor,
        trial: best,
    })
}
