/**
 * Encoded vector tiles of one data version, least recently used first out, bounded by their bytes
 * (#19: the PostGIS tiler cuts each tile per request; a repeat, from this or another client, is served
 * from here). Keys carry everything a tile depends on but the data version (layer, coverage rule and
 * scenario version, z/x/y); the version is the cache's own: a tile of a newer version empties it, so
 * a write (here or, read per request, in another process) can never be answered with an older tile.
 */
export class TileCache {
  #version = '';
  #tiles = new Map<string, Uint8Array | null>();
  #bytes = 0;

  /** @param maxBytes what the tiles may hold together (an empty tile counts as EMPTY_TILE_BYTES) */
  constructor(readonly maxBytes: number) {}

  /** Tiles held and their bytes (for health and benches). */
  get size(): { tiles: number; bytes: number } {
    return { tiles: this.#tiles.size, bytes: this.#bytes };
  }

  /** The tile of this key at this data version, or undefined (null = a tile known to be empty). */
  get(version: string, key: string): Uint8Array | null | undefined {
    if (version !== this.#version) return undefined;
    const hit = this.#tiles.get(key);
    if (hit === undefined) return undefined;
    this.#tiles.delete(key); // re-insert: most recently used last
    this.#tiles.set(key, hit);
    return hit;
  }

  /** Keeps a tile cut at `version`; one of an older version than the cache's is not kept. */
  set(version: string, key: string, data: Uint8Array | null): void {
    if (version !== this.#version) {
      if (this.#version !== '' && BigInt(version) < BigInt(this.#version)) return;
      this.clear();
      this.#version = version;
    }
    const cost = tileCost(data);
    if (cost > this.maxBytes) return;
    const old = this.#tiles.get(key);
    if (old !== undefined) {
      this.#bytes -= tileCost(old);
      this.#tiles.delete(key);
    }
    this.#tiles.set(key, data);
    this.#bytes += cost;
    for (const [k, v] of this.#tiles) {
      if (this.#bytes <= this.maxBytes) break;
      this.#tiles.delete(k);
      this.#bytes -= tileCost(v);
    }
  }

  /** The data is at `version` now (a NOTIFY from a write anywhere): older tiles go at once, not at the next set. */
  dataChanged(version: string): void {
    if (this.#version !== '' && BigInt(version) <= BigInt(this.#version)) return;
    this.clear();
    this.#version = version;
  }

  /** Drops every tile. */
  clear(): void {
    this.#tiles.clear();
    this.#bytes = 0;
  }
}

/** What an empty tile (and each entry's key and bookkeeping) is counted as. */
export const EMPTY_TILE_BYTES = 128;

function tileCost(data: Uint8Array | null): number {
  return EMPTY_TILE_BYTES + (data?.byteLength ?? 0);
}
