// Small DOM helpers: element builder, formatting, and the loading / empty / error states every view shares.

/** Builds an element: h('a', {href: '#/x', class: 'y'}, 'text', child). Attributes starting with "on" are listeners. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === 'class') {
      el.className = value;
    } else if (value === true) {
      el.setAttribute(key, '');
    } else {
      el.setAttribute(key, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the content of an element. */
export function mount(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export function loading(text = 'Loading…') {
  return h('p', {class: 'state loading', role: 'status'}, text);
}

export function empty(text) {
  return h('p', {class: 'state empty'}, text);
}

export function errorState(error, retry) {
  return h('div', {class: 'state error', role: 'alert'},
    h('p', {}, describe(error)),
    retry ? h('button', {type: 'button', class: 'button secondary', onclick: retry}, 'Try again') : null);
}

/** A human sentence for an API or network failure; never a stack trace. */
export function describe(error) {
  if (error && error.status === 403) return 'Your role does not allow this.';
  if (error && error.status === 0) return 'The server cannot be reached. Check the connection and try again.';
  if (error && error.problem) {
    const fields = (error.problem.errors || []).map(e => `${e.field} ${e.message}`).join('; ');
    return [error.problem.detail || error.problem.title, fields].filter(Boolean).join(': ');
  }
  return (error && error.message) || 'Something went wrong.';
}

const numberFormats = new Map();

/** Formats a number with a fixed count of decimals; a dash for null. */
export function num(value, decimals = 0) {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  if (!numberFormats.has(decimals)) {
    numberFormats.set(decimals, new Intl.NumberFormat('en', {
      minimumFractionDigits: decimals, maximumFractionDigits: decimals}));
  }
  return numberFormats.get(decimals).format(value);
}

/** ISO-8601 UTC time as "2026-12-04 19:30:00 UTC". */
export function time(iso) {
  if (!iso) return '—';
  return iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z').replace('Z', ' UTC');
}

/** "3 min ago" style age of an ISO time. */
export function ago(iso, now = Date.now()) {
  if (!iso) return 'never';
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86400)} d ago`;
}

/** Money in integer minor units as a decimal string (2 decimals; the currency decides the unit). */
export function money(minor, currency) {
  if (minor === null || minor === undefined) return '—';
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')} ${currency || ''}`.trim();
}

/** Parses "12.5" into 1250 minor units without floating point; null when it is not a positive amount. */
export function parseMinor(text) {
  const match = /^\s*(\d{1,9})(?:\.(\d{1,2}))?\s*$/.exec(text || '');
  if (!match) return null;
  const minor = Number(match[1]) * 100 + Number((match[2] || '').padEnd(2, '0'));
  return minor > 0 ? minor : null;
}

export function badge(text, kind) {
  return h('span', {class: `badge ${kind}`}, text);
}

/** A scrollable table wrapper that keyboard users can scroll too. */
export function tableWrap(label, table) {
  return h('div', {class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': label}, table);
}

let toastTimer;
export function toast(text) {
  const el = document.getElementById('toast');
  el.textContent = text;
  el.classList.add('visible');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => el.classList.remove('visible'), 4000);
}
