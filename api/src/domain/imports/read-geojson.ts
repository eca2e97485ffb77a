import { pipeline, Readable } from 'node:stream';
import { Assembler } from 'stream-json/assembler.js';
import parser from 'stream-json/parser.js';
import { ImportFileError, type ByteSource, type ImportRow, type ReaderItem } from './model.ts';

type Token = parser.Token;

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Turns one assembled `features[i]` value into a row (with a fault when it is no Feature). @private */
function featureRow(value: unknown, index: number): ImportRow {
  const base = `features[${index}]`;
  const row: ImportRow = { index, properties: {}, geometry: null, propertiesPath: `${base}.properties`, geometryPath: `${base}.geometry` };
  if (!isPlainObject(value) || value.type !== 'Feature') {
    return { ...row, fault: { field: base, reason: `must be a GeoJSON Feature object ({"type":"Feature","geometry":…,"properties":…}), got ${describe(value)}` } };
  }
  if (!('geometry' in value)) return { ...row, fault: { field: `${base}.geometry`, reason: 'a Feature must have a "geometry" member (null when it has no shape)' } };
  if (value.properties !== null && value.properties !== undefined && !isPlainObject(value.properties)) {
    return { ...row, fault: { field: `${base}.properties`, reason: 'must be an object or null' } };
  }
  const properties = { ...((value.properties as Record<string, unknown> | null) ?? {}) };
  // Features exported by OGC API servers (ours too) carry the code as the feature id.
  if (properties.code === undefined && typeof value.id === 'string') properties.code = value.id;
  return { ...row, properties, geometry: value.geometry ?? null };
}

function describe(value: unknown): string {
  if (isPlainObject(value)) return `an object with type ${JSON.stringify(value.type)}`;
  return Array.isArray(value) ? 'an array' : JSON.stringify(value) ?? String(value);
}

const VALUE_TOKENS = new Set(['startObject', 'startArray', 'stringValue', 'numberValue', 'nullValue', 'trueValue', 'falseValue']);

/**
 * Reads a GeoJSON FeatureCollection as a stream: one row per `features[i]`, never the whole file in
 * memory (stream-json tokens, one feature assembled at a time). A legacy `crs` member (as QGIS writes
 * for non-WGS 84 layers) is yielded as a `crs` item when it is met.
 *
 * @param {ByteSource} source the file's bytes (UTF-8)
 * @returns {AsyncGenerator<ReaderItem>} `crs` items and `row` items, in file order
 * @throws {ImportFileError} when the bytes are not JSON or not a FeatureCollection
 * @example
 * for await (const item of readGeoJson(createReadStream('communities.geojson'))) …
 */
export async function* readGeoJson(source: ByteSource): AsyncGenerator<ReaderItem> {
  const tokens = parser.asStream({ streamValues: false });
  pipeline(Readable.from(source), tokens, () => {});
  let depth = 0;
  let key: string | undefined;
  let inFeatures = false;
  let sawFeatures = false;
  let type: unknown;
  let index = 0;
  let assembling: { asm: Assembler; what: string } | undefined;

  function* finish(what: string, value: unknown): Generator<ReaderItem> {
    if (what === 'feature') {
      yield { kind: 'row', row: featureRow(value, index) };
      index += 1;
    } else if (what === 'crs') {
      const name = isPlainObject(value) && isPlainObject(value.properties) ? value.properties.name : undefined;
      yield { kind: 'crs', crs: typeof name === 'string' ? name : JSON.stringify(value), field: 'crs' };
    } else if (what === 'type') {
      type = value;
    } else if (what === 'features') {
      throw new ImportFileError('features', `must be an array of Features, got ${describe(value)}`);
    }
  }

  try {
    for await (const token of tokens as AsyncIterable<Token>) {
      if (assembling) {
        assembling.asm.consume(token);
        if (assembling.asm.done) {
          const { asm, what } = assembling;
          assembling = undefined;
          yield* finish(what, asm.current);
        }
        continue;
      }
      const name = token.name;
      if (depth === 0) {
        if (name !== 'startObject') throw new ImportFileError('body', 'a GeoJSON file must be one FeatureCollection object');
        depth = 1;
        continue;
      }
      if (depth === 1 && !inFeatures) {
        if (name === 'keyValue') {
          key = token.value;
          continue;
        }
        if (name === 'endObject') {
          depth = 0;
          continue;
        }
        if (key === 'features' && name === 'startArray') {
          inFeatures = true;
          sawFeatures = true;
          depth = 2;
          continue;
        }
        if ((key === 'crs' || key === 'type' || key === 'features') && VALUE_TOKENS.has(name)) {
          const asm = new Assembler();
          asm.consume(token);
          if (asm.done) yield* finish(key, asm.current);
          else assembling = { asm, what: key };
          continue;
        }
      } else if (inFeatures && depth === 2) {
        if (name === 'endArray') {
          inFeatures = false;
          depth = 1;
          continue;
        }
        if (VALUE_TOKENS.has(name)) {
          const asm = new Assembler();
          asm.consume(token);
          if (asm.done) yield* finish('feature', asm.current);
          else assembling = { asm, what: 'feature' };
          continue;
        }
      }
      // Skipping a member we do not read (bbox, name, foreign members).
      if (name === 'startObject' || name === 'startArray') depth += 1;
      else if (name === 'endObject' || name === 'endArray') depth -= 1;
    }
  } catch (err) {
    if (err instanceof ImportFileError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    throw new ImportFileError('body', `the file is not valid JSON (${message}; after ${index} features)`);
  } finally {
    tokens.destroy();
  }
  if (depth !== 0 || assembling) throw new ImportFileError('body', `the file ends in the middle of the JSON (after ${index} features)`);
  if (type !== 'FeatureCollection') throw new ImportFileError('type', `a GeoJSON import must be a FeatureCollection, got type ${JSON.stringify(type)}`);
  if (!sawFeatures) throw new ImportFileError('features', 'the FeatureCollection has no "features" array');
}
