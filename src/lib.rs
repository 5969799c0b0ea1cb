//! Two-factor authentication with one-time passwords: TOTP (RFC 6238) and HOTP (RFC 4226),
//! `otpauth://` provisioning URIs, QR codes and single-use backup codes.
//!
//! This crate is the core of the `totp-wasm` npm package. It is plain Rust with no
//! WebAssembly types (those live in the private `wasm` module, compiled only for
//! `wasm32`), so everything here is usable and tested as an ordinary Rust library.
//!
//! # Enrolment and login in ten lines
//! ```
//! use totp_wasm::{totp, OtpAuth, Secret, TotpParams};
//! // Enrolment: make a secret, show it as a QR code, store it (sealed) with the user.
//! let secret = Secret::generate(20)?;
//! let uri = OtpAuth::totp(secret.clone(), "alice@example.com", Some("ACME".into())).to_uri()?;
//! let svg = totp_wasm::qr::svg(&uri, &Default::default())?;
//! // Login: the user types the code the app shows; accept one step of clock drift.
//! let now = 1_700_000_000;
//! let typed = totp::generate(&secret, now, TotpParams::default())?; // what the app shows
//! assert_eq!(totp::check(&secret, &typed, now, 1, TotpParams::default())?, Some(0));
//! # let _ = svg;
//! # Ok::<(), totp_wasm::Error>(())
//! ```
//!
//! # Concepts
//! - A [`Secret`] is the shared HMAC key. It is generated from the platform CSPRNG, travels as
//!   base32 (decoding is tolerant, encoding canonical), and is zeroized when dropped.
//! - A code is `digits` decimal digits computed from the secret and a counter ([`hotp`]) or
//!   the current time step ([`totp`]). Checking compares every candidate in constant time.
//! - An [`OtpAuth`] is what an `otpauth://` URI carries; [`qr::svg`] draws it for the app
//!   to scan.
//! - [`backup`] codes are the way in when the phone is lost: shown once, stored hashed,
//!   accepted once.
//!
//! # Errors
//! Every fallible function returns [`Error`], which names the argument at fault and never
//! contains secret material. Nothing in this crate panics on any input: the crate denies
//! `unwrap`, `expect`, `panic!`, unchecked indexing and unchecked arithmetic through clippy.
#![no_std]
// Denied everywhere but in `src/wasm/`, the WebAssembly boundary (its allocator, its raw reads
// of the argument bytes, and `#[no_mangle]` on the export names).
#![deny(unsafe_code)]

extern crate alloc;
// A native build of the cdylib needs std's allocator and panic handler (the wasm build brings
// its own, in `src/wasm/`); tests use std too.
#[cfg(any(test, not(all(target_arch = "wasm32", target_os = "unknown"))))]
extern crate std;

pub mod attempt;
pub mod backup;
mod base32;
mod error;
pub mod hotp;
pub mod migration;
mod otp;
pub mod qr;
mod rng;
pub mod seal;
pub mod secret;
pub mod totp;
mod uri;

/// The WebAssembly exports the npm package calls (built with the `codes`, `qr` or `protect`
/// feature; see `src/wasm.rs`).
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
mod wasm;

pub use error::{Error, ErrorKind};
pub use hotp::HotpParams;
pub use otp::{Algorithm, Digits, STEAM_ALPHABET};
pub use secret::Secret;
pub use totp::{Period, TotpParams};
pub use uri::{OtpAuth, OtpKind};
