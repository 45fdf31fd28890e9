/**
 * Runs `task` over `items` with at most `concurrency` running at once, started
 * in input order. A worker pool queues everything it is given at once but does
 * not run its queue first in, first out (piscina ran the third of 20 queued
 * tasks eleventh), so a caller writing results in input order would hold them
 * all until the end; started in order, they finish nearly in order.
 */
export async function runInOrder<T>(
  items: readonly T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      await task(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane));
}
