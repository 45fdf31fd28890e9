/**
 * Test counterparts of the service's outgoing traffic: an HTTP server on
 * loopback that records webhook requests (answering with a scripted status
 * sequence), and a reader of Server-Sent Event streams.
 */
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

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
      const end = Date.now() + timeoutMs;
      while (requests.length < n) {
        if (Date.now() > end) throw new Error(`${requests.length} of ${n} webhook requests`);
        await new Promise((r) => setTimeout(r, 20));
      }
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

/** Reads an event stream to its end (the server closes it), with every event in order. */
export async function readEvents(res: Response, timeoutMs = 20_000): Promise<ServerSentEvent[]> {
  const events: ServerSentEvent[] = [];
  const timer = setTimeout(() => void res.body?.cancel(), timeoutMs);
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = parseBlock(block);
        if (event) events.push(event);
      }
    }
  } finally {
    clearTimeout(timer);
  }
  return events;
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
