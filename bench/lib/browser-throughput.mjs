// Throughput inside one headless Chromium page: the browser builds of the contenders (see
// throughput-page.mjs), checked first exactly as in Node, then timed with the same interleaved
// rounds (timing.mjs runs in the page); only the summary is computed here.
import { withBrowser, decodeQrSvgs, expectDecodes } from './browser.mjs';
import { summarize } from './timing.mjs';
import { TYPICAL_URI } from './contenders-common.mjs';

async function openThroughputPage(browser, base) {
  const page = await (await browser.newContext()).newPage();
  const pageError = new Promise((_, reject) => page.on('pageerror', reject));
  pageError.catch(() => {}); // only awaited while the page loads; later errors surface via evaluate
  await page.goto(`${base}/throughput.html`);
  await Promise.race([page.waitForFunction(() => window.bench, null, { timeout: 30_000 }), pageError]);
  return page;
}

/** @returns {{ chromium: string, throughput: { name, target, summary }[] }} */
export async function measureBrowserThroughput(config, progress) {
  return withBrowser(async (browser, base) => {
    const page = await openThroughputPage(browser, base);
    const svgs = await page.evaluate(() => window.bench.check());
    const decoder = await (await browser.newContext()).newPage();
    expectDecodes(await decodeQrSvgs(decoder, base, svgs), TYPICAL_URI);
    await decoder.context().close();

    const operations = await page.evaluate(() => window.bench.operations);
    const throughput = [];
    for (const [index, { name, target, reference }] of operations.entries()) {
      progress(`throughput in Chromium: ${name}`);
      const samples = await page.evaluate(([index, config]) => window.bench.run(index, config), [index, config]);
      throughput.push({ name, target, summary: summarize(samples, 'totp-wasm', reference) });
    }
    return { chromium: browser.version(), throughput };
  });
}
