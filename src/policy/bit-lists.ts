/**
 * Many short ascending bit lists (fingerprints of training products) in two
 * flat arrays, so hundreds of thousands of them cost two allocations, not one
 * each (loading a policy was mostly garbage collection before).
 */
export class BitLists {
  constructor(
    /** List i is values[offsets[i]] .. values[offsets[i + 1] - 1]. */
    readonly offsets: Uint32Array,
    readonly values: Uint16Array,
  ) {}

  static from(lists: ArrayLike<number>[]): BitLists {
    const offsets = new Uint32Array(lists.length + 1);
    for (let i = 0; i < lists.length; i++) offsets[i + 1] = offsets[i] + lists[i].length;
    const values = new Uint16Array(offsets[lists.length]);
    for (let i = 0; i < lists.length; i++) values.set(lists[i], offsets[i]);
    return new BitLists(offsets, values);
  }

  get length(): number {
    return this.offsets.length - 1;
  }

  /** List i as a view (no copy). */
  get(i: number): Uint16Array {
    return this.values.subarray(this.offsets[i], this.offsets[i + 1]);
  }

  size(i: number): number {
    return this.offsets[i + 1] - this.offsets[i];
  }
}
