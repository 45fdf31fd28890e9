/**
 * Test counterparts of the service's outgoing traffic: an HTTP server on
 * loopback that records webhook requests (answering with a scripted status
 * sequence), and a reader of Server-Sent Event streams.
 */
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { until, withDeadline } from './wait.js';

export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  /** The raw body, as signed. */
  body: Buffer;
  at: number;
}

export interface WebhookReceiver {
  url: string;
  requests: ReceivedRequest[];
  /** Resolves once `n` requests arrived. */
  received(n: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

/** A receiver whose answers wait until `release()` (a slow receiver, released by the test). */
export interface HoldingReceiver extends WebhookReceiver {
  /** Requests received and not answered yet. */
  held(): number;
  release(): void;
}

/** Answers each request with the next status of `statuses` (the last one repeats). */
export async function startReceiver(
  statuses: number[] = [204],
  port = 0,
): Promise<WebhookReceiver> {
  return listen(statuses, port);
}

export async function startHoldingReceiver(): Promise<HoldingReceiver> {
  const held: (() => void)[] = [];
  let released = false;
  const receiver = await listen([204], 0, (answer) => {
    if (released) answer();
    else held.push(answer);
  });
  return {
    ...receiver,
    held: () => held.length,
    release() {
      released = true;
      for (const answer of held.splice(0)) answer();
    },
  };
}

async function listen(
  statuses: number[],
  port: number,
  gate: (answer: () => void) => void = (answer) => answer(),
): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ headers: req.headers, body: Buffer.concat(chunks), at: Date.now() });
      res.statusCode = statuses[Math.min(requests.length - 1, statuses.length - 1)];
      gate(() => res.end());
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}/hooks/synroute`,
    requests,
    async received(n, timeoutMs = 15_000) {
      await until(`${n} webhook requests (${requests.length} so far)`, () => requests.length >= n, {
        timeoutMs,
      });
      return requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface ServerSentEvent {
  event: string;
  data: string;
}

/** An event stream read as it arrives. */
export interface EventStream {
  /** The next event, within `timeoutMs` (default 10 s). */
  next(timeoutMs?: number): Promise<ServerSentEvent>;
  /** The events not taken by `next`, to the end of the stream (the server closes it). */
  rest(): Promise<ServerSentEvent[]>;
}

/** Opens `res`'s event stream; the whole stream must end within `timeoutMs`. */
export function openEvents(res: Response, timeoutMs = 20_000): EventStream {
  const events: ServerSentEvent[] = [];
  let taken = 0;
  let wake: () => void = () => undefined;
  let ended = false;
  const timer = setTimeout(() => void res.body?.cancel(), timeoutMs);
  const reading = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const event = parseBlock(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          if (event) events.push(event);
          wake();
        }
      }
    } finally {
      clearTimeout(timer);
      ended = true;
      wake();
    }
  })();
  return {
    async next(ms = 10_000) {
      const arrived = () => events.length > taken || ended;
      if (!arrived())
        await withDeadline(
          `event ${taken + 1} of the stream`,
          new Promise<void>((resolve) => (wake = () => arrived() && resolve())),
          { timeoutMs: ms },
        );
      if (events.length <= taken) throw new Error(`the stream ended after ${taken} events`);
      return events[taken++];
    },
    async rest() {
      await reading;
      return events.slice(taken);
    },
  };
}

/** Reads an event stream to its end (the server closes it), with every event in order. */
export function readEvents(res: Response, timeoutMs = 20_000): Promise<ServerSentEvent[]> {
  return openEvents(res, timeoutMs).rest();
}

function parseBlock(block: string): ServerSentEvent | undefined {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
  }
  return data.length ? { event, data: data.join('\n') } : undefined;
}
