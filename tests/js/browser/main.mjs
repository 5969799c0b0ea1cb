// The page entry every browser runner serves: imports the package the way an app does and
// publishes the spec's results for the Node side to read.
import * as totp from 'totp-wasm';
import * as assert from '../spec/assert.mjs';
import { runSpec } from '../spec.mjs';

window.__specResults = await runSpec(totp, assert);
