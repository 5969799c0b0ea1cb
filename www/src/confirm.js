// Step 2: verify a code the way a server should, with verifyTotpAttempt: each code is accepted
// once (RFC 6238 §5.2) and repeated failures lock sign-in. The attempt state is the "database row".
import { remainingSeconds, verifyTotpAttempt } from 'totp-wasm';
import { load, save } from './store.js';
import { $, accountLabel, clearResult, everySecond, formatDuration, h, showResult } from './ui.js';

const MAX_FAILURES = 5;
const LOCKOUT_SECONDS = 300;

let enrollment = null;

const secondsUntil = (ms) => (ms - Date.now()) / 1000;
// The core keeps counting after a lockout and locks again at every further MAX_FAILURES.
const triesLeft = (failures) => MAX_FAILURES - (failures % MAX_FAILURES);
const isLocked = (state) => state?.lockedUntil != null && secondsUntil(state.lockedUntil) > 0;
const lockTimer = (state) =>
  h('span', { role: 'timer', class: 'lock-timer', dataset: { until: state.lockedUntil } },
    formatDuration(secondsUntil(state.lockedUntil)));

function renderAttemptInfo(state) {
  const failures = state?.failures ?? 0;
  const count = failures <= MAX_FAILURES ? `${failures} of ${MAX_FAILURES}` : `${failures}, and every ${MAX_FAILURES} more lock sign-in again`;
  $('#attempt-info').textContent =
    `Wrong codes in a row: ${count}. Codes change every ${enrollment.period} seconds.`;
  $('#attempt-state').textContent = JSON.stringify(state, null, 2);
}

function failureText(reason) {
  switch (reason) {
    case 'replayed':
      return `This code was already used. Each code works only once; the next one comes in ${remainingSeconds({ period: enrollment.period })}\u00a0s.`;
    case 'malformed':
      return `That is not a ${enrollment.digits}-digit code.`;
    default:
      return 'Wrong code.';
  }
}

function acceptedText(delta) {
  const drift = delta < 0 ? ' It was the previous code, still accepted to allow for typing time and clock drift.'
    : delta > 0 ? ' It was the next code: the app\'s clock runs a little ahead.' : '';
  const what = enrollment.confirmed
    ? `Signed in as ${accountLabel(enrollment)}.`
    : 'Your app is set up correctly: enrollment confirmed.';
  return `${what}${drift} Submit the same code again to see replay protection.`;
}

function render(box, result) {
  const { reason, state } = result;
  box.dataset.reason = reason;
  if (reason === 'ok') {
    showResult(box, 'ok', acceptedText(result.delta));
  } else if (reason === 'locked') {
    showResult(box, 'warn', 'Too many wrong codes. Sign-in is locked for another ', lockTimer(state),
      '. Until then no code is even checked, not even the right one.');
  } else if (isLocked(state)) {
    showResult(box, 'warn', `${failureText(reason)} That was failure ${state.failures} in a row: sign-in is locked for `,
      lockTimer(state), '.');
  } else {
    const left = triesLeft(state.failures);
    showResult(box, 'error', `${failureText(reason)} ${left} ${left === 1 ? 'try' : 'tries'} left before sign-in locks.`);
  }
  renderAttemptInfo(state);
}

function attempt(token) {
  const box = $('#confirm-result');
  const { algorithm, digits, period, secret } = enrollment;
  const options = { algorithm, digits, period, maxFailures: MAX_FAILURES, lockoutSeconds: LOCKOUT_SECONDS };
  let result;
  try {
    result = verifyTotpAttempt(secret, token, load('attempts'), options);
  } catch (failure) {
    save('attempts', null); // a state edited by hand in devtools: start over rather than stay stuck
    renderAttemptInfo(null);
    clearResult(box);
    showResult(box, 'error', `The stored attempt state was unusable and has been cleared (${failure.message}).`);
    return;
  }
  save('attempts', result.state);
  render(box, result);
  if (result.ok && !enrollment.confirmed) {
    enrollment = { ...enrollment, confirmed: true };
    save('enrollment', enrollment);
  }
}

function tickLockTimer() {
  const timer = $('#confirm-result .lock-timer');
  if (!timer) return;
  const left = secondsUntil(Number(timer.dataset.until));
  if (left > 0) {
    timer.textContent = formatDuration(left);
  } else {
    const box = $('#confirm-result');
    clearResult(box);
    showResult(box, 'info', `The lock has expired: you can try again. ${MAX_FAILURES} more wrong codes lock sign-in again, for longer.`);
  }
}

export function setupConfirm() {
  const form = $('#confirm-form');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    attempt(form.elements.code.value);
    form.elements.code.select();
  });
  $('#reset-attempts').addEventListener('click', () => {
    save('attempts', null);
    renderAttemptInfo(null);
    const box = $('#confirm-result');
    clearResult(box);
    showResult(box, 'info', 'Attempt state cleared: no failures, no lock, no remembered code.');
  });
  everySecond(tickLockTimer);

  return {
    /** A new enrollment starts with a clean attempt state; a stored one resumes (and stays locked). */
    setEnrollment(next, { fresh }) {
      enrollment = next;
      if (fresh) save('attempts', null);
      const box = $('#confirm-result');
      clearResult(box);
      const state = load('attempts');
      if (isLocked(state)) {
        box.dataset.reason = 'locked';
        showResult(box, 'warn', 'Too many wrong codes. Sign-in is locked for another ', lockTimer(state), '.');
      }
      renderAttemptInfo(state);
      form.elements.code.maxLength = next.digits + 4;
      $('#confirm-disabled').hidden = true;
      form.hidden = false;
    },
  };
}
