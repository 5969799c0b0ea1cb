//! The floors (see Cargo.toml). Each export does its job for the input a benchmark gives it and
//! little more: no argument checks beyond what keeps memory safe, no messages, SHA-1/256/512 and
//! a digit count as numbers. JavaScript writes arguments at `input()` and reads answers at
//! `output()`; exports take lengths and numbers and return a number (a length, a code, or -1).
#![no_std]
#![allow(unsafe_code)]

use hmac::{Hmac, KeyInit, Mac};
use subtle::ConstantTimeEq;

const INPUT_LEN: usize = 16 * 1024;
/// Enough for the SVG of a version-40 symbol drawn as horizontal runs.
const OUTPUT_LEN: usize = 256 * 1024;
static mut INPUT: [u8; INPUT_LEN] = [0; INPUT_LEN];
static mut OUTPUT: [u8; OUTPUT_LEN] = [0; OUTPUT_LEN];

/// A panic traps, and formats nothing (no `core::fmt` in the binary).
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}

#[no_mangle]
pub extern "C" fn input() -> *mut u8 {
    &raw mut INPUT as *mut u8
}

#[no_mangle]
pub extern "C" fn output() -> *mut u8 {
    &raw mut OUTPUT as *mut u8
}

fn input_bytes() -> &'static mut [u8; INPUT_LEN] {
    // SAFETY: single-threaded wasm; each export takes the buffers once.
    unsafe { &mut *&raw mut INPUT }
}

#[allow(dead_code)]
fn output_bytes() -> &'static mut [u8; OUTPUT_LEN] {
    // SAFETY: as above.
    unsafe { &mut *&raw mut OUTPUT }
}

/// Tolerant base32 (RFC 4648: case, spaces and `=` ignored), decoded in place; `None` for a
/// symbol outside the alphabet or an empty key.
fn decode_base32(text: &mut [u8]) -> Option<&[u8]> {
    let (mut bits, mut value, mut out) = (0u32, 0u32, 0usize);
    for at in 0..text.len() {
        let symbol = match text[at] {
            b' ' | b'=' => continue,
            c @ b'A'..=b'Z' => c - b'A',
            c @ b'a'..=b'z' => c - b'a',
            c @ b'2'..=b'7' => c - b'2' + 26,
            _ => return None,
        };
        value = (value << 5) | u32::from(symbol);
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            text[out] = (value >> bits) as u8;
            out += 1;
        }
    }
    if out == 0 {
        return None;
    }
    Some(&text[..out])
}

/// RFC 4226 dynamic truncation.
fn truncate(mac: &[u8]) -> u32 {
    let off = (mac[mac.len() - 1] & 15) as usize;
    u32::from_be_bytes([mac[off], mac[off + 1], mac[off + 2], mac[off + 3]]) & 0x7fff_ffff
}

/// The HMAC keyed once; each step clones it.
enum Keyed {
    Sha1(Hmac<sha1::Sha1>),
    Sha256(Hmac<sha2::Sha256>),
    Sha512(Hmac<sha2::Sha512>),
}

impl Keyed {
    fn new(secret_len: usize, algorithm: u32) -> Option<Keyed> {
        let key = decode_base32(input_bytes().get_mut(..secret_len)?)?;
        Some(match algorithm {
            0 => Keyed::Sha1(KeyInit::new_from_slice(key).ok()?),
            1 => Keyed::Sha256(KeyInit::new_from_slice(key).ok()?),
            _ => Keyed::Sha512(KeyInit::new_from_slice(key).ok()?),
        })
    }

    fn code(&self, counter: u64, modulus: u32) -> u32 {
        let message = counter.to_be_bytes();
        let number = match self {
            Keyed::Sha1(mac) => truncate(&mac.clone().chain_update(message).finalize().into_bytes()),
            Keyed::Sha256(mac) => truncate(&mac.clone().chain_update(message).finalize().into_bytes()),
            Keyed::Sha512(mac) => truncate(&mac.clone().chain_update(message).finalize().into_bytes()),
        };
        number % modulus
    }
}

fn modulus(digits: u32) -> u32 {
    10u32.pow(digits.clamp(1, 9))
}

fn step(time_ms: f64, period: u32) -> u64 {
    (time_ms / 1000.0 / f64::from(period.max(1))) as u64
}

/// HOTP: the code of `counter` as a number (JavaScript pads it), or -1 for a secret not base32.
#[no_mangle]
pub extern "C" fn hotp(secret_len: usize, counter: f64, algorithm: u32, digits: u32) -> i32 {
    match Keyed::new(secret_len, algorithm) {
        Some(keyed) => keyed.code(counter as u64, modulus(digits)) as i32,
        None => -1,
    }
}

/// TOTP at `time_ms`.
#[no_mangle]
pub extern "C" fn totp(secret_len: usize, time_ms: f64, algorithm: u32, digits: u32, period: u32) -> i32 {
    match Keyed::new(secret_len, algorithm) {
        Some(keyed) => keyed.code(step(time_ms, period), modulus(digits)) as i32,
        None => -1,
    }
}

/// 1 when `token` is the code of a step within `window` of `time_ms`, 0 when not, -1 for a
/// secret not base32. The key is set up once; every step is computed and compared in
/// constant time.
#[no_mangle]
pub extern "C" fn verify(secret_len: usize, token: u32, time_ms: f64, window: u32, algorithm: u32, digits: u32, period: u32) -> i32 {
    let Some(keyed) = Keyed::new(secret_len, algorithm) else { return -1 };
    let modulus = modulus(digits);
    let now = step(time_ms, period);
    let window = u64::from(window);
    let mut matched = subtle::Choice::from(0);
    for counter in now.saturating_sub(window)..=now.saturating_add(window) {
        matched |= keyed.code(counter, modulus).ct_eq(&token);
    }
    i32::from(matched.unwrap_u8())
}

#[cfg(feature = "enroll")]
mod enroll {
    use super::*;
    use qrcodegen_no_heap::{QrCode, QrCodeEcc, Version};

    #[link(wasm_import_module = "host")]
    extern "C" {
        /// Fills `[at, at + length)` with random bytes (crypto.getRandomValues).
        fn random(at: *mut u8, length: usize);
    }

    const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    const HEX: &[u8; 16] = b"0123456789ABCDEF";

    /// Appends to the output buffer.
    struct Writer {
        at: usize,
    }

    impl Writer {
        fn byte(&mut self, byte: u8) {
            if let Some(slot) = output_bytes().get_mut(self.at) {
                *slot = byte;
                self.at += 1;
            }
        }

        fn bytes(&mut self, bytes: &[u8]) {
            for &b in bytes {
                self.byte(b);
            }
        }

        fn decimal(&mut self, value: u32) {
            let mut digits = [0u8; 10];
            let (mut value, mut start) = (value, digits.len());
            loop {
                start -= 1;
                digits[start] = b'0' + (value % 10) as u8;
                value /= 10;
                if value == 0 {
                    break;
                }
            }
            self.bytes(&digits[start..]);
        }

        /// RFC 3986 percent-encoding of everything but the unreserved characters.
        fn percent(&mut self, bytes: &[u8]) {
            for &b in bytes {
                if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
                    self.byte(b);
                } else {
                    self.bytes(&[b'%', HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]);
                }
            }
        }
    }

    /// `generateSecret(bytes)`: that many random bytes (at most 1024) in base32, at `output()`;
    /// returns the text's length.
    #[no_mangle]
    pub extern "C" fn secret(bytes: usize) -> usize {
        let key = &mut input_bytes()[..bytes.min(1024)];
        // SAFETY: the host writes `key.len()` bytes at `key`, inside INPUT.
        unsafe { random(key.as_mut_ptr(), key.len()) };
        let mut out = Writer { at: 0 };
        let (mut bits, mut value) = (0u32, 0u32);
        for &b in key.iter() {
            value = (value << 8) | u32::from(b);
            bits += 8;
            while bits >= 5 {
                bits -= 5;
                out.byte(BASE32[((value >> bits) & 31) as usize]);
            }
        }
        if bits > 0 {
            out.byte(BASE32[((value << (5 - bits)) & 31) as usize]);
        }
        key.fill(0);
        out.at
    }

    /// `provisioningUri`: secret, account and issuer one after another at `input()`; the URI at
    /// `output()`, its length returned.
    #[no_mangle]
    pub extern "C" fn uri(secret_len: usize, account_len: usize, issuer_len: usize) -> usize {
        let input = input_bytes();
        let (secret, rest) = input.split_at(secret_len.min(INPUT_LEN));
        let (account, rest) = rest.split_at(account_len.min(rest.len()));
        let issuer = &rest[..issuer_len.min(rest.len())];
        let mut out = Writer { at: 0 };
        out.bytes(b"otpauth://totp/");
        out.percent(issuer);
        out.byte(b':');
        out.percent(account);
        out.bytes(b"?secret=");
        out.bytes(secret);
        out.bytes(b"&issuer=");
        out.percent(issuer);
        out.at
    }

    static mut QR_TEMP: [u8; Version::MAX.buffer_len()] = [0; Version::MAX.buffer_len()];
    static mut QR_OUT: [u8; Version::MAX.buffer_len()] = [0; Version::MAX.buffer_len()];

    /// `qrSvg(text)`: ECC M, a 4-module margin, one path of horizontal runs; the SVG at
    /// `output()`, its length returned (0 when the text does not fit).
    #[no_mangle]
    pub extern "C" fn qr(text_len: usize) -> usize {
        let Ok(text) = core::str::from_utf8(&input_bytes()[..text_len.min(INPUT_LEN)]) else { return 0 };
        // SAFETY: as for INPUT and OUTPUT.
        let (temp, out) = unsafe { (&mut *&raw mut QR_TEMP, &mut *&raw mut QR_OUT) };
        let Ok(qr) = QrCode::encode_text(text, temp, out, QrCodeEcc::Medium, Version::MIN, Version::MAX, None, false) else {
            return 0;
        };
        let size = qr.size();
        let mut svg = Writer { at: 0 };
        svg.bytes(b"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ");
        svg.decimal(size as u32 + 8);
        svg.byte(b' ');
        svg.decimal(size as u32 + 8);
        svg.bytes(b"\"><path fill=\"#fff\" d=\"M0 0h9999v9999H0z\"/><path stroke=\"#000\" d=\"");
        for y in 0..size {
            let mut x = 0;
            while x < size {
                if !qr.get_module(x, y) {
                    x += 1;
                    continue;
                }
                let start = x;
                while x < size && qr.get_module(x, y) {
                    x += 1;
                }
                svg.byte(b'M');
                svg.decimal(start as u32 + 4);
                svg.byte(b' ');
                svg.decimal(y as u32 + 4);
                svg.bytes(b".5h");
                svg.decimal((x - start) as u32);
            }
        }
        svg.bytes(b"\"/></svg>");
        svg.at
    }

    #[cfg(feature = "whole")]
    mod whole {
        use super::*;
        use aes_gcm::aead::AeadInOut;
        use aes_gcm::{Aes256Gcm, Nonce};

        /// `encryptSecret`: the 32-byte key then the plaintext at `input()`; nonce ‖ ciphertext ‖
        /// tag at `output()`, its length returned.
        #[no_mangle]
        pub extern "C" fn seal(plain_len: usize) -> usize {
            let input = input_bytes();
            let len = plain_len.min(INPUT_LEN - 32).min(OUTPUT_LEN - 28);
            let Ok(cipher) = Aes256Gcm::new_from_slice(&input[..32]) else { return 0 };
            let out = output_bytes();
            // SAFETY: the host writes 12 bytes inside OUTPUT.
            unsafe { random(out.as_mut_ptr(), 12) };
            let nonce = Nonce::try_from(&out[..12]).unwrap_or_default();
            out[12..12 + len].copy_from_slice(&input[32..32 + len]);
            let Ok(tag) = cipher.encrypt_inout_detached(&nonce, &[], (&mut out[12..12 + len]).into()) else { return 0 };
            out[12 + len..28 + len].copy_from_slice(&tag);
            input[..32 + len].fill(0);
            28 + len
        }

        /// `decryptSecret`: the key then nonce ‖ ciphertext ‖ tag at `input()`; the plaintext at
        /// `output()`, its length returned, or -1 when it does not open.
        #[no_mangle]
        pub extern "C" fn open(sealed_len: usize) -> i32 {
            let input = input_bytes();
            let sealed_len = sealed_len.min(INPUT_LEN - 32);
            if sealed_len < 28 {
                return -1;
            }
            let len = sealed_len - 28;
            let Ok(cipher) = Aes256Gcm::new_from_slice(&input[..32]) else { return -1 };
            let nonce = Nonce::try_from(&input[32..44]).unwrap_or_default();
            let tag = aes_gcm::Tag::try_from(&input[44 + len..60 + len]).unwrap_or_default();
            let out = output_bytes();
            out[..len].copy_from_slice(&input[44..44 + len]);
            input[..sealed_len + 32].fill(0);
            match cipher.decrypt_inout_detached(&nonce, &[], (&mut out[..len]).into(), &tag) {
                Ok(()) => len as i32,
                Err(_) => -1,
            }
        }

        /// `hashBackupCode`: PBKDF2-HMAC-SHA256 (20 000 rounds, as the package) of the code at
        /// `input()` under a random 16-byte salt; salt ‖ 32-byte hash at `output()`.
        #[no_mangle]
        pub extern "C" fn kdf(code_len: usize, rounds: u32) -> usize {
            let code = &input_bytes()[..code_len.min(INPUT_LEN)];
            let out = output_bytes();
            // SAFETY: the host writes 16 bytes inside OUTPUT.
            unsafe { random(out.as_mut_ptr(), 16) };
            let (salt, hash) = out[..48].split_at_mut(16);
            pbkdf2::pbkdf2_hmac::<sha2::Sha256>(code, salt, rounds, hash);
            48
        }
    }
}
