// Live updates. Views poll the REST API at a modest interval (readings and relay state are not on the stream), and
// when the server serves GET /api/v1/stream (server-sent events of meter events, alarm and outage changes) they also
// refresh as soon as a relevant event arrives. fetch() rather than EventSource: it can send the bearer header, so
// neither the token nor a ticket ever goes into a URL.
//
// Stream format (StreamRoutes): "event: <kind>\ndata: {"kind","category","change","data":{...}}", kind is event,
// alarm or outage; ": connected" once the server listens, ": ping" every 15 s. Subscribers get
// {type: kind, change, data} with data the event/alarm/outage itself (so data.meterId is the meter).
import {session} from './session.js';

const POLL_MS = {overview: 10000, meter: 5000};
const RETRY_MS = 5000;
let stream = null;

/**
 * Calls refresh() every few seconds while the tab is visible, and on stream events accepted by filter(event).
 * Returns a stop function; views call it when they are left.
 */
export function watch(kind, refresh, filter = () => true) {
  const timer = setInterval(() => {
    if (!document.hidden) refresh();
  }, POLL_MS[kind] || 10000);
  if (!session.has('stream')) return () => clearInterval(timer);
  const subscriber = event => {
    if (filter(event)) refresh(event);
  };
  const current = openStream();
  current.subscribers.add(subscriber);
  return () => {
    clearInterval(timer);
    current.subscribers.delete(subscriber);
  };
}

/** True while the stream is connected (the server has confirmed it listens). */
export function streamConnected() {
  return !!stream && stream.connected;
}

function openStream() {
  if (stream) return stream;
  const current = {subscribers: new Set(), controller: new AbortController(), connected: false};
  stream = current;
  run(current);
  return current;
}

async function run(current) {
  while (stream === current && session.token()) {
    try {
      await read(current);
    } catch (e) {
      // Dropped (server restart, network, expired token): retry while someone is listening.
    }
    current.connected = false;
    if (stream !== current || current.controller.signal.aborted) return;
    await new Promise(resolve => setTimeout(resolve, RETRY_MS));
  }
}

/** Closes the stream (logout). */
export function closeStream() {
  if (stream) stream.controller.abort();
  stream = null;
}

async function read(current) {
  const response = await fetch('/api/v1/stream', {
    headers: {Authorization: `Bearer ${session.token()}`, Accept: 'text/event-stream'},
    signal: current.controller.signal,
  });
  if (!response.ok || !response.body) throw new Error(`stream ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const {value, done} = await reader.read();
    if (done) throw new Error('stream ended');
    buffer += value.replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (block.startsWith(': connected')) {
        current.connected = true;
        performance.mark('meterhub:stream-connected');
        continue;
      }
      const event = parse(block);
      if (!event) continue;
      performance.mark(`meterhub:stream:${event.type}`);
      current.subscribers.forEach(subscriber => subscriber(event));
    }
  }
}

/** One SSE block → {type, change, data}; null for comments and anything that is not a JSON message. */
function parse(block) {
  let type = 'message';
  const lines = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    if (line.startsWith('event:')) type = line.slice(6).trim();
    else if (line.startsWith('data:')) lines.push(line.slice(5).trimStart());
  }
  if (!lines.length) return null;
  try {
    const message = JSON.parse(lines.join('\n'));
    return {type: message.kind || type, change: message.change, data: message.data || {}};
  } catch (e) {
    return null;
  }
}
