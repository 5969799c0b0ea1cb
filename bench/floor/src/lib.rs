//! The size floor of a wasm TOTP code: see Cargo.toml.
use hmac::{Hmac, KeyInit, Mac};
use wasm_bindgen::prelude::*;

fn code<M: Mac + KeyInit + Clone>(key: &[u8], counter: u64) -> u32 {
    let mac = <M as KeyInit>::new_from_slice(key).ok().unwrap();
    let out = mac.chain_update(counter.to_be_bytes()).finalize().into_bytes();
    let off = (out[out.len() - 1] & 15) as usize;
    (u32::from_be_bytes([out[off], out[off + 1], out[off + 2], out[off + 3]]) & 0x7fff_ffff) % 1_000_000
}

#[wasm_bindgen]
pub fn totp(secret: &str, time_ms: f64, alg: u8) -> Option<u32> {
    let key = base32::decode(base32::Alphabet::Rfc4648 { padding: false }, secret)?;
    let counter = (time_ms / 30000.0) as u64;
    Some(match alg {
        0 => code::<Hmac<sha1::Sha1>>(&key, counter),
        1 => code::<Hmac<sha2::Sha256>>(&key, counter),
        _ => code::<Hmac<sha2::Sha512>>(&key, counter),
    })
}
