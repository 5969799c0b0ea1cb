//! QR options: `Ecc::parse`, `Colour::parse` and `qr::svg` never panic; the SVG is one
//! document with one `<path>`, and a colour reaches the markup only as `[#0-9a-z]+`.
#![no_main]

use arbitrary::Arbitrary;
use base64ct::{Base64, Encoding};
use libfuzzer_sys::fuzz_target;
use totp_wasm::qr::{self, Colour, Ecc, QrOptions, MAX_MARGIN, MAX_SIZE};
use totp_wasm::ErrorKind;

/// Every text this short fits a QR code even at error correction H (1273 bytes).
const MAX_TEXT: usize = 500;
/// `data_url` draws the code again (about a millisecond), so it is compared on short texts only.
const MAX_DATA_URL_TEXT: usize = 8;

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
        .flat_map(|attr| svg.match_indices(attr).map(move |(at, _)| (at, at + attr.len())))
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

    if input.check_data_url && input.text.len() <= MAX_DATA_URL_TEXT {
        let url = qr::data_url(&input.text, &options).expect("data_url succeeds where svg does");
        let encoded = url
            .strip_prefix("data:image/svg+xml;base64,")
            .expect("a base64 SVG data URL");
        let decoded = Base64::decode_vec(encoded).expect("the data URL is valid base64");
        assert_eq!(decoded, svg.as_bytes(), "the data URL carries the same SVG");
    }
});

/// The value of the first ` name="..."` in `svg`.
fn attribute<'a>(svg: &'a str, name: &str) -> Option<&'a str> {
    let start = svg.find(&format!(" {name}=\""))? + name.len() + 3;
    svg.get(start..)?.split('"').next()
}
