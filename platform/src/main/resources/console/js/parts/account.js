// Prepayment account of a meter: balance, credit state, ledger and top-up (GET /accounts?meterId=,
// GET /accounts/{id}/ledger, POST /accounts/{id}/topups with an Idempotency-Key). Hidden when not served.
import {api} from '../api.js';
import {h, mount, time, money, badge, empty, errorState, tableWrap, toast, parseMinor, describe} from '../dom.js';
import {session, optional} from '../session.js';
import {formDialog} from '../dialog.js';

/** Renders the account of meterId into root; returns {stop()}. */
export function accountPanel(root, meterId) {
  let stopped = false;
  if (!session.can('accounts.read') || !session.has('accounts')) return {stop() {}};

  async function load() {
    try {
      const page = await optional('accounts', () => api.get('/accounts', {meterId}));
      if (stopped) return;
      if (!page) {
        root.replaceChildren();
        return;
      }
      const account = page.items[0];
      if (!account) {
        mount(root, section(empty('This meter has no prepayment account.')));
        return;
      }
      const ledger = h('div', {});
      mount(root, section(
        h('dl', {class: 'facts'},
          h('dt', {}, 'Balance'), h('dd', {'data-value': 'balance'}, money(account.balance, account.currency)),
          h('dt', {}, 'Credit state'), h('dd', {}, creditBadge(account.creditState)),
          h('dt', {}, 'Tariff'), h('dd', {}, account.tariffId || '—')),
        session.can('topups.write') && session.has('topups')
          ? h('button', {type: 'button', class: 'button', id: 'top-up', onclick: () => topUp(account)}, 'Top up')
          : null,
        ledger));
      loadLedger(account, ledger);
    } catch (e) {
      if (!stopped) mount(root, section(errorState(e, load)));
    }
  }

  async function loadLedger(account, target) {
    if (!session.can('ledger.read')) return;
    const page = await optional('ledger', () => api.get(`/accounts/${api.seg(account.id)}/ledger`, {limit: 20}))
      .catch(e => { mount(target, errorState(e)); return undefined; });
    if (stopped || page === undefined) return;
    if (!page) return;
    mount(target, page.items.length ? tableWrap('Ledger', h('table', {class: 'table'},
      h('thead', {}, h('tr', {}, ['Time', 'Type', 'Amount', 'Balance after', 'Reference']
        .map(t => h('th', {scope: 'col'}, t)))),
      h('tbody', {}, page.items.map(e => h('tr', {},
        h('td', {}, time(e.createdAt || e.at)), h('td', {}, e.type || '—'),
        h('td', {class: 'num'}, money(e.amount, account.currency)),
        h('td', {class: 'num'}, money(e.balanceAfter, account.currency)),
        h('td', {}, e.reference || '—'))))))
      : empty('No ledger entries yet.'));
  }

  function topUp(account) {
    // One key per dialog: a retried submit of the same top-up is replayed by the server, never credited twice.
    const idempotencyKey = crypto.randomUUID();
    return formDialog({
      title: `Top up ${account.id}`,
      submitLabel: 'Top up',
      fields: [
        {name: 'amount', label: `Amount (${account.currency})`, required: true, hint: 'For example 50.00'},
        {name: 'reference', label: 'Payment reference', required: true},
      ],
      onSubmit: async values => {
        const amount = parseMinor(values.amount);
        if (amount === null) throw new Error('Enter a positive amount with at most two decimals.');
        try {
          const receipt = await api.post(`/accounts/${api.seg(account.id)}/topups`,
            {amount, currency: account.currency, reference: values.reference}, {'Idempotency-Key': idempotencyKey});
          toast(`Top-up recorded, receipt ${receipt.receiptNo}.`);
          load();
          return receipt;
        } catch (e) {
          throw new Error(describe(e));
        }
      },
    });
  }

  load();
  return {stop() { stopped = true; }};
}

function section(...children) {
  return h('section', {class: 'card', 'aria-labelledby': 'account-title'},
    h('h2', {id: 'account-title'}, 'Prepayment account'), children);
}

export function creditBadge(state) {
  const tone = {ok: 'ok', low: 'warn', emergency: 'warn', exhausted: 'bad', disconnected: 'bad'}[state] || 'muted';
  return badge(state || 'unknown', tone);
}
