/**
 * The console's API access: the signed-in token (sessionStorage, or
 * localStorage when "remember me" was ticked), JSON requests with one-line
 * error messages, and batch progress followed over Server-Sent Events where
 * the server offers them, by polling otherwise.
 */

const KEY = 'synroute.token';

export function token() {
  return sessionStorage.getItem(KEY) ?? localStorage.getItem(KEY);
}

export function saveToken(value, remember) {
  forgetToken();
  (remember ? localStorage : sessionStorage).setItem(KEY, value);
}

export function forgetToken() {
  sessionStorage.removeItem(KEY);
  localStorage.removeItem(KEY);
}

export class ApiError extends Error {
  constructor(message, status, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

/** Calls the API; resolves with the parsed JSON body, rejects with an ApiError. */
export async function api(method, path, body, options = {}) {
  const headers = { authorization: `Bearer ${options.token ?? token() ?? ''}` };
  const init = { method, headers, signal: options.signal };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError('The SynRoute server cannot be reached.', 0, null);
  }
  const text = await res.text();
  const parsed = text ? safeJson(text) : null;
  if (res.ok) return parsed;
  if (res.status === 401) {
    // A stored token that stopped working (revoked): back to the sign-in page.
    if (!options.token) window.dispatchEvent(new CustomEvent('synroute:unauthorized'));
    throw new ApiError('Your token was refused: sign in again.', 401, parsed);
  }
  throw new ApiError(describe(res.status, parsed), res.status, parsed);
}

function safeJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function describe(status, body) {
  if (status === 404) return 'Not found.';
  if (status === 413) return 'Too large: at most 100,000 molecules per batch.';
  const details = body?.error?.details ?? [];
  if (status === 422 && details.length) {
    const first = details
      .slice(0, 3)
      .map((d) => `${(d.location ?? []).slice(1).join(' ')}: ${d.message ?? d.error_type}`);
    return `Rejected: ${first.join('; ')}${details.length > 3 ? ` (+${details.length - 3} more)` : ''}`;
  }
  return body?.error?.message ?? `The server answered HTTP ${status}.`;
}

/** Status counts from a /status answer or an SSE event, in either naming style. */
export function progressOf(data) {
  const counts = data?.jobs_count_per_status;
  const total =
    data?.number_of_jobs ?? (counts ? Object.values(counts).reduce((a, b) => a + b, 0) : undefined);
  const done =
    data?.completed_jobs ??
    (counts ? (counts.completed ?? 0) + (counts.failed ?? 0) + (counts.canceled ?? 0) : undefined);
  if (total === undefined || done === undefined) return null;
  return {
    status: data.status ?? (done >= total ? 'completed' : 'processing'),
    total,
    done,
    counts,
  };
}

export const isFinished = (p) => p && ['completed', 'canceled', 'cancelled'].includes(p.status);

/**
 * Follows a batch's progress; calls onProgress with {status, total, done}.
 * Tries the SSE stream first (EventSource cannot send headers, hence the
 * token in the query); if it fails before its first event, polls instead.
 * Returns a function that stops following.
 */
export function followBatch(batchId, onProgress, { preferEvents = true, pollMs = 2000 } = {}) {
  let stopped = false;
  let source = null;
  let timer = null;
  const deliver = (p) => {
    if (stopped || !p) return;
    onProgress(p);
    if (isFinished(p)) stop();
  };
  const poll = async () => {
    if (stopped) return;
    try {
      deliver(progressOf(await api('GET', `/batches/${batchId}/status`)));
    } catch (e) {
      // Deleted meanwhile: nothing more to follow. Anything else: the next tick tries again.
      if (e.status === 404) return stop();
    }
    if (!stopped) timer = setTimeout(poll, pollMs);
  };
  const stop = () => {
    stopped = true;
    source?.close();
    clearTimeout(timer);
  };
  if (!preferEvents || typeof EventSource === 'undefined') {
    poll();
    return stop;
  }
  source = new EventSource(`/batches/${batchId}/events?token=${encodeURIComponent(token() ?? '')}`);
  source.onmessage = (e) => deliver(progressOf(safeJson(e.data)));
  // The server names its events: `status` while counts change, then `completed` or `canceled`.
  for (const type of ['status', 'completed', 'canceled'])
    source.addEventListener(type, source.onmessage);
  source.onerror = () => {
    // No stream on this server (404), or it ended: one status read, then polling.
    source.close();
    source = null;
    if (!stopped) poll();
  };
  return stop;
}
