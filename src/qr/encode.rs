//! From bytes to the codeword sequence of a symbol: version and level choice, the byte-mode
//! bit stream, Reed–Solomon error correction and block interleaving.

use alloc::vec::Vec;
use core::cell::Cell;

use super::tables::{Blocks, EXP, LOG};
use super::Ecc;

/// The version (1 to 40) and level a text is encoded at, and the codewords in the order they
/// are placed in the symbol.
#[derive(Debug)]
pub(super) struct Encoded {
    pub(super) version: u8,
    pub(super) ecc: Ecc,
    pub(super) codewords: Vec<u8>,
}

/// Picks the smallest version that holds `data` at `ecc`, then the strongest level that still
/// fits that version, and encodes. `None` when even version 40 is too small.
pub(super) fn encode(data: &[u8], ecc: Ecc) -> Option<Encoded> {
    let version = (1..=40).find(|&version| fits(data.len(), version, ecc))?;
    let ecc = [Ecc::H, Ecc::Q, Ecc::M]
        .into_iter()
        .find(|&stronger| stronger > ecc && fits(data.len(), version, stronger))
        .unwrap_or(ecc);
    let blocks = Blocks::of(version, ecc);
    let stream = data_codewords(data, version, blocks.data());
    Some(Encoded { version, ecc, codewords: interleave(&stream, blocks) })
}

/// The character count field is one byte up to version 9, two bytes from version 10.
fn count_bytes(version: u8) -> usize {
    if version < 10 {
        1
    } else {
        2
    }
}

/// Byte mode costs a 4-bit mode indicator, the count and 8 bits per byte; the 4-bit
/// terminator always fits in what rounding up to whole codewords leaves.
fn fits(length: usize, version: u8, ecc: Ecc) -> bool {
    length.checked_add(count_bytes(version)).is_some_and(|bytes| bytes < Blocks::of(version, ecc).data())
}

/// Mode indicator 0100, the count, the bytes and the terminator 0000 are a whole number of
/// bytes shifted by one nibble; then the pad codewords 0xEC and 0x11 alternate.
fn data_codewords(data: &[u8], version: u8, capacity: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(capacity);
    let length = u16::try_from(data.len()).unwrap_or(u16::MAX).to_be_bytes();
    let count = length.get(2usize.saturating_sub(count_bytes(version))..).unwrap_or(&length);
    let mut nibble: u8 = 0b0100;
    for &byte in count.iter().chain(data) {
        out.push(nibble.wrapping_shl(4) | byte >> 4);
        nibble = byte & 0x0F;
    }
    out.push(nibble.wrapping_shl(4));
    let padding = capacity.saturating_sub(out.len());
    out.extend([0xEC, 0x11].into_iter().cycle().take(padding));
    out
}

/// Splits the data into blocks (the last `total % count` blocks one codeword longer), adds
/// each block's error correction, and interleaves: the i-th data codeword of every block in
/// turn, then the i-th error correction codeword of every block.
fn interleave(data: &[u8], blocks: Blocks) -> Vec<u8> {
    let short_data = blocks.total.checked_div(blocks.count).unwrap_or(0).saturating_sub(blocks.ecc);
    let short_blocks = blocks.count.saturating_sub(blocks.total.checked_rem(blocks.count).unwrap_or(0));
    let generator = generator_logs(blocks.ecc);

    let mut parts = Vec::with_capacity(blocks.count);
    let mut ecc = alloc::vec![0u8; blocks.count.saturating_mul(blocks.ecc)];
    let mut rest = data;
    for (index, remainder) in ecc.chunks_exact_mut(blocks.ecc.max(1)).enumerate() {
        let length = short_data.saturating_add(usize::from(index >= short_blocks));
        let (part, tail) = rest.split_at_checked(length).unwrap_or((rest, &[]));
        rest = tail;
        reed_solomon(part, &generator, remainder);
        parts.push(part);
    }

    let mut out = Vec::with_capacity(blocks.total);
    for column in 0..=short_data {
        out.extend(parts.iter().filter_map(|part| part.get(column)));
    }
    for column in 0..blocks.ecc {
        out.extend(ecc.chunks_exact(blocks.ecc).filter_map(|remainder| remainder.get(column)));
    }
    out
}

/// The generator polynomial of degree `degree`, (x - 2^0)(x - 2^1)...(x - 2^(degree-1)),
/// without its leading 1, as logarithms. None of these coefficients is zero for the degrees
/// the standard uses (7 to 30).
fn generator_logs(degree: usize) -> [u8; 30] {
    // Coefficients from x^degree down to x^0, the leading 1 first.
    let mut poly = [0u8; 31];
    if let Some(first) = poly.first_mut() {
        *first = 1;
    }
    for (&root, length) in EXP.iter().zip(1..=degree) {
        // Multiply by (x + root): each coefficient gains root times the one above it.
        let mut above = 0u8;
        for coefficient in poly.iter_mut().take(length.saturating_add(1)) {
            let current = *coefficient;
            *coefficient ^= multiply(above, root);
            above = current;
        }
    }
    let mut logs = [0u8; 30];
    for (log, &coefficient) in logs.iter_mut().zip(poly.iter().skip(1)) {
        *log = LOG.get(usize::from(coefficient)).copied().unwrap_or(0);
    }
    logs
}

fn multiply(a: u8, b: u8) -> u8 {
    if a == 0 || b == 0 {
        return 0;
    }
    let log = usize::from(LOG.get(usize::from(a)).copied().unwrap_or(0))
        .wrapping_add(usize::from(LOG.get(usize::from(b)).copied().unwrap_or(0)));
    EXP.get(log).copied().unwrap_or(0)
}

/// The remainder of `data * x^n` divided by the generator, into `remainder` (`n` codewords):
/// long division, shifting the remainder one codeword per data codeword.
fn reed_solomon(data: &[u8], generator_logs: &[u8; 30], remainder: &mut [u8]) {
    let cells = Cell::from_mut(remainder).as_slice_of_cells();
    for &byte in data {
        let factor = byte ^ cells.first().map_or(0, Cell::get);
        let factor_log = usize::from(LOG.get(usize::from(factor)).copied().unwrap_or(0));
        let times_factor = |log: u8| {
            let product = EXP.get(factor_log.wrapping_add(usize::from(log))).copied().unwrap_or(0);
            if factor == 0 {
                0
            } else {
                product
            }
        };
        for (pair, &log) in cells.windows(2).zip(generator_logs) {
            if let [cell, next] = pair {
                cell.set(next.get() ^ times_factor(log));
            }
        }
        if let (Some(last), Some(&log)) = (cells.last(), generator_logs.get(cells.len().wrapping_sub(1))) {
            last.set(times_factor(log));
        }
    }
}
