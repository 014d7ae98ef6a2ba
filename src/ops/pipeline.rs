//! Work on every core, results in input order: the pattern behind `mint --batch` and the
//! directory runs of `verify` and `lint`.
//!
//! The calling thread cuts the input into chunks and queues each on the rayon pool as one task
//! per worker; the workers take the chunk's items one at a time from an atomic counter, so no
//! worker waits for another at the end of a chunk and no item is a task of its own. A few chunks
//! are in flight, so a worker done with one goes straight on to the next while the calling
//! thread reports the finished ones, in input order.

use std::io;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, OnceLock};

/// A chunk being worked on, and its items' results.
struct Work<C, T> {
    /// The chunk's place in the input (chunks may finish out of order).
    seq: u64,
    chunk: C,
    /// The next item to hand out.
    next: AtomicUsize,
    results: Vec<OnceLock<T>>,
}

/// A worker's handle on a chunk (the workers hold the only ones). The last to let go sends the
/// chunk back, however it leaves (an item that panicked included: the caller never waits for a
/// chunk that will not come).
struct Leave<C, T> {
    work: Option<Arc<Work<C, T>>>,
    done: mpsc::Sender<Work<C, T>>,
}

impl<C, T> Drop for Leave<C, T> {
    fn drop(&mut self) {
        // `into_inner` gives the value to exactly one of the handles dropped this way: the last.
        if let Some(work) = self.work.take().and_then(Arc::into_inner) {
            let _ = self.done.send(work); // the caller may have stopped
        }
    }
}

/// Run `item(chunk, i)` for every item of every chunk on every core, with at most `in_flight`
/// chunks queued or being worked on. `next` gives the chunks (`None` at the end) and `len` the
/// number of items in one; `done` gets each chunk back with its results, in input order (a
/// result is `None` only when its item panicked). An error from `next` or `done` stops the run:
/// items not started yet are not worked on, and the error is returned.
pub fn ordered<C, T>(
    in_flight: usize,
    mut next: impl FnMut() -> io::Result<Option<C>>,
    len: impl Fn(&C) -> usize,
    item: impl Fn(&C, usize) -> T + Sync,
    mut done: impl FnMut(C, Vec<Option<T>>) -> io::Result<()>,
) -> io::Result<()>
where
    C: Send + Sync,
    T: Send + Sync,
{
    let stop = AtomicBool::new(false);
    let workers = rayon::current_num_threads();
    let in_flight = in_flight.max(1) as u64;
    let (item, stop) = (&item, &stop);
    // Spawned tasks run on the pool; this thread only cuts, queues and reports.
    rayon::in_place_scope(|scope| {
        let (done_tx, done_rx) = mpsc::channel::<Work<C, T>>();
        let result = (|| {
            // Chunks back from the workers, until their turn to be reported.
            let mut arrived: Vec<Work<C, T>> = Vec::new();
            let (mut queued, mut reported, mut ended) = (0u64, 0u64, false);
            loop {
                while !ended && queued - reported < in_flight {
                    let Some(chunk) = next()? else {
                        ended = true;
                        break;
                    };
                    let work = Arc::new(Work {
                        seq: queued,
                        results: (0..len(&chunk)).map(|_| OnceLock::new()).collect(),
                        chunk,
                        next: AtomicUsize::new(0),
                    });
                    // The last task takes this thread's handle: only workers hold the chunk.
                    let mut handles: Vec<_> = (1..workers).map(|_| Arc::clone(&work)).collect();
                    handles.push(work);
                    for work in handles {
                        let leave = Leave {
                            work: Some(work),
                            done: done_tx.clone(),
                        };
                        scope.spawn(move |_| {
                            let Some(work) = &leave.work else { return };
                            while !stop.load(Ordering::Relaxed) {
                                let i = work.next.fetch_add(1, Ordering::Relaxed);
                                let Some(slot) = work.results.get(i) else { break };
                                // Each index is handed out once, so the slot is empty.
                                let _ = slot.set(item(&work.chunk, i));
                            }
                        });
                    }
                    queued += 1;
                }
                if queued == reported {
                    return Ok(());
                }
                let work = loop {
                    if let Some(i) = arrived.iter().position(|w| w.seq == reported) {
                        break arrived.swap_remove(i);
                    }
                    let back = done_rx
                        .recv()
                        .map_err(|_| io::Error::other("the worker tasks stopped"))?;
                    arrived.push(back);
                };
                reported += 1;
                let results = work.results.into_iter().map(OnceLock::into_inner).collect();
                done(work.chunk, results)?;
            }
        })();
        // On an error, the chunks still queued are dropped quickly rather than worked on.
        stop.store(true, Ordering::Relaxed);
        result
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Chunks of 0 to 6 items, many in flight, with items of uneven cost: every result arrives
    /// once, in input order, and each chunk comes back with them.
    #[test]
    fn results_come_in_input_order() {
        for in_flight in [1, 2, 3, 8] {
            let mut chunks = (0..200u64).map(|c| (c, (c % 7) as usize));
            let mut seen = Vec::new();
            ordered(
                in_flight,
                || Ok(chunks.next()),
                |&(_, n)| n,
                |&(c, _), i| {
                    if (c + i as u64) % 5 == 0 {
                        std::thread::sleep(std::time::Duration::from_micros(200));
                    }
                    (c, i)
                },
                |(c, n), results| {
                    assert_eq!(results.len(), n);
                    for (i, r) in results.into_iter().enumerate() {
                        assert_eq!(r, Some((c, i)));
                        seen.push((c, i));
                    }
                    Ok(())
                },
            )
            .unwrap();
            let expected: Vec<_> = (0..200u64)
                .flat_map(|c| (0..(c % 7) as usize).map(move |i| (c, i)))
                .collect();
            assert_eq!(seen, expected, "{in_flight} in flight");
        }
    }

    /// An error from `done` or from `next` ends the run with that error, without working
    /// through the rest of the input.
    #[test]
    fn an_error_stops_the_run() {
        let worked = AtomicUsize::new(0);
        let mut chunks = 0..1000;
        let mut reported = 0;
        let err = ordered(
            2,
            || Ok(chunks.next()),
            |_| 10,
            |_, _| worked.fetch_add(1, Ordering::Relaxed),
            |_, _| {
                reported += 1;
                match reported {
                    3 => Err(io::ErrorKind::BrokenPipe.into()),
                    _ => Ok(()),
                }
            },
        )
        .unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::BrokenPipe);
        assert_eq!(reported, 3);
        assert!(worked.load(Ordering::Relaxed) <= 50, "{worked:?} items worked on");

        let mut calls = 0;
        let err = ordered(
            2,
            || {
                calls += 1;
                match calls {
                    4 => Err(io::Error::other("unreadable")),
                    _ => Ok(Some(calls)),
                }
            },
            |_| 3,
            |c, i| c * 10 + i,
            |_, _| Ok(()),
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "unreadable");
    }

    /// An item that panics does not leave the caller waiting: its chunk comes back with `None`
    /// in its place, and the panic reaches the caller when the run ends.
    #[test]
    fn a_panicking_item_does_not_hang_the_run() {
        let mut chunks = 0..4;
        let mut results = Vec::new();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            ordered(
                2,
                || Ok(chunks.next()),
                |_| 3,
                |&c, i| {
                    assert!(!(c == 1 && i == 1), "item 1 of chunk 1");
                    c * 10 + i
                },
                |_, r| {
                    results.push(r);
                    Ok(())
                },
            )
        }));
        assert!(outcome.is_err(), "the panic reaches the caller");
        assert_eq!(results.len(), 4, "every chunk came back");
        // (Item 2 of chunk 1 is worked on only when another worker takes it: on two or more.)
        assert_eq!(results[1][..2], [Some(10), None]);
        assert_eq!(results[2], [Some(20), Some(21), Some(22)]);
    }
}
