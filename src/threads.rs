//! Work spread over the machine's cores, the results in a fixed order: the helpers the
//! stages that do the same work per page or per picture (the PDF writer's content
//! streams, the live view's page images, the pictures' checks) share, so their output
//! never depends on scheduling.

/// The most threads a stage takes: a page's work is small, and the machines this runs
/// on have few cores.
pub const MAX_THREADS: usize = 4;

/// `f` applied to every item of `items`, in item order, on up to
/// `min(cores, max_threads)` threads, each taking a run of consecutive items (the first
/// run on this thread). `None` if a thread panicked.
pub fn map_in_order<T: Sync, R: Send>(
    items: &[T],
    max_threads: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Option<Vec<R>> {
    let done = each_on_a_thread(even_runs(items, max_threads), |run| {
        run.iter().map(&f).collect::<Vec<R>>()
    })?;
    Some(done.into_iter().flatten().collect())
}

/// `f` applied to every item of `items`, the results in item order, on up to
/// `min(cores, max_threads)` threads that each take the next item not taken yet (the
/// first thread is this one): for items of very different cost (pictures of any size),
/// where runs of consecutive items would leave a thread waiting. `None` if a thread
/// panicked.
pub fn map_queued<T: Sync, R: Send>(
    items: &[T],
    max_threads: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Option<Vec<R>> {
    let threads = threads_for(max_threads).min(items.len()).max(1);
    map_queued_with(items, vec![(); threads], |(), item| f(item))
}

/// [`map_queued`] on one thread for each of `states` (the first on this thread), each
/// thread's items given its state (a setter of its own, say).
pub fn map_queued_with<T: Sync, S: Send, R: Send>(
    items: &[T],
    states: Vec<S>,
    f: impl Fn(&mut S, &T) -> R + Sync,
) -> Option<Vec<R>> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let done = each_on_a_thread(states, |mut state| {
        let mut out = Vec::new();
        while let Some((i, item)) = {
            let i = next.fetch_add(1, Ordering::Relaxed);
            items.get(i).map(|item| (i, item))
        } {
            out.push((i, f(&mut state, item)));
        }
        out
    })?;
    let mut all: Vec<(usize, R)> = done.into_iter().flatten().collect();
    all.sort_by_key(|&(i, _)| i);
    Some(all.into_iter().map(|(_, r)| r).collect())
}

/// `items` cut into runs of consecutive items of about the same length, one for each
/// of up to `min(cores, max_threads)` threads.
pub fn even_runs<T>(items: &[T], max_threads: usize) -> Vec<&[T]> {
    runs_by_weight(&vec![1; items.len()], threads_for(max_threads))
        .into_iter()
        .filter_map(|r| items.get(r))
        .collect()
}

/// How many threads a stage may take: `min(cores, max_threads)`, at least 1.
pub fn threads_for(max_threads: usize) -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(max_threads)
        .max(1)
}

/// `0..weights.len()` cut into at most `runs` runs of consecutive items, each of about
/// the same total weight (a run is never empty; fewer runs when there are fewer items).
pub fn runs_by_weight(weights: &[usize], runs: usize) -> Vec<std::ops::Range<usize>> {
    let total: usize = weights.iter().sum();
    let runs = runs.clamp(1, weights.len().max(1));
    let mut out = Vec::with_capacity(runs);
    let (mut start, mut sum) = (0, 0usize);
    for (i, w) in weights.iter().enumerate() {
        sum = sum.saturating_add(*w);
        let left = weights.len() - (i + 1);
        let runs_left = runs - out.len() - 1;
        // Close the run when it holds its share of the weight, or when every item left
        // is needed to give each remaining run one.
        let share = total.saturating_mul(out.len() + 1) / runs;
        if runs_left > 0 && (sum >= share || left == runs_left) {
            out.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < weights.len() || out.is_empty() {
        out.push(start..weights.len());
    }
    out
}

/// `f` applied to each job on a thread of its own (the first on this thread), the
/// results in job order. `None` if a thread panicked.
pub fn each_on_a_thread<S: Send, R: Send>(
    jobs: Vec<S>,
    f: impl Fn(S) -> R + Sync,
) -> Option<Vec<R>> {
    let f = &f;
    std::thread::scope(|scope| {
        let mut jobs = jobs.into_iter();
        let first = jobs.next();
        let handles: Vec<_> = jobs.map(|job| scope.spawn(move || f(job))).collect();
        let mut out = Vec::with_capacity(handles.len() + 1);
        out.extend(first.map(f));
        for h in handles {
            out.push(h.join().ok()?);
        }
        Some(out)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_item_order_whatever_the_threads() {
        let items: Vec<u32> = (0..103).collect();
        for threads in [1, 2, 3, MAX_THREADS, 64] {
            let out = map_in_order(&items, threads, |&i| i * 2);
            assert_eq!(out, Some(items.iter().map(|i| i * 2).collect()));
            // Items of very different cost, taken as threads are free.
            let queued = map_queued(&items, threads, |&i| {
                if i % 17 == 0 {
                    std::thread::sleep(std::time::Duration::from_millis(2));
                }
                i * 2
            });
            assert_eq!(queued, Some(items.iter().map(|i| i * 2).collect()));
        }
        assert_eq!(map_in_order(&[] as &[u32], 4, |&i| i), Some(Vec::new()));
        assert_eq!(map_queued(&[] as &[u32], 4, |&i| i), Some(Vec::new()));
    }

    #[test]
    fn runs_cover_every_item_in_order_with_about_equal_weight() {
        assert_eq!(runs_by_weight(&[1, 1, 1, 1], 2), vec![0..2, 2..4]);
        assert_eq!(runs_by_weight(&[10, 1, 1, 1, 1, 1], 2), vec![0..1, 1..6]);
        assert_eq!(runs_by_weight(&[5, 5, 5], 4), vec![0..1, 1..2, 2..3]);
        assert_eq!(runs_by_weight(&[0, 0, 0], 2), vec![0..1, 1..3]);
        assert_eq!(runs_by_weight(&[7], 3), vec![0..1]);
        assert_eq!(runs_by_weight(&[], 3), vec![0..0]);
        assert_eq!(runs_by_weight(&[1, 2, 3], 1), vec![0..3]);
        // The last items all heavy: every run still gets one.
        assert_eq!(runs_by_weight(&[1, 1, 100, 100], 3), vec![0..2, 2..3, 3..4]);
    }

    #[test]
    fn each_job_runs_once_and_results_keep_job_order() {
        let out = each_on_a_thread(vec![3u32, 1, 2], |n| (n, std::thread::current().id()));
        let out = out.unwrap();
        assert_eq!(
            out.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
            vec![3, 1, 2]
        );
        assert_eq!(out[0].1, std::thread::current().id());
        assert_ne!(out[1].1, out[0].1);
        assert_eq!(each_on_a_thread(Vec::<u32>::new(), |n| n), Some(Vec::new()));
    }
}
