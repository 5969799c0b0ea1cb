// End-to-end: the built demo page in Chromium, checked against independent implementations
// (jsQR reads the QR code from a screenshot, the `otpauth` package computes the codes).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { URI } from 'otpauth';
import { ARTIFACTS, buildAndServe, launchChromium, openPage, readQrCode } from '../test-support/harness.mjs';

let site;
let browser;

before(async () => {
  site = await buildAndServe();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await site?.close();
});

const totpFor = (uri) => URI.parse(uri);

/** Codes of the steps around now: a wrong code must avoid all of them, whatever the clock does. */
function codesNearNow(totp, now) {
  return new Set([-2, -1, 0, 1, 2, 3].map((steps) => totp.generate({ timestamp: now + steps * totp.period * 1000 })));
}

function wrongCodeFor(totp, now = Date.now()) {
  const near = codesNearNow(totp, now);
  for (let candidate = 123456; ; candidate += 111111) {
    const code = String(candidate % 10 ** totp.digits).padStart(totp.digits, '0');
    if (!near.has(code)) return code;
  }
}

/** Types a code the way a person does (keyboard, Enter) and returns the verdict shown. */
async function submitCode(page, code) {
  const input = page.getByLabel('Code from your authenticator app');
  await input.fill(code);
  await input.press('Enter');
  const result = page.locator('#confirm-result');
  return { reason: await result.getAttribute('data-reason'), text: await result.innerText() };
}

async function enroll(page, { account, issuer }) {
  await page.getByLabel('Account', { exact: true }).fill(account);
  await page.getByLabel(/^Issuer/).fill(issuer);
  await page.getByRole('button', { name: /Create (a new|another) secret/ }).click();
  await page.locator('#qr svg').waitFor();
}

/** Scrolls the QR code into view and reads it back from a screenshot of the viewport. */
async function scanQrCode(page, screenshotPath) {
  await page.locator('#qr').scrollIntoViewIfNeeded();
  return readQrCode(await page.screenshot({ path: screenshotPath }));
}

for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
  describe(`demo page at ${viewport.width} px`, () => {
    let page;
    let watch;
    let enrolledUri;
    let backupCodes;
    let step = 0;
    const shot = (name) => join(ARTIFACTS, `${viewport.width}-${String(++step).padStart(2, '0')}-${name}.png`);
    const showAndShoot = async (selector, name) => {
      await page.locator(selector).scrollIntoViewIfNeeded();
      await page.screenshot({ path: shot(name) });
    };

    before(async () => {
      watch = await openPage(browser, site.origin, viewport);
      page = watch.page;
    });

    after(async () => {
      await watch?.context.close();
    });

    test('is served from its own origin with a strict CSP, the wasm inside the script', async () => {
      const response = await page.goto(`${site.origin}/`);
      const csp = response.headers()['content-security-policy'];
      assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
      assert.match(csp, /default-src 'none'/);
      await page.getByText('No accounts yet').waitFor();
      await page.screenshot({ path: shot('start') });
    });

    test('enrolling shows a QR code that scans to the displayed otpauth URI and secret', async () => {
      await enroll(page, { account: 'alice@example.com', issuer: 'ACME Corp' });
      enrolledUri = await scanQrCode(page, shot('enrolled-qr'));
      assert.ok(enrolledUri, 'jsQR found no QR code in the screenshot');
      assert.equal(enrolledUri, await page.locator('#uri').innerText());

      const totp = totpFor(enrolledUri);
      assert.equal(totp.issuer, 'ACME Corp');
      assert.equal(totp.label, 'alice@example.com');
      assert.deepEqual([totp.algorithm, totp.digits, totp.period], ['SHA1', 6, 30]);
      const shownSecret = await page.locator('#secret').innerText();
      assert.match(shownSecret, /^([A-Z2-7]{4} )*[A-Z2-7]{1,4}$/, 'secret shown in groups of four');
      assert.equal(shownSecret.replaceAll(' ', ''), totp.secret.base32);
      assert.ok(totp.secret.bytes.length >= 16, 'at least 128 bits of secret');

      backupCodes = await page.locator('#backup-list li').allInnerTexts();
      assert.equal(backupCodes.length, 10);
      assert.equal(new Set(backupCodes).size, 10);
    });

    test('the page fits the viewport width without horizontal scrolling', async () => {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `page is ${overflow} px wider than the viewport`);
    });

    test('copy buttons put the secret and the URI on the clipboard', async () => {
      const totp = totpFor(enrolledUri);
      await page.getByRole('button', { name: 'Copy secret' }).click();
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), totp.secret.base32);
      await page.getByRole('button', { name: 'Copy URI' }).click();
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), enrolledUri);
      await page.locator('#enroll-result').getByRole('button', { name: 'Copied' }).first().waitFor();
    });

    test('the built-in authenticator shows the code an independent implementation computes', async () => {
      const totp = totpFor(enrolledUri);
      // The page redraws once a second, so its code may be up to a second old when read.
      const before = totp.generate({ timestamp: Date.now() - 2000 });
      const shown = await page.locator('[data-account="enrolled"] .code').getAttribute('data-code');
      const afterwards = totp.generate();
      assert.ok([before, afterwards].includes(shown), `shown ${shown}, expected ${before} or ${afterwards}`);
      const seconds = Number(await page.locator('[data-account="enrolled"] .ring-seconds').innerText());
      assert.ok(seconds >= 1 && seconds <= 30, `countdown shows ${seconds}`);
      await showAndShoot('#authenticator', 'authenticator');
    });

    test('a code from an independent implementation is accepted once, then refused as a replay', async () => {
      const totp = totpFor(enrolledUri);
      // Computed right before typing; if the step rolls over meanwhile, window = 1 still accepts it.
      const code = totp.generate();
      const accepted = await submitCode(page, code);
      assert.equal(accepted.reason, 'ok', accepted.text);
      assert.match(accepted.text, /Accepted: Your app is set up correctly: enrollment confirmed/);
      await showAndShoot('#confirm', 'accepted');

      const replayed = await submitCode(page, code);
      assert.equal(replayed.reason, 'replayed', replayed.text);
      assert.match(replayed.text, /Refused: This code was already used/);
      await showAndShoot('#confirm', 'replayed');

      const state = await page.evaluate(() => JSON.parse(localStorage.getItem('totp-wasm-demo:attempts')));
      assert.equal(state.failures, 0, 'a replay is refused but is not a failure');
      assert.equal(typeof state.lastStep, 'number');
    });

    test('a backup code signs in once and not twice, and the list shows it used', async () => {
      const box = page.locator('#backup-result');
      const input = page.getByLabel('Sign in with a backup code');
      // Typed as a person might: lower case, without the dashes.
      await input.fill(backupCodes[3].toLowerCase().replaceAll('-', ' '));
      await page.getByRole('button', { name: 'Use code' }).click();
      assert.equal(await box.getAttribute('data-result'), 'ok');
      assert.match(await box.innerText(), /Signed in with backup code 4\. It is used up now: 9 left/);
      assert.match(await page.locator('#backup-list li').nth(3).innerText(), /used/);
      assert.match(await page.locator('#backup-left').innerText(), /^9 of 10 codes unused/);
      await showAndShoot('#backup-result', 'backup-used');

      await input.fill(backupCodes[3]);
      await page.getByRole('button', { name: 'Use code' }).click();
      assert.equal(await box.getAttribute('data-result'), 'used');
      assert.match(await box.innerText(), /already used/);

      await input.fill('AAAA-BBBB-CCCC');
      await page.getByRole('button', { name: 'Use code' }).click();
      assert.equal(await box.getAttribute('data-result'), 'invalid');
      assert.match(await box.innerText(), /not one of your backup codes/);
    });

    test('backup codes download as a text file holding every code', async () => {
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Download as text' }).click();
      const file = await download;
      assert.match(file.suggestedFilename(), /\.txt$/);
      const text = await readFile(await file.path(), 'utf8');
      for (const code of backupCodes) assert.ok(text.includes(code), `${code} in the file`);
    });

    test('five wrong codes in a row lock sign-in, with a live countdown that survives a reload', async () => {
      const totp = totpFor(enrolledUri);
      await page.getByRole('button', { name: 'Clear the attempt state' }).click();
      const wrong = wrongCodeFor(totp);
      for (let failure = 1; failure <= 4; failure += 1) {
        const { reason, text } = await submitCode(page, wrong);
        assert.equal(reason, 'invalid', text);
        assert.match(text, new RegExp(`Wrong code\\. ${5 - failure} tr(y|ies) left`));
      }
      const fifth = await submitCode(page, wrong);
      assert.equal(fifth.reason, 'invalid', fifth.text);
      assert.match(fifth.text, /^Locked: Wrong code\. That was failure 5 in a row: sign-in is locked for [45]:\d\d\.$/);

      const locked = await submitCode(page, totp.generate());
      assert.equal(locked.reason, 'locked', locked.text);
      assert.match(locked.text, /Sign-in is locked for another [45]:\d\d\. .*not even the right one/);
      const timer = page.locator('#confirm-result [role="timer"]');
      const shown = await timer.innerText();
      await page.waitForFunction((previous) => document.querySelector('#confirm-result [role="timer"]')?.textContent !== previous,
        shown, { timeout: 10_000 });
      await showAndShoot('#confirm', 'locked');

      await page.reload();
      await timer.waitFor();
      assert.equal(await page.locator('#confirm-result').getAttribute('data-reason'), 'locked');
      assert.match(await timer.innerText(), /^[45]:\d\d$/);
      assert.match(await page.locator('#attempt-info').innerText(), /5 of 5/);
      await showAndShoot('#confirm', 'locked-after-reload');
    });

    test('after a reload the backup codes stay hidden and the used one stays used', async () => {
      assert.equal(await page.locator('#backup-list li').count(), 0);
      assert.match(await page.locator('#backup-left').innerText(), /^9 of 10 codes unused\. The codes were shown once/);
      await page.getByLabel('Sign in with a backup code').fill(backupCodes[3]);
      await page.getByRole('button', { name: 'Use code' }).click();
      assert.equal(await page.locator('#backup-result').getAttribute('data-result'), 'used');
    });

    test('the import box explains a bad URI and adds a good one with the right code', async () => {
      const input = page.getByLabel(/Add an account from an otpauth:\/\/ link/);
      const error = page.locator('#import-error');
      await input.fill('https://example.com/?secret=JBSWY3DPEHPK3PXP');
      await input.press('Enter');
      assert.match(await error.innerText(), /This link cannot be added: uri: must start with 'otpauth:\/\/'/);
      assert.equal(await input.getAttribute('aria-invalid'), 'true');

      await input.fill('otpauth://totp/Example:bob?secret=JBSWY3DPEHPK3PX1&issuer=Example');
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      assert.match(await error.innerText(), /secret/);
      await showAndShoot('#authenticator', 'import-error');

      const uri = 'otpauth://totp/Example:bob%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example&algorithm=SHA256&digits=8&period=60';
      await input.fill(uri);
      await input.press('Enter');
      assert.equal(await error.isVisible(), false);
      const item = page.locator('[data-account="imported-0"]');
      assert.match(await item.locator('.account-label').innerText(), /^Example: bob@example\.com$/);
      const totp = totpFor(uri);
      const before = totp.generate({ timestamp: Date.now() - 2000 });
      const shown = await item.locator('.code').getAttribute('data-code');
      const afterwards = totp.generate();
      assert.ok([before, afterwards].includes(shown), `shown ${shown}, expected ${before} or ${afterwards}`);
      await showAndShoot('#authenticator', 'imported');
    });

    test('no console errors or warnings, and no request to another origin', async () => {
      await page.screenshot({ path: shot('full-page'), fullPage: true });
      assert.deepEqual(watch.problems, []);
      assert.ok(watch.requests.some((url) => url.endsWith('.js')), 'the requests were recorded');
      assert.deepEqual(watch.requests.filter((url) => url.endsWith('.wasm')), [], 'the wasm is inline');
      const foreign = watch.requests.filter((url) => new URL(url).origin !== site.origin);
      assert.deepEqual(foreign, []);
    });
  });
}

describe('advanced settings', () => {
  test('SHA-512, 8 digits and a 60 s period reach the QR code and verify', async () => {
    const { context, page, problems } = await openPage(browser, site.origin, { width: 1280, height: 900 });
    try {
      await page.goto(`${site.origin}/`);
      // Keyboard only: open the disclosure and pick the values.
      await page.getByText('Advanced: algorithm, digits, period').focus();
      await page.keyboard.press('Enter');
      await page.getByLabel('Algorithm').selectOption('SHA512');
      await page.getByLabel('Digits').selectOption('8');
      await page.getByLabel('Period (seconds)').fill('60');
      assert.match(await page.locator('#advanced-note').innerText(), /Google Authenticator/);
      await enroll(page, { account: 'carol', issuer: '' });
      const uri = await scanQrCode(page, join(ARTIFACTS, '1280-advanced.png'));
      const totp = totpFor(uri);
      assert.deepEqual([totp.algorithm, totp.digits, totp.period, totp.issuer], ['SHA512', 8, 60, '']);
      const { reason, text } = await submitCode(page, totp.generate());
      assert.equal(reason, 'ok', text);

      await page.getByLabel('Period (seconds)').fill('0');
      await page.getByRole('button', { name: 'Create another secret' }).click();
      assert.match(await page.locator('#enroll-error').innerText(), /period/);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});

describe('lockout expiry', () => {
  test('once the lock expires the page says so and the right code is accepted again', async () => {
    const { context, page, problems } = await openPage(browser, site.origin, { width: 390, height: 844 });
    try {
      // Playwright's fake clock: the page's Date (which the wasm reads too) and timers, so five
      // minutes pass at once instead of being waited for.
      await page.clock.install();
      await page.goto(`${site.origin}/`);
      await enroll(page, { account: 'erin', issuer: 'Demo' });
      const totp = totpFor(await page.locator('#uri').innerText());
      const pageNow = () => page.evaluate(() => Date.now());
      const wrong = wrongCodeFor(totp, await pageNow());
      for (let failure = 1; failure <= 5; failure += 1) await submitCode(page, wrong);
      assert.equal((await submitCode(page, totp.generate({ timestamp: await pageNow() }))).reason, 'locked');

      await page.clock.fastForward('05:01');
      await page.getByText('The lock has expired: you can try again.').waitFor();
      await page.locator('#confirm').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(ARTIFACTS, '390-lock-expired.png') });
      const again = await submitCode(page, wrongCodeFor(totp, await pageNow()));
      assert.match(again.text, /Wrong code\. 4 tries left/, 'failures keep counting towards the next lock');
      const accepted = await submitCode(page, totp.generate({ timestamp: await pageNow() }));
      assert.equal(accepted.reason, 'ok', accepted.text);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});

describe('keyboard and other accounts', () => {
  let watch;
  before(async () => {
    watch = await openPage(browser, site.origin, { width: 1280, height: 900 });
    await watch.page.goto(`${site.origin}/`);
  });
  after(async () => {
    await watch?.context.close();
  });

  test('Tab walks through the enroll form with a visible focus ring, and Enter enrolls', async () => {
    const { page } = watch;
    const focused = () => page.evaluate(() => {
      const element = document.activeElement;
      const style = getComputedStyle(element);
      return { id: element.id || element.className || element.tagName, outline: `${style.outlineStyle} ${style.outlineWidth}` };
    });
    const visited = [];
    for (let press = 0; press < 5; press += 1) {
      await page.keyboard.press('Tab');
      visited.push(await focused());
    }
    assert.deepEqual(visited.map(({ id }) => id), ['skip-link', 'account', 'issuer', 'SUMMARY', 'enroll-button']);
    for (const { id, outline } of visited) assert.equal(outline, 'solid 3px', `focus ring on ${id}`);
    await page.keyboard.press('Enter');
    await page.locator('#qr svg').waitFor();
  });

  test('an imported HOTP link shows the counter-based code and steps to the next one', async () => {
    const { page } = watch;
    const uri = 'otpauth://hotp/Example:carl?secret=JBSWY3DPEHPK3PXP&issuer=Example&counter=5';
    await page.getByLabel(/Add an account from an otpauth:\/\/ link/).fill(uri);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const item = page.locator('[data-account="imported-0"]');
    const hotp = URI.parse(uri);
    assert.equal(await item.locator('.code').getAttribute('data-code'), hotp.generate({ counter: 5 }));
    await item.getByRole('button', { name: 'Next code' }).click();
    assert.equal(await item.locator('.code').getAttribute('data-code'), hotp.generate({ counter: 6 }));
    assert.match(await item.innerText(), /counter 6/);
    await page.reload();
    assert.equal(await item.locator('.code').getAttribute('data-code'), hotp.generate({ counter: 6 }), 'the counter is stored');
  });

  test('"Forget everything" clears the enrollment, the accounts and the backup codes', async () => {
    const { page, problems } = watch;
    await page.getByRole('button', { name: 'Forget everything' }).click();
    await page.getByText('No accounts yet').waitFor();
    assert.equal(await page.locator('#confirm-form').isVisible(), false);
    assert.equal(await page.locator('#backup-form').isVisible(), false);
    assert.deepEqual(await page.evaluate(() => Object.keys(localStorage)), []);
    assert.deepEqual(problems, []);
  });
});

test('every secret is fresh: two enrollments never share one', async () => {
  const { context, page } = await openPage(browser, site.origin, { width: 1280, height: 900 });
  try {
    await page.goto(`${site.origin}/`);
    await enroll(page, { account: 'dave', issuer: 'Demo' });
    const first = await page.locator('#secret').innerText();
    await enroll(page, { account: 'dave', issuer: 'Demo' });
    assert.notEqual(await page.locator('#secret').innerText(), first);
  } finally {
    await context.close();
  }
});
