// The LRU cache bundled in place of mnemonist's: the same answers for what the SDK's endpoint cache asks.
import MnemonistLRUCache from 'mnemonist/lru-cache';
import { describe, expect, it } from 'vitest';
import LRUCache from '../../../infra/lru-cache';

describe('the bundled LRU cache', () => {
  it('answers get, peek, has, set and clear as mnemonist’s does, evicting the least recently used', () => {
    const ours = new LRUCache<string, number>(2);
    const theirs = new MnemonistLRUCache<string, number>(2);
    const steps: [string, string, number?][] = [
      ['set', 'a', 1],
      ['set', 'b', 2],
      ['get', 'a'],
      ['set', 'c', 3], // evicts b: a was used since
      ['peek', 'b'],
      ['has', 'a'],
      ['peek', 'a'],
      ['set', 'd', 4], // evicts c: peek does not count as a use, get did
      ['has', 'c'],
      ['get', 'a'],
      ['set', 'a', 5],
      ['get', 'a'],
      ['clear', ''],
      ['has', 'a'],
    ];
    for (const [op, key, value] of steps) {
      const call = (cache: LRUCache<string, number> | MnemonistLRUCache<string, number>) => {
        if (op === 'set') cache.set(key, value!);
        else if (op === 'clear') cache.clear();
        else return cache[op as 'get' | 'peek' | 'has'](key);
        return cache.size;
      };
      expect(call(ours), `${op} ${key}`).toEqual(call(theirs));
    }
  });
});
