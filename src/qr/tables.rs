//! The standard's numbers (ISO/IEC 18004): block structure, GF(256) arithmetic, mask patterns
//! and the BCH codes of the format and version information.

use super::Ecc;

/// Per version 1 to 40: the error correction codewords per block at L, M, Q, H, then the
/// number of blocks at L, M, Q, H. Everything else about the blocks follows from these.
const BLOCKS: [[u8; 8]; 40] = [
    [7, 10, 13, 17, 1, 1, 1, 1],
    [10, 16, 22, 28, 1, 1, 1, 1],
    [15, 26, 18, 22, 1, 1, 2, 2],
    [20, 18, 26, 16, 1, 2, 2, 4],
    [26, 24, 18, 22, 1, 2, 4, 4],
    [18, 16, 24, 28, 2, 4, 4, 4],
    [20, 18, 18, 26, 2, 4, 6, 5],
    [24, 22, 22, 26, 2, 4, 6, 6],
    [30, 22, 20, 24, 2, 5, 8, 8],
    [18, 26, 24, 28, 4, 5, 8, 8],
    [20, 30, 28, 24, 4, 5, 8, 11],
    [24, 22, 26, 28, 4, 8, 10, 11],
    [26, 22, 24, 22, 4, 9, 12, 16],
    [30, 24, 20, 24, 4, 9, 16, 16],
    [22, 24, 30, 24, 6, 10, 12, 18],
    [24, 28, 24, 30, 6, 10, 17, 16],
    [28, 28, 28, 28, 6, 11, 16, 19],
    [30, 26, 28, 28, 6, 13, 18, 21],
    [28, 26, 26, 26, 7, 14, 21, 25],
    [28, 26, 30, 28, 8, 16, 20, 25],
    [28, 26, 28, 30, 8, 17, 23, 25],
    [28, 28, 30, 24, 9, 17, 23, 34],
    [30, 28, 30, 30, 9, 18, 25, 30],
    [30, 28, 30, 30, 10, 20, 27, 32],
    [26, 28, 30, 30, 12, 21, 29, 35],
    [28, 28, 28, 30, 12, 23, 34, 37],
    [30, 28, 30, 30, 12, 25, 34, 40],
    [30, 28, 30, 30, 13, 26, 35, 42],
    [30, 28, 30, 30, 14, 28, 38, 45],
    [30, 28, 30, 30, 15, 29, 40, 48],
    [30, 28, 30, 30, 16, 31, 43, 51],
    [30, 28, 30, 30, 17, 33, 45, 54],
    [30, 28, 30, 30, 18, 35, 48, 57],
    [30, 28, 30, 30, 19, 37, 51, 60],
    [30, 28, 30, 30, 19, 38, 53, 63],
    [30, 28, 30, 30, 20, 40, 56, 66],
    [30, 28, 30, 30, 21, 43, 59, 70],
    [30, 28, 30, 30, 22, 45, 62, 74],
    [30, 28, 30, 30, 24, 47, 65, 77],
    [30, 28, 30, 30, 25, 49, 68, 81],
];

/// The block structure of one version at one level.
#[derive(Clone, Copy, Debug)]
pub(super) struct Blocks {
    /// All codewords of the symbol, data and error correction.
    pub(super) total: usize,
    /// How many blocks the codewords are split into.
    pub(super) count: usize,
    /// Error correction codewords per block.
    pub(super) ecc: usize,
}

impl Blocks {
    pub(super) fn of(version: u8, ecc: Ecc) -> Blocks {
        let row = BLOCKS.get(usize::from(version.wrapping_sub(1))).copied().unwrap_or_default();
        let level = ecc as usize;
        let pick = |index: usize| usize::from(row.get(index).copied().unwrap_or(0));
        Blocks {
            total: raw_modules(version) / 8,
            count: pick(level.wrapping_add(4)).max(1),
            ecc: pick(level),
        }
    }

    /// Codewords left for data once the error correction is taken out.
    pub(super) fn data(&self) -> usize {
        self.total.saturating_sub(self.ecc.saturating_mul(self.count))
    }
}

/// Modules left for codewords once the function patterns are drawn: the whole square less
/// three finders with separators (64 each), format information and the dark module (31), the
/// two timing lines between the finders, the alignment patterns (less the timing modules they
/// cover) and, from version 7, the two version blocks.
fn raw_modules(version: u8) -> usize {
    let version = usize::from(version);
    let size = version.saturating_mul(4).saturating_add(17);
    let per_side = if version > 1 { (version / 7).saturating_add(2) } else { 0 };
    let alignment = per_side
        .saturating_mul(per_side)
        .saturating_sub(3)
        .saturating_mul(25)
        .saturating_sub(per_side.saturating_sub(2).saturating_mul(10));
    let version_blocks = if version >= 7 { 36 } else { 0 };
    size.saturating_mul(size)
        .saturating_sub(3 * 64 + 31)
        .saturating_sub(size.saturating_sub(16).saturating_mul(2))
        .saturating_sub(alignment)
        .saturating_sub(version_blocks)
}

/// Row and column of the alignment pattern centres: 6, then evenly spaced up to `size - 7`.
pub(super) fn alignment_positions(version: u8) -> impl Iterator<Item = usize> {
    let version = usize::from(version);
    let size = version.saturating_mul(4).saturating_add(17);
    let count = if version > 1 { (version / 7).saturating_add(2) } else { 0 };
    // The standard's spacing is even and rounds up, with one exception at version 32.
    let step = if version == 32 {
        26
    } else {
        let span = version.saturating_mul(4).saturating_add(count.saturating_mul(2)).saturating_add(1);
        span.checked_div(count.saturating_mul(2).saturating_sub(2)).unwrap_or(0).saturating_mul(2)
    };
    (0..count).map(move |index| match index {
        0 => 6,
        _ => size
            .saturating_sub(7)
            .saturating_sub(count.saturating_sub(1).saturating_sub(index).saturating_mul(step)),
    })
}

/// GF(256) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1: `EXP[i]` is 2^i, repeated so that
/// the sum of two logarithms needs no reduction modulo 255.
pub(super) const EXP: [u8; 512] = exp_table();
/// `LOG[EXP[i]] == i`; `LOG[0]` is unused.
pub(super) const LOG: [u8; 256] = log_table();

// Evaluated at compile time: an out-of-range index or an overflow fails the build.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects, clippy::cast_possible_truncation)]
const fn exp_table() -> [u8; 512] {
    let mut table = [0u8; 512];
    let mut value: u16 = 1;
    let mut index = 0;
    while index < 512 {
        table[index] = value as u8;
        value <<= 1;
        if value > 0xFF {
            value ^= 0x11D;
        }
        index += 1;
    }
    table
}

#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects, clippy::cast_possible_truncation)]
const fn log_table() -> [u8; 256] {
    let mut table = [0u8; 256];
    let mut index = 0;
    while index < 255 {
        table[EXP[index] as usize] = index as u8;
        index += 1;
    }
    table
}

/// For each mask, and for the rows (`[0]`) or the columns (`[1]`) of the symbol: which of 12
/// consecutive modules the mask inverts, for each line number modulo 12. Every mask repeats
/// every 12 modules both ways.
pub(super) const MASK_PATTERNS: [[[u16; 12]; 8]; 2] = mask_patterns();

#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
const fn mask_patterns() -> [[[u16; 12]; 8]; 2] {
    let mut table = [[[0u16; 12]; 8]; 2];
    let mut mask = 0;
    while mask < 8 {
        let mut line = 0;
        while line < 12 {
            let mut along = 0;
            while along < 12 {
                // Table 10 of the standard, with i the row and j the column.
                if inverts(mask, line, along) {
                    table[0][mask][line] |= 1 << along;
                }
                if inverts(mask, along, line) {
                    table[1][mask][line] |= 1 << along;
                }
                along += 1;
            }
            line += 1;
        }
        mask += 1;
    }
    table
}

#[allow(clippy::arithmetic_side_effects)]
const fn inverts(mask: usize, i: usize, j: usize) -> bool {
    match mask {
        0 => (i + j) % 2 == 0,
        1 => i % 2 == 0,
        2 => j % 3 == 0,
        3 => (i + j) % 3 == 0,
        4 => (i / 2 + j / 3) % 2 == 0,
        5 => i * j % 2 + i * j % 3 == 0,
        6 => (i * j % 2 + i * j % 3) % 2 == 0,
        _ => ((i + j) % 2 + i * j % 3) % 2 == 0,
    }
}

/// The 15-bit format information: the level and the mask, BCH(15, 5) coded, then XORed with
/// the standard's constant so that it is never all light.
pub(super) fn format_bits(ecc: Ecc, mask: u8) -> u32 {
    let level: u32 = match ecc {
        Ecc::L => 1,
        Ecc::M => 0,
        Ecc::Q => 3,
        Ecc::H => 2,
    };
    bch(level << 3 | u32::from(mask & 7), 0x537, 10) ^ 0x5412
}

/// The 18-bit version information (versions 7 and up): the version, BCH(18, 6) coded.
pub(super) fn version_bits(version: u8) -> u32 {
    bch(u32::from(version), 0x1F25, 12)
}

/// `data` followed by the remainder of `data * x^degree` divided by `generator`.
fn bch(data: u32, generator: u32, degree: u32) -> u32 {
    let shifted = data.wrapping_shl(degree);
    let mut remainder = shifted;
    for bit in (degree..32).rev() {
        if remainder & 1u32.wrapping_shl(bit) != 0 {
            remainder ^= generator.wrapping_shl(bit.wrapping_sub(degree));
        }
    }
    shifted | remainder
}
