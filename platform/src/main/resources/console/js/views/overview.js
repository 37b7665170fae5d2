// Fleet overview: counts from GET /fleet/summary (counted server-side, never by listing meters), alarms and
// accounts when those APIs are served. Refreshes on stream events (when served) and every 10 s.
import {api} from '../api.js';
import {h, mount, num, empty, errorState, tableWrap} from '../dom.js';
import {session, optional} from '../session.js';
import {watch} from '../live.js';

export function overviewView(root) {
  let stopped = false;
  let first = true;
  const body = h('div', {class: 'overview'});
  const updated = h('p', {class: 'muted', 'aria-live': 'off'});

  async function refresh() {
    try {
      const [summary, alarms, accounts] = await Promise.all([
        api.get('/fleet/summary'),
        session.can('alarms.read') ? optional('alarms', () => api.get('/alarms', {state: 'open', limit: 1000})) : null,
        lowCredit(),
      ]);
      if (stopped) return;
      mount(body, cards(summary, alarms, accounts), regions(summary));
      updated.textContent = `Updated ${new Date().toISOString().slice(11, 19)} UTC · `
        + (session.has('stream') ? 'live, and every 10 s' : 'refreshes every 10 s');
      if (first) {
        first = false;
        performance.mark('meterhub:overview-ready');
      }
    } catch (e) {
      if (!stopped && first) mount(body, errorState(e, refresh));
    }
  }

  mount(root, h('div', {class: 'page-head'}, h('h1', {}, 'Fleet overview'), updated), body);
  refresh();
  const stop = watch('overview', refresh);
  return () => {
    stopped = true;
    stop();
  };
}

/** Accounts in low or exhausted credit, when the accounts API offers a creditState filter. */
async function lowCredit() {
  if (!session.can('accounts.read') || !session.queryParams('/api/v1/accounts').includes('creditState')) return null;
  return optional('accounts', async () => {
    const [low, exhausted] = await Promise.all([
      api.get('/accounts', {creditState: 'low', limit: 1000}),
      api.get('/accounts', {creditState: 'exhausted', limit: 1000}),
    ]);
    return {low: countOf(low), exhausted: countOf(exhausted)};
  });
}

function countOf(page) {
  return page.next ? `${page.items.length}+` : page.items.length;
}

function cards(s, alarms, accounts) {
  const list = [
    card('Meters', num(s.meters), 'meters'),
    card('Online', num(s.online), 'online', 'ok'),
    card('Offline', num(s.offline), 'offline', s.offline > 0 ? 'warn' : ''),
    card('Relays open', s.relayOpen === null ? '—' : num(s.relayOpen), 'relay-open', s.relayOpen > 0 ? 'warn' : ''),
  ];
  if (alarms) list.push(card('Open alarms', countOf(alarms), 'alarms', alarms.items.length ? 'bad' : ''));
  if (accounts) {
    list.push(card('Accounts low', accounts.low, 'accounts-low'));
    list.push(card('Accounts exhausted', accounts.exhausted, 'accounts-exhausted'));
  }
  return h('ul', {class: 'cards', 'aria-label': 'Fleet counts'}, list);
}

function card(label, value, key, tone = '') {
  return h('li', {class: `card stat ${tone}`},
    h('span', {class: 'stat-label', id: `stat-${key}-label`}, label),
    h('span', {class: 'stat-value', 'data-stat': key, 'aria-describedby': `stat-${key}-label`}, value));
}

function regions(s) {
  if (!s.regions.length) return empty('No meters are provisioned yet.');
  const max = Math.max(...s.regions.map(r => r.meters));
  return h('section', {class: 'card', 'aria-labelledby': 'regions-title'},
    h('h2', {id: 'regions-title'}, 'Meters by region'),
    tableWrap('Meters by region', h('table', {class: 'table'},
      h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Region'), h('th', {scope: 'col', class: 'num'}, 'Meters'),
        h('th', {scope: 'col'}, h('span', {class: 'sr-only'}, 'Share')))),
      h('tbody', {}, s.regions.map(r => h('tr', {'data-region': r.region},
        h('td', {}, h('a', {href: `#/meters?region=${encodeURIComponent(r.region)}`}, r.region)),
        h('td', {class: 'num'}, num(r.meters)),
        h('td', {class: 'bar-cell'}, bar(r.meters / max))))))));
}

function bar(share) {
  const el = h('span', {class: 'bar'});
  // CSSOM, not a style attribute: the Content-Security-Policy allows no inline styles.
  el.style.width = `${Math.max(2, Math.round(100 * share))}%`;
  return el;
}
