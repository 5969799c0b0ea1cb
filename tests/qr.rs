//! QR codes: the SVG's structure, its modules against the `qrcode` crate's matrix, options,
//! colour validation (the only text that reaches the markup unescaped), and size limits.

use std::collections::BTreeSet;

use base64ct::{Base64, Encoding};
use qrcode::{EcLevel, QrCode};
use totp_wasm::qr::{self, Colour, Ecc, QrOptions};
use totp_wasm::ErrorKind;

const URI: &str = "otpauth://totp/ACME%20Co:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30";

fn options(ecc: Ecc, margin: u32, size: Option<u32>) -> QrOptions {
    QrOptions {
        ecc,
        margin,
        size,
        ..QrOptions::default()
    }
}

fn attribute<'a>(svg: &'a str, name: &str) -> &'a str {
    let start = svg
        .find(&format!(" {name}=\""))
        .unwrap_or_else(|| panic!("no {name} in {svg:.200}"))
        + name.len()
        + 3;
    &svg[start..start + svg[start..].find('"').unwrap()]
}

/// The dark modules the path draws, as (x, y) in viewBox units.
fn dark_modules(svg: &str) -> BTreeSet<(usize, usize)> {
    let path = &svg[svg.find("<path").unwrap()..];
    let mut dark = BTreeSet::new();
    for run in attribute(path, "d").split('M').skip(1) {
        // Each run is "x yhNv1h-Nz": a 1-module-high rectangle N modules wide.
        let (origin, rest) = run.split_once('h').unwrap();
        let (x, y) = origin.split_once(' ').unwrap();
        let (width, tail) = rest.split_once("v1h-").unwrap();
        assert_eq!(tail, format!("{width}z"), "a closed rectangle: {run}");
        let (x, y, width): (usize, usize, usize) = (
            x.parse().unwrap(),
            y.parse().unwrap(),
            width.parse().unwrap(),
        );
        for dx in 0..width {
            assert!(dark.insert((x + dx, y)), "runs must not overlap");
        }
    }
    dark
}

fn expected_modules(code: &QrCode, margin: usize) -> BTreeSet<(usize, usize)> {
    let width = code.width();
    code.to_colors()
        .iter()
        .enumerate()
        .filter(|(_, colour)| **colour == qrcode::Color::Dark)
        .map(|(index, _)| (index % width + margin, index / width + margin))
        .collect()
}

fn level(ecc: Ecc) -> EcLevel {
    match ecc {
        Ecc::L => EcLevel::L,
        Ecc::M => EcLevel::M,
        Ecc::Q => EcLevel::Q,
        Ecc::H => EcLevel::H,
    }
}

#[test]
fn one_path_with_a_view_box() {
    let svg = qr::svg(URI, &QrOptions::default()).unwrap();
    assert!(
        svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
        "{svg:.80}"
    );
    assert!(svg.ends_with("</svg>"));
    assert_eq!(svg.matches("<path").count(), 1);
    assert_eq!(
        svg.matches('<').count(),
        4,
        "svg, rect, path and </svg> only"
    );
    let code = QrCode::with_error_correction_level(URI, EcLevel::M).unwrap();
    let total = code.width() + 8;
    assert_eq!(attribute(&svg, "viewBox"), format!("0 0 {total} {total}"));
    assert_eq!(
        attribute(&svg, "width"),
        (total * 4).to_string(),
        "4 pixels per module by default"
    );
    assert_eq!(attribute(&svg, "height"), (total * 4).to_string());
    assert!(svg.contains("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>"));
    assert!(svg.contains("<path fill=\"#000000\" d=\"M"));
}

#[test]
fn modules_match_the_qr_matrix_for_every_margin() {
    for margin in [0, 1, 4, 16] {
        let svg = qr::svg(URI, &options(Ecc::L, margin, None)).unwrap();
        let code = QrCode::with_error_correction_level(URI, EcLevel::L).unwrap();
        let margin = usize::try_from(margin).unwrap();
        let total = code.width() + 2 * margin;
        assert_eq!(attribute(&svg, "viewBox"), format!("0 0 {total} {total}"));
        let dark = dark_modules(&svg);
        assert!(dark
            .iter()
            .all(|&(x, y)| (margin..total - margin).contains(&x)
                && (margin..total - margin).contains(&y)));
        // The requested level may have been raised: compare with whichever matrix matches.
        let matches = [EcLevel::L, EcLevel::M, EcLevel::Q, EcLevel::H]
            .into_iter()
            .any(|l| {
                QrCode::with_error_correction_level(URI, l)
                    .is_ok_and(|c| expected_modules(&c, margin) == dark)
            });
        assert!(
            matches,
            "margin {margin}: the path is not the QR code of the text"
        );
    }
}

#[test]
fn ecc_is_raised_only_while_the_version_stays() {
    const LEVELS: [Ecc; 4] = [Ecc::L, Ecc::M, Ecc::Q, Ecc::H];
    let (mut raised, mut kept) = (0, 0);
    for length in (1..=140).step_by(19) {
        let text: String = URI.chars().cycle().take(length).collect();
        let codes = LEVELS.map(|ecc| QrCode::with_error_correction_level(&text, level(ecc)).ok());
        let version = |index: usize| codes[index].as_ref().map(QrCode::version);
        for (start, &ecc) in LEVELS.iter().enumerate() {
            let highest = (start..4)
                .take_while(|&i| version(i) == version(start))
                .last();
            let want = highest.unwrap();
            if want == start {
                kept += 1;
            } else {
                raised += 1;
            }
            let svg = qr::svg(&text, &options(ecc, 0, None)).unwrap();
            let expected = expected_modules(codes[want].as_ref().unwrap(), 0);
            let (from, to) = (LEVELS[start], LEVELS[want]);
            assert_eq!(
                dark_modules(&svg),
                expected,
                "{from:?} -> {to:?} for {length} bytes"
            );
        }
    }
    assert!(
        raised > 0 && kept > 0,
        "the texts must exercise both branches ({raised} raised, {kept} kept)"
    );
}

#[test]
fn size_sets_the_pixels_not_the_modules() {
    let plain = qr::svg(URI, &options(Ecc::M, 4, None)).unwrap();
    for size in [1, 256, 10_000] {
        let svg = qr::svg(URI, &options(Ecc::M, 4, Some(size))).unwrap();
        assert_eq!(attribute(&svg, "width"), size.to_string());
        assert_eq!(attribute(&svg, "height"), size.to_string());
        assert_eq!(attribute(&svg, "viewBox"), attribute(&plain, "viewBox"));
        assert_eq!(dark_modules(&svg), dark_modules(&plain));
    }
}

#[test]
fn numeric_options_out_of_range() {
    for (options, argument, message) in [
        (
            options(Ecc::M, 17, None),
            "margin",
            "margin: must be an integer from 0 to 16, got 17",
        ),
        (
            options(Ecc::M, u32::MAX, None),
            "margin",
            "margin: must be an integer from 0 to 16, got 4294967295",
        ),
        (
            options(Ecc::M, 4, Some(0)),
            "size",
            "size: must be an integer from 1 to 10000 pixels, got 0",
        ),
        (
            options(Ecc::M, 4, Some(10_001)),
            "size",
            "size: must be an integer from 1 to 10000 pixels, got 10001",
        ),
    ] {
        let err = qr::svg(URI, &options).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::OutOfRange);
        assert_eq!(err.argument(), argument);
        assert_eq!(err.to_string(), message);
        assert_eq!(qr::data_url(URI, &options).unwrap_err(), err);
    }
}

#[test]
fn colours() {
    for (dark, light, fill, background) in [
        ("#abc", "#FFF", "#abc", Some("#fff")),
        ("#AABBCC", "#11223344", "#aabbcc", Some("#11223344")),
        ("RebeccaPurple", "white", "rebeccapurple", Some("white")),
        ("black", "transparent", "black", None),
        ("navy", "TRANSPARENT", "navy", None),
    ] {
        let options = QrOptions {
            dark: Colour::parse(dark, "dark").unwrap(),
            light: Colour::parse(light, "light").unwrap(),
            ..QrOptions::default()
        };
        let svg = qr::svg(URI, &options).unwrap();
        assert!(
            svg.contains(&format!("<path fill=\"{fill}\"")),
            "{svg:.300}"
        );
        match background {
            Some(colour) => assert!(svg.contains(&format!(
                "<rect width=\"100%\" height=\"100%\" fill=\"{colour}\"/>"
            ))),
            None => assert!(!svg.contains("<rect"), "transparent draws no background"),
        }
    }
}

#[test]
fn colour_validation_rejects_markup() {
    let hostile = [
        "",
        " ",
        "#",
        "#12",
        "#1234",
        "#12345",
        "#1234567",
        "#123456789",
        "#ggg",
        "# 123",
        "red ",
        " red",
        "red;",
        "red\" onload=\"alert(1)",
        "#fff\"/><script>alert(1)</script>",
        "</svg>",
        "url(#a)",
        "rgb(0,0,0)",
        "hsl(0 0% 0%)",
        "currentColor",
        "inherit",
        "none",
        "javascript:alert(1)",
        "ré d",
        "#ＡＢＣ",
        "red\0",
        "re\nd",
    ];
    for text in hostile {
        for argument in ["dark", "light"] {
            let err = Colour::parse(text, argument).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Invalid, "{text:?}");
            assert_eq!(err.to_string(), format!("{argument}: must be a colour: #rgb, #rrggbb, #rrggbbaa or a CSS colour keyword"));
        }
    }
    assert!(
        Colour::parse("transparent", "dark").is_err(),
        "dark modules must be visible"
    );
    assert!(Colour::parse("transparent", "light").is_ok());
}

#[test]
fn ecc_names() {
    assert_eq!(Ecc::default(), Ecc::M);
    for (name, ecc) in [("L", Ecc::L), ("M", Ecc::M), ("Q", Ecc::Q), ("H", Ecc::H)] {
        assert_eq!(Ecc::parse(name).unwrap(), ecc);
    }
    for name in ["", "l", "m", "X", "LM", "MEDIUM"] {
        assert_eq!(
            Ecc::parse(name).unwrap_err().to_string(),
            "ecc: must be 'L', 'M', 'Q' or 'H'"
        );
    }
}

#[test]
fn text_too_long_for_a_qr_code() {
    // Version 40 holds 2953 bytes at L, 2331 at M, 1663 at Q, 1273 at H (byte mode).
    for (ecc, capacity) in [
        (Ecc::L, 2953),
        (Ecc::M, 2331),
        (Ecc::Q, 1663),
        (Ecc::H, 1273),
    ] {
        let fits = "a".repeat(capacity);
        let svg = qr::svg(&fits, &options(ecc, 4, None)).unwrap();
        assert_eq!(
            attribute(&svg, "viewBox"),
            "0 0 185 185",
            "version 40 is 177 modules wide"
        );
        let too_long = "a".repeat(capacity + 1);
        let err = qr::svg(&too_long, &options(ecc, 4, None)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::OutOfRange);
        assert_eq!(err.argument(), "text");
        assert_eq!(
            err.to_string(),
            format!(
                "text: is too long for a QR code at error correction {ecc:?} ({} bytes)",
                capacity + 1
            )
        );
    }
    let err = qr::svg(&"é".repeat(1500), &QrOptions::default()).unwrap_err();
    assert!(
        err.to_string().ends_with("(3000 bytes)"),
        "bytes, not characters: {err}"
    );
}

#[test]
fn data_url_is_the_svg_in_base64() {
    let options = options(Ecc::Q, 2, Some(300));
    let url = qr::data_url(URI, &options).unwrap();
    let payload = url.strip_prefix("data:image/svg+xml;base64,").unwrap();
    let decoded = Base64::decode_vec(payload).unwrap();
    assert_eq!(
        String::from_utf8(decoded).unwrap(),
        qr::svg(URI, &options).unwrap()
    );
}

#[test]
fn empty_and_binary_text() {
    for text in ["", "\0", "😀", "<svg>&amp;\"'"] {
        let svg = qr::svg(text, &QrOptions::default()).unwrap();
        assert_eq!(
            svg.matches('<').count(),
            4,
            "the text never reaches the markup: {text:?}"
        );
        assert!(!dark_modules(&svg).is_empty());
    }
}
