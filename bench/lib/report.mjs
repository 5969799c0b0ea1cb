// The results as one Markdown table, headed by the date, machine and versions.
import { readFileSync } from 'node:fs';
import { availableParallelism, release, arch } from 'node:os';
import { FLOOR, FLOORS, CONFORMING_FLOORS } from './fixtures.mjs';

const PEER_PACKAGES = [
  'otpauth',
  'otplib',
  '@otplib/plugin-crypto-node',
  'speakeasy',
  'qrcode',
  'uqr',
  '@paulmillr/qr',
  '@noble/ciphers',
  '@noble/hashes',
  'esbuild',
  'playwright-core',
];

// The issue's absolute size targets, in bytes (1 KB = 1,000 B here).
const ENROLMENT_TARGET = 12_000;
const WHOLE_TARGET = 26_000;
const WHOLE_STRETCH = 19_000;

const versionOf = (name) =>
  JSON.parse(readFileSync(new URL(`../node_modules/${name}/package.json`, import.meta.url), 'utf8')).version;

function cpuModel() {
  const line = readFileSync('/proc/cpuinfo', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('model name'));
  return line?.split(':')[1].trim() ?? 'unknown CPU';
}

const int = (n) => Math.round(n).toLocaleString('en-US');
const ms = (n) => n.toFixed(1);
const mib = (bytes) => (bytes / 2 ** 20).toFixed(1);
const times = (r) => `${r.toFixed(2)}×`;
const verdict = (ok) => (ok ? 'yes' : '**no**');
const span = ([low, high]) => `${low.toFixed(2)}–${high.toFixed(2)}`;

/**
 * Met, or not; when not, where the floor (bench/floor) stands. `floor` null: no floor, else
 * whether its median meets the target and whether its upper quartile of rounds does. Only a
 * floor that misses the target in three rounds out of four shows no build can meet it.
 */
function verdictWithFloor(ok, floor, floorName = 'the floor') {
  if (ok || floor === null) return verdict(ok);
  if (floor.median) return `**no** (${floorName} meets it)`;
  if (floor.upperQuartile) return `**no**; at the edge: ${floorName} misses it in the median, not in a quarter of its rounds`;
  return `**no**; out of reach: ${floorName} misses it too`;
}

function throughputRow({ name, target, summary }) {
  const { medians, reference, ratio, ratioRange, fastestPeer, fastestRatio, fastestRatioRange, floorRatios } = summary;
  const peers = Object.keys(medians)
    .filter((n) => n !== 'totp-wasm' && !FLOORS.includes(n))
    .sort((a, b) => medians[b] - medians[a])
    .map((n) => `${n} ${int(medians[n])}`)
    .join(' · ');
  const fastest = fastestPeer === reference ? '' : `; ${times(fastestRatio)} ${fastestPeer} (fastest) <sub>(${span(fastestRatioRange)})</sub>`;
  const floors = Object.entries(floorRatios)
    .map(([floorName, r]) => `; ${floorName} ${int(medians[floorName])} = ${times(r.ratio)} <sub>(${span(r.range)})</sub>`)
    .join('');
  // The verdict's floor: the conforming one where it ran (a floor that skips the checks API.md
  // requires may beat a target that no conforming build can).
  const conforming = CONFORMING_FLOORS.map((n) => floorRatios[n]).filter((r) => r !== undefined);
  const floorName = conforming.length ? 'the conforming floor' : 'the floor';
  const floorRatio = conforming.length ? conforming.reduce((best, r) => (r.ratio > best.ratio ? r : best)) : (floorRatios[FLOOR] ?? null);
  return [
    `${name} (ops/s)`,
    int(medians['totp-wasm']),
    peers,
    `${times(ratio)} ${reference} <sub>(rounds ${span(ratioRange)})</sub>${fastest}${floors}`,
    target ? `≥ ${target}× ${reference}` : '—',
    target
      ? verdictWithFloor(
          ratio >= target,
          floorRatio && { median: floorRatio.ratio >= target, upperQuartile: floorRatio.upperQuartile >= target },
          floorName,
        )
      : '—',
  ];
}

const pair = (s) => `${int(s.min)} / ${int(s.gzip)}`;

/** A bundle-size row: ours, the peers, the floor; met against `limit` bytes gzipped, and the stretch. */
function sizeRow(label, { ours, peers, floor }, reference, limit, stretch) {
  const peerText = Object.entries(peers)
    .map(([name, s]) => `${name} ${pair(s)}`)
    .join(' · ');
  const gz = ours.total.gzip;
  const floorBest = Math.min(floor.file.gzip, floor.inline.gzip);
  const ratioText = [
    `${times(gz / peers[reference].gzip)} ${reference}`,
    ...(stretch.name && stretch.name !== reference ? [`${times(gz / peers[stretch.name].gzip)} ${stretch.name}`] : []),
    `floor ${int(floor.file.gzip)} with its wasm as a file, ${int(floor.inline.gzip)} inline (wasm ${pair(floor.wasm)})`,
  ].join('; ');
  const met = verdictWithFloor(gz <= limit, { median: floorBest <= limit, upperQuartile: floorBest <= limit });
  const stretchMet = verdictWithFloor(gz <= stretch.bytes, { median: floorBest <= stretch.bytes, upperQuartile: floorBest <= stretch.bytes });
  return [
    `${label}: minified / gzip -9 (bytes)`,
    `${pair(ours.total)} <sub>= JS ${pair(ours.js)} + inline ${ours.inlined.map((f) => `${f}.wasm`).join(', ')}</sub>`,
    peerText,
    ratioText,
    `≤ ${int(limit)} B gzip; stretch ≤ ${int(stretch.bytes)} B${stretch.name ? ` (${stretch.name})` : ''}`,
    `${met}; stretch: ${stretchMet}`,
  ];
}

function memoryRow(samples, calls) {
  const warm = samples[1] ?? samples[0];
  const last = samples.at(-1);
  const wasmGrowth = last.wasmBytes === null ? null : last.wasmBytes - warm.wasmBytes;
  const rssGrowth = last.rssBytes - warm.rssBytes;
  // Flat: no wasm page added after the first sample interval, RSS within 4 MiB of it.
  const flat = (wasmGrowth ?? 0) === 0 && rssGrowth < 4 * 2 ** 20;
  const wasm =
    last.wasmBytes === null
      ? 'wasm memory not reachable'
      : `wasm ${int(last.wasmBytes)} B (${wasmGrowth >= 0 ? '+' : ''}${int(wasmGrowth)} B since ${int(warm.calls)} calls)`;
  return [
    `memory after ${int(calls)} verifyTotp calls`,
    `${wasm}; RSS ${mib(last.rssBytes)} MiB (${rssGrowth >= 0 ? '+' : ''}${mib(rssGrowth)} MiB since ${int(warm.calls)})`,
    '—',
    '—',
    'flat',
    verdict(flat),
  ];
}

const FLOOR_NOTE =
  '"floor": bench/floor, the least wasm that does what the row measures with the crates the package uses ' +
  '(hmac, sha1, sha2, subtle, aes-gcm, pbkdf2; qrcodegen-no-heap for QR) on the stable toolchain: `no_std`, no ' +
  'allocator, a panic handler that formats nothing, numeric exports (JavaScript writes the arguments into a static ' +
  'buffer), no wasm-bindgen, wasm-opt from the root devDependency. For speed, one TOTP/verify export with ' +
  'SHA-1/256/512 built at opt-level 3 (wasm-opt -O3), called in the API\'s shapes (a string secret, an options ' +
  'object with `time`, a string token) with no checks; "floor + checks in JS": the same wasm behind the checks ' +
  'API.md requires made in JavaScript (types, a plain options object without unknown keys, algorithm, digits, ' +
  'period, window and time, tolerant base32, tokens with spaces, a constant-time comparison), which must answer as ' +
  'totp-wasm does on 30 odd inputs before it is timed. For sizes, built at opt-level "z" and "s" and the smaller ' +
  'gzip kept (wasm-opt -Oz, the compact SHA-2/AES backends as the package): an enrolment wasm (a secret from the ' +
  'host\'s randomness, base32, the percent-encoded otpauth URI, a QR code as SVG, window verify, three hashes) and ' +
  'the whole package (that plus AES-256-GCM and PBKDF2-HMAC-SHA256), weighed with their wasm as a file beside the ' +
  'JS and inline as base64 (the package\'s form); the whole one is also the Node startup floor. Floors run in the ' +
  'same rounds and bundles as totp-wasm. The verdict\'s floor is the conforming one where it ran: where it misses a ' +
  'target in three rounds out of four, no build of totp-wasm that keeps API.md can meet it.';

const CHROMIUM_THROUGHPUT_NOTE =
  '"(Chromium)" rows: the same rounds inside one headless Chromium page, on esbuild browser bundles. There ' +
  'otpauth (its browser build) and otplib (its default @noble/hashes plugin) compute HMAC in JavaScript, as in ' +
  'any browser, while in Node otpauth uses node:crypto (OpenSSL). speakeasy (needs node:crypto and Buffer, no ' +
  "browser build) and otplib's node:crypto plugin cannot run there; otplib's WebCrypto plugin is async only. ";

export function renderReport(r) {
  const { config, throughput, browserThroughput, sizes, nodeStartup, browserStartup, memory, qrOutput } = r;
  const chromium = browserThroughput?.chromium ?? browserStartup?.chromium;
  const wasmVersion = versionOf('totp-wasm');
  const ours = nodeStartup['totp-wasm'];
  const otpauth = nodeStartup.otpauth;
  const floor = nodeStartup[FLOOR];
  const leanest = (peers) => Object.entries(peers).reduce((best, entry) => (entry[1].gzip < best[1].gzip ? entry : best));
  const [leanestEnrolment, leanestEnrolmentSize] = leanest(sizes.enrolment.peers);
  const wasmFiles = Object.entries(sizes.wasm)
    .map(([feature, s]) => `${feature}.wasm ${int(s.raw)} / ${int(s.gzip)}; inline ${int(s.inline.min)} / ${int(s.inline.gzip)}`)
    .join(' · ');
  const inlineForms = [...new Set(Object.values(sizes.wasm).map((s) => s.form))].join(', ');
  const floorFiles = [
    ['code', sizes.codeFloor.wasm],
    ['enroll', sizes.enrolment.floor.wasm],
    ['whole', sizes.whole.floor.wasm],
  ]
    .map(([name, s]) => `${name} ${pair(s)}`)
    .join(' · ');
  const rows = [
    ...throughput.map(throughputRow),
    ...(browserThroughput
      ? browserThroughput.throughput.map((row) => throughputRow({ ...row, name: `${row.name} (Chromium)` }))
      : [['throughput in Chromium', 'skipped (--no-browser)', '', '', '—', '—']]),
    [
      'qrSvg output (bytes of SVG)',
      int(qrOutput['totp-wasm']),
      Object.entries(qrOutput)
        .filter(([name]) => name !== 'totp-wasm')
        .map(([name, bytes]) => `${name} ${int(bytes)}`)
        .join(' · '),
      `${times(qrOutput['totp-wasm'] / qrOutput.qrcode)} qrcode`,
      '—',
      '—',
    ],
    sizeRow('enrolment page bundle', sizes.enrolment, 'otpauth + uqr', ENROLMENT_TARGET, {
      bytes: leanestEnrolmentSize.gzip,
      name: leanestEnrolment,
    }),
    sizeRow('whole package bundle', sizes.whole, Object.keys(sizes.whole.peers)[0], WHOLE_TARGET, { bytes: WHOLE_STRETCH }),
    [`wasm files: raw / gzip -9; inline (${inlineForms}) / gzip -9 (bytes)`, wasmFiles, '—', '—', '—', '—'],
    ['floor wasm files: raw / gzip -9 (bytes)', floorFiles, '—', '—', '—', '—'],
    [
      'Node: import → first code (ms, in process)',
      `${ms(ours.readyMs)} <sub>(import ${ms(ours.importMs)})</sub>`,
      `otpauth: import ${ms(otpauth.importMs)}, → first code ${ms(otpauth.readyMs)}`,
      `${times(ours.readyMs / otpauth.importMs)} otpauth import; floor (whole) ${ms(floor.readyMs)} = ${times(floor.readyMs / otpauth.importMs)}`,
      '≤ 1× otpauth import',
      verdictWithFloor(ours.readyMs <= otpauth.importMs, {
        median: floor.readyMs <= otpauth.importMs,
        upperQuartile: floor.readyMs <= otpauth.importMs,
      }),
    ],
    [
      'Node: process start → first code (ms)',
      ms(ours.sinceProcessStartMs),
      `otpauth ${ms(otpauth.sinceProcessStartMs)}`,
      `${times(ours.sinceProcessStartMs / otpauth.sinceProcessStartMs)} otpauth`,
      '—',
      '—',
    ],
    browserStartup
      ? [
          'Chromium: navigation start → first code (ms)',
          ms(browserStartup.readyMs['totp-wasm']),
          `otpauth ${ms(browserStartup.readyMs.otpauth)}`,
          `${times(browserStartup.readyMs['totp-wasm'] / browserStartup.readyMs.otpauth)} otpauth`,
          '—',
          '—',
        ]
      : ['Chromium: navigation start → first code (ms)', 'skipped (--no-browser)', '', '', '—', '—'],
    memoryRow(memory, config.memoryCalls),
  ];

  const versions = PEER_PACKAGES.map((name) => `${name} ${versionOf(name)}`).join(', ');
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench\`${config.quick ? ' **--quick** (too short to trust)' : ''}: ` +
      `${availableParallelism()} CPUs (nproc), ${cpuModel()}, Linux ${release()} ${arch()}, Node ${process.version}` +
      `${chromium ? `, Chromium ${chromium} (headless)` : ''}.`,
    `totp-wasm ${wasmVersion} (wasm raw / gzip -9, and as inlined in its JS (${inlineForms}) / gzip -9: ${wasmFiles} B); ${versions}.`,
    `Throughput: medians of ${config.rounds} interleaved rounds (~${config.slotMs} ms per contender per round, rotated order, one process); ` +
      `ratio = median over rounds of totp-wasm ÷ the target's peer (otpauth; qrcode for QR) in the same round, and ÷ the fastest peer where that is another. ` +
      (browserThroughput ? CHROMIUM_THROUGHPUT_NOTE : '') +
      `Startup: medians of ${config.nodeRuns} Node processes ` +
      `${browserStartup ? `and ${config.browserLoads} Chromium loads ` : ''}per library, alternating. ` +
      'Bytes: what the browser downloads: each app (the enrolment page: a secret, its URI, its QR code as SVG, verify ' +
      "with window 1, through named imports from the main entry; the whole package: `export *`) bundled by esbuild " +
      '--bundle --minify --format=esm --platform=browser, gzip level 9; totp-wasm\'s wasm is inline in that ' +
      'bundle, so its total is everything; "JS" is the bundle without the inline wasm strings. QR peers at ECC M, a 4-module margin, ' +
      'one unit per module. ' +
      FLOOR_NOTE,
    '',
    '| measurement | totp-wasm | peers | totp-wasm vs peer | target | met |',
    '|---|---|---|---|---|---|',
    ...rows.map((cells) => `| ${cells.join(' | ')} |`),
    '',
    `Memory samples every ${int(config.memoryEvery)} calls (after a full GC), RSS MiB: ${memory.map((s) => mib(s.rssBytes)).join(', ')}; ` +
      `wasm memory bytes: ${memory.map((s) => (s.wasmBytes === null ? '?' : int(s.wasmBytes))).join(', ')}.`,
  ];
  return lines.join('\n') + '\n';
}
