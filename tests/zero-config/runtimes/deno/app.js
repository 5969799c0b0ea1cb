// `deno run app.js`, no permission flag: the bare specifier resolves through package.json and
// node_modules.
import { probe } from './probe.js';

console.log(JSON.stringify(probe()));
