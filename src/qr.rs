//! QR codes as compact SVG: one `<path>` for all dark modules, a quiet zone, validated colours.

use alloc::string::String;
use alloc::vec::Vec;

use crate::error::Problem;
use crate::Error;

mod encode;
mod grid;
mod mask;
mod matrix;
mod svg;
mod tables;

use grid::Grid;
use matrix::Symbol;

/// Error correction level: how much of the symbol may be damaged and still scan.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Ecc {
    /// About 7 % recoverable.
    L,
    /// About 15 % recoverable (the default).
    #[default]
    M,
    /// About 25 % recoverable.
    Q,
    /// About 30 % recoverable.
    H,
}

impl Ecc {
    /// Parses `L`, `M`, `Q` or `H`.
    ///
    /// # Errors
    /// [`ErrorKind::Invalid`](crate::ErrorKind::Invalid) for anything else.
    pub fn parse(name: &str) -> Result<Ecc, Error> {
        match name {
            "L" => Ok(Ecc::L),
            "M" => Ok(Ecc::M),
            "Q" => Ok(Ecc::Q),
            "H" => Ok(Ecc::H),
            _ => Err(Error::invalid("ecc", Problem::Ecc)),
        }
    }

    /// The level's letter: `L`, `M`, `Q` or `H`.
    pub fn as_str(self) -> &'static str {
        match self {
            Ecc::L => "L",
            Ecc::M => "M",
            Ecc::Q => "Q",
            Ecc::H => "H",
        }
    }

}

/// A validated SVG fill colour: `#rgb`, `#rrggbb`, `#rrggbbaa`, a CSS colour keyword, or
/// (for the background only) `transparent`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Colour(String);

impl Colour {
    /// Validates a colour. Only the forms above pass, so nothing else can reach the markup.
    ///
    /// # Errors
    /// [`ErrorKind::Invalid`](crate::ErrorKind::Invalid) for anything else.
    pub fn parse(text: &str, argument: &'static str) -> Result<Colour, Error> {
        let valid = match text.strip_prefix('#') {
            Some(hex) => matches!(hex.len(), 3 | 6 | 8) && hex.bytes().all(|b| b.is_ascii_hexdigit()),
            None => {
                let lower = text.to_ascii_lowercase();
                CSS_COLOUR_KEYWORDS.binary_search(&lower.as_str()).is_ok()
                    || (argument == "light" && lower == "transparent")
            }
        };
        if !valid {
            return Err(Error::invalid(argument, Problem::Colour));
        }
        Ok(Colour(text.to_ascii_lowercase()))
    }

    fn is_transparent(&self) -> bool {
        self.0 == "transparent"
    }
}

/// How to draw the code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QrOptions {
    /// The minimum error correction; raised when that costs no size.
    pub ecc: Ecc,
    /// The quiet zone, in modules (0 to 16; 4 is what the QR standard asks for).
    pub margin: u32,
    /// Width and height in pixels; `None` gives 4 pixels per module.
    pub size: Option<u32>,
    /// The dark modules' colour.
    pub dark: Colour,
    /// The background colour.
    pub light: Colour,
}

impl Default for QrOptions {
    fn default() -> Self {
        QrOptions {
            ecc: Ecc::M,
            margin: 4,
            size: None,
            dark: Colour(String::from("#000000")),
            light: Colour(String::from("#ffffff")),
        }
    }
}

/// The largest quiet zone.
pub const MAX_MARGIN: u32 = 16;
/// The largest pixel size.
pub const MAX_SIZE: u32 = 10_000;

impl QrOptions {
    /// Checks the numeric ranges (colours are checked by [`Colour::parse`]).
    ///
    /// # Errors
    /// [`ErrorKind::OutOfRange`](crate::ErrorKind::OutOfRange) for a margin above 16 or a
    /// size outside 1 to 10000.
    pub fn validate(&self) -> Result<(), Error> {
        if self.margin > MAX_MARGIN {
            return Err(Error::range("margin", Problem::Range, 0, MAX_MARGIN.into(), self.margin.into()));
        }
        if let Some(size) = self.size {
            if !(1..=MAX_SIZE).contains(&size) {
                return Err(Error::range("size", Problem::SizeRange, 1, MAX_SIZE.into(), size.into()));
            }
        }
        Ok(())
    }
}

/// Encodes `text` as a QR code and draws it as a standalone SVG document.
///
/// # Errors
/// [`ErrorKind::OutOfRange`](crate::ErrorKind::OutOfRange) when `text` does not fit in a QR
/// code (2953 bytes at level L, fewer at higher levels) or an option is out of range.
///
/// # Example
/// ```
/// let svg = totp_wasm::qr::svg("otpauth://totp/a?secret=JBSWY3DPEHPK3PXP", &Default::default())?;
/// assert!(svg.starts_with("<svg") && svg.matches("<path").count() == 1);
/// # Ok::<(), totp_wasm::Error>(())
/// ```
pub fn svg(text: &str, options: &QrOptions) -> Result<String, Error> {
    options.validate()?;
    let (_, grid) = encode(text.as_bytes(), options.ecc, None)?;
    Ok(svg::render(&grid, options))
}

/// The same SVG as a `data:image/svg+xml;base64,...` URL, ready for `<img src>`.
///
/// # Errors
/// As [`svg`].
pub fn data_url(text: &str, options: &QrOptions) -> Result<String, Error> {
    use base64ct::{Base64, Encoding};
    let svg = svg(text, options)?;
    const PREFIX: &str = "data:image/svg+xml;base64,";
    let mut url = String::from(PREFIX);
    url.push_str(&Base64::encode_string(svg.as_bytes()));
    Ok(url)
}

/// A symbol's modules and how they were chosen, for testing the encoder against a reference
/// one. Not part of the API.
#[doc(hidden)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Matrix {
    /// 1 to 40.
    pub version: u8,
    /// The level after raising it.
    pub ecc: Ecc,
    /// 0 to 7.
    pub mask: u8,
    /// The mask's penalty score.
    pub penalty: u32,
    /// Modules per side.
    pub size: usize,
    /// Row by row, `true` for dark.
    pub dark: Vec<bool>,
}

/// Encodes `text` as [`svg`] does, or with the mask `forced`, and returns the modules.
///
/// # Errors
/// As [`svg`].
#[doc(hidden)]
pub fn matrix(text: &[u8], ecc: Ecc, forced: Option<u8>) -> Result<Matrix, Error> {
    let (mut matrix, grid) = encode(text, ecc, forced)?;
    let size = grid.size();
    matrix.dark = (0..size).flat_map(|y| (0..size).map(move |x| (x, y))).map(|(x, y)| grid.get(x, y)).collect();
    Ok(matrix)
}

/// Encodes at the smallest version that holds `data` at `ecc`, at the strongest level that
/// still fits it, and masks with the best mask (or `forced`).
fn encode(data: &[u8], ecc: Ecc, forced: Option<u8>) -> Result<(Matrix, Grid), Error> {
    let encoded = encode::encode(data, ecc).ok_or_else(|| {
        Error::out_of_range("text", Problem::TextTooLong).naming(ecc.as_str()).quoting([data.len() as u64, 0, 0])
    })?;
    let symbol = Symbol::new(encoded.version, &encoded.codewords);
    let (mask, penalty, grid) = mask::apply_best(&symbol, encoded.ecc, forced);
    let (version, ecc, size) = (encoded.version, encoded.ecc, grid.size());
    Ok((Matrix { version, ecc, mask, penalty, size, dark: Vec::new() }, grid))
}

/// The CSS Color Module Level 4 named colours, sorted for binary search.
const CSS_COLOUR_KEYWORDS: [&str; 148] = [
    "aliceblue", "antiquewhite", "aqua", "aquamarine", "azure", "beige", "bisque", "black",
    "blanchedalmond", "blue", "blueviolet", "brown", "burlywood", "cadetblue", "chartreuse",
    "chocolate", "coral", "cornflowerblue", "cornsilk", "crimson", "cyan", "darkblue", "darkcyan",
    "darkgoldenrod", "darkgray", "darkgreen", "darkgrey", "darkkhaki", "darkmagenta",
    "darkolivegreen", "darkorange", "darkorchid", "darkred", "darksalmon", "darkseagreen",
    "darkslateblue", "darkslategray", "darkslategrey", "darkturquoise", "darkviolet", "deeppink",
    "deepskyblue", "dimgray", "dimgrey", "dodgerblue", "firebrick", "floralwhite", "forestgreen",
    "fuchsia", "gainsboro", "ghostwhite", "gold", "goldenrod", "gray", "green", "greenyellow",
    "grey", "honeydew", "hotpink", "indianred", "indigo", "ivory", "khaki", "lavender",
    "lavenderblush", "lawngreen", "lemonchiffon", "lightblue", "lightcoral", "lightcyan",
    "lightgoldenrodyellow", "lightgray", "lightgreen", "lightgrey", "lightpink", "lightsalmon",
    "lightseagreen", "lightskyblue", "lightslategray", "lightslategrey", "lightsteelblue",
    "lightyellow", "lime", "limegreen", "linen", "magenta", "maroon", "mediumaquamarine",
    "mediumblue", "mediumorchid", "mediumpurple", "mediumseagreen", "mediumslateblue",
    "mediumspringgreen", "mediumturquoise", "mediumvioletred", "midnightblue", "mintcream",
    "mistyrose", "moccasin", "navajowhite", "navy", "oldlace", "olive", "olivedrab", "orange",
    "orangered", "orchid", "palegoldenrod", "palegreen", "paleturquoise", "palevioletred",
    "papayawhip", "peachpuff", "peru", "pink", "plum", "powderblue", "purple", "rebeccapurple",
    "red", "rosybrown", "royalblue", "saddlebrown", "salmon", "sandybrown", "seagreen",
    "seashell", "sienna", "silver", "skyblue", "slateblue", "slategray", "slategrey", "snow",
    "springgreen", "steelblue", "tan", "teal", "thistle", "tomato", "turquoise", "violet",
    "wheat", "white", "whitesmoke", "yellow", "yellowgreen",
];
