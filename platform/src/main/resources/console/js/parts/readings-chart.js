// Readings chart of one meter over a selectable range (GET /meters/{id}/readings?from&to), one quantity at a time.
// Chart.js comes from its WebJar and is loaded only when a chart is shown, so the overview stays light.
import {api} from '../api.js';
import {h, mount, num, loading, empty, errorState} from '../dom.js';

const RANGES = [['1h', 'Last hour', 3600e3], ['6h', 'Last 6 hours', 6 * 3600e3], ['24h', 'Last 24 hours', 86400e3],
  ['7d', 'Last 7 days', 7 * 86400e3], ['30d', 'Last 30 days', 30 * 86400e3]];
const METRICS = [['activeEnergyKwh', 'Energy (kWh)', 3], ['activePowerKw', 'Power (kW)', 3],
  ['voltageV', 'Voltage (V)', 1], ['currentA', 'Current (A)', 2]];
const MAX_PAGES = 5;

let chartLibrary = null;

function loadChartLibrary() {
  if (!chartLibrary) {
    chartLibrary = new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = '/console/vendor/chart.js/chart.umd.min.js';
      script.onload = () => resolve(window.Chart);
      script.onerror = () => {
        chartLibrary = null;
        reject(new Error('The chart library could not be loaded.'));
      };
      document.head.append(script);
    });
  }
  return chartLibrary;
}

/** Renders the chart section into root; returns {latest(reading), stop()}. */
export function readingsChart(root, meterId) {
  let stopped = false;
  let readings = [];
  let chart = null;
  const rangeSelect = h('select', {id: 'chart-range'},
    RANGES.map(([key, label]) => h('option', {value: key, selected: key === '24h'}, label)));
  const metricSelect = h('select', {id: 'chart-metric'},
    METRICS.map(([key, label]) => h('option', {value: key}, label)));
  const area = h('div', {class: 'chart-area'});
  const summary = h('p', {class: 'muted', id: 'chart-summary'});
  rangeSelect.addEventListener('change', load);
  metricSelect.addEventListener('change', draw);

  mount(root, h('section', {class: 'card', 'aria-labelledby': 'chart-title'},
    h('div', {class: 'section-head'}, h('h2', {id: 'chart-title'}, 'Readings'),
      h('div', {class: 'inline-fields'},
        h('div', {class: 'field'}, h('label', {for: 'chart-metric'}, 'Quantity'), metricSelect),
        h('div', {class: 'field'}, h('label', {for: 'chart-range'}, 'Range'), rangeSelect))),
    area, summary));

  async function load() {
    mount(area, loading('Loading readings…'));
    const span = RANGES.find(([key]) => key === rangeSelect.value)[2];
    const to = new Date();
    const from = new Date(to.getTime() - span);
    try {
      const items = [];
      let cursor = null;
      let pages = 0;
      do {
        const page = await api.get(`/meters/${api.seg(meterId)}/readings`,
          {from: from.toISOString(), to: to.toISOString(), limit: 1000, cursor});
        items.push(...page.items);
        cursor = page.next;
      } while (cursor && ++pages < MAX_PAGES && !stopped);
      if (stopped) return;
      readings = items;
      summary.textContent = cursor ? `Showing the first ${items.length} readings of this range.` : '';
      draw();
    } catch (e) {
      if (!stopped) mount(area, errorState(e, load));
    }
  }

  async function draw() {
    const [key, label, decimals] = METRICS.find(([k]) => k === metricSelect.value);
    const spanMs = readings.length > 1
      ? Date.parse(readings[readings.length - 1].timestamp) - Date.parse(readings[0].timestamp) : 0;
    const points = readings.filter(r => typeof r[key] === 'number')
      .map(r => ({x: Date.parse(r.timestamp), y: r[key]}));
    if (chart) {
      chart.destroy();
      chart = null;
    }
    if (!points.length) {
      mount(area, empty('No readings of this quantity in the selected range.'));
      return;
    }
    let Chart;
    try {
      Chart = await loadChartLibrary();
    } catch (e) {
      mount(area, errorState(e));
      return;
    }
    if (stopped) return;
    const canvas = h('canvas', {role: 'img', id: 'readings-canvas',
      'aria-label': `${label}: ${points.length} readings, latest ${num(points[points.length - 1].y, decimals)}`});
    mount(area, h('div', {class: 'chart-box'}, canvas));
    chart = new Chart(canvas, {
      type: 'line',
      data: {datasets: [{label, data: points, borderColor: '#0b5cad', backgroundColor: '#0b5cad',
        pointRadius: points.length > 200 ? 0 : 2, borderWidth: 2, tension: 0}]},
      options: {
        animation: false, responsive: true, maintainAspectRatio: false, parsing: false,
        plugins: {legend: {display: false}},
        scales: {
          x: {type: 'linear', ticks: {color: '#374151', maxTicksLimit: 6, callback: v => tick(v, spanMs)}},
          y: {ticks: {color: '#374151'}, title: {display: true, text: label, color: '#374151'}},
        },
      },
    });
  }

  load();
  return {
    /** A newer latest value arrived: append it without reloading the range. */
    latest(reading) {
      if (!reading || stopped) return;
      const last = readings[readings.length - 1];
      if (last && Date.parse(reading.timestamp) <= Date.parse(last.timestamp)) return;
      readings.push(reading);
      draw();
    },
    stop() {
      stopped = true;
      if (chart) chart.destroy();
    },
  };
}

/** Axis label in UTC: seconds when the readings span under two hours, the date when they span days. */
function tick(ms, spanMs) {
  const iso = new Date(ms).toISOString();
  if (spanMs < 2 * 3600e3) return iso.slice(11, 19);
  return spanMs < 86400e3 ? iso.slice(11, 16) : `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
}
