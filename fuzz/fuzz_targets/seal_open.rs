//! Sealed secrets: `seal::open` never panics and opens nothing the fuzzer makes up, under a
//! single key or a keyring, in this version's format (`v2.`, with or without a key id) or
//! 0.1's (`v1.`); whatever opens re-seals and opens again to the same secret. A seal is
//! AES-256-GCM as the format says (checked here with the `aes-gcm` crate directly, both
//! ways); it opens to its secret with its key and context, under a keyring that has its key
//! id (or, without an id, any keyring holding its key); with another context or key it fails
//! with AuthenticationFailed, under a keyring without its id with Invalid; a changed
//! character never opens. A 0.1 seal made here the way 0.1 made it opens the same way.
#![no_main]

use aes_gcm::aead::{consts::U12, Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use arbitrary::Arbitrary;
use base64ct::{Base64UrlUnpadded, Encoding};
use libfuzzer_sys::fuzz_target;
use totp_wasm::seal::{self, Keyring, SealingKey};
use totp_wasm::{Error, ErrorKind, Secret};

const KEY: [u8; 32] = [0x42; 32];
const OTHER_KEY: [u8; 32] = [0x24; 32];
const CONTEXT: &str = "user:42";
const KNOWN_SECRET: &str = "JBSWY3DPEHPK3PXP";
/// The real seals of KNOWN_SECRET under KEY (also in seeds/seal_open/), made independently
/// with Python's `cryptography`: 0.1's (`v1.`, with CONTEXT and with no context), and this
/// version's with key id `k1` and without one (with CONTEXT).
const KNOWN_V1: &str = "v1.1tfQCZxJEKETR06ugh15oN5wH3EoajqZt9tHEtyIeP9rKnFx6bQ";
const KNOWN_V1_NO_CONTEXT: &str = "v1.GBkaGxwdHh8gISIj5Zk5TnTK4oqjJTMOuyUk46cK9Yyb69Cu1CI";
const KNOWN_V2_K1: &str = "v2.k1.AAECAwQFBgcICQoLTbv9sd4NLKYj6VzJ5TvgeUk043gr1DajG3w";
const KNOWN_V2: &str = "v2.DA0ODxAREhMUFRYX5NlBscoAJV9col2rwQFiBqY6AoB-R87ztYw";
const BASE64URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const AAD_V2: &[u8] = b"totp-wasm sealed secret v2\0";
const AAD_V1: &[u8] = b"totp-wasm sealed secret v1\0";

#[derive(Arbitrary, Debug)]
enum Input {
    Open(String),
    RoundTrip {
        secret: Vec<u8>,
        key: [u8; 32],
        key_id: Option<String>,
        context: String,
        other_context: String,
        change_at: u16,
        change_to: u8,
        nonce: [u8; 12],
        /// Seal as 0.1 did (`v1.`, no key id), here with `aes-gcm`, and open that.
        legacy: bool,
    },
}

/// The keyrings a made-up value is opened with, and what each known seal does under each.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Ring {
    /// `Keyring::single(KEY)`, CONTEXT.
    Single,
    /// `Keyring::single(KEY)`, no context.
    SingleNoContext,
    /// `k2` = OTHER_KEY and `k1` = KEY, CONTEXT.
    Both,
    /// Only `k2` = OTHER_KEY, CONTEXT.
    OtherOnly,
}

const RINGS: [Ring; 4] = [Ring::Single, Ring::SingleNoContext, Ring::Both, Ring::OtherOnly];

fuzz_target!(|input: Input| match input {
    Input::Open(sealed) => {
        for ring in RINGS {
            open_made_up(&sealed, ring);
        }
    }
    Input::RoundTrip {
        secret,
        key,
        key_id,
        context,
        other_context,
        change_at,
        change_to,
        nonce,
        legacy,
    } => {
        let case = RoundTrip {
            key_bytes: key,
            key_id: key_id.as_deref(),
            context: &context,
            other_context: &other_context,
            change_at,
            change_to,
        };
        if legacy {
            case.legacy(&secret, nonce);
        } else {
            case.current(&secret);
        }
    }
});

fn key(bytes: &[u8; 32]) -> SealingKey {
    SealingKey::from_bytes(bytes).expect("32 bytes make a key")
}

fn keyring(ring: Ring) -> (Keyring, &'static str) {
    match ring {
        Ring::Single => (Keyring::single(key(&KEY)), CONTEXT),
        Ring::SingleNoContext => (Keyring::single(key(&KEY)), ""),
        Ring::Both => (
            Keyring::with_ids(vec![("k2".into(), key(&OTHER_KEY)), ("k1".into(), key(&KEY))]).expect("valid ids"),
            CONTEXT,
        ),
        Ring::OtherOnly => (Keyring::with_ids(vec![("k2".into(), key(&OTHER_KEY))]).expect("a valid id"), CONTEXT),
    }
}

/// The key ids of a keyring built with ids.
fn ring_ids(ring: Ring) -> Option<&'static [&'static str]> {
    match ring {
        Ring::Single | Ring::SingleNoContext => None,
        Ring::Both => Some(&["k2", "k1"]),
        Ring::OtherOnly => Some(&["k2"]),
    }
}

/// What opening a known seal under `ring` gives: Ok, or the error's kind and argument.
fn known_result(sealed: &str, ring: Ring) -> Option<Result<(), (ErrorKind, &'static str)>> {
    let auth = Err((ErrorKind::AuthenticationFailed, "sealed"));
    let no_context = Err((ErrorKind::Invalid, "context"));
    Some(match (sealed, ring) {
        (KNOWN_V1, Ring::SingleNoContext) => auth,
        (KNOWN_V1, Ring::OtherOnly) => auth,
        (KNOWN_V1, _) => Ok(()),
        (KNOWN_V1_NO_CONTEXT, Ring::SingleNoContext) => Ok(()),
        (KNOWN_V1_NO_CONTEXT, _) => auth,
        (KNOWN_V2_K1 | KNOWN_V2, Ring::SingleNoContext) => no_context,
        (KNOWN_V2_K1, Ring::OtherOnly) => Err((ErrorKind::Invalid, "keyring")),
        (KNOWN_V2, Ring::OtherOnly) => auth,
        (KNOWN_V2_K1 | KNOWN_V2, _) => Ok(()),
        _ => return None,
    })
}

fn open_made_up(sealed: &str, ring: Ring) {
    let (keyring, context) = keyring(ring);
    let result = seal::open(sealed, &keyring, context);
    if let Some(expected) = known_result(sealed, ring) {
        let got = result.as_ref().map(|_| ()).map_err(|err| (err.kind(), err.argument()));
        assert_eq!(got, expected, "the known seal {sealed} under {ring:?}");
    }
    match result {
        Ok(secret) => {
            assert!(
                known_result(sealed, ring) == Some(Ok(())),
                "only a real seal opens, and its text is canonical: {sealed} under {ring:?}"
            );
            assert_eq!(secret.to_base32(), KNOWN_SECRET, "the known seal opens to its secret");
            reseal(&secret, &KEY, Some("k1"), &keyring, context);
        }
        Err(err) => {
            let v1 = sealed.starts_with("v1.");
            let v2 = sealed.starts_with("v2.");
            match (err.kind(), err.argument()) {
                (ErrorKind::Invalid, "sealed") => {}
                (ErrorKind::AuthenticationFailed, "sealed") => assert!(
                    v1 || v2,
                    "an unknown version is malformed, not a failed key: {err}"
                ),
                (ErrorKind::Invalid, "context") => assert!(
                    v2 && context.is_empty(),
                    "only a v2 value needs a context: {err}"
                ),
                (ErrorKind::Invalid, "keyring") => {
                    let id = sealed.strip_prefix("v2.").and_then(|body| body.split_once('.')).map(|(id, _)| id);
                    assert!(
                        id.is_some_and(|id| ring_ids(ring).is_some_and(|ids| !ids.contains(&id))),
                        "a keyring lacks only a key id it does not have: {err}"
                    );
                }
                _ => panic!("open fails only as Invalid or AuthenticationFailed of sealed, context or keyring: {err}"),
            }
        }
    }
}

/// Seals an opened secret again under `key_bytes` (named `key_id`), bound to `context` (or,
/// for a 0.1 value without one, CONTEXT) and opens that with `keyring` to the same secret.
fn reseal(secret: &Secret, key_bytes: &[u8; 32], key_id: Option<&str>, keyring: &Keyring, context: &str) {
    let context = if context.is_empty() { CONTEXT } else { context };
    let sealed = seal::seal_with_key_id(secret, &key(key_bytes), key_id, context).expect("sealing works");
    assert_eq!(seal::open(&sealed, keyring, context).as_ref(), Ok(secret), "a re-sealed secret opens again: {sealed}");
}

struct RoundTrip<'a> {
    key_bytes: [u8; 32],
    key_id: Option<&'a str>,
    context: &'a str,
    other_context: &'a str,
    change_at: u16,
    change_to: u8,
}

fn cipher(key: &[u8; 32]) -> Aes256Gcm {
    Aes256Gcm::new_from_slice(key).expect("32 bytes")
}

fn aad_v2(key_id: Option<&str>, context: &str) -> Vec<u8> {
    [AAD_V2, key_id.unwrap_or("").as_bytes(), b"\0", context.as_bytes()].concat()
}

fn failed(result: Result<Secret, Error>, kind: ErrorKind, argument: &str, what: &str) {
    match result {
        Err(err) => {
            assert_eq!(err.kind(), kind, "{what} fails as {kind:?}: {err}");
            assert_eq!(err.argument(), argument, "{what} names {argument}: {err}");
        }
        Ok(_) => panic!("{what} must not open"),
    }
}

impl RoundTrip<'_> {
    fn key(&self) -> SealingKey {
        key(&self.key_bytes)
    }

    fn other_key(&self) -> [u8; 32] {
        let mut other = self.key_bytes;
        other[usize::from(self.change_to) % 32] ^= 1 << (self.change_at % 8);
        other
    }

    fn current(&self, bytes: &[u8]) {
        let Ok(secret) = Secret::from_bytes(bytes) else {
            assert!(bytes.len() < 10, "from_bytes refuses only keys under 80 bits");
            return;
        };
        let id_ok = self.key_id.is_none_or(|id| {
            (1..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        });
        let sealed = match seal::seal_with_key_id(&secret, &self.key(), self.key_id, self.context) {
            Ok(sealed) => sealed,
            Err(err) => {
                let expected = if !id_ok { "keyId" } else { "context" };
                assert!(
                    !id_ok || self.context.is_empty(),
                    "sealing fails only for a bad key id or no context: {err}"
                );
                assert_eq!((err.kind(), err.argument()), (ErrorKind::Invalid, expected), "{err}");
                return;
            }
        };
        assert!(id_ok && !self.context.is_empty(), "a bad key id or no context is refused");
        let prefix = match self.key_id {
            Some(id) => format!("v2.{id}."),
            None => "v2.".to_string(),
        };
        let body = sealed.strip_prefix(&prefix).unwrap_or_else(|| panic!("a seal starts with {prefix}: {sealed}"));
        assert!(
            body.bytes().all(|b| BASE64URL.contains(&b)),
            "a seal is printable base64url: {sealed}"
        );
        let blob = Base64UrlUnpadded::decode_vec(body).expect("a seal's body is base64url");
        assert_eq!(blob.len(), 12 + bytes.len() + 16, "nonce, ciphertext and tag");
        let opened = cipher(&self.key_bytes)
            .decrypt(
                &Nonce::<U12>::from(<[u8; 12]>::try_from(&blob[..12]).expect("12 bytes")),
                Payload { msg: &blob[12..], aad: &aad_v2(self.key_id, self.context) },
            )
            .expect("a seal is AES-256-GCM under the key, bound to the key id and context");
        assert_eq!(opened, bytes, "a seal holds the secret's bytes");
        self.opens_as_it_should(&sealed, &secret, false);

        // The same format made here opens too.
        let mut nonce = [0u8; 12];
        nonce[..2].copy_from_slice(&self.change_at.to_le_bytes());
        let ours = self.v2_seal(bytes, nonce);
        assert_eq!(seal::open(&ours, &Keyring::single(self.key()), self.context).as_ref(), Ok(&secret), "{ours}");
    }

    fn v2_seal(&self, bytes: &[u8], nonce: [u8; 12]) -> String {
        let aad = aad_v2(self.key_id, self.context);
        let sealed = cipher(&self.key_bytes)
            .encrypt(&Nonce::<U12>::from(nonce), Payload { msg: bytes, aad: &aad })
            .expect("encrypts");
        let id = self.key_id.map(|id| format!("{id}.")).unwrap_or_default();
        format!("v2.{id}{}", Base64UrlUnpadded::encode_string(&[&nonce[..], &sealed].concat()))
    }

    /// 0.1's format: `v1.` and base64url of nonce, ciphertext and tag, bound to the context
    /// (which 0.1 allowed to be empty) and no key id.
    fn legacy(&self, bytes: &[u8], nonce: [u8; 12]) {
        if bytes.is_empty() {
            return;
        }
        let aad = [AAD_V1, self.context.as_bytes()].concat();
        let sealed = cipher(&self.key_bytes)
            .encrypt(&Nonce::<U12>::from(nonce), Payload { msg: bytes, aad: &aad })
            .expect("encrypts");
        let sealed = format!("v1.{}", Base64UrlUnpadded::encode_string(&[&nonce[..], &sealed].concat()));
        let Ok(secret) = Secret::from_bytes(bytes) else {
            // 0.1 sealed secrets of any length; one under 80 bits is refused when opened.
            failed(
                seal::open(&sealed, &Keyring::single(self.key()), self.context),
                ErrorKind::OutOfRange,
                "secret",
                "a 0.1 seal of a secret under 80 bits",
            );
            return;
        };
        self.opens_as_it_should(&sealed, &secret, true);
    }

    /// `sealed` holds `secret` under this key and context (and key id, unless `legacy`).
    fn opens_as_it_should(&self, sealed: &str, secret: &Secret, legacy: bool) {
        let single = Keyring::single(self.key());
        assert_eq!(seal::open(sealed, &single, self.context).as_ref(), Ok(secret), "open(seal(s)) == s: {sealed}");
        let other = Keyring::single(key(&self.other_key()));
        failed(seal::open(sealed, &other, self.context), ErrorKind::AuthenticationFailed, "sealed", "another key");

        // Keyrings: the key under the value's id (any id, for a value without one) opens it,
        // beside another key; a keyring without that id has nothing to try.
        let key_id = if legacy { None } else { self.key_id };
        let own_id = key_id.unwrap_or("main");
        let other_id = if own_id == "other" { "other2" } else { "other" };
        let both = Keyring::with_ids(vec![
            (other_id.to_string(), key(&self.other_key())),
            (own_id.to_string(), self.key()),
        ])
        .expect("valid ids");
        assert_eq!(seal::open(sealed, &both, self.context).as_ref(), Ok(secret), "the keyring opens {sealed}");
        let without = Keyring::with_ids(vec![(other_id.to_string(), self.key())]).expect("a valid id");
        match key_id {
            Some(_) => failed(seal::open(sealed, &without, self.context), ErrorKind::Invalid, "keyring", "no key of its id"),
            None => assert_eq!(seal::open(sealed, &without, self.context).as_ref(), Ok(secret), "any id opens {sealed}"),
        }

        if self.other_context != self.context {
            let (kind, argument) = if self.other_context.is_empty() && !legacy {
                (ErrorKind::Invalid, "context")
            } else {
                (ErrorKind::AuthenticationFailed, "sealed")
            };
            failed(seal::open(sealed, &single, self.other_context), kind, argument, "another context");
        }

        // Any character changed, the prefix and key id included, and the value never opens.
        let mut changed = sealed.as_bytes().to_vec();
        let at = usize::from(self.change_at) % changed.len();
        let replacement = (b' '..=b'~')
            .chain(BASE64URL.iter().copied())
            .filter(|&b| b != changed[at])
            .nth(usize::from(self.change_to) % 150)
            .expect("over 150 others");
        changed[at] = replacement;
        let changed = String::from_utf8(changed).expect("ASCII");
        assert!(seal::open(&changed, &single, self.context).is_err(), "a changed character never opens: {changed}");
        assert!(seal::open(&changed, &both, self.context).is_err(), "a changed character never opens: {changed}");

        reseal(secret, &self.key_bytes, key_id, &single, self.context);
        reseal(secret, &self.key_bytes, Some(own_id), &both, self.context);
    }
}
