// Entry point: login, navigation by role and served features, and a tiny hash router (#/meters/<id>).
import {api} from './api.js';
import {h, mount, loading, errorState, describe} from './dom.js';
import {session} from './session.js';
import {closeStream} from './live.js';
import {overviewView} from './views/overview.js';
import {metersView} from './views/meters.js';
import {meterView} from './views/meter.js';
import {auditView} from './views/audit.js';
import {accountsView} from './views/accounts.js';
import {alarmsView} from './views/alarms.js';

const main = document.getElementById('main');
let leave = null;

/** Screens, in menu order; each shows only when the role may use it and the server serves its API. */
const SCREENS = [
  {path: 'overview', label: 'Overview', show: () => session.can('meters.read'), view: overviewView},
  {path: 'meters', label: 'Meters', show: () => session.can('meters.read'), view: metersView},
  {path: 'alarms', label: 'Alarms', show: () => session.can('alarms.read') && session.has('alarms'), view: alarmsView},
  {path: 'accounts', label: 'Accounts',
    show: () => session.can('accounts.read') && session.has('accounts'), view: accountsView},
  {path: 'audit', label: 'Audit log', show: () => session.can('audit.read'), view: auditView},
];

async function start() {
  session.onExpired(() => showLogin('Your session has ended. Please log in again.'));
  document.getElementById('logout').addEventListener('click', logout);
  window.addEventListener('hashchange', route);
  try {
    session.setOpenApi(await api.openApi());
  } catch (e) {
    mount(main, errorState(e, () => location.reload()));
    return;
  }
  if (!session.token()) {
    showLogin();
    return;
  }
  try {
    session.setUser(await api.get('/auth/me'));
    enter();
  } catch (e) {
    if (e.status !== 401) mount(main, errorState(e, () => location.reload()));
  }
}

function showLogin(message) {
  stopView();
  closeStream();
  document.getElementById('nav').hidden = true;
  document.getElementById('user').hidden = true;
  const error = h('p', {class: 'form-error', role: 'alert', hidden: !message}, message || '');
  const username = h('input', {id: 'login-username', name: 'username', autocomplete: 'username', required: true});
  const password = h('input', {id: 'login-password', name: 'password', type: 'password',
    autocomplete: 'current-password', required: true});
  const submit = h('button', {type: 'submit', class: 'button'}, 'Log in');
  const form = h('form', {class: 'login card', 'aria-labelledby': 'login-title'},
    h('h1', {id: 'login-title'}, 'Log in to meterhub'),
    h('div', {class: 'field'}, h('label', {for: 'login-username'}, 'User name'), username),
    h('div', {class: 'field'}, h('label', {for: 'login-password'}, 'Password'), password),
    error, submit);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    if (!username.value || !password.value) {
      error.textContent = 'Enter your user name and password.';
      error.hidden = false;
      return;
    }
    submit.disabled = true;
    try {
      const token = await api.login(username.value, password.value);
      session.setToken(token.access_token);
      session.setUser(await api.get('/auth/me'));
      enter();
    } catch (e) {
      error.textContent = e.status === 401 ? 'User name or password is wrong.' : describe(e);
      error.hidden = false;
      submit.disabled = false;
      password.value = '';
      password.focus();
    }
  });
  mount(main, form);
  username.focus();
}

function enter() {
  const user = session.user();
  document.getElementById('user-name').textContent = `${user.username} (${user.roles.join(', ')})`;
  document.getElementById('user').hidden = false;
  const nav = document.getElementById('nav');
  mount(nav, h('ul', {}, SCREENS.filter(s => s.show()).map(s =>
    h('li', {}, h('a', {href: `#/${s.path}`, 'data-screen': s.path}, s.label)))));
  nav.hidden = false;
  route();
}

function route() {
  if (!session.user()) return;
  const [hashPath, query = ''] = location.hash.replace(/^#\/?/, '').split('?');
  const [path, ...rest] = hashPath.split('/');
  const visible = SCREENS.filter(s => s.show());
  let screen = visible.find(s => s.path === path);
  let param = rest.length ? decodeURIComponent(rest.join('/')) : null;
  if (path === 'meters' && param && session.can('meters.read')) {
    screen = {path: 'meters', view: meterView};
  } else if (!screen) {
    if (!visible.length) {
      stopView();
      mount(main, h('p', {class: 'state empty'}, 'No screens are available for your role on this server yet.'));
      return;
    }
    location.replace(`#/${visible[0].path}`);
    return;
  }
  document.querySelectorAll('#nav a').forEach(a => {
    if (a.dataset.screen === screen.path) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  stopView();
  mount(main, loading());
  leave = screen.view(main, param, new URLSearchParams(query)) || null;
  main.focus({preventScroll: true});
}

function stopView() {
  if (typeof leave === 'function') leave();
  leave = null;
}

function logout() {
  session.clear();
  location.hash = '';
  showLogin('You are logged out.');
}

start();
