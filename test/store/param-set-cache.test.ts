/**
 * The queue's cache of parameter sets (each backend): sets of deleted batches
 * leave it, so memory comes back and a reused row id never brings back another
 * batch's starting materials.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewBatch } from '../../src/store/types.js';
import { openTestStore, TestStore } from '../helpers/backend.js';
import { TEST_PARAM_SET, testBatch } from '../helpers/store.js';

let t: TestStore;
beforeEach(async () => {
  t = await openTestStore();
});
afterEach(() => t.close());

const batch = (materials: string[]): NewBatch =>
  testBatch(['CC(=O)Nc1ccccc1'], {
    paramSet: { ...TEST_PARAM_SET, startingMaterials: materials },
  });

const materials = (tag: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${'C'.repeat(1 + (i % 30))}${tag}${i}`);

describe('parameter-set cache', () => {
  it('drops the sets of deleted batches', async () => {
    const ids: string[] = [];
    for (let k = 0; k < 5; k++) {
      const b = await t.store.createBatch(batch(materials(`N${k}`, 5_000)));
      ids.push(b.id);
      expect(await t.store.claimNext('w', 60_000)).toBeDefined();
    }
    expect(t.store.paramSetCacheBytes()).toBeGreaterThan(5 * 5_000 * 20);
    for (const id of ids) await t.store.deleteBatch('alice', id);
    expect(t.store.paramSetCacheBytes()).toBe(0);
  });

  it('hands a new batch its own materials when the row id of a deleted set comes back', async () => {
    const first = await t.store.createBatch(batch(['CCO']));
    expect((await t.store.claimNext('w', 60_000))?.paramSet.startingMaterials).toEqual(['CCO']);
    await t.store.deleteBatch('alice', first.id);
    await t.store.createBatch(batch(['CCN']));
    expect((await t.store.claimNext('w', 60_000))?.paramSet.startingMaterials).toEqual(['CCN']);
  });
});
