/**
 * Following a batch until it is done: the server's Server-Sent Events stream
 * (`GET /batches/{id}/events`) where it exists, else polling
 * `GET /batches/{id}/status`; shown as a progress bar with rate and ETA on a
 * terminal, as occasional lines otherwise (logs, CI).
 */
import { SingleBar } from 'cli-progress';
import { ApiClient, isMissingRoute } from './client.js';

export interface Progress {
  status: string;
  total: number;
  done: number;
}

const FINISHED = new Set(['completed', 'canceled', 'cancelled']);
const POLL_MS = 1_000;

/** Progress from a status answer or an SSE event (either naming style). */
export function progressOf(data: Record<string, unknown>): Progress | undefined {
  const counts = data.jobs_count_per_status as Record<string, number> | undefined;
  const total = num(data.number_of_jobs) ?? num(data.total) ?? sum(counts);
  if (total === undefined) return undefined;
  const done =
    num(data.completed_jobs) ??
    (counts ? (counts.completed ?? 0) + (counts.failed ?? 0) + (counts.canceled ?? 0) : undefined);
  if (done === undefined) return undefined;
  return {
    status: String(data.status ?? (done >= total ? 'completed' : 'processing')),
    total,
    done,
  };
}

const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
const sum = (c?: Record<string, number>) =>
  c ? Object.values(c).reduce((a, b) => a + (typeof b === 'number' ? b : 0), 0) : undefined;

export async function waitForBatch(
  client: ApiClient,
  batchId: string,
  show: boolean,
): Promise<Progress> {
  const view = show ? progressView() : undefined;
  try {
    const fromEvents = await followEvents(client, batchId, (p) => view?.update(p));
    if (fromEvents) return fromEvents;
    return await poll(client, batchId, (p) => view?.update(p));
  } finally {
    view?.stop();
  }
}

async function poll(
  client: ApiClient,
  batchId: string,
  onProgress: (p: Progress) => void,
): Promise<Progress> {
  for (;;) {
    const status = await client.json<Record<string, unknown>>(
      'GET',
      `/batches/${batchId}/status`,
      undefined,
      `batch ${batchId}`,
    );
    const p = progressOf(status) as Progress;
    onProgress(p);
    if (FINISHED.has(p.status)) return p;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** Reads the SSE stream to the end; undefined when this server has no stream (or it broke off early). */
async function followEvents(
  client: ApiClient,
  batchId: string,
  onProgress: (p: Progress) => void,
): Promise<Progress | undefined> {
  const res = await client.raw('GET', `/batches/${batchId}/events`);
  if (!res.ok || !res.body || !res.headers.get('content-type')?.includes('text/event-stream')) {
    const text = await res.text().catch(() => '');
    if (res.ok || isMissingRoute(client.failure(res.status, text, ''))) return undefined;
    throw client.failure(res.status, text, `batch ${batchId}`);
  }
  let last: Progress | undefined;
  let buffer = '';
  const decoder = new TextDecoder();
  for await (const chunk of res.body) {
    buffer += decoder.decode(chunk as Uint8Array, { stream: true });
    let end;
    while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
      const p = eventProgress(event);
      if (!p) continue;
      last = p;
      onProgress(p);
      if (FINISHED.has(p.status)) {
        await res.body.cancel().catch(() => undefined);
        return p;
      }
    }
  }
  return last && FINISHED.has(last.status) ? last : undefined;
}

function eventProgress(event: string): Progress | undefined {
  const data = event
    .split(/\r?\n/)
    .filter((l) => l.startsWith('data:'))
    .map((l) => l.slice(5).trimStart())
    .join('\n');
  if (!data) return undefined;
  try {
    return progressOf(JSON.parse(data) as Record<string, unknown>);
  } catch {
    return undefined;
  }
}

interface ProgressView {
  update(p: Progress): void;
  stop(): void;
}

function progressView(): ProgressView {
  const started = Date.now();
  let first: number | undefined;
  const rate = (p: Progress) => {
    first ??= p.done;
    const minutes = (Date.now() - started) / 60_000;
    return minutes > 0 ? (p.done - first) / minutes : 0;
  };
  if (process.stderr.isTTY) {
    const bar = new SingleBar({
      format: 'batch [{bar}] {value}/{total} jobs | {rate}/min | ETA {eta_formatted}',
      etaBuffer: 30,
      stream: process.stderr,
    });
    let begun = false;
    return {
      update(p) {
        if (!begun) bar.start(p.total, p.done, { rate: 0 });
        begun = true;
        bar.setTotal(p.total);
        bar.update(p.done, { rate: Math.round(rate(p)) });
      },
      stop: () => begun && bar.stop(),
    };
  }
  let lastLine = 0;
  return {
    update(p) {
      const now = Date.now();
      if (now - lastLine < 5_000 && p.done < p.total) return;
      lastLine = now;
      const r = rate(p);
      const eta = r > 0 ? `, ETA ${Math.ceil((p.total - p.done) / r)} min` : '';
      process.stderr.write(`batch: ${p.done}/${p.total} jobs, ${r.toFixed(1)}/min${eta}\n`);
    },
    stop() {},
  };
}
