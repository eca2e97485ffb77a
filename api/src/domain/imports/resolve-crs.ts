import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import gcoordModule from 'gcoord';
import proj4 from 'proj4';
import { ImportFileError } from './model.ts';

/** A coordinate reference system the importer can bring to WGS 84 longitude/latitude. */
export interface Crs {
  /** Normalised name for the report: `EPSG:4326`, `EPSG:4490`, `GCJ-02`, `BD-09`, `EPSG:4547`, or `WKT: <name>`. */
  id: string;
  /** True when coordinates are stored as given (WGS 84 and CGCS2000 agree to a few centimetres). */
  identity: boolean;
  /** Converts one position (x = easting or longitude, y = northing or latitude) to [longitude, latitude] in WGS 84. */
  toWgs84(x: number, y: number): [number, number];
}

const EPSG_DIR = path.join(path.dirname(createRequire(import.meta.url).resolve('epsg-index/package.json')), 's');

// gcoord's CommonJS build sets module.exports to the API object, while its typings declare it as `default`.
const gcoord = gcoordModule as unknown as (typeof gcoordModule)['default'];

const identity = (x: number, y: number): [number, number] => [x, y];
const WGS84: Crs = { id: 'EPSG:4326', identity: true, toWgs84: identity };
const CGCS2000: Crs = { id: 'EPSG:4490', identity: true, toWgs84: identity };

/**
 * An approximate inverse made exact by fixed-point iteration on the forward formula: the shift of
 * GCJ-02/BD-09 varies by centimetres over the size of the shift, so each step gains ~4 orders of magnitude.
 * @private
 */
function refinedInverse(forward: (p: [number, number]) => [number, number], inverse: (p: [number, number]) => [number, number]) {
  return (x: number, y: number): [number, number] => {
    let [lon, lat] = inverse([x, y]);
    for (let i = 0; i < 4; i += 1) {
      const [fx, fy] = forward([lon, lat]);
      const dx = x - fx;
      const dy = y - fy;
      lon += dx;
      lat += dy;
      if (Math.abs(dx) < 1e-11 && Math.abs(dy) < 1e-11) break;
    }
    return [lon, lat];
  };
}

const GCJ02: Crs = {
  id: 'GCJ-02',
  identity: false,
  toWgs84: refinedInverse(
    (p) => gcoord.transform(p, gcoord.WGS84, gcoord.GCJ02) as [number, number],
    (p) => gcoord.transform(p, gcoord.GCJ02, gcoord.WGS84) as [number, number],
  ),
};
const BD09: Crs = {
  id: 'BD-09',
  identity: false,
  toWgs84: refinedInverse(
    (p) => gcoord.transform(p, gcoord.WGS84, gcoord.BD09) as [number, number],
    (p) => gcoord.transform(p, gcoord.BD09, gcoord.WGS84) as [number, number],
  ),
};

const NAMED: Record<string, Crs> = {
  wgs84: WGS84, 'wgs-84': WGS84, crs84: WGS84, '4326': WGS84,
  cgcs2000: CGCS2000, '4490': CGCS2000,
  gcj02: GCJ02, 'gcj-02': GCJ02, amap: GCJ02,
  bd09: BD09, 'bd-09': BD09, bd09ll: BD09, baidu: BD09,
};

/** The EPSG code in `EPSG:n`, `n`, `urn:ogc:def:crs:EPSG::n`, `http://www.opengis.net/def/crs/EPSG/0/n`. @private */
function epsgCode(spec: string): string | undefined {
  const m = /^(?:epsg:|urn:ogc:def:crs:epsg:[\d.]*:|https?:\/\/www\.opengis\.net\/def\/crs\/epsg\/[\d.]+\/)?(\d{4,6})$/i.exec(spec);
  return m?.[1];
}

function fromProj4(id: string, definition: string): Crs {
  let converter: proj4.Converter;
  try {
    converter = proj4(definition, 'WGS84');
  } catch (err) {
    throw new ImportFileError('crs', `${id} cannot be used: ${(err as Error).message}`);
  }
  return { id, identity: false, toWgs84: (x, y) => converter.forward([x, y]) as [number, number] };
}

function fromEpsg(code: string): Crs {
  const named = NAMED[code];
  if (named) return named;
  let entry: { proj4?: string; wkt?: string; kind?: string };
  try {
    entry = JSON.parse(readFileSync(path.join(EPSG_DIR, `${code}.json`), 'utf8'));
  } catch {
    throw new ImportFileError('crs', `EPSG:${code} is not a coordinate reference system in the EPSG registry`);
  }
  if (!entry.kind?.startsWith('CRS-')) throw new ImportFileError('crs', `EPSG:${code} is not a coordinate reference system (it is ${entry.kind})`);
  const definition = entry.proj4 || entry.wkt;
  if (!definition) throw new ImportFileError('crs', `EPSG:${code} has no definition the projection library understands`);
  return fromProj4(`EPSG:${code}`, definition);
}

/** WKT (a shapefile's .prj, OGC or ESRI flavour): by its EPSG authority when it names one, else parsed by proj4. @private */
function fromWkt(wkt: string): Crs {
  const authority = /AUTHORITY\["EPSG",\s*"?(\d+)"?\]\]\s*$/i.exec(wkt) ?? /ID\["EPSG",\s*(\d+)\]\]\s*$/i.exec(wkt);
  if (authority) return fromEpsg(authority[1]!);
  const name = /^\s*\w+\["([^"]*)"/.exec(wkt)?.[1] ?? 'unnamed';
  if (/^\s*GEOG(CS|CRS)\[/i.test(wkt)) {
    if (/WGS[_ ]?(19)?84/i.test(wkt)) return WGS84;
    if (/China[_ ]?(Geodetic[_ ]Coordinate[_ ]System[_ ])?2000|CGCS[_ ]?2000/i.test(wkt)) return CGCS2000;
  }
  return fromProj4(`WKT: ${name}`, wkt);
}

/**
 * Resolves a CRS named by the user or declared by a file to a converter into WGS 84: WGS 84 and CGCS2000
 * (EPSG:4326/4490) as they are; GCJ-02 (Amap, Tencent) and BD-09 (Baidu) by gcoord's formulas, inverted
 * to below a millimetre; any other EPSG code from the EPSG registry (epsg-index) through proj4; and WKT.
 *
 * @param {string} spec `EPSG:4547`, `4547`, `urn:ogc:def:crs:EPSG::4547`, `gcj02`, `GCJ-02`, `bd09`, `wgs84`, `CGCS2000`, or WKT
 * @returns {Crs} the converter
 * @throws {ImportFileError} (field `crs`) for a name or code nobody knows
 * @example
 * resolveCrs('gcj02').toWgs84(116.397516, 39.908646); // → ≈ [116.391275, 39.907245]
 */
export function resolveCrs(spec: string): Crs {
  // Input validation
  const s = spec.trim();
  if (s === '') throw new ImportFileError('crs', 'must name a CRS: EPSG:4326, EPSG:4490, gcj02, bd09 or an EPSG code');
  const named = NAMED[s.toLowerCase()] ?? (/^urn:ogc:def:crs:ogc:1\.3:crs84$/i.test(s) ? WGS84 : undefined);
  if (named) return named;
  const code = epsgCode(s);
  if (code) return fromEpsg(code);
  if (/^\s*(PROJCS|GEOGCS|PROJCRS|GEOGCRS|GEODCRS|COMPD_CS)\[/i.test(s)) return fromWkt(s);
  throw new ImportFileError('crs', `unknown CRS ${JSON.stringify(s.slice(0, 80))}; use EPSG:4326, EPSG:4490 (CGCS2000), gcj02 (Amap), bd09 (Baidu) or any EPSG:n`);
}
