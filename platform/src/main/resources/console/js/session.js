// Who is logged in: the bearer token (sessionStorage only, never in a URL), the user's roles, and what the
// server offers. Controls a role may not use are not rendered; the API still authorises every request.

const TOKEN_KEY = 'meterhub.token';

/** Capability → roles allowed, mirroring the x-roles of the OpenAPI document and api-v1. */
const CAPABILITIES = {
  'meters.read': ['admin', 'operator', 'auditor', 'support'],
  'meters.write': ['admin', 'operator'],
  'readings.read': ['admin', 'operator', 'auditor'],
  'audit.read': ['admin', 'auditor'],
  'commands.read': ['admin', 'operator', 'auditor', 'support'],
  'commands.write': ['admin', 'operator'],
  'accounts.read': ['admin', 'operator', 'payments', 'auditor', 'support'],
  'ledger.read': ['admin', 'operator', 'auditor', 'support'],
  'topups.write': ['admin', 'payments'],
  'alarms.read': ['admin', 'operator', 'auditor', 'support'],
  'alarms.ack': ['admin', 'operator'],
  'events.read': ['admin', 'operator', 'auditor', 'support'],
};

/** Optional API features: the path whose presence in the OpenAPI document means the server serves it. */
export const FEATURES = {
  summary: '/api/v1/fleet/summary',
  relay: '/api/v1/meters/{id}/relay',
  command: '/api/v1/commands/{id}',
  commands: '/api/v1/meters/{id}/commands',
  accounts: '/api/v1/accounts',
  ledger: '/api/v1/accounts/{id}/ledger',
  topups: '/api/v1/accounts/{id}/topups',
  alarms: '/api/v1/alarms',
  outages: '/api/v1/outages',
  alarmAck: '/api/v1/alarms/{id}/ack',
  events: '/api/v1/meters/{id}/events',
  stream: '/api/v1/stream',
};

let me = null;
let paths = null;
const missing = new Set();
const listeners = new Set();

export const session = {
  token: () => sessionStorage.getItem(TOKEN_KEY),
  setToken(token) {
    sessionStorage.setItem(TOKEN_KEY, token);
  },
  user: () => me,
  setUser(user) {
    me = user;
  },
  setOpenApi(doc) {
    paths = doc && doc.paths ? doc.paths : {};
  },
  /** True when the user holds a role that may use the capability. */
  can(capability) {
    const roles = CAPABILITIES[capability] || [];
    return !!me && me.roles.some(role => roles.includes(role));
  },
  /** True when the server serves the optional feature (documented, and not found missing at run time). */
  has(feature) {
    return !!paths && !missing.has(feature) && Object.prototype.hasOwnProperty.call(paths, FEATURES[feature]);
  },
  /** The documented query parameters of a GET route, e.g. to know whether a filter is supported. */
  queryParams(path) {
    const get = paths && paths[path] && paths[path].get;
    return ((get && get.parameters) || []).map(p => p.name);
  },
  /** A route answered 404 "no resource at this path": hide what depends on it from now on. */
  markMissing(feature) {
    missing.add(feature);
  },
  clear() {
    sessionStorage.removeItem(TOKEN_KEY);
    me = null;
  },
  /** The token was refused (expired or revoked): back to the login form. */
  expired() {
    this.clear();
    listeners.forEach(listener => listener());
  },
  onExpired(listener) {
    listeners.add(listener);
  },
};

/** Runs an optional-feature call; resolves to null and hides the feature when the route is not served (404). */
export async function optional(feature, call) {
  if (!session.has(feature)) return null;
  try {
    return await call();
  } catch (e) {
    if (e.status === 404 && e.problem && e.problem.detail === 'No resource at this path') {
      session.markMissing(feature);
      return null;
    }
    throw e;
  }
}
