//! The `qr` wasm: QR codes as SVG (`pkg/src/qr.js`).
#![allow(unsafe_code)] // `#[no_mangle]` only

use super::memory::{isolated, Call};
use super::{integer, small};
use crate::qr::{self, Colour, Ecc, QrOptions};
use crate::Error;

/// `ecc` as the JavaScript side numbers it: 0 to 3 for L, M, Q, H, -1 for not given; anything
/// else is the core's error.
fn ecc(code: i32) -> Result<Ecc, Error> {
    match code {
        -1 => Ok(Ecc::default()),
        0 => Ok(Ecc::L),
        1 => Ok(Ecc::M),
        2 => Ok(Ecc::Q),
        3 => Ok(Ecc::H),
        _ => Ecc::parse(""),
    }
}

/// `qrSvg(text, options)` or, with `data_url` 1, `qrDataUrl`. Absent colours have the length
/// -1; an absent margin or size is -1.
#[no_mangle]
pub extern "C" fn qr_svg(text_len: usize, dark_len: i32, light_len: i32, ecc: i32, margin: f64, size: f64, data_url: u32) -> i32 {
    let lengths = [dark_len, light_len].map(|len| usize::try_from(len.max(0)).unwrap_or(0));
    let mut call = Call::open(text_len.saturating_add(lengths[0]).saturating_add(lengths[1]));
    let text = call.text(text_len);
    let (dark, light) = (call.optional_text(dark_len), call.optional_text(light_len));
    let svg = isolated(|| {
        let defaults = QrOptions::default();
        let options = QrOptions {
            ecc: self::ecc(ecc)?,
            margin: if margin < 0.0 { defaults.margin } else { small(margin) },
            size: (size >= 0.0).then(|| u32::try_from(integer(size)).unwrap_or(u32::MAX)),
            dark: dark.map_or(Ok(defaults.dark), |text| Colour::parse(text, "dark"))?,
            light: light.map_or(Ok(defaults.light), |text| Colour::parse(text, "light"))?,
        };
        options.validate()?;
        if data_url == 1 {
            qr::data_url(text, &options)
        } else {
            qr::svg(text, &options)
        }
    });
    call.finish_bytes(svg)
}
