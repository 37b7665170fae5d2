// Recent events of a meter (GET /meters/{id}/events), hidden when the server does not serve them.
import {api} from '../api.js';
import {h, mount, time, badge, empty, errorState, tableWrap} from '../dom.js';
import {session, optional} from '../session.js';

export function eventsPanel(root, meterId) {
  let stopped = false;
  if (!session.can('events.read') || !session.has('events')) return {refresh() {}, stop() {}};

  async function load() {
    try {
      const from = new Date(Date.now() - 7 * 86400e3).toISOString();
      const page = await optional('events', () => api.get(`/meters/${api.seg(meterId)}/events`, {from, limit: 20}));
      if (stopped) return;
      if (!page) {
        root.replaceChildren();
        return;
      }
      mount(root, h('section', {class: 'card', 'aria-labelledby': 'events-title'},
        h('h2', {id: 'events-title'}, 'Events (last 7 days)'),
        page.items.length ? tableWrap('Events', h('table', {class: 'table'},
          h('thead', {}, h('tr', {}, ['Occurred', 'Type', 'Severity'].map(t => h('th', {scope: 'col'}, t)))),
          h('tbody', {}, page.items.map(e => h('tr', {},
            h('td', {}, time(e.occurredAt)), h('td', {}, e.type), h('td', {}, severityBadge(e.severity)))))))
          : empty('No events in the last 7 days.')));
    } catch (e) {
      if (!stopped) mount(root, errorState(e, load));
    }
  }

  load();
  return {refresh: load, stop() { stopped = true; }};
}

export function severityBadge(severity) {
  const tone = {critical: 'bad', major: 'bad', minor: 'warn', warning: 'warn'}[severity] || 'muted';
  return badge(severity || '—', tone);
}
