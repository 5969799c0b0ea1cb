// QR codes as SVG, over the `qr` wasm.
import qrWasm from './wasm/qr.js';
import { _lazyWasm } from './_wasm.js';
import { _MAX_TEXT, _integerOr, _options, _optionalString, _string } from './_checks.js';

const wasm = _lazyWasm(qrWasm);
export const _qrWasm = wasm;

const QR_KEYS = ['ecc', 'margin', 'size', 'dark', 'light'];

function render(text, options, dataUrl) {
  _string(text, 'text', _MAX_TEXT);
  const o = _options(options, 'options', QR_KEYS);
  const ecc = _optionalString(o.ecc, 'ecc', 64);
  const margin = _integerOr(o.margin, 'margin', -1);
  const size = _integerOr(o.size, 'size', -1);
  const dark = _optionalString(o.dark, 'dark', 64);
  const light = _optionalString(o.light, 'light', 64);
  // The core decides which levels exist: an unknown one is sent as 255.
  const level = ecc === null ? -1 : ['L', 'M', 'Q', 'H'].indexOf(ecc) >>> 0 & 255;
  const w = wasm();
  const [t, d, l] = w.put([text, dark, light]);
  return w.text(w.check(w.exports.qr_svg(t, d, l, level, margin, size, dataUrl)));
}

export function qrSvg(text, options) {
  return render(text, options, 0);
}

export function qrDataUrl(text, options) {
  return render(text, options, 1);
}
