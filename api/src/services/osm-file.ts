/**
 * Reads an OpenStreetMap extract (XML `.osm`, PBF `.pbf`, either gzipped as `.gz`) with osm-read
 * into plain maps: nodes by id, ways with their node refs, relations. For district-sized extracts
 * (the whole file is held in memory).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import osmread from 'osm-read';
import { InputError } from './errors.ts';

export interface OsmData {
  bounds: { minlat: number; minlon: number; maxlat: number; maxlon: number } | null;
  nodes: Map<string, { lon: number; lat: number; tags: Record<string, string> }>;
  ways: Array<{ id: string; refs: string[]; tags: Record<string, string> }>;
  relations: Array<{ id: string; tags: Record<string, string>; members: Array<{ type: string; ref: string; role: string }> }>;
}

/** `osm` (XML) or `pbf`, from the file name (`.osm`, `.xml`, `.pbf`, each optionally `.gz`). */
export function osmFormatOf(file: string): 'xml' | 'pbf' | null {
  const name = file.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.osm') || name.endsWith('.xml')) return 'xml';
  if (name.endsWith('.pbf')) return 'pbf';
  return null;
}

/** Parses an OSM file; a `.gz` file is first inflated to a temporary file (osm-read reads paths). */
export async function readOsmFile(file: string, format: 'xml' | 'pbf' = osmFormatOf(file) ?? 'xml'): Promise<OsmData> {
  if (!file.toLowerCase().endsWith('.gz')) return parse(file, format);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lifecircle-osm-'));
  try {
    const plain = path.join(dir, `extract.${format === 'pbf' ? 'pbf' : 'osm'}`);
    await pipeline(createReadStream(file), createGunzip(), createWriteStream(plain));
    return await parse(plain, format);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function parse(filePath: string, format: 'xml' | 'pbf'): Promise<OsmData> {
  const data: OsmData = { bounds: null, nodes: new Map(), ways: [], relations: [] };
  return new Promise((resolve, reject) => {
    osmread.parse({
      filePath,
      format,
      bounds: (b) => { data.bounds = b; },
      node: (n) => { data.nodes.set(n.id, { lon: n.lon, lat: n.lat, tags: n.tags }); },
      way: (w) => { data.ways.push({ id: w.id, refs: w.nodeRefs, tags: w.tags }); },
      relation: (r) => { data.relations.push({ id: r.id, tags: r.tags, members: r.members }); },
      endDocument: () => resolve(data),
      error: (message) => reject(new InputError('file', `cannot read ${JSON.stringify(path.basename(filePath))} as OSM ${format.toUpperCase()}: ${String(message)}`)),
    });
  });
}
