//! QR options: `Ecc::parse`, `Colour::parse` and `qr::svg` never panic; the SVG is one
//! document with one `<path>`, and a colour reaches the markup only as `[#0-9a-z]+`; the
//! symbol is qrcodegen's, module for module, and the path strokes exactly its dark modules.
#![no_main]

use arbitrary::Arbitrary;
use base64ct::{Base64, Encoding};
use libfuzzer_sys::fuzz_target;
use qrcodegen::{Mask, QrCode, QrCodeEcc, QrSegment, Version};
use totp_wasm::qr::{self, Colour, Ecc, QrOptions, MAX_MARGIN, MAX_SIZE};
use totp_wasm::ErrorKind;

/// Every text this short fits a QR code even at error correction H (1273 bytes).
const MAX_TEXT: usize = 500;

#[derive(Arbitrary, Debug)]
struct Input {
    text: String,
    ecc: String,
    margin: u8,
    size: Option<u16>,
    dark: ColourText,
    light: ColourText,
    check_data_url: bool,
}

/// Colour strings: mostly any text, but often a hex colour or a keyword, so that drawing is
/// reached as often as refusing.
#[derive(Arbitrary, Debug)]
enum ColourText {
    Any(String),
    Hex { value: u32, digits: u8, upper: bool },
    Named(u8),
}

const NAMES: [&str; 10] = [
    "black",
    "White",
    "REBECCAPURPLE",
    "lightGoldenrodYellow",
    "transparent",
    "Transparent",
    "grey",
    "blak",
    "",
    "#",
];

impl ColourText {
    fn text(&self) -> String {
        match self {
            ColourText::Any(text) => text.clone(),
            ColourText::Hex {
                value,
                digits,
                upper,
            } => {
                let hex = format!("#{value:08x}");
                let hex = &hex[..=usize::from(digits % 9)];
                if *upper {
                    hex.to_ascii_uppercase()
                } else {
                    hex.to_owned()
                }
            }
            ColourText::Named(index) => NAMES[usize::from(*index) % NAMES.len()].to_owned(),
        }
    }
}

fuzz_target!(|input: Input| {
    if input.text.len() > MAX_TEXT {
        return;
    }
    let (dark_text, light_text) = (input.dark.text(), input.light.text());
    let ecc = Ecc::parse(&input.ecc);
    assert_eq!(
        ecc.is_ok(),
        ["L", "M", "Q", "H"].contains(&input.ecc.as_str()),
        "Ecc::parse accepts exactly L, M, Q, H: {:?}",
        input.ecc
    );
    let dark = Colour::parse(&dark_text, "dark");
    let light = Colour::parse(&light_text, "light");
    for (text, parsed, argument) in [(&dark_text, &dark, "dark"), (&light_text, &light, "light")] {
        match parsed {
            Ok(_) => assert!(
                text.bytes().all(|b| b == b'#' || b.is_ascii_alphanumeric()),
                "an accepted colour is only '#', letters and digits: {text:?}"
            ),
            Err(err) => assert!(
                err.kind() == ErrorKind::Invalid && err.argument() == argument,
                "a bad colour is Invalid and named: {err}"
            ),
        }
    }
    assert!(
        !dark_text.eq_ignore_ascii_case("transparent") || dark.is_err(),
        "only the background may be transparent"
    );
    let (Ok(ecc), Ok(dark), Ok(light)) = (ecc, dark, light) else {
        return;
    };

    let margin = u32::from(input.margin);
    let size = input.size.map(u32::from);
    let options = QrOptions {
        ecc,
        margin,
        size,
        dark,
        light,
    };
    let in_range = margin <= MAX_MARGIN && size.is_none_or(|s| (1..=MAX_SIZE).contains(&s));
    let svg = match qr::svg(&input.text, &options) {
        Ok(svg) => svg,
        Err(err) => {
            assert!(
                !in_range,
                "qr::svg succeeds for valid options and {} bytes of text: {err}",
                input.text.len()
            );
            assert_eq!(
                err.kind(),
                ErrorKind::OutOfRange,
                "a bad margin or size is OutOfRange: {err}"
            );
            return;
        }
    };
    assert!(in_range, "qr::svg refuses margin {margin} / size {size:?}");

    assert!(
        svg.starts_with("<svg ") && svg.ends_with("</svg>"),
        "the output is one <svg> element"
    );
    assert_eq!(
        svg.matches("<path").count(),
        1,
        "all dark modules are one <path>"
    );
    let transparent = light_text.eq_ignore_ascii_case("transparent");
    let tags = if transparent { 3 } else { 4 }; // <svg>, <rect/> unless transparent, <path/>, </svg>
    assert_eq!(
        svg.matches('<').count(),
        tags,
        "no markup comes from the options: {svg}"
    );
    // The background is the rect's fill, the modules the path's stroke, in document order.
    let mut painted: Vec<(usize, &str)> = ["fill=\"", "stroke=\""]
        .iter()
        .flat_map(|attr| {
            svg.match_indices(attr)
                .map(move |(at, _)| (at, at + attr.len()))
        })
        .filter_map(|(at, start)| svg[start..].split('"').next().map(|value| (at, value)))
        .collect();
    painted.sort();
    let fills: Vec<&str> = painted.into_iter().map(|(_, value)| value).collect();
    let mut expected = Vec::new();
    if !transparent {
        expected.push(light_text.to_ascii_lowercase());
    }
    expected.push(dark_text.to_ascii_lowercase());
    assert_eq!(
        fills, expected,
        "each fill and stroke is exactly the lower-cased colour"
    );

    let total: usize = attribute(&svg, "viewBox")
        .and_then(|v| v.strip_prefix("0 0 "))
        .and_then(|v| v.split_once(' '))
        .filter(|(w, h)| w == h)
        .and_then(|(w, _)| w.parse().ok())
        .expect("a square viewBox 0 0 N N");
    let modules = total - 2 * usize::from(input.margin);
    assert!(
        (21..=177).contains(&modules) && (modules - 21) % 4 == 0,
        "the symbol is a QR version's width: {modules}"
    );
    let pixels = size.map_or(total * 4, |s| s as usize).to_string();
    assert_eq!(
        attribute(&svg, "width"),
        Some(pixels.as_str()),
        "width is the size option, else 4 px per module"
    );
    assert_eq!(
        attribute(&svg, "height"),
        Some(pixels.as_str()),
        "height equals width"
    );
    let path = attribute(&svg, "d").expect("the path has a d attribute");
    assert!(
        path.bytes().all(|b| b"Mmh.0123456789 ".contains(&b)),
        "the path is only moves and horizontal strokes: {path}"
    );

    let symbol =
        qr::matrix(input.text.as_bytes(), ecc, None).expect("matrix encodes what svg does");
    assert_same_as_reference(input.text.as_bytes(), ecc, &symbol);
    assert_eq!(
        symbol.size, modules,
        "the viewBox is the symbol plus the margins"
    );
    let quiet = usize::from(input.margin);
    let expected: Vec<(usize, usize)> = (0..symbol.dark.len())
        .filter(|&index| symbol.dark[index])
        .map(|index| (index % symbol.size + quiet, index / symbol.size + quiet))
        .collect();
    assert_eq!(
        stroked_modules(path),
        expected,
        "the path strokes exactly the dark modules"
    );

    if input.check_data_url {
        let url = qr::data_url(&input.text, &options).expect("data_url succeeds where svg does");
        let encoded = url
            .strip_prefix("data:image/svg+xml;base64,")
            .expect("a base64 SVG data URL");
        let decoded = Base64::decode_vec(encoded).expect("the data URL is valid base64");
        assert_eq!(decoded, svg.as_bytes(), "the data URL carries the same SVG");
    }
});

/// The symbol equals qrcodegen's for the same bytes in byte mode, raising the level while the
/// version stays (its `boost_ecl`), drawn with our mask. (Which mask the penalty rules pick is
/// tests/qr.rs's job: letting qrcodegen choose too makes each input about three times slower.)
fn assert_same_as_reference(data: &[u8], ecc: Ecc, ours: &qr::Matrix) {
    let level = |ecc| match ecc {
        Ecc::L => QrCodeEcc::Low,
        Ecc::M => QrCodeEcc::Medium,
        Ecc::Q => QrCodeEcc::Quartile,
        Ecc::H => QrCodeEcc::High,
    };
    let segments = [QrSegment::make_bytes(data)];
    let theirs = QrCode::encode_segments_advanced(
        &segments,
        level(ecc),
        Version::MIN,
        Version::MAX,
        Some(Mask::new(ours.mask)),
        true,
    )
    .expect("qrcodegen encodes 500 bytes at any level");
    let context = format!("{} bytes at {ecc:?}", data.len());
    assert_eq!(
        ours.version,
        theirs.version().value(),
        "the version is qrcodegen's ({context})"
    );
    assert!(
        level(ours.ecc) == theirs.error_correction_level(),
        "the raised level is qrcodegen's ({context})"
    );
    let side = theirs.size();
    let theirs = &theirs;
    let reference: Vec<bool> = (0..side)
        .flat_map(|y| (0..side).map(move |x| theirs.get_module(x, y)))
        .collect();
    assert!(
        ours.dark == reference,
        "every module is qrcodegen's ({context})"
    );
}

/// The modules the path strokes, row by row: a row opens with `M{x} {y}.5h{run}` (a stroke
/// through the middle of row y), and each further run in it is `m{gap} 0h{run}` from the end
/// of the one before.
fn stroked_modules(path: &str) -> Vec<(usize, usize)> {
    let number = |text: &str| {
        text.parse::<usize>()
            .unwrap_or_else(|_| panic!("a number, got {text:?} in {path}"))
    };
    let mut modules = Vec::new();
    let mut pen: Option<(usize, usize)> = None; // where the last run ended, and its row
    let mut rest = path;
    while !rest.is_empty() {
        let absolute = rest.starts_with('M');
        assert!(
            absolute || rest.starts_with('m'),
            "every command is a move and a stroke: {rest:.30}"
        );
        let end = rest[1..].find(['M', 'm']).map_or(rest.len(), |at| at + 1);
        let (command, tail) = rest.split_at(end);
        rest = tail;
        let (moved, run) = command[1..]
            .split_once('h')
            .expect("a move, then a horizontal stroke");
        let (dx, dy) = moved.split_once(' ').expect("a move has two coordinates");
        let (start, row) = if absolute {
            let row = number(
                dy.strip_suffix(".5")
                    .expect("a row is stroked through its middle"),
            );
            assert!(
                pen.is_none_or(|(_, last)| row > last),
                "each row opens once, top to bottom: {command}"
            );
            (number(dx), row)
        } else {
            let (end, row) = pen.expect("a relative move follows a run");
            assert_eq!(dy, "0", "a relative move stays in its row: {command}");
            let gap = number(dx);
            assert!(gap > 0, "runs in a row are apart: {command}");
            (end + gap, row)
        };
        let run = number(run);
        assert!(run > 0, "a stroke covers a module: {command}");
        modules.extend((start..start + run).map(|x| (x, row)));
        pen = Some((start + run, row));
    }
    modules
}

/// The value of the first ` name="..."` in `svg`.
fn attribute<'a>(svg: &'a str, name: &str) -> Option<&'a str> {
    let start = svg.find(&format!(" {name}=\""))? + name.len() + 3;
    svg.get(start..)?.split('"').next()
}
