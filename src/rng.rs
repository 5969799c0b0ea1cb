//! The crate's only source of randomness: the platform CSPRNG through `getrandom`
//! (`crypto.getRandomValues` in browsers and Node, the OS elsewhere).
//!
//! A generator that is missing, fails, or hands out constant bytes (a mocked or broken
//! `crypto.getRandomValues` that leaves the buffer as it was) is an error, never a loop
//! and never a predictable secret.

use crate::error::Problem;
use crate::{Error, ErrorKind};

/// Fills `buf` from the platform CSPRNG.
pub(crate) fn fill(buf: &mut [u8]) -> Result<(), Error> {
    if !platform_fill(buf) {
        return Err(Error::new(ErrorKind::Random, "random", Problem::RandomUnavailable));
    }
    // 12 equal bytes (an AES-GCM nonce's length) from a real generator: probability 2^-88.
    if buf.len() >= 12 && buf.iter().all(|&byte| Some(&byte) == buf.first()) {
        return Err(repeating());
    }
    Ok(())
}

/// The error for a generator whose output repeats.
pub(crate) fn repeating() -> Error {
    Error::new(ErrorKind::Random, "random", Problem::RandomRepeats)
}

#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
fn platform_fill(buf: &mut [u8]) -> bool {
    getrandom::fill(buf).is_ok()
}

/// The host's CSPRNG (`crypto.getRandomValues`), which the npm package hands the wasm as an
/// import: no wasm-bindgen glue for one call.
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
fn platform_fill(buf: &mut [u8]) -> bool {
    crate::wasm::fill_random(buf)
}
