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
  '@noble/ciphers',
  '@noble/hashes',
  'esbuild',
  'playwright-core',
];

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
  const { medians, fastestPeer, ratio, ratioRange, floorRatios } = summary;
  const peers = Object.keys(medians)
    .filter((n) => n !== 'totp-wasm' && !FLOORS.includes(n))
    .sort((a, b) => medians[b] - medians[a])
    .map((n) => `${n} ${int(medians[n])}`)
    .join(' · ');
  const floors = Object.entries(floorRatios)
    .map(([name, r]) => `; ${name} ${int(medians[name])} = ${times(r.ratio)} <sub>(${r.range.map((x) => x.toFixed(2)).join('–')})</sub>`)
    .join('');
  // The verdict's floor: the faster conforming one where they ran (a floor that skips the
  // checks API.md requires may beat a target that no conforming build can).
  const conforming = CONFORMING_FLOORS.map((name) => floorRatios[name]).filter((r) => r !== undefined);
  const floorName = conforming.length ? 'the faster conforming floor' : 'the floor';
  const floorRatio = conforming.length
    ? conforming.reduce((best, r) => (r.ratio > best.ratio ? r : best))
    : (floorRatios[FLOOR] ?? null);
  return [
    `${name} (ops/s)`,
    int(medians['totp-wasm']),
    peers,
    `${times(ratio)} ${fastestPeer} <sub>(rounds ${ratioRange.map((r) => r.toFixed(2)).join('–')})</sub>${floors}`,
    target ? `≥ ${target}×` : '—',
    target
      ? verdictWithFloor(
          ratio >= target,
          floorRatio && { median: floorRatio.ratio >= target, upperQuartile: floorRatio.upperQuartile >= target },
          floorName,
        )
      : '—',
  ];
}

function sizeRow(label, { ours, floor, peer, peerName }, strictlySmaller) {
  const pair = (s) => `${int(s.min)} / ${int(s.gzip)}`;
  const ratios = (build) => [build.total.min / peer.total.min, build.total.gzip / peer.total.gzip];
  const meets = ([min, gzip]) => (strictlySmaller ? min < 1 && gzip < 1 : min <= 1 && gzip <= 1);
  const [ratioMin, ratioGzip] = ratios(ours);
  const floorRatios = ratios(floor);
  return [
    `${label}: minified / gzip -9 (bytes)`,
    `${pair(ours.total)} <sub>= JS ${pair(ours.js)} + wasm ${pair(ours.wasm)}</sub>`,
    `${peerName} ${pair(peer.total)}`,
    `${times(ratioMin)} / ${times(ratioGzip)}; floor ${pair(floor.total)} = ${floorRatios.map(times).join(' / ')}`,
    strictlySmaller ? '< 1×' : '≤ 1×',
    verdictWithFloor(meets([ratioMin, ratioGzip]), { median: meets(floorRatios), upperQuartile: meets(floorRatios) }),
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
  '"floor": bench/floor, the least wasm that does what the row measures with the same crates and stable toolchain, ' +
  'wasm-opt\'d like the package: for speed, the API\'s call shapes (a string secret, an options object with `time`, ' +
  'a string code) with no checks, no errors and no other options, built for speed alone (opt-level 3 everywhere); ' +
  'for sizes, an enrolment ' +
  'page (secret, URI, QR code via the qrcodegen crate, verify) and the whole package (that plus AES-256-GCM and ' +
  'PBKDF2), built for size alone (opt-level "s" everywhere, a never-freeing bump allocator); for Node startup, the ' +
  'whole one. "floor + checks": the floor\'s generateTotp and verifyTotp making the checks API.md requires (types, ' +
  'a plain options object without unknown keys, algorithm, digits, period, window and time, tolerant base32, ' +
  'tokens with spaces, a constant-time comparison), in JavaScript before one call into wasm with numbers, or from ' +
  'Rust through the JavaScript API as totp-wasm makes them; before timing, both must answer as totp-wasm does on ' +
  '30 odd inputs. Floors run in the same rounds and are bundled the same way. The verdict\'s floor is the faster ' +
  'conforming one where they ran: where it misses a target in three rounds out of four, no build of totp-wasm that ' +
  'keeps API.md can meet it.';

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
  const rows = [
    ...throughput.map(throughputRow),
    ...(browserThroughput
      ? browserThroughput.throughput.map((row) => throughputRow({ ...row, name: `${row.name} (Chromium)` }))
      : [['throughput in Chromium', 'skipped (--no-browser)', '', '', '—', '—']]),
    [
      'qrSvg output (bytes of SVG)',
      int(qrOutput['totp-wasm']),
      `qrcode ${int(qrOutput.qrcode)}`,
      times(qrOutput['totp-wasm'] / qrOutput.qrcode),
      '—',
      '—',
    ],
    sizeRow('enrollment page bundle', sizes.enrollment, false),
    sizeRow('whole package bundle', sizes.whole, true),
    [
      'Node: import → first code (ms, in process)',
      `${ms(ours.readyMs)} <sub>(import ${ms(ours.importMs)})</sub>`,
      `otpauth: import ${ms(otpauth.importMs)}, → first code ${ms(otpauth.readyMs)}`,
      `${times(ours.readyMs / otpauth.importMs)} otpauth import; floor (whole) ${ms(floor.readyMs)} = ${times(floor.readyMs / otpauth.importMs)}`,
      '≤ 1×',
      verdictWithFloor(ours.readyMs <= otpauth.importMs, {
        median: floor.readyMs <= otpauth.importMs,
        upperQuartile: floor.readyMs <= otpauth.importMs,
      }),
    ],
    [
      'Node: process start → first code (ms)',
      ms(ours.sinceProcessStartMs),
      `otpauth ${ms(otpauth.sinceProcessStartMs)}`,
      times(ours.sinceProcessStartMs / otpauth.sinceProcessStartMs),
      '—',
      '—',
    ],
    browserStartup
      ? [
          'Chromium: navigation start → first code (ms)',
          ms(browserStartup.readyMs['totp-wasm']),
          `otpauth ${ms(browserStartup.readyMs.otpauth)}`,
          times(browserStartup.readyMs['totp-wasm'] / browserStartup.readyMs.otpauth),
          '—',
          '—',
        ]
      : ['Chromium: navigation start → first code (ms)', 'skipped (--no-browser)', '', '', '—', '—'],
    memoryRow(memory, config.memoryCalls),
  ];

  const versions = PEER_PACKAGES.map((name) => `${name} ${versionOf(name)}`).join(', ');
  const wasmBytes = sizes.whole.ours.wasm;
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench\`${config.quick ? ' **--quick** (too short to trust)' : ''}: ` +
      `${availableParallelism()} CPUs (nproc), ${cpuModel()}, Linux ${release()} ${arch()}, Node ${process.version}` +
      `${chromium ? `, Chromium ${chromium} (headless)` : ''}.`,
    `totp-wasm ${wasmVersion} (wasm ${int(wasmBytes.min)} B, ${int(wasmBytes.gzip)} B gzipped); ${versions}.`,
    `Throughput: medians of ${config.rounds} interleaved rounds (~${config.slotMs} ms per contender per round, rotated order, one process); ` +
      `ratio = median over rounds of totp-wasm ÷ the fastest peer in the same round. ` +
      (browserThroughput ? CHROMIUM_THROUGHPUT_NOTE : '') +
      `Startup: medians of ${config.nodeRuns} Node processes ` +
      `${browserStartup ? `and ${config.browserLoads} Chromium loads ` : ''}per library, alternating. Bytes: esbuild --bundle --minify --format=esm --platform=browser, gzip level 9. ` +
      FLOOR_NOTE,
    '',
    '| measurement | totp-wasm | peers | totp-wasm vs best peer | target | met |',
    '|---|---|---|---|---|---|',
    ...rows.map((cells) => `| ${cells.join(' | ')} |`),
    '',
    `Memory samples every ${int(config.memoryEvery)} calls (after a full GC), RSS MiB: ${memory.map((s) => mib(s.rssBytes)).join(', ')}; ` +
      `wasm memory bytes: ${memory.map((s) => (s.wasmBytes === null ? '?' : int(s.wasmBytes))).join(', ')}.`,
  ];
  return lines.join('\n') + '\n';
}
