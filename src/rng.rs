//! The crate's only source of randomness: the platform CSPRNG through `getrandom`
//! (`crypto.getRandomValues` in browsers and Node, the OS elsewhere).

#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
use crate::{error::Problem, ErrorKind};
use crate::Error;

/// Fills `buf` from the platform CSPRNG.
#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
pub(crate) fn fill(buf: &mut [u8]) -> Result<(), Error> {
    getrandom::fill(buf).map_err(|_| Error::new(ErrorKind::Random, "random", Problem::Random))
}

/// Fills `buf` from the host's CSPRNG (`crypto.getRandomValues`), which the npm package hands
/// the wasm as an import: no wasm-bindgen glue for one call.
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
#[allow(clippy::unnecessary_wraps)] // one signature on every target
pub(crate) fn fill(buf: &mut [u8]) -> Result<(), Error> {
    crate::wasm::fill_random(buf);
    Ok(())
}

/// A uniformly random index below `bound` (1..=256), by rejection sampling so that no
/// value is more likely than another.
pub(crate) fn below(bound: u16) -> Result<u8, Error> {
    let bound = bound.clamp(1, 256);
    // The largest multiple of `bound` that fits in 0..256; bytes at or above it are redrawn.
    let zone = 256u16.saturating_sub(256u16.checked_rem(bound).unwrap_or(0));
    loop {
        let mut byte = [0u8; 1];
        fill(&mut byte)?;
        let value = u16::from(byte[0]);
        if value < zone {
            return Ok(u8::try_from(value.checked_rem(bound).unwrap_or(0)).unwrap_or(0));
        }
    }
}
