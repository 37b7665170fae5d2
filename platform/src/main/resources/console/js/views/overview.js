// Fleet overview: counts from GET /fleet/summary (counted server-side, never by listing meters): meters, online,
// relays open, accounts per credit state, open outages, and meters/online per region; open alarms and the open
// outage incidents by region. Refreshes on stream events (when served) and every 10 s.
import {api} from '../api.js';
import {h, mount, num, time, empty, errorState, tableWrap} from '../dom.js';
import {session, optional} from '../session.js';
import {watch} from '../live.js';

export function overviewView(root) {
  let stopped = false;
  let first = true;
  const body = h('div', {class: 'overview'});
  const updated = h('p', {class: 'muted', 'aria-live': 'off'});

  async function refresh() {
    try {
      const [summary, alarms, outages] = await Promise.all([
        api.get('/fleet/summary'),
        session.can('alarms.read') ? optional('alarms', () => api.get('/alarms', {state: 'open', limit: 1000})) : null,
        optional('outages', () => api.get('/outages', {state: 'open', limit: 1000})),
      ]);
      if (stopped) return;
      mount(body, cards(summary, alarms), regions(summary), outages ? outageList(outages) : null);
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

function countOf(page) {
  return page.next ? `${page.items.length}+` : page.items.length;
}

function cards(s, alarms) {
  const list = [
    card('Meters', num(s.meters), 'meters'),
    card('Online', num(s.online), 'online', 'ok'),
    card('Offline', num(s.offline), 'offline', s.offline > 0 ? 'warn' : ''),
    card('Relays open', s.relayOpen === null ? '—' : num(s.relayOpen), 'relay-open', s.relayOpen > 0 ? 'warn' : ''),
  ];
  if (alarms) list.push(card('Open alarms', countOf(alarms), 'alarms', alarms.items.length ? 'bad' : ''));
  if (s.openOutages !== undefined && s.openOutages !== null) {
    list.push(card('Open outages', num(s.openOutages), 'outages', s.openOutages > 0 ? 'bad' : ''));
  }
  if (s.accounts) {
    // Each card links to the meter list narrowed to that credit state.
    list.push(card('Accounts low', num(s.accounts.low), 'accounts-low', s.accounts.low > 0 ? 'warn' : '', 'low'));
    list.push(card('Accounts exhausted', num(s.accounts.exhausted), 'accounts-exhausted',
      s.accounts.exhausted > 0 ? 'bad' : '', 'exhausted'));
    list.push(card('Accounts disconnected', num(s.accounts.disconnected), 'accounts-disconnected',
      s.accounts.disconnected > 0 ? 'bad' : '', 'disconnected'));
  }
  return h('ul', {class: 'cards', 'aria-label': 'Fleet counts'}, list);
}

function card(label, value, key, tone = '', creditState = null) {
  const text = h('span', {class: 'stat-label', id: `stat-${key}-label`}, label);
  return h('li', {class: `card stat ${tone}`},
    creditState ? h('a', {href: `#/meters?creditState=${creditState}`, class: 'stat-link'}, text) : text,
    h('span', {class: 'stat-value', 'data-stat': key, 'aria-describedby': `stat-${key}-label`}, value));
}

function regions(s) {
  if (!s.regions.length) return empty('No meters are provisioned yet.');
  const max = Math.max(...s.regions.map(r => r.meters));
  const withOnline = s.regions.some(r => r.online !== undefined && r.online !== null);
  return h('section', {class: 'card', 'aria-labelledby': 'regions-title'},
    h('h2', {id: 'regions-title'}, 'Meters by region'),
    tableWrap('Meters by region', h('table', {class: 'table'},
      h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Region'), h('th', {scope: 'col', class: 'num'}, 'Meters'),
        withOnline ? h('th', {scope: 'col', class: 'num'}, 'Online') : null,
        h('th', {scope: 'col'}, h('span', {class: 'sr-only'}, 'Share')))),
      h('tbody', {}, s.regions.map(r => h('tr', {'data-region': r.region},
        h('td', {}, h('a', {href: `#/meters?region=${encodeURIComponent(r.region)}`}, r.region)),
        h('td', {class: 'num', 'data-count': 'meters'}, num(r.meters)),
        withOnline ? h('td', {class: 'num', 'data-count': 'online'}, num(r.online)) : null,
        h('td', {class: 'bar-cell'}, bar(r.meters / max))))))));
}

/** Open outage incidents grouped by region (the API lists them newest first). */
function outageList(page) {
  const byRegion = new Map();
  for (const outage of page.items) {
    if (!byRegion.has(outage.region)) byRegion.set(outage.region, []);
    byRegion.get(outage.region).push(outage);
  }
  const regionsSorted = [...byRegion.keys()].sort();
  return h('section', {class: 'card', 'aria-labelledby': 'outages-title'},
    h('h2', {id: 'outages-title'}, 'Outages'),
    page.items.length ? tableWrap('Open outages by region', h('table', {class: 'table'},
      h('thead', {}, h('tr', {}, ['Region', 'Incident', 'Started'].map(t => h('th', {scope: 'col'}, t)),
        h('th', {scope: 'col', class: 'num'}, 'Meters affected'), h('th', {scope: 'col', class: 'num'}, 'Restored'))),
      h('tbody', {}, regionsSorted.flatMap(region => byRegion.get(region).map((o, i) => h('tr', {'data-outage': o.id},
        i === 0 ? h('th', {scope: 'row', rowspan: byRegion.get(region).length}, region) : null,
        h('td', {}, `#${o.id}`),
        h('td', {}, time(o.startedAt)),
        h('td', {class: 'num'}, num(o.affectedMeters)),
        h('td', {class: 'num'}, num(o.restoredMeters))))))))
      : empty('No open outages.'));
}

function bar(share) {
  const el = h('span', {class: 'bar'});
  // CSSOM, not a style attribute: the Content-Security-Policy allows no inline styles.
  el.style.width = `${Math.max(2, Math.round(100 * share))}%`;
  return el;
}
