// Step 4: single-use backup codes. Only their slow salted hashes are stored; the plain codes
// exist in this page view alone, right after enrollment.
import { generateBackupCodes, hashBackupCode, verifyBackupCode } from 'totp-wasm';
import { load, save } from './store.js';
import { $, accountLabel, clearResult, copyToClipboard, downloadText, h, showResult } from './ui.js';

const COUNT = 10;

let enrollment = null;
let freshCodes = null;
let usedSlots = new Set();

// Stored as { slots: (hash | null)[], spent: hash[] }: a used code's slot becomes null, and its hash
// moves to `spent` so a second use can be told apart from a mistyped code.
const stored = () => load('backup', { slots: [], spent: [] });

function codesAsText() {
  return [
    `Backup codes for ${accountLabel(enrollment)} (totp-wasm demo)`,
    `Created ${new Date().toISOString().slice(0, 10)}. Each code signs you in once. Keep them somewhere safe.`,
    '',
    ...freshCodes.map((code, index) => `${String(index + 1).padStart(2)}. ${code}`),
    '',
  ].join('\n');
}

function render() {
  const { slots } = stored();
  const left = slots.filter(Boolean).length;
  $('#backup-disabled').hidden = true;
  $('#backup-form').hidden = false;
  $('#backup-left').textContent = freshCodes
    ? `${left} of ${slots.length} codes unused. These are the only time the codes are shown.`
    : `${left} of ${slots.length} codes unused. The codes were shown once, after enrollment.`;
  $('#backup-fresh').hidden = !freshCodes;
  if (!freshCodes) return;
  $('#backup-list').replaceChildren(...freshCodes.map((code, slot) => (usedSlots.has(slot)
    ? h('li', { class: 'used' }, h('del', {}, code), h('span', { class: 'badge' }, 'used'))
    : h('li', {}, h('code', {}, code)))));
}

function signIn(code) {
  const box = $('#backup-result');
  const backup = stored();
  const live = backup.slots.flatMap((hash, slot) => (hash ? [{ hash, slot }] : []));
  const match = code.trim() ? verifyBackupCode(code, live.map(({ hash }) => hash)) : -1;
  if (match >= 0) {
    const { hash, slot } = live[match];
    backup.slots[slot] = null;
    backup.spent.push(hash);
    save('backup', backup);
    usedSlots.add(slot);
    box.dataset.result = 'ok';
    showResult(box, 'ok', `Signed in with backup code ${slot + 1}. It is used up now: ${live.length - 1} left.`);
  } else if (code.trim() && verifyBackupCode(code, backup.spent) >= 0) {
    box.dataset.result = 'used';
    showResult(box, 'error', 'This backup code was already used. Each one works only once.');
  } else {
    box.dataset.result = 'invalid';
    showResult(box, 'error', 'That is not one of your backup codes.');
  }
  render();
}

export function setupBackup() {
  const form = $('#backup-form');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    signIn(form.elements['backup-code'].value);
    form.elements['backup-code'].select();
  });
  const copyAll = $('#backup-fresh .copy');
  copyAll.addEventListener('click', () => copyToClipboard(copyAll, freshCodes.join('\n'), $('#backup-list')));
  $('#backup-download').addEventListener('click', () => downloadText('totp-wasm-demo-backup-codes.txt', codesAsText()));
  $('#backup-hide').addEventListener('click', () => {
    freshCodes = null;
    render();
    $('#backup-code').focus();
  });

  return {
    /** A fresh enrollment issues new codes (replacing the old ones); a stored one only resumes. */
    setEnrollment(next, { fresh }) {
      enrollment = next;
      if (fresh) {
        freshCodes = generateBackupCodes(COUNT);
        usedSlots = new Set();
        save('backup', { slots: freshCodes.map((code) => hashBackupCode(code)), spent: [] });
        clearResult($('#backup-result'));
      }
      render();
    },
  };
}
