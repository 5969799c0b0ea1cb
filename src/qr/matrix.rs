//! The symbol before masking: the function patterns (finders, separators, timing lines,
//! alignment patterns, version information, and room for the format information), and the
//! codewords placed in the rest, two columns at a time in a zig-zag.

use alloc::vec::Vec;

use super::grid::Grid;
use super::tables::{alignment_positions, version_bits};

/// A symbol before masking: the dark modules (by rows and by columns) and the modules that
/// belong to function patterns, which masking leaves alone.
#[derive(Debug)]
pub(super) struct Symbol {
    /// Dark modules, by rows.
    pub(super) dark: Grid,
    /// Dark modules, by columns (the transpose of `dark`).
    pub(super) dark_columns: Grid,
    /// Function pattern modules. The function patterns are symmetric about the diagonal, so
    /// this grid is its own transpose.
    pub(super) reserved: Grid,
}

impl Symbol {
    /// Draws the function patterns of `version` and places `codewords` in the rest.
    pub(super) fn new(version: u8, codewords: &[u8]) -> Symbol {
        let size = usize::from(version).saturating_mul(4).saturating_add(17);
        let mut patterns = Patterns { dark: Grid::new(size), reserved: Grid::new(size) };
        patterns.draw(version);
        let Patterns { dark, reserved } = patterns;
        let mut dark_columns = dark;
        // The one function module without a mirror image: the dark module beside the lower
        // left format copy, at (8, size - 8).
        dark_columns.or_row(size.saturating_sub(8), 8, 1);
        place(&mut dark_columns, &reserved, codewords);
        Symbol { dark: dark_columns.transpose(), dark_columns, reserved }
    }
}

struct Patterns {
    dark: Grid,
    reserved: Grid,
}

/// A finder's rows, and an alignment pattern's, bit 0 on the left.
const FINDER: [u64; 7] = [0x7F, 0x41, 0x5D, 0x5D, 0x5D, 0x41, 0x7F];
const ALIGNMENT: [u64; 5] = [0x1F, 0x11, 0x15, 0x11, 0x1F];

impl Patterns {
    /// Reserves the modules of `reserved` in row `y` from column `x` on; darkens those of `dark`.
    fn mark(&mut self, x: usize, y: usize, dark: u64, reserved: u64) {
        self.dark.or_row(x, y, dark);
        self.reserved.or_row(x, y, reserved);
    }

    fn draw(&mut self, version: u8) {
        let size = self.dark.size();
        // Finders and the separators around them (a square of 8 with its light edge).
        let far = size.saturating_sub(7);
        let separator = far.saturating_sub(1);
        for (row, &bits) in FINDER.iter().enumerate() {
            self.mark(0, row, bits, 0xFF);
            self.mark(separator, row, bits << 1, 0xFF);
            self.mark(0, far.saturating_add(row), bits, 0xFF);
        }
        self.mark(0, 7, 0, 0xFF);
        self.mark(separator, 7, 0, 0xFF);
        self.mark(0, separator, 0, 0xFF);
        // Timing lines: dark on even rows and columns.
        for x in (0..size).step_by(64) {
            self.mark(x, 6, 0x5555_5555_5555_5555, u64::MAX);
        }
        for y in (0..size).step_by(64) {
            self.dark.or_column(6, y, 0x5555_5555_5555_5555);
            self.reserved.or_column(6, y, u64::MAX);
        }
        let centres: Vec<usize> = alignment_positions(version).collect();
        let last = centres.len().saturating_sub(1);
        for (i, &x) in centres.iter().enumerate() {
            for (j, &y) in centres.iter().enumerate() {
                let on_a_finder = (i == 0 || i == last) && (j == 0 || j == last) && !(i == last && j == last);
                if !on_a_finder {
                    for (row, &bits) in ALIGNMENT.iter().enumerate() {
                        self.mark(x.saturating_sub(2), y.saturating_sub(2).saturating_add(row), bits, 0x1F);
                    }
                }
            }
        }
        // Format information beside the finders: reserved now, drawn with the mask. The
        // dark module (8, size - 8) is among these, and is drawn by `Symbol::new`.
        self.mark(0, 8, 0, 0x1FF);
        self.mark(separator, 8, 0, 0xFF);
        self.reserved.or_column(8, 0, 0x1FF);
        self.reserved.or_column(8, separator, 0xFF);
        // Version information, from version 7: bit 3 i + j at (size - 11 + j, i), and mirrored.
        if version >= 7 {
            let bits = u64::from(version_bits(version));
            let corner = size.saturating_sub(11);
            for i in 0..6 {
                self.mark(corner, i, bits >> i.wrapping_mul(3) & 7, 7);
            }
            for j in 0..3 {
                let column = (0..6).fold(0, |column, i: usize| {
                    column | (bits >> i.wrapping_mul(3).wrapping_add(j) & 1) << i
                });
                self.mark(0, corner.saturating_add(j), column, 0x3F);
            }
        }
    }
}

/// Places the codewords' bits, most significant first, in two-module-wide columns from the
/// right, going up and down in turn, skipping function modules and the vertical timing line.
/// `columns` and `reserved` are transposed: word `x` of a plane is part of column `x`.
fn place(columns: &mut Grid, reserved: &Grid, codewords: &[u8]) {
    let size = columns.size();
    let mut bits = Bits::new(codewords);
    let mut right = size.saturating_sub(1);
    let mut upward = true;
    while right > 0 {
        if right == 6 {
            right = 5;
        }
        let left = right.saturating_sub(1);
        let planes = columns.planes_mut().zip(reserved.planes()).enumerate();
        let mut visit = |(index, (words, reserved)): (usize, (&mut [u64], &[u64]))| {
            let inside = Grid::columns_below(index, size);
            let free = |column: usize| !reserved.get(column).copied().unwrap_or(u64::MAX) & inside;
            let (free_right, free_left) = (free(right), free(left));
            let dark = if free_right == free_left {
                place_pairs(&mut bits, free_right, upward)
            } else {
                place_singly(&mut bits, free_right, free_left, upward)
            };
            for (column, dark) in [(right, dark.0), (left, dark.1)] {
                if let Some(word) = words.get_mut(column) {
                    *word |= dark;
                }
            }
        };
        if upward {
            planes.rev().for_each(&mut visit);
        } else {
            planes.for_each(&mut visit);
        }
        upward = !upward;
        right = right.saturating_sub(2);
    }
}

/// The common case: both columns free on the same rows, which take two bits each, right then
/// left. Stretches of free rows take the bits in bulk, split into odd and even.
fn place_pairs(bits: &mut Bits<'_>, free: u64, upward: bool) -> (u64, u64) {
    let (mut right, mut left) = (0u64, 0u64);
    let mut rest = free;
    while rest != 0 {
        // The next stretch of free rows in the order of the visit: from the bottom going up.
        let (start, length) = if upward {
            let top = 63 ^ rest.leading_zeros();
            let length = (!(rest << (63 ^ top))).leading_zeros();
            (top.wrapping_add(1).wrapping_sub(length), length)
        } else {
            let start = rest.trailing_zeros();
            (start, (!(rest >> start)).trailing_zeros())
        };
        rest &= !(u64::MAX.checked_shr(64u32.wrapping_sub(length)).unwrap_or(0) << start);
        let mut done = 0;
        while done < length {
            let count = length.wrapping_sub(done).min(28);
            // The first bit taken is the top one: the first module going up, the last going
            // down.
            let taken = bits.take(count.wrapping_mul(2));
            let (first, second) = if upward {
                (even_bits(taken >> 1), even_bits(taken))
            } else {
                let taken = taken.reverse_bits() >> 64u32.wrapping_sub(count.wrapping_mul(2));
                (even_bits(taken), even_bits(taken >> 1))
            };
            let at = if upward {
                start.wrapping_add(length).wrapping_sub(done).wrapping_sub(count)
            } else {
                start.wrapping_add(done)
            };
            right |= first << at;
            left |= second << at;
            done = done.wrapping_add(count);
        }
    }
    (right, left)
}

/// Where the columns' free rows differ (beside alignment patterns and version blocks): one
/// module at a time.
fn place_singly(bits: &mut Bits<'_>, free_right: u64, free_left: u64, upward: bool) -> (u64, u64) {
    let (mut right, mut left) = (0u64, 0u64);
    let mut rest = free_right | free_left;
    while rest != 0 {
        let row = if upward { 63 ^ rest.leading_zeros() } else { rest.trailing_zeros() };
        for (free, dark) in [(free_right, &mut right), (free_left, &mut left)] {
            if free >> row & 1 != 0 {
                *dark |= bits.take(1) << row;
            }
        }
        rest &= !(1 << row);
    }
    (right, left)
}

/// Bits 0, 2, 4, ... of `word`, packed into the low 32 bits.
fn even_bits(word: u64) -> u64 {
    let word = word & 0x5555_5555_5555_5555;
    let word = (word | word >> 1) & 0x3333_3333_3333_3333;
    let word = (word | word >> 2) & 0x0F0F_0F0F_0F0F_0F0F;
    let word = (word | word >> 4) & 0x00FF_00FF_00FF_00FF;
    let word = (word | word >> 8) & 0x0000_FFFF_0000_FFFF;
    (word | word >> 16) & 0x0000_0000_FFFF_FFFF
}

/// The codewords as a stream of bits, most significant first, then zeros (the remainder
/// bits).
struct Bits<'a> {
    bytes: core::slice::Iter<'a, u8>,
    /// The next bits from the top down; `ready` of them are loaded.
    buffer: u64,
    ready: u32,
}

impl Bits<'_> {
    fn new(bytes: &[u8]) -> Bits<'_> {
        Bits { bytes: bytes.iter(), buffer: 0, ready: 0 }
    }

    /// The next `count` bits (1 to 56), the first one on top.
    fn take(&mut self, count: u32) -> u64 {
        while self.ready <= 56 {
            let byte = self.bytes.next().copied().unwrap_or(0);
            self.buffer |= u64::from(byte) << 56u32.wrapping_sub(self.ready);
            self.ready = self.ready.wrapping_add(8);
        }
        let value = self.buffer.checked_shr(64u32.wrapping_sub(count)).unwrap_or(0);
        self.buffer = self.buffer.checked_shl(count).unwrap_or(0);
        self.ready = self.ready.wrapping_sub(count);
        value
    }
}
