// The console's only way to the server: the public REST API v1 with the bearer token of the session.
import {session} from './session.js';

/** A failed API call: HTTP status (0 = network) and the RFC 9457 problem document when there is one. */
export class ApiError extends Error {
  constructor(status, problem, message) {
    super(message || (problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

function url(path, params) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (value !== undefined && value !== null && value !== '') query.set(key, value);
  }
  const text = query.toString();
  return `/api/v1${path}${text ? `?${text}` : ''}`;
}

async function call(method, path, {params, body, headers = {}, auth = true} = {}) {
  const init = {method, headers: {Accept: 'application/json', ...headers}};
  if (auth && session.token()) init.headers.Authorization = `Bearer ${session.token()}`;
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url(path, params), init);
  } catch (e) {
    throw new ApiError(0, null, 'The server cannot be reached.');
  }
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    if (response.status === 401 && auth) session.expired();
    throw new ApiError(response.status, data);
  }
  return data;
}

export const api = {
  get: (path, params) => call('GET', path, {params}),
  post: (path, body, headers) => call('POST', path, {body, headers}),
  patch: (path, body) => call('PATCH', path, {body}),
  del: path => call('DELETE', path),
  login: (username, password) => call('POST', '/auth/token', {body: {username, password}, auth: false}),
  /** The OpenAPI document (public): which optional features this server serves. */
  openApi: () => call('GET', '/openapi.json', {auth: false}),
  /** Encodes one path segment (meter ids contain ":"). */
  seg: value => encodeURIComponent(value),
};
