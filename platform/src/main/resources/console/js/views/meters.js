// Meter list: id-prefix search, region-prefix, online, relay-state and credit-state filters (all applied by the
// server), pages by the API cursor (never loads all).
import {api} from '../api.js';
import {h, mount, num, ago, badge, loading, empty, errorState, tableWrap, toast} from '../dom.js';
import {session} from '../session.js';
import {addMeterDialog} from '../parts/meter-forms.js';

const PAGE_SIZE = 25;

export function metersView(root, _param, query) {
  let stopped = false;
  const state = {
    idPrefix: query.get('idPrefix') || '', region: query.get('region') || '', online: query.get('online') || '',
    relay: query.get('relay') || '', creditState: query.get('creditState') || '', cursors: [null], index: 0,
  };
  const results = h('div', {class: 'results'});

  const idInput = h('input', {id: 'filter-id', name: 'idPrefix', type: 'search', value: state.idPrefix,
    placeholder: 'urn:imei:8612', spellcheck: 'false'});
  const regionInput = h('input', {id: 'filter-region', name: 'region', value: state.region, placeholder: 'north',
    spellcheck: 'false'});
  const onlineSelect = h('select', {id: 'filter-online', name: 'online'},
    h('option', {value: '', selected: state.online === ''}, 'Any'),
    h('option', {value: 'true', selected: state.online === 'true'}, 'Online'),
    h('option', {value: 'false', selected: state.online === 'false'}, 'Offline'));
  const relaySelect = select('filter-relay', 'relay', state.relay,
    [['', 'Any'], ['closed', 'Closed (supply on)'], ['open', 'Open (supply off)'], ['unknown', 'Unknown']]);
  const withCredit = session.can('accounts.read') && session.has('accounts')
    && session.queryParams('/api/v1/meters').includes('creditState');
  const creditSelect = withCredit ? select('filter-credit', 'creditState', state.creditState,
    [['', 'Any'], ['ok', 'OK'], ['low', 'Low'], ['emergency', 'Emergency'], ['exhausted', 'Exhausted'],
      ['disconnected', 'Disconnected']]) : null;
  const form = h('form', {class: 'filters', role: 'search', 'aria-label': 'Find meters'},
    h('div', {class: 'field'}, h('label', {for: 'filter-id'}, 'Meter id starts with'), idInput),
    h('div', {class: 'field'}, h('label', {for: 'filter-region'}, 'Region starts with'), regionInput),
    h('div', {class: 'field'}, h('label', {for: 'filter-online'}, 'Status'), onlineSelect),
    h('div', {class: 'field'}, h('label', {for: 'filter-relay'}, 'Relay'), relaySelect),
    creditSelect ? h('div', {class: 'field'}, h('label', {for: 'filter-credit'}, 'Credit state'), creditSelect) : null,
    h('button', {type: 'submit', class: 'button'}, 'Search'));
  form.addEventListener('submit', event => {
    event.preventDefault();
    state.idPrefix = idInput.value.trim();
    state.region = regionInput.value.trim();
    state.online = onlineSelect.value;
    state.relay = relaySelect.value;
    state.creditState = creditSelect ? creditSelect.value : '';
    state.cursors = [null];
    state.index = 0;
    load();
  });

  async function load() {
    mount(results, loading('Loading meters…'));
    try {
      const page = await api.get('/meters', {idPrefix: state.idPrefix, region: state.region, online: state.online,
        relay: state.relay, creditState: state.creditState, limit: PAGE_SIZE, cursor: state.cursors[state.index]});
      if (stopped) return;
      state.cursors[state.index + 1] = page.next;
      mount(results, page.items.length ? table(page.items) : empty('No meters match these filters.'), pager(page));
    } catch (e) {
      if (!stopped) mount(results, errorState(e, load));
    }
  }

  function pager(page) {
    const prev = h('button', {type: 'button', class: 'button secondary', disabled: state.index === 0,
      onclick: () => { state.index--; load(); }}, 'Previous page');
    const next = h('button', {type: 'button', class: 'button secondary', disabled: !page.next,
      onclick: () => { state.index++; load(); }}, 'Next page');
    return h('nav', {class: 'pager', 'aria-label': 'Pages'}, prev, h('span', {}, `Page ${state.index + 1}`), next);
  }

  const actions = session.can('meters.write')
    ? h('button', {type: 'button', class: 'button', id: 'add-meter', onclick: async () => {
      const created = await addMeterDialog();
      if (created) {
        toast(`Meter ${created.id} added.`);
        location.hash = `#/meters/${encodeURIComponent(created.id)}`;
      }
    }}, 'Add meter')
    : null;
  mount(root, h('div', {class: 'page-head'}, h('h1', {}, 'Meters'), actions), form, results);
  load();
  return () => { stopped = true; };
}

function select(id, name, value, options) {
  return h('select', {id, name}, options.map(([v, label]) => h('option', {value: v, selected: value === v}, label)));
}

function table(items) {
  return tableWrap('Meters', h('table', {class: 'table'},
    h('thead', {}, h('tr', {},
      ['Meter', 'Model', 'Region', 'Status', 'Last seen', 'Relay'].map(t => h('th', {scope: 'col'}, t)),
      h('th', {scope: 'col', class: 'num'}, 'Energy (kWh)'))),
    h('tbody', {}, items.map(m => h('tr', {'data-meter': m.id},
      h('td', {}, h('a', {href: `#/meters/${encodeURIComponent(m.id)}`}, m.id)),
      h('td', {}, m.model),
      h('td', {}, m.region),
      h('td', {}, m.online ? badge('Online', 'ok') : badge('Offline', 'muted')),
      h('td', {}, ago(m.lastSeen)),
      h('td', {}, relayBadge(m.relay)),
      h('td', {class: 'num'}, m.latest ? num(m.latest.activeEnergyKwh, 3) : '—'))))));
}

export function relayBadge(relay) {
  if (relay === 'closed') return badge('Closed (supply on)', 'ok');
  if (relay === 'open') return badge('Open (supply off)', 'warn');
  return badge('Unknown', 'muted');
}
