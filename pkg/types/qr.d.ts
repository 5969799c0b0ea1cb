// QR codes as SVG (`totp-wasm/qr`; also in the main entry).

/** Options of qrSvg and qrDataUrl. */
export interface QrOptions {
  /** Minimum error correction level; raised when that costs no size. Default 'M'. */
  ecc?: 'L' | 'M' | 'Q' | 'H';
  /** Quiet zone in modules, 0 to 16. Default 4. */
  margin?: number;
  /** Width and height in pixels, 1 to 10000. Default: 4 pixels per module. */
  size?: number;
  /** Colour of the dark modules: #rgb, #rrggbb, #rrggbbaa or a CSS keyword. Default '#000000'. */
  dark?: string;
  /** Background colour, or 'transparent'. Default '#ffffff'. */
  light?: string;
}


/** A standalone SVG document whose dark modules are one `<path>`. */
export function qrSvg(text: string, options?: QrOptions): string;
/** The same SVG as a `data:image/svg+xml;base64,...` URL, for `<img src>`. */
export function qrDataUrl(text: string, options?: QrOptions): string;
