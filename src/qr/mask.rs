//! Masking and the choice of mask by the standard's penalty rules, computed on bit rows: one
//! 64-bit word holds 64 modules, so runs, blocks and finder-like patterns of 64 lines are found
//! at once. Horizontal lines are handled as the vertical lines of the transposed symbol.

use alloc::vec::Vec;

use super::grid::Grid;
use super::matrix::Symbol;
use super::tables::{format_bits, MASK_PATTERNS};
use super::Ecc;

/// N1: a run of five modules of one colour, plus one for each module beyond five.
const RUN: u32 = 3;
/// N2: each 2 × 2 block of one colour.
const BLOCK: u32 = 3;
/// N3: each finder-like 1:1:3:1:1 pattern with four light modules on one side.
const FINDER: u32 = 40;
/// N4: each 5 % by which the dark modules stray from half.
const BALANCE: u32 = 10;

/// The masked symbol: the mask with the lowest penalty (the lowest-numbered on a tie), or
/// `forced`. Returns the mask, its penalty and the modules.
pub(super) fn apply_best(symbol: &Symbol, ecc: Ecc, forced: Option<u8>) -> (u8, u32, Grid) {
    let size = symbol.dark.size();
    let mut rows = Grid::new(size);
    let mut columns = Grid::new(size);
    let draw = |mask: u8, rows: &mut Grid, columns: &mut Grid| {
        let format = format_bits(ecc, mask);
        draw_masked(&symbol.dark, &symbol.reserved, mask, format, false, rows);
        draw_masked(&symbol.dark_columns, &symbol.reserved, mask, format, true, columns);
    };

    // Scaled finder patterns (two modules per unit and bigger) are rare and slow to look for:
    // rank the masks by the rest of the score, a lower bound, and complete the score only
    // while a mask could still win. `u32::MAX` marks a mask that is out of the running.
    let mut bounds = [(u32::MAX, 0u8); 8];
    for (mask, bound) in (0..8).zip(&mut bounds) {
        if forced.is_none_or(|forced| forced & 7 == mask) {
            draw(mask, &mut rows, &mut columns);
            *bound = (unscaled_penalty(&rows, &columns), mask);
        }
    }
    let mut best = (u32::MAX, 0u8);
    let mut drawn = None;
    while let Some(next) = bounds.iter_mut().filter(|(bound, _)| *bound != u32::MAX).min() {
        let (bound, mask) = *next;
        next.0 = u32::MAX;
        if (bound, mask) > best {
            break;
        }
        draw(mask, &mut rows, &mut columns);
        drawn = Some(mask);
        let penalty = bound.saturating_add(scaled_finders(&rows)).saturating_add(scaled_finders(&columns));
        best = best.min((penalty, mask));
    }
    let (penalty, mask) = best;
    if drawn != Some(mask) {
        draw(mask, &mut rows, &mut columns);
    }
    (mask, penalty, rows)
}

/// Writes `base` with `mask` applied outside the function patterns, then the format
/// information. `transposed` when `base` is.
fn draw_masked(base: &Grid, reserved: &Grid, mask: u8, format: u32, transposed: bool, out: &mut Grid) {
    let size = base.size();
    let periods = MASK_PATTERNS
        .get(usize::from(transposed))
        .and_then(|table| table.get(usize::from(mask)))
        .copied()
        .unwrap_or_default();
    // Plane p starts at column 64 p, which is 4 p modulo 12: rotate the 12-module periods
    // to start there, and repeat them across the word.
    let planes = out.planes_mut().zip(base.planes().zip(reserved.planes()));
    for ((index, (phase, rest)), (out, (base, reserved))) in
        [(0, 12), (4, 8), (8, 4)].into_iter().enumerate().zip(planes)
    {
        let inside = Grid::columns_below(index, size);
        let lines = periods.map(|period| {
            let period = u64::from(period);
            repeat_12((period >> phase | period << rest) & 0xFFF) & inside
        });
        for ((out, (&base, &reserved)), &pattern) in
            out.iter_mut().zip(base.iter().zip(reserved)).zip(lines.iter().cycle())
        {
            *out = base ^ (pattern & !reserved);
        }
    }
    draw_format(out, format, transposed);
}

/// Repeats a 12-bit pattern across a word.
fn repeat_12(pattern: u64) -> u64 {
    let pattern = pattern | pattern << 12;
    let pattern = pattern | pattern << 24;
    pattern | pattern.wrapping_shl(48)
}

/// The format information, twice: along row 8 and column 8 beside the top left finder, and
/// split between the other two finders.
fn draw_format(grid: &mut Grid, format: u32, transposed: bool) {
    let size = grid.size();
    let bit = |index: usize| u64::from(format >> index & 1);
    let spread = |from: usize, count: usize, step_down: bool| {
        (0..count).fold(0, |line, offset: usize| {
            let index = if step_down { from.wrapping_sub(offset) } else { from.wrapping_add(offset) };
            line | bit(index) << offset
        })
    };
    // Row 8 from the left: bits 14 to 9, the timing column, 8, 7; from column size - 8: bits
    // 7 to 0. Column 8 from the top: bits 0 to 5, the timing row, 6, 7; from row size - 7:
    // bits 8 to 14.
    let row = (spread(14, 6, true) | bit(8) << 7 | bit(7) << 8, spread(7, 8, true), size.saturating_sub(8));
    let column =
        (spread(0, 6, false) | bit(6) << 7 | bit(7) << 8, spread(8, 7, false), size.saturating_sub(7));
    let (along, across) = if transposed { (column, row) } else { (row, column) };
    grid.or_row(0, 8, along.0);
    grid.or_row(along.2, 8, along.1);
    grid.or_column(8, 0, across.0);
    grid.or_column(8, across.2, across.1);
}

/// Everything but the scaled finder patterns: N1 and the 1-module N3 both ways, N2 and N4.
fn unscaled_penalty(rows: &Grid, columns: &Grid) -> u32 {
    vertical_runs_and_finders(rows)
        .saturating_add(vertical_runs_and_finders(columns))
        .saturating_add(blocks(rows))
        .saturating_add(balance(rows))
}

/// N1, and N3 for finder-like patterns one module per unit, down every column of `grid`.
/// Outside the symbol counts as light for N3 (the quiet zone) and not at all for N1.
fn vertical_runs_and_finders(grid: &Grid) -> u32 {
    let size = grid.size();
    let (mut runs, mut finders) = (0u32, 0u32);
    for (index, plane) in grid.planes().enumerate() {
        let inside = Grid::columns_below(index, size);
        let at = |y: usize| plane.get(y).copied().unwrap_or(0);
        let [mut r0, mut r1, mut r2, mut r3, mut r4, mut r5, mut r6, mut r7] = core::array::from_fn(at);
        let (mut dark_above, mut light_above) = (0u64, 0u64);
        for y in 0..size.saturating_sub(4) {
            // A run of n >= 5 modules holds n - 4 windows of five and starts once, so its
            // penalty 3 + (n - 5) is its windows plus 2 per start.
            let middle = r2 & r3 & r4;
            let dark5 = r0 & r1 & middle;
            let light5 = !(r0 | r1 | r2 | r3 | r4) & inside;
            let starts = dark5 & !dark_above | light5 & !light_above;
            runs = runs
                .wrapping_add((dark5 | light5).count_ones())
                .wrapping_add(starts.count_ones().wrapping_mul(RUN - 1));
            // Dark 1, light 1, dark 3, light 1, dark 1 between light modules, counted once
            // for four light modules before it and once for four after.
            let core = r0 & !r1 & middle & !r5 & r6 & !dark_above & !r7;
            if core != 0 {
                let above = |rows: usize| y.checked_sub(rows).map_or(0, at);
                let before = above(1) | above(2) | above(3) | above(4);
                let after = r7 | at(y.wrapping_add(8)) | at(y.wrapping_add(9)) | at(y.wrapping_add(10));
                finders = finders
                    .wrapping_add((core & !before).count_ones())
                    .wrapping_add((core & !after).count_ones());
            }
            (dark_above, light_above) = (r0, !r0);
            (r0, r1, r2, r3, r4, r5, r6, r7) = (r1, r2, r3, r4, r5, r6, r7, at(y.wrapping_add(8)));
        }
    }
    runs.wrapping_add(finders.wrapping_mul(FINDER))
}

/// N2: 2 × 2 blocks of one colour, overlapping ones included.
fn blocks(grid: &Grid) -> u32 {
    let size = grid.size();
    let mut count = 0u32;
    let planes: Vec<&[u64]> = grid.planes().collect();
    for (index, plane) in planes.iter().enumerate() {
        let next = planes.get(index.wrapping_add(1)).copied().unwrap_or(&[]);
        let inside = Grid::columns_below(index, size.saturating_sub(1));
        let pairs = plane.iter().zip(plane.iter().skip(1));
        for (y, (&top, &bottom)) in pairs.enumerate() {
            // Module x and its right neighbour x + 1, which may be in the next plane.
            let carry = |y: usize| next.get(y).map_or(0, |word| word << 63);
            let right_top = top >> 1 | carry(y);
            let right_bottom = bottom >> 1 | carry(y.wrapping_add(1));
            let same = !(top ^ bottom) & !(right_top ^ right_bottom) & !(top ^ right_top);
            count = count.wrapping_add((same & inside).count_ones());
        }
    }
    count.wrapping_mul(BLOCK)
}

/// N4: 10 points for each full 5 % between the dark share and 50 %.
fn balance(rows: &Grid) -> u32 {
    let dark: u32 = rows.all_words().iter().map(|word| word.count_ones()).sum();
    let total = u32::try_from(rows.size().saturating_mul(rows.size())).unwrap_or(u32::MAX).max(1);
    let distance = dark.saturating_mul(20).abs_diff(total.saturating_mul(10));
    let steps = distance.saturating_add(total).saturating_sub(1).checked_div(total).unwrap_or(0);
    steps.saturating_sub(1).saturating_mul(BALANCE)
}

/// N3 for finder-like patterns of 2 modules per unit and more, down every column of `grid`.
fn scaled_finders(grid: &Grid) -> u32 {
    let size = grid.size();
    let mut count = 0u32;
    for plane in grid.planes() {
        // The columns all dark, and those with any dark module, in `unit` rows from row y.
        let mut all = plane.to_vec();
        let mut any = plane.to_vec();
        for unit in 2..=size / 7 {
            for (y, (all, any)) in all.iter_mut().zip(&mut any).enumerate() {
                let below = plane.get(y.wrapping_add(unit).wrapping_sub(1)).copied().unwrap_or(0);
                *all &= below;
                *any |= below;
            }
            let window = |units: usize, y: usize| unit.saturating_mul(units).saturating_add(y);
            let all_at = |y: usize| all.get(y).copied().unwrap_or(0);
            let any_at = |y: usize| any.get(y).copied().unwrap_or(u64::MAX);
            let mut middles = false;
            for y in 0..=size.saturating_sub(unit.saturating_mul(7)) {
                // Dark 3 units in the middle: without it there is none at bigger units either.
                let middle = all_at(window(2, y)) & all_at(window(3, y)) & all_at(window(4, y));
                if middle == 0 {
                    continue;
                }
                middles = true;
                let inner =
                    middle & all_at(y) & all_at(window(6, y)) & !any_at(window(1, y)) & !any_at(window(5, y));
                if inner == 0 {
                    continue;
                }
                // The light on either side may reach past the edge, where it is quiet zone.
                let before = |units: usize| !any_dark(plane, y.saturating_sub(unit.saturating_mul(units)), y);
                let after = |units: usize| {
                    !any_dark(plane, window(7, y), window(7, y).saturating_add(unit.saturating_mul(units)))
                };
                let core = inner & before(1) & after(1);
                count = count
                    .wrapping_add((core & before(4)).count_ones())
                    .wrapping_add((core & after(4)).count_ones());
            }
            if !middles {
                break;
            }
        }
    }
    count.wrapping_mul(FINDER)
}

/// The columns of `plane` with a dark module in rows `start..end`; outside is light.
fn any_dark(plane: &[u64], start: usize, end: usize) -> u64 {
    let end = end.min(plane.len());
    plane.get(start.min(end)..end).map_or(0, |rows| rows.iter().fold(0, |any, &word| any | word))
}
