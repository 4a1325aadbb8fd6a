import * as assert from 'node:assert/strict';
import { RecentCache } from '../src/engine/recentCache';

describe('RecentCache', () => {
  it('keeps the last `limit` keys set; setting a key again makes it the newest', () => {
    const cache = new RecentCache<string, number>(2);
    assert.equal(cache.set('a', 1), 1);
    cache.set('b', 2);
    cache.set('a', 3);
    cache.set('c', 4);
    assert.equal(cache.get('b'), undefined, 'the oldest goes');
    assert.equal(cache.get('a'), 3);
    assert.equal(cache.get('c'), 4);
  });
});
