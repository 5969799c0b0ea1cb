// Step 1: a fresh secret, shown as QR code, otpauth URI and grouped base32 for typing.
import { generateSecret, provisioningUri, qrSvg } from 'totp-wasm';
import { load, save } from './store.js';
import { $, accountLabel, copyToClipboard, showError } from './ui.js';

function readForm(form) {
  const field = (name) => form.elements[name].value.trim();
  return {
    account: field('account'),
    issuer: field('issuer'),
    algorithm: field('algorithm'),
    digits: Number(field('digits')),
    period: Number(field('period')),
  };
}

function fillForm(form, enrollment) {
  for (const name of ['account', 'issuer', 'algorithm', 'digits', 'period']) {
    form.elements[name].value = enrollment[name];
  }
}

/** Throws the package's own message (it names the field) for input the URI cannot carry. */
function createEnrollment(settings) {
  const secret = generateSecret();
  const { issuer, ...rest } = settings;
  const uri = provisioningUri({ secret, ...rest, ...(issuer ? { issuer } : {}) });
  return { ...settings, secret, uri, confirmed: false };
}

function renderEnrollment(enrollment) {
  const svg = new DOMParser()
    .parseFromString(qrSvg(enrollment.uri, { margin: 4 }), 'image/svg+xml').documentElement;
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `QR code of the otpauth link for ${accountLabel(enrollment)}`);
  $('#qr').replaceChildren(svg);
  $('#secret').textContent = enrollment.secret.match(/.{1,4}/g).join(' ');
  $('#uri').textContent = enrollment.uri;
  $('#enroll-result').hidden = false;
  $('#enroll-button').textContent = 'Create another secret';
}

/** Wires step 1; `onEnrollment(enrollment, { fresh })` runs for the stored one and every new one. */
export function setupEnroll({ onEnrollment }) {
  const form = $('#enroll-form');
  const error = $('#enroll-error');

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    let enrollment;
    try {
      enrollment = createEnrollment(readForm(form));
    } catch (failure) {
      showError(error, `Cannot create this enrollment: ${failure.message}.`);
      return;
    }
    showError(error, '');
    save('enrollment', enrollment);
    renderEnrollment(enrollment);
    onEnrollment(enrollment, { fresh: true });
  });

  const copyButtons = {
    'secret-raw': () => [load('enrollment').secret, $('#secret')],
    uri: () => [load('enrollment').uri, $('#uri')],
  };
  for (const button of form.parentElement.querySelectorAll('#enroll-result .copy')) {
    button.addEventListener('click', () => copyToClipboard(button, ...copyButtons[button.dataset.copy]()));
  }

  const stored = load('enrollment');
  if (stored) {
    fillForm(form, stored);
    renderEnrollment(stored);
    onEnrollment(stored, { fresh: false });
  }
}
