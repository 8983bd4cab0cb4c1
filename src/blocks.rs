//! Long loops run in blocks, each block a call of a function that is not
//! inlined.
//!
//! Why: browsers compile a wasm function first with a quick baseline
//! compiler, and use the optimised code compiled later for a hot function
//! only from its next call on (V8 has no on-stack replacement for wasm). A
//! loop over a million rows inside a function called once (loading a file,
//! building the deal facts) would run unoptimised from its first row to its
//! last. In blocks, only the first block or two do. Natively this costs one
//! call per block.

use std::ops::Range;

/// Rows per block: long enough that a call is nothing beside it, short
/// enough that the baseline code runs a few thousand rows at most.
pub const ROWS_PER_BLOCK: usize = 4096;

/// Calls `work` with `0..len` cut into consecutive blocks of at most
/// [`ROWS_PER_BLOCK`], in order. `work` is called through a pointer from
/// a function kept apart (no compiler can inline it into the caller's
/// function), so it is a function of its own.
#[inline(never)]
pub fn in_blocks(len: usize, work: &mut dyn FnMut(Range<usize>)) {
    let mut start = 0;
    while start < len {
        let end = len.min(start + ROWS_PER_BLOCK);
        work(start..end);
        start = end;
    }
}

/// Calls `work` in a function of its own: inlined neither by the compiler
/// nor by wasm-opt, which `scripts/build-web.sh` tells to leave every
/// function of this name alone (it inlines a function called from one
/// place, whatever its size).
#[inline(never)]
pub fn call_apart<R>(work: impl FnOnce() -> R) -> R {
    work()
}

/// Calls `visit` with each item of `items` and its index, in order, in
/// blocks (see [`in_blocks`]).
pub fn each_in_blocks<'i, T>(items: &'i [T], mut visit: impl FnMut(usize, &'i T)) {
    in_blocks(items.len(), &mut |block| items[block.clone()].iter().zip(block).for_each(|(item, at)| visit(at, item)));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every index once, in order, whatever the length around a block's.
    #[test]
    fn blocks_cover_every_index_once_in_order() {
        for len in [0, 1, ROWS_PER_BLOCK - 1, ROWS_PER_BLOCK, ROWS_PER_BLOCK + 1, 3 * ROWS_PER_BLOCK + 7] {
            let mut seen = Vec::new();
            let mut blocks = 0;
            in_blocks(len, &mut |block| {
                assert!(block.len() <= ROWS_PER_BLOCK && !block.is_empty());
                blocks += 1;
                seen.extend(block);
            });
            assert_eq!(seen, (0..len).collect::<Vec<_>>(), "length {len}");
            assert_eq!(blocks, len.div_ceil(ROWS_PER_BLOCK), "length {len}");
            let items: Vec<usize> = (0..len).map(|i| i * 3).collect();
            let mut visited = Vec::new();
            each_in_blocks(&items, |at, item| visited.push((at, *item)));
            assert_eq!(visited, (0..len).map(|i| (i, i * 3)).collect::<Vec<_>>(), "length {len}");
        }
    }
}
