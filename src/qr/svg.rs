//! The SVG document: one `<path>` whose strokes are the rows' runs of dark modules.

use alloc::string::String;

use super::grid::Grid;
use super::QrOptions;

/// Draws each row's runs of dark modules as horizontal strokes one module wide, through the
/// middle of the row: `M4 4.5h7m2 0h1` is a run of 7 from (4, 4), then one of 1 two further on.
pub(super) fn render(grid: &Grid, options: &QrOptions) -> String {
    let width = grid.size();
    let margin = usize::try_from(options.margin).unwrap_or(0);
    let total = width.saturating_add(margin.saturating_mul(2));
    let size = options.size.map_or(total.saturating_mul(4), |size| usize::try_from(size).unwrap_or(0));

    let mut svg = String::with_capacity(width.saturating_mul(width).saturating_mul(2).saturating_add(400));
    let mut number = itoa::Buffer::new();
    let size = number.format(size);
    let mut number = itoa::Buffer::new();
    let total = number.format(total);
    for part in ["<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"", size, "\" height=\"", size, "\" viewBox=\"0 0 ", total, " ", total, "\" shape-rendering=\"crispEdges\">"] {
        svg.push_str(part);
    }
    if !options.light.is_transparent() {
        for part in ["<rect width=\"100%\" height=\"100%\" fill=\"", options.light.0.as_ref(), "\"/>"] {
            svg.push_str(part);
        }
    }
    for part in ["<path stroke=\"", options.dark.0.as_ref(), "\" stroke-width=\"1\" d=\""] {
        svg.push_str(part);
    }
    // Each row is written into a fixed buffer first, without branching on the data where
    // that can be helped: pushing to the String checks its capacity for every byte, and a
    // mispredicted branch per digit costs more than the rest. A row of 177 modules takes at
    // most 14 + 88 × 10 bytes.
    let mut line = [0u8; 1280];
    for y in 0..width {
        let mut at = 0;
        let mut pen = None;
        for_each_run(grid.row(y), |start, end| {
            at = match pen {
                None => {
                    let at = put(&mut line, at, *b"M");
                    let at = put_number(&mut line, at, start.saturating_add(margin));
                    let at = put(&mut line, at, *b" ");
                    let at = put_number(&mut line, at, y.saturating_add(margin));
                    put(&mut line, at, *b".5h")
                }
                Some(pen) => {
                    let at = put(&mut line, at, *b"m");
                    let at = put_number(&mut line, at, start.saturating_sub(pen));
                    put(&mut line, at, *b" 0h")
                }
            };
            at = put_number(&mut line, at, end.saturating_sub(start));
            pen = Some(end);
        });
        // Only ASCII digits, letters and spaces were written.
        svg.push_str(line.get(..at).and_then(|line| core::str::from_utf8(line).ok()).unwrap_or_default());
    }
    svg.push_str("\"/></svg>");
    svg
}

/// Calls `run(start, end)` for each run of dark modules in `row`, left to right, from the
/// row's edges: a run starts where a dark module follows a light one, and ends at the next
/// light module. Past the right edge all is light, so every run ends inside the row's words.
fn for_each_run(row: [u64; 3], mut run: impl FnMut(usize, usize)) {
    let mut open = None;
    let mut carry = 0;
    for (index, word) in row.into_iter().enumerate() {
        let base = index.wrapping_mul(64);
        let before = word << 1 | carry;
        let (mut starts, mut ends) = (word & !before, !word & before);
        carry = word >> 63;
        loop {
            if let Some(start) = open {
                if ends == 0 {
                    break;
                }
                run(start, base.wrapping_add(ends.trailing_zeros() as usize));
                ends &= ends.wrapping_sub(1);
                open = None;
            }
            if starts == 0 {
                break;
            }
            open = Some(base.wrapping_add(starts.trailing_zeros() as usize));
            starts &= starts.wrapping_sub(1);
        }
    }
}

/// Writes `bytes` at `at` in `line`; returns where the next byte goes.
fn put<const N: usize>(line: &mut [u8], at: usize, bytes: [u8; N]) -> usize {
    let end = at.wrapping_add(N);
    // An array assignment, a single store: `copy_from_slice` is a call to memcpy in wasm.
    if let Some(slots) = line.get_mut(at..end).and_then(|slots| <&mut [u8; N]>::try_from(slots).ok()) {
        *slots = bytes;
    }
    end
}

/// Writes `value` (below 1000) in decimal at `at` in `line`; returns where the next byte goes.
/// The three digits are stored as one word, shifted to drop the leading zeros. Division by a
/// constant stays a division in wasm: multiply and shift instead (exact below 1000).
fn put_number(line: &mut [u8], at: usize, value: usize) -> usize {
    let value = u32::try_from(value).unwrap_or(0).min(999);
    let hundreds = value.wrapping_mul(41) >> 12;
    let tens = value.wrapping_mul(6554) >> 16;
    let digits = u32::from_le_bytes([b'0', b'0', b'0', 0])
        | hundreds
        | tens.wrapping_sub(hundreds.wrapping_mul(10)) << 8
        | value.wrapping_sub(tens.wrapping_mul(10)) << 16;
    let length = usize::from(value >= 10).wrapping_add(usize::from(value >= 100)).wrapping_add(1);
    let unused = 3usize.wrapping_sub(length).wrapping_mul(8);
    put(line, at, (digits >> unused).to_le_bytes()).wrapping_sub(4).wrapping_add(length)
}
