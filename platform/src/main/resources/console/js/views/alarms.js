// Alarms (shown when GET /alarms is served): open, acknowledged or cleared, with acknowledgement for operators.
import {api} from '../api.js';
import {h, mount, time, loading, empty, errorState, tableWrap, toast, describe} from '../dom.js';
import {session, optional} from '../session.js';
import {formDialog} from '../dialog.js';
import {watch} from '../live.js';
import {severityBadge} from '../parts/events.js';

export function alarmsView(root) {
  let stopped = false;
  const results = h('div', {});
  const stateSelect = h('select', {id: 'alarm-state'},
    ['open', 'acknowledged', 'cleared'].map(s => h('option', {value: s}, s)));
  const region = h('input', {id: 'alarm-region', spellcheck: 'false'});
  const form = h('form', {class: 'filters', role: 'search', 'aria-label': 'Filter alarms'},
    h('div', {class: 'field'}, h('label', {for: 'alarm-state'}, 'State'), stateSelect),
    h('div', {class: 'field'}, h('label', {for: 'alarm-region'}, 'Region starts with'), region),
    h('button', {type: 'submit', class: 'button'}, 'Show'));
  form.addEventListener('submit', event => {
    event.preventDefault();
    load();
  });

  async function load() {
    if (!results.firstChild) mount(results, loading('Loading alarms…'));
    try {
      const page = await optional('alarms', () => api.get('/alarms',
        {state: stateSelect.value, region: region.value.trim(), limit: 100}));
      if (stopped) return;
      if (!page) {
        mount(results, empty('Alarms are not available on this server.'));
        return;
      }
      mount(results, page.items.length ? table(page.items) : empty(`No ${stateSelect.value} alarms.`));
    } catch (e) {
      if (!stopped) mount(results, errorState(e, load));
    }
  }

  function table(items) {
    const canAck = session.can('alarms.ack') && session.has('alarmAck');
    return tableWrap('Alarms', h('table', {class: 'table'},
      h('thead', {}, h('tr', {}, ['Raised', 'Meter', 'Type', 'Severity', 'State', ''].map(t =>
        h('th', {scope: 'col'}, t || h('span', {class: 'sr-only'}, 'Actions'))))),
      h('tbody', {}, items.map(a => h('tr', {},
        h('td', {}, time(a.openedAt)),
        h('td', {}, a.meterId ? h('a', {href: `#/meters/${encodeURIComponent(a.meterId)}`}, a.meterId) : '—'),
        h('td', {}, a.type), h('td', {}, severityBadge(a.severity)), h('td', {'data-state': a.state}, stateText(a)),
        h('td', {}, canAck && a.state === 'open' ? h('button', {type: 'button', class: 'button secondary',
          onclick: () => ack(a)}, 'Acknowledge') : null))))));
  }

  function ack(alarm) {
    return formDialog({
      title: 'Acknowledge alarm',
      submitLabel: 'Acknowledge',
      fields: [{name: 'note', label: 'Note', type: 'textarea', required: true}],
      onSubmit: async values => {
        try {
          await api.post(`/alarms/${api.seg(alarm.id)}/ack`, {note: values.note});
        } catch (e) {
          throw new Error(describe(e));
        }
        toast('Alarm acknowledged.');
        load();
      },
    });
  }

  mount(root, h('div', {class: 'page-head'}, h('h1', {}, 'Alarms')), form, results);
  load();
  const stop = watch('overview', load, event => event.type === 'alarm');
  return () => {
    stopped = true;
    stop();
  };
}

/** The state, with who acknowledged it and their note. */
function stateText(alarm) {
  if (alarm.state !== 'acknowledged' || !alarm.acknowledgedBy) return alarm.state;
  return `acknowledged by ${alarm.acknowledgedBy}${alarm.note ? `: ${alarm.note}` : ''}`;
}
