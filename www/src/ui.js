// Small DOM helpers shared by the four steps.

export const $ = (selector) => document.querySelector(selector);

/** Builds an element: h('li', { class: 'x', dataset: { id: '1' } }, 'text', childNode). */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'dataset') Object.assign(element.dataset, value);
    else if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (value !== false && value != null) element.setAttribute(name, value === true ? '' : value);
  }
  element.append(...children.filter((child) => child != null && child !== false));
  return element;
}

/** Shows a message in a result box; `tone` is ok | error | warn | info and also sets the icon word. */
export function showResult(box, tone, ...content) {
  const label = { ok: 'Accepted', error: 'Refused', warn: 'Locked', info: 'Note' }[tone];
  box.className = `result message ${tone}`;
  box.replaceChildren(h('strong', { class: 'result-label' }, `${label}: `), ...content);
}

export function clearResult(box) {
  box.replaceChildren();
  box.className = 'result';
  delete box.dataset.reason;
  delete box.dataset.result;
}

export function showError(element, message) {
  element.textContent = message;
  element.hidden = !message;
}

export const accountLabel = ({ issuer, account }) => (issuer ? `${issuer}: ${account}` : account);

/** "4:05" for 245 seconds: the lockout countdown. */
export function formatDuration(seconds) {
  const whole = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

/** "123 456" / "1234 5678": codes are easier to read and type in two halves. */
export function groupCode(code) {
  const half = Math.ceil(code.length / 2);
  return `${code.slice(0, half)} ${code.slice(half)}`;
}

const copyStatus = () => $('#copy-status');

/**
 * Copies text, confirming in the button itself and in a live region for screen readers.
 * Without clipboard access (an insecure origin, a denied permission) it selects `fallback`'s
 * text so Ctrl+C still works.
 */
export async function copyToClipboard(button, text, fallback) {
  const original = button.dataset.label ?? button.textContent;
  button.dataset.label = original;
  let message;
  try {
    await navigator.clipboard.writeText(text);
    message = 'Copied';
  } catch {
    if (fallback) window.getSelection().selectAllChildren(fallback);
    message = 'Press Ctrl+C to copy';
  }
  button.textContent = message;
  copyStatus().textContent = `${original}: ${message.toLowerCase()}`;
  clearTimeout(Number(button.dataset.timer));
  button.dataset.timer = setTimeout(() => {
    button.textContent = original;
  }, 2000);
}

/** Offers `text` as a file download without any request: a Blob URL on the page's own origin. */
export function downloadText(filename, text) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const link = h('a', { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Calls `tick` now and right after every wall-clock second, so countdowns change in step with codes. */
export function everySecond(tick) {
  tick();
  const schedule = () => setTimeout(() => {
    tick();
    schedule();
  }, 1000 - (Date.now() % 1000) + 15);
  schedule();
}
