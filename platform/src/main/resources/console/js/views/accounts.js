// Accounts (shown when the prepayment API is served): find the account of a meter, see balance and ledger, top up.
// The payments role lands here: it may read balances and top up, but not read meters.
import {h, mount} from '../dom.js';
import {accountPanel} from '../parts/account.js';

export function accountsView(root, _param, query) {
  let panel = {stop() {}};
  const result = h('div', {});
  const meter = h('input', {id: 'account-meter', name: 'meterId', value: query.get('meterId') || '',
    placeholder: 'urn:imei:861234567890123', spellcheck: 'false', required: true});
  const form = h('form', {class: 'filters', role: 'search', 'aria-label': 'Find an account'},
    h('div', {class: 'field'}, h('label', {for: 'account-meter'}, 'Meter id'), meter),
    h('button', {type: 'submit', class: 'button'}, 'Find account'));
  form.addEventListener('submit', event => {
    event.preventDefault();
    if (!meter.value.trim()) return;
    panel.stop();
    panel = accountPanel(result, meter.value.trim());
  });
  mount(root, h('div', {class: 'page-head'}, h('h1', {}, 'Accounts')), form, result);
  if (meter.value) form.requestSubmit();
  return () => panel.stop();
}
