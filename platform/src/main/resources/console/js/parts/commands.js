// Relay control and command history (POST /meters/{id}/relay, GET /commands/{id}, GET /meters/{id}/commands).
// Rendered only when the server serves these routes; the relay buttons only for roles with commands.write.
import {api} from '../api.js';
import {h, mount, time, badge, empty, errorState, tableWrap, toast, describe} from '../dom.js';
import {session, optional} from '../session.js';
import {confirmWithReason} from '../dialog.js';

const FINAL = ['confirmed', 'failed', 'expired', 'cancelled'];

/** Renders into root; returns {refresh(meter), stop()}. Renders nothing when the command API is not served. */
export function commandsPanel(root, meterId) {
  let stopped = false;
  const history = h('div', {});
  const canSend = session.can('commands.write') && session.has('relay');
  const canRead = session.can('commands.read') && session.has('commands');
  if (!canSend && !canRead) return {refresh() {}, stop() {}};

  const buttons = canSend ? h('div', {class: 'button-row'},
    h('button', {type: 'button', class: 'button danger', id: 'relay-open',
      onclick: () => send('open', 'Open relay (disconnect supply)')}, 'Disconnect supply'),
    h('button', {type: 'button', class: 'button', id: 'relay-close',
      onclick: () => send('closed', 'Close relay (reconnect supply)')}, 'Reconnect supply')) : null;
  mount(root, h('section', {class: 'card', 'aria-labelledby': 'commands-title'},
    h('h2', {id: 'commands-title'}, 'Relay commands'), buttons, canRead ? history : null));

  async function send(target, title) {
    const idempotencyKey = crypto.randomUUID();
    let command = null;
    await confirmWithReason({
      title,
      description: `The command is queued until meter ${meterId} is reachable.`,
      confirmLabel: target === 'open' ? 'Disconnect' : 'Reconnect',
      action: async reason => {
        try {
          command = await optional('relay', () => api.post(`/meters/${api.seg(meterId)}/relay`,
            {state: target, reason}, {'Idempotency-Key': idempotencyKey}));
        } catch (e) {
          throw new Error(describe(e));
        }
      },
    });
    if (command) {
      toast(`Relay command ${command.status}.`);
      follow(command.id);
      loadHistory();
    }
  }

  /** Polls a command until it reaches a final status (a few seconds apart, bounded). */
  async function follow(id, attempts = 60) {
    for (let i = 0; i < attempts && !stopped; i++) {
      await new Promise(resolve => setTimeout(resolve, 2000));
      const command = await optional('command', () => api.get(`/commands/${api.seg(id)}`)).catch(() => null);
      if (!command) return;
      if (FINAL.includes(command.status)) {
        toast(`Relay command ${command.status}${command.error ? `: ${command.error}` : ''}.`);
        loadHistory();
        return;
      }
    }
  }

  async function loadHistory() {
    if (!canRead) return;
    try {
      const page = await optional('commands', () => api.get(`/meters/${api.seg(meterId)}/commands`, {limit: 20}));
      if (stopped) return;
      if (!page) {
        history.replaceChildren();
        return;
      }
      mount(history, page.items.length ? tableWrap('Command history', h('table', {class: 'table'},
        h('thead', {}, h('tr', {}, ['Created', 'Target', 'Status', 'Reason', 'Attempts', 'Error']
          .map(t => h('th', {scope: 'col'}, t)))),
        h('tbody', {}, page.items.map(c => h('tr', {},
          h('td', {}, time(c.createdAt)), h('td', {}, c.target), h('td', {}, statusBadge(c.status)),
          h('td', {}, c.reason || '—'), h('td', {}, c.attempts), h('td', {}, c.error || '—'))))))
        : empty('No commands sent to this meter yet.'));
    } catch (e) {
      if (!stopped) mount(history, errorState(e, loadHistory));
    }
  }

  loadHistory();
  return {refresh() {}, stop() { stopped = true; }};
}

function statusBadge(status) {
  const tone = {confirmed: 'ok', failed: 'bad', expired: 'bad', cancelled: 'muted'}[status] || 'warn';
  return badge(status, tone);
}
