// Run by `bun run app.js`, and bundled by `bun build --target=bun`: prints the report.
import { probe } from './probe.js';

console.log(JSON.stringify(probe()));
