// QR codes as SVG: structure, options and colour validation (no markup injection).
// That the picture actually scans is checked by qr-decode.test.mjs in Chromium.
import { base64ToText, expectError } from './util.mjs';

const URI = 'otpauth://totp/Example:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example';

const viewBoxSide = (svg) => {
  const match = /viewBox="0 0 (\d+) (\d+)"/.exec(svg);
  if (!match || match[1] !== match[2]) throw new Error(`no square viewBox in ${svg.slice(0, 200)}`);
  return Number(match[1]);
};

/** The value of `attribute` on every element named `tag`. */
const attributes = (svg, tag, attribute) =>
  [...svg.matchAll(new RegExp(`<${tag}\\b[^>]*\\b${attribute}="([^"]*)"`, 'g'))].map((match) => match[1]);

/** In browsers, the SVG must also parse as XML. */
function assertParsesAsXml(assert, svg) {
  if (typeof DOMParser !== 'function') return;
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  assert.equal(doc.getElementsByTagName('parsererror').length, 0, 'XML parse error');
  assert.equal(doc.documentElement.localName, 'svg');
}

export const qr = [
  [
    'qrSvg: a standalone SVG document whose dark modules are a handful of elements',
    (totp, assert) => {
      const svg = totp.qrSvg(URI);
      assert.match(svg, /^(<\?xml[^>]*>\s*)?<svg\b/, 'starts with <svg');
      assert.match(svg, /<\/svg>\s*$/, 'ends with </svg>');
      assert.match(svg, /xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      const side = viewBoxSide(svg);
      assert.ok((side - 8 - 21) % 4 === 0 && side >= 29, `side ${side} = version size + 2 x margin 4`);
      const elements = svg.match(/<[a-zA-Z]/g).length;
      assert.ok(elements <= 6, `${elements} elements for ${(side - 8) ** 2} modules`);
      assert.equal(attributes(svg, 'path', 'stroke')[0], '#000000', 'default dark colour');
      assert.doesNotMatch(svg, /<script|on[a-z]+=|javascript:/i);
      assertParsesAsXml(assert, svg);
    },
  ],

  [
    'qrSvg: margin is the quiet zone in modules; size sets width and height',
    (totp, assert) => {
      const modules = viewBoxSide(totp.qrSvg(URI, { margin: 0 }));
      assert.equal(viewBoxSide(totp.qrSvg(URI)), modules + 8, 'default margin 4');
      assert.equal(viewBoxSide(totp.qrSvg(URI, { margin: 1 })), modules + 2);
      assert.equal(viewBoxSide(totp.qrSvg(URI, { margin: 16 })), modules + 32);
      const sized = totp.qrSvg(URI, { size: 300 });
      assert.match(sized, /<svg\b[^>]*\bwidth="300(px)?"/);
      assert.match(sized, /<svg\b[^>]*\bheight="300(px)?"/);
      for (const margin of [17, -1, 1.5])
        expectError(assert, () => totp.qrSvg(URI, { margin }), 'RangeError', 'margin');
      for (const size of [0, -5, 2.5]) expectError(assert, () => totp.qrSvg(URI, { size }), 'RangeError', 'size');
    },
  ],

  [
    'qrSvg: error correction levels; H is never smaller than L',
    (totp, assert) => {
      const sides = Object.fromEntries(['L', 'M', 'Q', 'H'].map((ecc) => [ecc, viewBoxSide(totp.qrSvg(URI, { ecc }))]));
      assert.ok(sides.L <= sides.M && sides.M <= sides.Q && sides.Q <= sides.H, JSON.stringify(sides));
      assert.ok(sides.L < sides.H, `L ${sides.L} < H ${sides.H} for a URI of ${URI.length} bytes`);
      for (const ecc of ['X', 'l', '', 1]) expectError(assert, () => totp.qrSvg(URI, { ecc }), null, 'ecc');
    },
  ],

  [
    'qrSvg: colours #rgb, #rrggbb, #rrggbbaa, keywords and a transparent background',
    (totp, assert) => {
      for (const dark of ['#f00', '#1A237E', '#ff000080', 'rebeccapurple', 'navy']) {
        const svg = totp.qrSvg(URI, { dark });
        const fills = attributes(svg, 'path', 'stroke').map((fill) => fill.toLowerCase());
        assert.ok(fills.includes(dark.toLowerCase()), `dark ${dark} used as the path stroke: ${fills}`);
        assertParsesAsXml(assert, svg);
      }
      const light = totp.qrSvg(URI, { light: '#fff59d' });
      assert.ok(light.toLowerCase().includes('"#fff59d"'), 'light colour used');
      const transparent = totp.qrSvg(URI, { light: 'transparent' });
      const backgrounds = [...attributes(transparent, 'rect', 'fill'), ...attributes(transparent, 'svg', 'fill')];
      assert.ok(
        backgrounds.every((fill) => fill === 'transparent' || fill === 'none'),
        `no opaque background: ${backgrounds}`,
      );
      assert.ok(!transparent.includes('#ffffff'), 'no white background');
    },
  ],

  [
    'qrSvg: any other colour throws naming the option (no markup injection)',
    (totp, assert) => {
      const hostile = [
        'red"/><script>alert(1)</script>',
        '#fff" onload="alert(1)',
        "red' onclick='x'",
        'red"',
        '<b>',
        'url(#x)',
        'javascript:alert(1)',
        'red;fill:blue',
        'rgb(0,0,0)',
        'hsl(0 0% 0%)',
        '#ff00',
        '#12345',
        '#ggg',
        '#',
        '##fff',
        ' red',
        'red ',
        'notacolour',
        '',
        'red\n',
        'expression(alert(1))',
        '#fff\u0000',
        'ｒｅｄ',
      ];
      for (const colour of hostile) {
        expectError(assert, () => totp.qrSvg(URI, { dark: colour }), null, 'dark');
        expectError(assert, () => totp.qrSvg(URI, { light: colour }), null, 'light');
        expectError(assert, () => totp.qrDataUrl(URI, { dark: colour }), null, 'dark');
      }
      expectError(assert, () => totp.qrSvg(URI, { dark: 0x000000 }), 'TypeError', 'dark');
    },
  ],

  [
    'qrSvg: text up to the QR capacity; longer text throws naming text',
    (totp, assert) => {
      assert.ok(viewBoxSide(totp.qrSvg('x'.repeat(2000))) > 100, '2000 bytes fit (version 35+)');
      assert.ok(viewBoxSide(totp.qrSvg('ü'.repeat(600), { ecc: 'L' })) > 21);
      for (const text of ['x'.repeat(3000), 'ü'.repeat(1500)]) {
        expectError(assert, () => totp.qrSvg(text), null, 'text');
      }
      expectError(assert, () => totp.qrSvg('x'.repeat(2331), { ecc: 'H' }), null, 'text');
      expectError(assert, () => totp.qrSvg(42), 'TypeError', 'text');
    },
  ],

  [
    'qrDataUrl: the same SVG as a base64 data URL',
    (totp, assert) => {
      for (const options of [undefined, { ecc: 'H', margin: 2, size: 256, dark: '#1a237e', light: 'transparent' }]) {
        const url = totp.qrDataUrl(URI, options);
        const prefix = 'data:image/svg+xml;base64,';
        assert.ok(url.startsWith(prefix), url.slice(0, 40));
        assert.match(url.slice(prefix.length), /^[A-Za-z0-9+/]+={0,2}$/);
        assert.equal(base64ToText(url.slice(prefix.length)), totp.qrSvg(URI, options));
      }
    },
  ],
];
