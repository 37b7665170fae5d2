// Live updates. When the server serves GET /api/v1/stream (server-sent events), views refresh on events; until
// then they poll at a modest interval. fetch() rather than EventSource: EventSource cannot send the bearer header,
// and the token never goes into a URL.
import {session} from './session.js';

const POLL_MS = {overview: 10000, meter: 5000};
let stream = null;

/**
 * Calls refresh() when something relevant happens: on stream events accepted by filter(event), or every few
 * seconds without a stream. Returns a stop function; views call it when they are left.
 */
export function watch(kind, refresh, filter = () => true) {
  if (session.has('stream')) {
    const subscriber = event => {
      if (filter(event)) refresh();
    };
    openStream().subscribers.add(subscriber);
    return () => stream && stream.subscribers.delete(subscriber);
  }
  const timer = setInterval(() => {
    if (!document.hidden) refresh();
  }, POLL_MS[kind] || 10000);
  return () => clearInterval(timer);
}

function openStream() {
  if (stream) return stream;
  const controller = new AbortController();
  stream = {subscribers: new Set(), controller};
  read(stream).catch(() => {
    // Dropped (server restart, expired token): forget it so the next view opens a new one.
    stream = null;
  });
  return stream;
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
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = parse(block);
      if (event) current.subscribers.forEach(subscriber => subscriber(event));
    }
  }
}

/** One SSE block → {type, data} with data parsed as JSON when it is JSON. */
function parse(block) {
  let type = 'message';
  const data = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    if (line.startsWith('event:')) type = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
  }
  if (!data.length) return null;
  const text = data.join('\n');
  try {
    return {type, data: JSON.parse(text)};
  } catch (e) {
    return {type, data: text};
  }
}
