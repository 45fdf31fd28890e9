/**
 * SQLite's lock held by another process (the CLI, a backup, a second server):
 * the synchronous driver's busy wait stops the whole event loop, so the API
 * waits only briefly and answers 503; the queue instead retries its writes
 * asynchronously, so a finished job's result is kept without blocking anyone.
 */

/** Busy wait of the API's SQLite connection, ms (SYNROUTE_SQLITE_BUSY_MS). */
export const API_BUSY_TIMEOUT_MS = 250;

/** The store could not take its lock in time; retrying shortly should work. */
export function isBusyError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(code);
}

/**
 * Runs `write` until it does not fail with a busy error, waiting a little
 * longer each time, for up to `maxMs` or until `giveUp()` says so.
 */
export async function retryWhileBusy<T>(
  write: () => Promise<T>,
  giveUp: () => boolean = () => false,
  maxMs = 600_000,
): Promise<T> {
  const end = Date.now() + maxMs;
  for (let wait = 50; ; wait = Math.min(wait * 2, 1_000)) {
    try {
      return await write();
    } catch (e) {
      if (!isBusyError(e) || giveUp() || Date.now() + wait > end) throw e;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
