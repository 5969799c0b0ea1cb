//! Native integration tests of the core: one binary (see Cargo.toml's `[[test]]`), one module
//! per concept. The RFC and URI vectors live in `tests/vectors/*.json`, shared with the JS suite.

// A test states an expectation and panics when it fails: the crate's no-panic lints are for
// the library, and clippy.toml's allow-*-in-tests covers only `#[test]` bodies, not helpers.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation
)]

mod attempt;
mod backup;
mod base32;
mod errors;
mod hotp;
mod migration;
mod oracle;
mod qr;
mod seal;
mod totp;
mod uri;
mod vectors;

/// Settings for every property test in this binary: a fixed seed, so that a run is
/// reproducible, and no regression files written into the source tree.
fn proptest_config() -> proptest::test_runner::Config {
    proptest::test_runner::Config {
        cases: 256,
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x7474_7770),
        failure_persistence: None,
        ..proptest::test_runner::Config::default()
    }
}
