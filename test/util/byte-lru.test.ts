import { describe, expect, it } from 'vitest';
import { ByteLruCache, stringBytes } from '../../src/util/byte-lru.js';

describe('ByteLruCache', () => {
  const cache = () => new ByteLruCache<string, string>(100, (v) => v.length);

  it('evicts the least recently used entries once over its byte budget', () => {
    const c = cache();
    c.set('a', 'x'.repeat(40));
    c.set('b', 'x'.repeat(40));
    expect(c.get('a')).toHaveLength(40); // a is now the most recent
    c.set('c', 'x'.repeat(40));
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')).toHaveLength(40);
    expect(c.bytes).toBe(80);
  });

  it('never keeps a value larger than the budget, and counts replaced and deleted values', () => {
    const c = cache();
    c.set('a', 'x'.repeat(30));
    c.set('huge', 'x'.repeat(101));
    expect(c.get('huge')).toBeUndefined();
    expect(c.get('a')).toBeDefined();
    c.set('a', 'x'.repeat(10));
    expect(c.bytes).toBe(10);
    c.delete('a');
    expect(c.bytes).toBe(0);
    expect(c.size).toBe(0);
  });

  it('estimates string memory at two bytes a character', () => {
    expect(stringBytes('abcd')).toBe(40);
  });
});
