//! A square of modules as bits, 64 to a word, and its transpose: what makes the penalty
//! rules and the zig-zag placement work on 64 modules at once.

use alloc::vec::Vec;
use core::slice::{ChunksExact, ChunksExactMut};

/// A square of modules, one bit each, in planes of 64 columns: module (x, y) is bit `x % 64`
/// of word `y` of plane `x / 64`, so that a plane holds 64 columns top to bottom. Bits past
/// the right edge stay 0.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Grid {
    size: usize,
    bits: Vec<u64>,
}

impl Grid {
    pub(super) fn new(size: usize) -> Grid {
        Grid { size, bits: alloc::vec![0; size.div_ceil(64).saturating_mul(size)] }
    }

    pub(super) fn size(&self) -> usize {
        self.size
    }

    pub(super) fn planes(&self) -> ChunksExact<'_, u64> {
        self.bits.chunks_exact(self.size.max(1))
    }

    pub(super) fn planes_mut(&mut self) -> ChunksExactMut<'_, u64> {
        self.bits.chunks_exact_mut(self.size.max(1))
    }

    pub(super) fn all_words(&self) -> &[u64] {
        &self.bits
    }

    fn index(&self, x: usize, y: usize) -> Option<usize> {
        (x < self.size && y < self.size).then(|| (x / 64).wrapping_mul(self.size).wrapping_add(y))
    }

    pub(super) fn get(&self, x: usize, y: usize) -> bool {
        self.index(x, y).and_then(|index| self.bits.get(index)).is_some_and(|word| word >> (x % 64) & 1 != 0)
    }

    /// ORs `bits` into row `y`, bit 0 at column `x`; what falls past the right edge is dropped.
    pub(super) fn or_row(&mut self, x: usize, y: usize, bits: u64) {
        let shift = x % 64;
        let size = self.size;
        let parts = [
            bits << shift,
            bits.checked_shr(u32::try_from(64usize.wrapping_sub(shift)).unwrap_or(64)).unwrap_or(0),
        ];
        for (plane, part) in (x / 64..).zip(parts) {
            let inside = Grid::columns_below(plane, size);
            if let Some(word) =
                self.bits.get_mut(plane.wrapping_mul(size).wrapping_add(y)).filter(|_| y < size)
            {
                *word |= part & inside;
            }
        }
    }

    /// ORs `bits` into column `x`, bit 0 at row `y`.
    pub(super) fn or_column(&mut self, x: usize, y: usize, bits: u64) {
        let size = self.size;
        let plane = self.planes_mut().nth(x / 64).filter(|_| x < size);
        let rows = 64u32.wrapping_sub(bits.leading_zeros()) as usize;
        for (offset, word) in plane.into_iter().flatten().skip(y).take(rows).enumerate() {
            *word |= (bits >> offset & 1) << (x % 64);
        }
    }

    /// Row `y`, 64 modules a word.
    pub(super) fn row(&self, y: usize) -> [u64; 3] {
        let mut row = [0; 3];
        for (word, plane) in row.iter_mut().zip(self.planes()) {
            *word = plane.get(y).copied().unwrap_or(0);
        }
        row
    }

    /// The bits of plane `index` that stand for columns below `limit`.
    pub(super) fn columns_below(index: usize, limit: usize) -> u64 {
        let count = limit.saturating_sub(index.saturating_mul(64));
        u32::try_from(count)
            .ok()
            .and_then(|count| u64::MAX.checked_shl(count))
            .map_or(u64::MAX, |outside| !outside)
    }

    /// The same modules mirrored about the main diagonal, 64 × 64 modules at a time: block
    /// `band` of plane `plane` becomes block `plane` of plane `band`.
    pub(super) fn transpose(&self) -> Grid {
        let mut out = Grid::new(self.size);
        let mut block = [0u64; 64];
        for (plane, words) in self.planes().enumerate() {
            for (band, chunk) in words.chunks(64).enumerate() {
                block.fill(0);
                for (slot, &word) in block.iter_mut().zip(chunk) {
                    *slot = word;
                }
                transpose_block(&mut block);
                let target = out.planes_mut().nth(band).and_then(|words| words.chunks_mut(64).nth(plane));
                for (slot, word) in target.into_iter().flatten().zip(block) {
                    *slot = word;
                }
            }
        }
        out
    }
}

/// Transposes a 64 × 64 bit block in place by swapping ever smaller off-diagonal quarters.
fn transpose_block(block: &mut [u64; 64]) {
    let mut width = 32u32;
    let mut low_halves: u64 = 0x0000_0000_FFFF_FFFF;
    while width != 0 {
        let half = width as usize;
        for pair in block.chunks_exact_mut(half.wrapping_mul(2)) {
            let (upper, lower) = pair.split_at_mut(half);
            for (a, b) in upper.iter_mut().zip(lower) {
                let swap = (a.wrapping_shr(width) ^ *b) & low_halves;
                *b ^= swap;
                *a ^= swap.wrapping_shl(width);
            }
        }
        width /= 2;
        low_halves ^= low_halves.wrapping_shl(width);
    }
}
