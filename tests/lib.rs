//! Native integration tests of the core: one binary (see Cargo.toml's `[[test]]`), one module
//! per concept. The RFC and URI vectors live in `tests/vectors/*.json`, shared with the JS suite.

mod backup;
mod base32;
mod errors;
mod hotp;
mod oracle;
mod qr;
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
