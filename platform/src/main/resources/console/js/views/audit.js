// Audit log (admin, auditor): chain verification result and the entries, filtered and paged by the API cursor.
import {api} from '../api.js';
import {h, mount, time, loading, empty, errorState, tableWrap} from '../dom.js';

const PAGE_SIZE = 50;

export function auditView(root) {
  let stopped = false;
  const verify = h('div', {id: 'audit-verify'}, loading('Verifying the hash chain…'));
  const results = h('div', {});
  const state = {actor: '', action: '', cursors: [null], index: 0};
  const actor = h('input', {id: 'audit-actor', name: 'actor', spellcheck: 'false'});
  const action = h('input', {id: 'audit-action', name: 'action', placeholder: 'meter.create', spellcheck: 'false'});
  const form = h('form', {class: 'filters', role: 'search', 'aria-label': 'Filter audit entries'},
    h('div', {class: 'field'}, h('label', {for: 'audit-actor'}, 'Actor'), actor),
    h('div', {class: 'field'}, h('label', {for: 'audit-action'}, 'Action'), action),
    h('button', {type: 'submit', class: 'button'}, 'Filter'));
  form.addEventListener('submit', event => {
    event.preventDefault();
    Object.assign(state, {actor: actor.value.trim(), action: action.value.trim(), cursors: [null], index: 0});
    load();
  });

  async function checkChain() {
    try {
      const v = await api.get('/audit/verify');
      if (stopped) return;
      mount(verify, v.valid
        ? h('p', {class: 'banner ok', 'data-valid': 'true'},
          `Hash chain verified: ${v.entries} entries, valid. Head ${v.head ? v.head.slice(0, 16) : '—'}…`)
        : h('p', {class: 'banner bad', role: 'alert', 'data-valid': 'false'},
          `Hash chain INVALID at entry ${v.firstBadSeq}: an entry was altered, removed or reordered.`));
    } catch (e) {
      if (!stopped) mount(verify, errorState(e, checkChain));
    }
  }

  async function load() {
    mount(results, loading('Loading audit entries…'));
    try {
      const page = await api.get('/audit', {actor: state.actor, action: state.action, limit: PAGE_SIZE,
        cursor: state.cursors[state.index]});
      if (stopped) return;
      state.cursors[state.index + 1] = page.next;
      mount(results, page.items.length ? table(page.items) : empty('No audit entries match.'), pager(page));
    } catch (e) {
      if (!stopped) mount(results, errorState(e, load));
    }
  }

  function pager(page) {
    return h('nav', {class: 'pager', 'aria-label': 'Pages'},
      h('button', {type: 'button', class: 'button secondary', disabled: state.index === 0,
        onclick: () => { state.index--; load(); }}, 'Previous page'),
      h('span', {}, `Page ${state.index + 1}`),
      h('button', {type: 'button', class: 'button secondary', disabled: !page.next,
        onclick: () => { state.index++; load(); }}, 'Next page'));
  }

  mount(root, h('div', {class: 'page-head'}, h('h1', {}, 'Audit log')), verify, form, results);
  checkChain();
  load();
  return () => { stopped = true; };
}

function table(items) {
  return tableWrap('Audit entries', h('table', {class: 'table'},
    h('thead', {}, h('tr', {}, ['#', 'Time', 'Actor', 'Action', 'Target', 'Details']
      .map(t => h('th', {scope: 'col'}, t)))),
    h('tbody', {}, items.map(e => h('tr', {},
      h('td', {class: 'num'}, e.seq), h('td', {}, time(e.at)), h('td', {}, e.actor), h('td', {}, e.action),
      h('td', {}, e.target || '—'),
      h('td', {class: 'details'}, e.details === null ? '—'
        : typeof e.details === 'string' ? e.details : JSON.stringify(e.details)))))));
}
