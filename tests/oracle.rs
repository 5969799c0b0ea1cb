//! An independent HOTP, written directly on the `hmac`/`sha1`/`sha2` crates, to check the
//! crate against values no RFC lists (counters past 2^32, near 2^53, wrapped below zero).

use hmac::{Hmac, KeyInit, Mac};

/// HMAC of the 8-byte big-endian counter with the named hash.
pub fn hmac(key: &[u8], counter: u64, algorithm: &str) -> Vec<u8> {
    fn run<M: Mac + KeyInit>(key: &[u8], message: &[u8]) -> Vec<u8> {
        let mut mac = <M as KeyInit>::new_from_slice(key).unwrap();
        mac.update(message);
        mac.finalize().into_bytes().to_vec()
    }
    let message = counter.to_be_bytes();
    match algorithm {
        "SHA1" => run::<Hmac<sha1::Sha1>>(key, &message),
        "SHA256" => run::<Hmac<sha2::Sha256>>(key, &message),
        "SHA512" => run::<Hmac<sha2::Sha512>>(key, &message),
        other => panic!("unknown algorithm {other}"),
    }
}

/// RFC 4226 §5.3 dynamic truncation: 31 bits picked by the last byte's low nibble.
pub fn truncate(mac: &[u8]) -> u32 {
    let offset = usize::from(mac[mac.len() - 1] & 0x0f);
    let word = [
        mac[offset],
        mac[offset + 1],
        mac[offset + 2],
        mac[offset + 3],
    ];
    u32::from_be_bytes(word) & 0x7fff_ffff
}

pub fn hotp(key: &[u8], counter: u64, algorithm: &str, digits: u32) -> String {
    let value = truncate(&hmac(key, counter, algorithm)) % 10u32.pow(digits);
    format!("{value:0width$}", width = digits as usize)
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}
