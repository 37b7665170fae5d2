// One meter: identity, live status, radio signal, latest values and time-of-use registers (refreshed live), readings
// chart, and the command, account and event panels when those APIs are served.
import {api} from '../api.js';
import {h, mount, num, time, ago, badge, empty, errorState, tableWrap, toast} from '../dom.js';
import {session} from '../session.js';
import {watch} from '../live.js';
import {relayBadge} from './meters.js';
import {editRegionDialog, deleteMeterDialog} from '../parts/meter-forms.js';
import {readingsChart} from '../parts/readings-chart.js';
import {commandsPanel} from '../parts/commands.js';
import {accountPanel} from '../parts/account.js';
import {eventsPanel} from '../parts/events.js';

const LATEST = [['activeEnergyKwh', 'Energy', 'kWh', 3], ['activePowerKw', 'Power', 'kW', 3],
  ['voltageV', 'Voltage', 'V', 1], ['currentA', 'Current', 'A', 2], ['powerFactor', 'Power factor', '', 2],
  ['frequencyHz', 'Frequency', 'Hz', 2]];

export function meterView(root, meterId) {
  let stopped = false;
  let parts = [];
  let stopWatch = () => {};
  const facts = h('div', {class: 'grid-2'});

  async function first() {
    try {
      const meter = await api.get(`/meters/${api.seg(meterId)}`);
      if (stopped) return;
      render(meter);
    } catch (e) {
      if (stopped) return;
      mount(root, back(), e.status === 404 ? empty(`Meter ${meterId} does not exist.`) : errorState(e, first));
    }
  }

  function render(meter) {
    const actions = session.can('meters.write') ? h('div', {class: 'button-row'},
      h('button', {type: 'button', class: 'button secondary', id: 'edit-region', onclick: async () => {
        if (await editRegionDialog(meter)) {
          toast('Region changed.');
          refresh();
        }
      }}, 'Change region'),
      h('button', {type: 'button', class: 'button danger', id: 'delete-meter', onclick: async () => {
        if (await deleteMeterDialog(meter)) {
          toast(`Meter ${meter.id} deleted.`);
          location.hash = '#/meters';
        }
      }}, 'Delete meter')) : null;
    const chart = h('div', {});
    const commands = h('div', {});
    const account = h('div', {});
    const events = h('div', {});
    mount(root, back(), h('div', {class: 'page-head'}, h('h1', {}, meter.id), actions),
      facts, chart, commands, account, events);
    showFacts(meter);
    const readings = session.can('readings.read') ? readingsChart(chart, meter.id) : null;
    const eventList = eventsPanel(events, meter.id);
    parts = [readings, commandsPanel(commands, meter.id), accountPanel(account, meter.id), eventList]
      .filter(Boolean);
    stopWatch = watch('meter', refresh, event => event.data.meterId === meterId);

    async function refresh(event) {
      if (event && event.type === 'event') eventList.refresh();
      try {
        const next = await api.get(`/meters/${api.seg(meterId)}`);
        if (stopped) return;
        meter = next;
        showFacts(next);
        if (readings && next.latest) readings.latest(next.latest);
      } catch (e) {
        // A failed background refresh keeps the last values; the next one may succeed.
      }
    }
  }

  function showFacts(meter) {
    const latest = meter.latest || {};
    mount(facts,
      h('section', {class: 'card', 'aria-labelledby': 'identity-title'},
        h('h2', {id: 'identity-title'}, 'Meter'),
        h('dl', {class: 'facts'},
          h('dt', {}, 'Model'), h('dd', {'data-value': 'model'}, meter.model),
          h('dt', {}, 'Region'), h('dd', {'data-value': 'region'}, meter.region),
          h('dt', {}, 'Security'), h('dd', {}, meter.security ? meter.security.mode.toUpperCase() : '—'),
          h('dt', {}, 'Status'), h('dd', {'data-value': 'online'},
            meter.online ? badge('Online', 'ok') : badge('Offline', 'muted')),
          h('dt', {}, 'Last seen'), h('dd', {}, meter.lastSeen ? `${time(meter.lastSeen)} (${ago(meter.lastSeen)})` : 'never'),
          h('dt', {}, 'Relay'), h('dd', {'data-value': 'relay'}, relayBadge(meter.relay)),
          h('dt', {}, 'Signal strength'), h('dd', {'data-value': 'signal'}, signal(meter.radio)))),
      h('section', {class: 'card', 'aria-labelledby': 'latest-title'},
        h('h2', {id: 'latest-title'}, 'Latest values'),
        meter.latest ? h('dl', {class: 'facts'},
          LATEST.filter(([key]) => latest[key] !== undefined && latest[key] !== null).flatMap(([key, label, unit, d]) => [
            h('dt', {}, label),
            h('dd', {'data-value': key}, `${num(latest[key], d)}${unit ? ` ${unit}` : ''}`)]),
          h('dt', {}, 'Measured'), h('dd', {'data-value': 'timestamp'}, time(latest.timestamp)))
          : empty('No reading received yet.')),
      touSection(latest.tou));
  }

  mount(root, back());
  first();
  return () => {
    stopped = true;
    stopWatch();
    parts.forEach(p => p.stop());
  };
}

/** LwM2M 4/0/2 is RSRP on LTE; bands as operators commonly read them. */
function signal(radio) {
  if (!radio) return 'not reported';
  const dbm = radio.signalStrengthDbm;
  const quality = dbm >= -80 ? 'excellent' : dbm >= -90 ? 'good' : dbm >= -100 ? 'fair' : 'poor';
  return `${dbm} dBm (${quality})`;
}

const TOU_BANDS = [['sharpKwh', 'Sharp'], ['peakKwh', 'Peak'], ['flatKwh', 'Flat'], ['valleyKwh', 'Valley']];

/** Time-of-use registers and maximum demand (object 26241), as the meter last reported them. */
function touSection(tou) {
  return h('section', {class: 'card', 'aria-labelledby': 'tou-title'},
    h('h2', {id: 'tou-title'}, 'Time-of-use registers'),
    tou ? [
      tableWrap('Time-of-use registers', h('table', {class: 'table'},
        h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Band'), h('th', {scope: 'col', class: 'num'}, 'Energy (kWh)'))),
        h('tbody', {}, TOU_BANDS.map(([key, label]) => h('tr', {'data-band': key},
          h('th', {scope: 'row'}, label), h('td', {class: 'num'}, num(tou[key], 3))))))),
      h('dl', {class: 'facts tou-demand'},
        h('dt', {}, 'Maximum demand'),
        h('dd', {'data-value': 'maxDemandKw'}, tou.maxDemandKw === null || tou.maxDemandKw === undefined
          ? '—' : `${num(tou.maxDemandKw, 3)} kW`),
        h('dt', {}, 'Maximum demand at'), h('dd', {'data-value': 'maxDemandAt'}, time(tou.maxDemandAt)))]
      : empty('Not reported by this meter yet.'));
}

function back() {
  return h('p', {class: 'back'}, h('a', {href: '#/meters'}, '← All meters'));
}
