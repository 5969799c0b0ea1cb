// The Chromium throughput page (bundled by esbuild for the browser; see browser-throughput.mjs).
// Contenders are the browser builds of contenders-common.mjs. Left out, as they have no browser
// build: speakeasy (requires node:crypto, url, util and Buffer; esbuild for the browser cannot
// resolve them) and otplib's node:crypto plugin; otplib's WebCrypto plugin is async only.
import * as common from './contenders-common.mjs';
import { checkCodes, checkConformance, checkQrStructure, checkUris } from './check.mjs';
import { runInterleaved } from './timing.mjs';

const operations = common.commonOperations(common);

window.bench = {
  operations: operations.map(({ name, target, reference }) => ({ name, target, reference })),
  /** Throws unless every call gives the right answer; returns the SVGs for the decode check. */
  check() {
    checkCodes(common);
    checkConformance(common);
    checkUris(common);
    checkQrStructure(common);
    return common.mapValues(common.qrSvg, (render) => render(common.TYPICAL_URI));
  },
  run: (index, config) => runInterleaved(operations[index].calls, config),
};
