//! A per-thread cache of small memory blocks in front of the system allocator.
//!
//! Minting a ticket builds and drops a few hundred small values (the payload's JSON tree, the
//! claim's members, the token), and glibc's own per-thread cache keeps only seven blocks of a
//! size. This cache keeps up to [`PER_CLASS`] freed blocks of each 16-byte size class up to
//! [`MAX_CACHED`] bytes on the thread that freed them, and hands them out again without entering
//! `malloc`. It costs nothing at start-up (no pages, no set-up), which an allocator such as
//! jemalloc does (README "Performance").
//!
//! Every block is an ordinary `malloc` block of its class's full size, so any block can go back
//! to the system allocator at any time, from any thread: a block freed on another thread joins
//! that thread's cache. When a thread ends, its cache is returned to the system allocator.
//!
//! Only the `ptix` binary installs it (`src/main.rs`); the library leaves the choice to its users.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::ptr::{self, null_mut};

/// Blocks up to this size are cached.
pub const MAX_CACHED: usize = 1024;
/// Size classes are this many bytes apart (also the alignment `malloc` guarantees here).
const STEP: usize = 16;
const CLASSES: usize = MAX_CACHED / STEP;
/// The most freed blocks a thread keeps per class (about 4 MiB a thread at the very most).
pub const PER_CLASS: u32 = 128;

/// The global allocator of the `ptix` binary.
pub struct ThreadCache;

/// One thread's free lists: each a chain through the blocks' first word.
struct Bins {
    heads: [Cell<*mut u8>; CLASSES],
    counts: [Cell<u32>; CLASSES],
    /// Set once this thread's cache is returned (at thread exit): nothing is kept after.
    closed: Cell<bool>,
    /// Whether the thread-exit hook is registered.
    hooked: Cell<bool>,
}

thread_local! {
    static BINS: Bins = const {
        Bins {
            heads: [const { Cell::new(null_mut()) }; CLASSES],
            counts: [const { Cell::new(0) }; CLASSES],
            closed: Cell::new(false),
            hooked: Cell::new(false),
        }
    };
    static AT_EXIT: ReturnAtExit = const { ReturnAtExit };
}

/// Returns the thread's cached blocks to the system allocator when the thread ends.
struct ReturnAtExit;

impl Drop for ReturnAtExit {
    fn drop(&mut self) {
        let _ = BINS.try_with(|bins| {
            bins.closed.set(true);
            for class in 0..CLASSES {
                let mut block = bins.heads[class].replace(null_mut());
                bins.counts[class].set(0);
                while !block.is_null() {
                    // SAFETY: cached blocks are live `malloc` blocks of the class size, owned by
                    // this list; the first word holds the next block.
                    unsafe {
                        let next = block.cast::<*mut u8>().read();
                        System.dealloc(block, class_layout(class));
                        block = next;
                    }
                }
            }
        });
    }
}

/// The class of a request, when it is cached.
#[inline(always)]
fn class_of(layout: Layout) -> Option<usize> {
    if layout.size() <= MAX_CACHED && layout.align() <= STEP {
        // Sizes 1..=16 are class 0, 17..=32 class 1, ...; a size of 0 is never requested.
        Some(layout.size().saturating_sub(1) / STEP)
    } else {
        None
    }
}

/// The layout every block of `class` is allocated with.
#[inline(always)]
fn class_layout(class: usize) -> Layout {
    // SAFETY: (class + 1) * STEP is a non-zero multiple of a power-of-two alignment, far from
    // overflowing isize.
    unsafe { Layout::from_size_align_unchecked((class + 1) * STEP, STEP) }
}

unsafe impl GlobalAlloc for ThreadCache {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let Some(class) = class_of(layout) else {
            return System.alloc(layout);
        };
        let cached = BINS
            .try_with(|bins| {
                let block = bins.heads[class].get();
                if !block.is_null() {
                    // SAFETY: a cached block's first word is the next block in the list.
                    bins.heads[class].set(unsafe { block.cast::<*mut u8>().read() });
                    bins.counts[class].set(bins.counts[class].get() - 1);
                }
                block
            })
            .unwrap_or(null_mut());
        if cached.is_null() {
            System.alloc(class_layout(class))
        } else {
            cached
        }
    }

    #[inline]
    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        let Some(class) = class_of(layout) else {
            return System.dealloc(block, layout);
        };
        let kept = BINS
            .try_with(|bins| {
                let count = bins.counts[class].get();
                if count >= PER_CLASS || bins.closed.get() {
                    return false;
                }
                if !bins.hooked.get() {
                    bins.hooked.set(true);
                    // Registering the hook may allocate; the lists are consistent meanwhile.
                    if AT_EXIT.try_with(|_| ()).is_err() {
                        bins.closed.set(true);
                        return false;
                    }
                }
                // SAFETY: the block is at least STEP bytes and aligned for a pointer.
                unsafe { block.cast::<*mut u8>().write(bins.heads[class].get()) };
                bins.heads[class].set(block);
                bins.counts[class].set(count + 1);
                true
            })
            .unwrap_or(false);
        if !kept {
            System.dealloc(block, class_layout(class));
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if class_of(layout).is_none() {
            return System.alloc_zeroed(layout);
        }
        let block = self.alloc(layout);
        if !block.is_null() {
            ptr::write_bytes(block, 0, layout.size());
        }
        block
    }

    #[inline]
    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
        match (class_of(layout), class_of(new_layout)) {
            (Some(old), Some(new)) if old == new => block,
            (None, None) => System.realloc(block, layout, new_size),
            _ => {
                let moved = self.alloc(new_layout);
                if !moved.is_null() {
                    ptr::copy_nonoverlapping(block, moved, layout.size().min(new_size));
                    self.dealloc(block, layout);
                }
                moved
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fill a block with a pattern of its own, to find blocks handed out twice.
    unsafe fn fill(block: *mut u8, size: usize, tag: u8) {
        ptr::write_bytes(block, tag, size);
    }

    unsafe fn holds(block: *mut u8, size: usize, tag: u8) -> bool {
        std::slice::from_raw_parts(block, size).iter().all(|b| *b == tag)
    }

    #[test]
    fn blocks_are_reused_within_a_class_and_never_handed_out_twice() {
        let cache = ThreadCache;
        unsafe {
            let small = Layout::from_size_align(40, 8).unwrap();
            let a = cache.alloc(small);
            cache.dealloc(a, small);
            // Another size of the same class (33..=48) gets the same block back.
            let same_class = Layout::from_size_align(48, 16).unwrap();
            let b = cache.alloc(same_class);
            assert_eq!(a, b);
            let c = cache.alloc(same_class);
            assert_ne!(b, c);
            fill(b, 48, 1);
            fill(c, 48, 2);
            assert!(holds(b, 48, 1) && holds(c, 48, 2));
            cache.dealloc(b, same_class);
            cache.dealloc(c, same_class);
        }
    }

    #[test]
    fn reallocation_keeps_the_contents_across_classes_and_sizes() {
        let cache = ThreadCache;
        unsafe {
            let mut layout = Layout::from_size_align(1, 1).unwrap();
            let mut block = cache.alloc(layout);
            *block = 7;
            for size in [2, 16, 17, 100, 1024, 1025, 5000, 300, 8] {
                block = cache.realloc(block, layout, size);
                assert!(!block.is_null());
                assert_eq!(*block, 7, "contents lost growing or shrinking to {size}");
                layout = Layout::from_size_align(size, 1).unwrap();
                *block.add(size - 1) = 9;
            }
            cache.dealloc(block, layout);
            let zeroed = Layout::from_size_align(64, 8).unwrap();
            let dirty = cache.alloc(zeroed);
            fill(dirty, 64, 0xAA);
            cache.dealloc(dirty, zeroed);
            let clean = cache.alloc_zeroed(zeroed);
            assert!(holds(clean, 64, 0));
            cache.dealloc(clean, zeroed);
        }
    }

    #[test]
    fn over_aligned_and_large_blocks_go_to_the_system() {
        let cache = ThreadCache;
        unsafe {
            for (size, align) in [(64, 64), (16, 4096), (4096, 16), (1 << 20, 8)] {
                let layout = Layout::from_size_align(size, align).unwrap();
                let block = cache.alloc(layout);
                assert_eq!(block as usize % align, 0);
                fill(block, size, 3);
                cache.dealloc(block, layout);
            }
        }
    }

    /// Blocks made on one thread and freed on others, in every class, while each thread keeps
    /// its own blocks: no block is shared, none is lost (contents checked before each free).
    #[test]
    fn blocks_move_between_threads() {
        let cache = &ThreadCache;
        let made: Vec<(usize, usize)> = (0..4000)
            .map(|i| {
                let size = 1 + (i * 37) % 1500;
                let layout = Layout::from_size_align(size, 8).unwrap();
                let block = unsafe { cache.alloc(layout) };
                unsafe { fill(block, size, (i % 251) as u8) };
                (block as usize, i)
            })
            .collect();
        std::thread::scope(|scope| {
            for part in made.chunks(1000) {
                scope.spawn(move || {
                    let mut own = Vec::new();
                    for &(block, i) in part {
                        let size = 1 + (i * 37) % 1500;
                        let layout = Layout::from_size_align(size, 8).unwrap();
                        unsafe {
                            assert!(holds(block as *mut u8, size, (i % 251) as u8));
                            cache.dealloc(block as *mut u8, layout);
                            let mine = cache.alloc(layout);
                            fill(mine, size, 0x5C);
                            own.push((mine as usize, layout));
                        }
                    }
                    for (block, layout) in own {
                        unsafe {
                            assert!(holds(block as *mut u8, layout.size(), 0x5C));
                            cache.dealloc(block as *mut u8, layout);
                        }
                    }
                });
            }
        });
    }
}
