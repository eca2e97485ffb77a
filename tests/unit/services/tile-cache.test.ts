import { describe, expect, it } from 'vitest';
import { EMPTY_TILE_BYTES, TileCache } from '../../../api/src/services/tile-cache.ts';

const bytes = (n: number, fill = 1) => new Uint8Array(n).fill(fill);

describe('TileCache (encoded tiles of one data version, LRU by bytes)', () => {
  it('should answer a kept tile (and a kept empty one) at its data version only', () => {
    const cache = new TileCache(10_000);
    cache.set('5', 'a', bytes(100, 7));
    cache.set('5', 'empty', null);
    expect(cache.get('5', 'a')).toEqual(bytes(100, 7));
    expect(cache.get('5', 'empty')).toBeNull();
    expect(cache.get('5', 'b')).toBeUndefined();
    expect(cache.get('6', 'a')).toBeUndefined();
    expect(cache.get('4', 'a')).toBeUndefined();
    expect(cache.size).toEqual({ tiles: 2, bytes: 100 + 2 * EMPTY_TILE_BYTES });
  });

  it('should drop every tile when one of a newer version comes, and keep none of an older one', () => {
    const cache = new TileCache(10_000);
    cache.set('9', 'a', bytes(10));
    cache.set('10', 'b', bytes(20));
    expect(cache.get('9', 'a')).toBeUndefined();
    expect(cache.get('10', 'b')).toEqual(bytes(20));
    // A tile cut from an older snapshot (a slow request that started before the write) is not kept.
    cache.set('9', 'a', bytes(10));
    expect(cache.get('9', 'a')).toBeUndefined();
    expect(cache.size).toEqual({ tiles: 1, bytes: 20 + EMPTY_TILE_BYTES });
  });

  it('should drop its tiles when told of a newer data version (NOTIFY), and keep them for the same or an older one', () => {
    const cache = new TileCache(10_000);
    cache.set('3', 'a', bytes(10));
    cache.dataChanged('3');
    cache.dataChanged('2');
    expect(cache.get('3', 'a')).toEqual(bytes(10));
    cache.dataChanged('4');
    expect(cache.size).toEqual({ tiles: 0, bytes: 0 });
    // A slow request's tile of version 3, arriving after the NOTIFY of 4, is not kept.
    cache.set('3', 'a', bytes(10));
    expect(cache.size.tiles).toBe(0);
  });

  it('should hold at most its bytes, dropping the least recently used first, and no tile larger than all of it', () => {
    const per = 1000 + EMPTY_TILE_BYTES;
    const cache = new TileCache(3 * per);
    for (const k of ['a', 'b', 'c']) cache.set('1', k, bytes(1000));
    cache.get('1', 'a'); // a is now the most recently used: b goes first
    cache.set('1', 'd', bytes(1000));
    expect(['a', 'b', 'c', 'd'].map((k) => cache.get('1', k) !== undefined)).toEqual([true, false, true, true]);
    expect(cache.size).toEqual({ tiles: 3, bytes: 3 * per });
    cache.set('1', 'huge', bytes(3 * per));
    expect(cache.get('1', 'huge')).toBeUndefined();
    expect(cache.size.tiles).toBe(3);
    // Replacing a key counts its bytes once.
    cache.set('1', 'a', bytes(500));
    expect(cache.size).toEqual({ tiles: 3, bytes: 2 * per + 500 + EMPTY_TILE_BYTES });
  });
});
