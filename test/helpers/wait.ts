/**
 * Waiting in tests: for a condition (checked again and again until a deadline)
 * or for a promise (an event, a stream's next message: `withDeadline`; event
 * streams: `openEvents` in receivers.ts), never for a fixed time. A wait that runs out fails with
 * what it was waiting for, the last thing it saw and, when given, more
 * context (a process's output).
 */
import { setTimeout as pause } from 'node:timers/promises';

export interface WaitOptions {
  /** Give up after this long (default 10 s). */
  timeoutMs?: number;
  /** Time between two checks (default 20 ms). */
  intervalMs?: number;
  /** Said when the wait runs out, e.g. the output of the processes involved. */
  context?: () => string;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_INTERVAL_MS = 20;

/** Runs `check` until it returns a truthy value, and returns that value. */
export async function until<T>(
  what: string,
  check: () => T | Promise<T>,
  options: WaitOptions = {},
): Promise<NonNullable<T>> {
  return (await untilValue(what, check, (v) => Boolean(v), options)) as NonNullable<T>;
}

/** Reads a value until `done` accepts it, and returns it; a timeout shows the last one read. */
export async function untilValue<T>(
  what: string,
  read: () => T | Promise<T>,
  done: (value: T) => boolean,
  options: WaitOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() >= end)
      throw new Error(timedOut(what, timeoutMs, options, `last seen: ${shown(value)}`));
    await pause(options.intervalMs ?? DEFAULT_INTERVAL_MS);
  }
}

/** `promise`'s outcome, or a failure naming `what` if it takes longer than the deadline. */
export async function withDeadline<T>(
  what: string,
  promise: Promise<T>,
  options: Pick<WaitOptions, 'timeoutMs' | 'context'> = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = new AbortController();
  const expired = pause(timeoutMs, undefined, { signal: deadline.signal }).then(() => {
    throw new Error(timedOut(what, timeoutMs, options));
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    deadline.abort();
    expired.catch(() => undefined);
  }
}

function timedOut(what: string, ms: number, options: WaitOptions, seen?: string): string {
  const context = options.context?.();
  return [`timed out after ${ms} ms waiting for ${what}`, seen, context].filter(Boolean).join('\n');
}

function shown(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}
