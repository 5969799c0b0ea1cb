// One server process of the compare-and-set race in second-edition.test.mjs: it reads the
// stored state, runs the attempt, and asks the store to write the result only if the version
// it read is still current; on a conflict it reads again and reruns the attempt. Replays and
// locked refusals leave the state as it was, so they write nothing.
import { parentPort, workerData } from 'node:worker_threads';

const { entryUrl, secret, index, attempts, valid, time, maxFailures } = workerData;
const totp = await import(entryUrl);

const ask = (message, answer) =>
  new Promise((resolve) => {
    const listen = (reply) => {
      if (reply.type !== answer) return;
      parentPort.off('message', listen);
      resolve(reply);
    };
    parentPort.on('message', listen);
    parentPort.postMessage(message);
  });

/** A code that is not valid near `time`: a fixed one, nudged past any real code. */
function wrong(at) {
  const real = new Set([-1, 0, 1].map((d) => totp.generateTotp(secret, { time: at + d * 30_000 })));
  let guess = 100000 + index;
  while (real.has(String(guess))) guess += 8;
  return String(guess);
}

for (let n = 0; n < attempts; n++) {
  const at = time + index * 10 + n;
  const token = valid ? totp.generateTotp(secret, { time }) : wrong(at);
  for (;;) {
    const { version, state } = await ask({ type: 'read' }, 'state');
    // Yield once, so the workers' reads and writes interleave.
    await new Promise((resolve) => setImmediate(resolve));
    const r = totp.verifyTotpAttempt(secret, token, state, { time: at, maxFailures });
    if (r.reason === 'replayed' || r.reason === 'locked') break;
    const { ok } = await ask({ type: 'write', version, state: r.state, reason: r.reason }, 'written');
    if (ok) break;
  }
}
