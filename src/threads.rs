//! Work spread over the machine's cores in a fixed order: the one helper the stages
//! that do the same work per page (the PDF writer's content streams, the live view's
//! page images) share, so their output never depends on scheduling.

/// The most threads a stage takes: a page's work is small, and the machines this runs
/// on have few cores.
pub const MAX_THREADS: usize = 4;

/// `f` applied to every item of `items`, in item order, on up to
/// `min(cores, max_threads)` threads, each taking a run of consecutive items (one
/// thread: on this one). `None` if a thread panicked.
pub fn map_in_order<T: Sync, R: Send>(
    items: &[T],
    max_threads: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Option<Vec<R>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(max_threads)
        .max(1);
    if threads == 1 || items.len() < 2 {
        return Some(items.iter().map(f).collect());
    }
    let chunk = items.len().div_ceil(threads);
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|run| scope.spawn(move || run.iter().map(f).collect::<Vec<R>>()))
            .collect();
        let mut out = Vec::with_capacity(items.len());
        for h in handles {
            out.extend(h.join().ok()?);
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
        }
        assert_eq!(map_in_order(&[] as &[u32], 4, |&i| i), Some(Vec::new()));
    }
}
