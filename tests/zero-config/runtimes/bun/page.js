// Bundled by `bun build --target=browser` and loaded by index.html in Chromium.
import { probe } from './probe.js';

window.__report = probe();
