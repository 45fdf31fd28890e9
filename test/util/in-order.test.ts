import { describe, expect, it } from 'vitest';
import { runInOrder } from '../../src/util/in-order.js';

/** A task per item that finishes only when the test says so. */
function controlledTasks() {
  const started: number[] = [];
  const finish = new Map<number, () => void>();
  let running = 0;
  let mostRunning = 0;
  const task = (_item: string, i: number) =>
    new Promise<void>((resolve) => {
      started.push(i);
      mostRunning = Math.max(mostRunning, ++running);
      finish.set(i, () => {
        running--;
        resolve();
      });
    });
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return { started, finish, task, settle, most: () => mostRunning };
}

describe('runInOrder', () => {
  it('starts items in input order, never more than `concurrency` at once', async () => {
    const c = controlledTasks();
    const run = runInOrder(['a', 'b', 'c', 'd', 'e'], 2, c.task);
    await c.settle();
    expect(c.started).toEqual([0, 1]);
    c.finish.get(1)?.(); // the second finishes first: the third starts in its place
    await c.settle();
    expect(c.started).toEqual([0, 1, 2]);
    for (const i of [0, 2, 3]) {
      c.finish.get(i)?.();
      await c.settle();
    }
    expect(c.started).toEqual([0, 1, 2, 3, 4]);
    c.finish.get(4)?.();
    await run;
    expect(c.most()).toBe(2);
  });

  it('runs a list shorter than the concurrency, and an empty one', async () => {
    const seen: number[] = [];
    await runInOrder(['x'], 4, async (_s, i) => void seen.push(i));
    await runInOrder([], 4, async () => void seen.push(-1));
    expect(seen).toEqual([0]);
  });

  it('rejects with the first failure', async () => {
    await expect(
      runInOrder([1, 2, 3], 2, async (n) => {
        if (n === 2) throw new Error('item 2 failed');
      }),
    ).rejects.toThrow('item 2 failed');
  });
});
