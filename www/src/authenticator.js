// Step 3: an authenticator app in the page. It knows the enrolled account and any account
// imported from an otpauth:// link, and shows each one's current code with a countdown ring.
import { generateHotp, generateTotp, parseUri, remainingSeconds } from 'totp-wasm';
import { load, save } from './store.js';
import { $, accountLabel, copyToClipboard, everySecond, groupCode, h, showError } from './ui.js';

let enrolled = null;
let imported = load('accounts', []);

const otpOptions = ({ algorithm, digits }) => ({ algorithm, digits });

function currentCode(account) {
  return account.type === 'hotp'
    ? generateHotp(account.secret, account.counter, otpOptions(account))
    : generateTotp(account.secret, { ...otpOptions(account), period: account.period });
}

/** The ring's arc is pathLength 100 long, so the dash length is the percentage of time left. */
function ring() {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 40 40');
  svg.setAttribute('class', 'ring');
  svg.setAttribute('aria-hidden', 'true');
  for (const part of ['track', 'arc']) {
    const circle = document.createElementNS('http://www.w3.org/2000/svg', 'circle');
    Object.entries({ class: part, cx: 20, cy: 20, r: 17, pathLength: 100 })
      .forEach(([name, value]) => circle.setAttribute(name, value));
    svg.append(circle);
  }
  return svg;
}

function updateItem(item, account) {
  const code = currentCode(account);
  item.querySelector('.code').textContent = groupCode(code);
  item.querySelector('.code').dataset.code = code;
  if (account.type === 'hotp') return;
  const left = remainingSeconds({ period: account.period });
  item.querySelector('.ring .arc').setAttribute('stroke-dasharray', `${(100 * left) / account.period} 100`);
  item.querySelector('.ring-seconds').textContent = left;
  item.querySelector('.sr-left').textContent = `, changes in ${left} seconds`;
}

function accountItem(account, { id, removable }) {
  const codeBox = h('span', { class: 'code' });
  const actions = h('div', { class: 'account-actions' },
    h('button', { type: 'button', onclick: (event) => copyToClipboard(event.currentTarget, codeBox.dataset.code, codeBox) }, 'Copy code'));
  if (id === 'enrolled') {
    actions.append(h('button', { type: 'button', onclick: () => useInConfirm(codeBox.dataset.code) }, 'Use in step 2'));
  }
  if (account.type === 'hotp') {
    actions.append(h('button', { type: 'button', onclick: () => nextHotp(account) }, 'Next code'));
  }
  if (removable) {
    actions.append(h('button', { type: 'button', onclick: () => removeImported(account) }, 'Remove'));
  }
  const timing = account.type === 'hotp'
    ? h('span', { class: 'counter' }, `counter ${account.counter}`)
    : h('span', { class: 'ring-box' }, ring(), h('span', { class: 'ring-seconds', 'aria-hidden': 'true' }));
  const item = h('li', { class: 'account', dataset: { account: id } },
    timing,
    h('div', { class: 'account-main' },
      h('span', { class: 'account-label' }, accountLabel(account)),
      h('span', { class: 'code-line' }, h('span', { class: 'visually-hidden' }, 'Code '), codeBox,
        h('span', { class: 'visually-hidden sr-left' }))),
    actions);
  updateItem(item, account);
  return item;
}

function useInConfirm(code) {
  const input = $('#code');
  input.value = code;
  input.focus();
}

function nextHotp(account) {
  account.counter += 1;
  save('accounts', imported);
  renderList();
}

function removeImported(account) {
  imported = imported.filter((other) => other !== account);
  save('accounts', imported);
  renderList();
}

const listed = () => [
  ...(enrolled ? [[enrolled, { id: 'enrolled', removable: false }]] : []),
  ...imported.map((account, index) => [account, { id: `imported-${index}`, removable: true }]),
];

function renderList() {
  const items = listed().map(([account, options]) => accountItem(account, options));
  $('#accounts').replaceChildren(...items);
  $('#accounts-empty').hidden = items.length > 0;
}

function tick() {
  const items = $('#accounts').children;
  listed().forEach(([account], index) => items[index] && updateItem(items[index], account));
}

export function setupAuthenticator() {
  const form = $('#import-form');
  const input = form.elements.uri;
  const error = $('#import-error');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const uri = input.value.trim();
    let account;
    try {
      if (!uri) throw new Error('paste a link that starts with otpauth://');
      account = parseUri(uri);
    } catch (failure) {
      showError(error, `This link cannot be added: ${failure.message}.`);
      input.setAttribute('aria-invalid', 'true');
      return;
    }
    showError(error, '');
    input.removeAttribute('aria-invalid');
    input.value = '';
    imported.push(account);
    save('accounts', imported);
    renderList();
  });
  renderList();
  everySecond(tick);

  return {
    setEnrolled(enrollment) {
      enrolled = { ...enrollment, type: 'totp' };
      renderList();
    },
  };
}
