/**
 * Walking vs straight-line coverage in the Wudaokou area, per facility type and per community:
 * the figures of docs/walking.md. Reads seeds/wudaokou/map.osm.gz (© OpenStreetMap contributors,
 * ODbL 1.0), no database:
 *
 *   npx tsx seeds/wudaokou/report.ts
 */
import { createCoverageEngine } from '../../api/src/domain/coverage/index.ts';
import { geodesicDistanceMetersLonLat } from '../../api/src/domain/geo/geodesic-distance.ts';
import { connectivityReport, createWalkingEngine, prepareWalkingNetwork } from '../../api/src/domain/network/index.ts';
import { wudaokouCity } from './seed.ts';
import catalogue from '../facility-types.json' with { type: 'json' };

const AS_OF = '2026-01-01';
const city = await wudaokouCity();
const districtOf = new Map(city.streets.map((s) => [s.code, s.district_code]));
const input = {
  communities: city.communities.features.map((f) => ({ ...f.properties, district_code: districtOf.get(f.properties.street_code)!, geometry: f.geometry })),
  buildings: city.buildings.features.map((f) => ({ code: f.properties.code, community_code: f.properties.community_code, households: f.properties.households, lon: f.geometry.coordinates[0]!, lat: f.geometry.coordinates[1]! })),
  facilities: city.facilities.features.map((f) => ({ ...f.properties, lon: f.geometry.coordinates[0]!, lat: f.geometry.coordinates[1]! })),
};
const walking = prepareWalkingNetwork(city.network);
const net = connectivityReport(walking.network);
console.log(`Wudaokou (${city.attribution})`);
console.log(`network: ${city.network.features.length} OSM ways (${city.network.features.filter((f) => f.properties.walkable === false).length} not walkable) → ${net.edges} edges, ${net.nodes} nodes, ${(net.lengthM / 1000).toFixed(1)} km; ${net.components} components, the main one ${(100 * net.main.lengthShare).toFixed(1)} % of the length`);
console.log(`walls: ${city.notes.walls.barriers} lines (campus outlines, walls, fences), ${city.notes.walls.cuts} street crossings cut, ${city.notes.walls.throughGates} let through at ${city.notes.walls.gates} gates`);
console.log(`homes: ${city.notes.residential_buildings} residential buildings, ${city.notes.households_estimated} households (estimated), ${city.notes.communities} communities (real residential and campus polygons; the rest by 500 m cell)`);
const engine = createWalkingEngine(input, walking);
// The same without walls: every street crossing a campus outline joined as drawn.
const open = await wudaokouCity({ walls: false });
const noWalls = createWalkingEngine(input, prepareWalkingNetwork(open.network));
const straight = createCoverageEngine(input);
console.log(`snapping: ${engine.unreachableBuildings.length} buildings beyond ${engine.maxSnapM} m`);
console.log('\n| type | reach | facilities | straight | walking, no walls | walking | walking − straight |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
const counted = new Map<string, number>();
for (const f of input.facilities) counted.set(f.type, (counted.get(f.type) ?? 0) + 1);
for (const t of catalogue.types) {
  if (!counted.has(t.code)) continue;
  const rule = [{ type: t.code, reachMeters: t.reach_m }];
  const s = straight.compute(rule, { asOf: AS_OF }).totals;
  const w = engine.compute(rule, { asOf: AS_OF }).totals;
  const o = noWalls.compute(rule, { asOf: AS_OF }).totals;
  console.log(`| ${t.code} (${t.name_zh}) | ${t.reach_m} m | ${counted.get(t.code)} | ${(100 * s.rate).toFixed(1)} % | ${(100 * o.rate).toFixed(1)} % | ${(100 * w.rate).toFixed(1)} % | ${(100 * (w.rate - s.rate)).toFixed(1)} pts |`);
}
// How much farther people walk than the crow flies, to the nearest facility of a type.
console.log('\n| type | median straight | median walk | median walk ÷ straight | median snap leg |\n| --- | ---: | ---: | ---: | ---: |');
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const type of ['fitness_ground', 'convenience_outlet', 'culture_station']) {
  const { distanceM } = engine.buildingDistances([{ type, reachMeters: 1000 }], { asOf: AS_OF });
  const mine = input.facilities.filter((f) => f.type === type);
  const crow = input.buildings.map((b) => Math.min(...mine.map((f) => geodesicDistanceMetersLonLat(b.lon, b.lat, f.lon, f.lat))));
  const ratios = crow.map((d, i) => distanceM[i]! / d);
  const snaps = input.buildings.map((b) => engine.buildingSnap(b.code)?.snapM ?? NaN);
  console.log(`| ${type} | ${median(crow).toFixed(0)} m | ${median([...distanceM]).toFixed(0)} m | ${median(ratios).toFixed(2)} | ${median(snaps).toFixed(0)} m |`);
}
for (const [type, reach] of [['fitness_ground', 500], ['convenience_outlet', 300]] as const) {
  const rule = [{ type, reachMeters: reach }];
  const s = straight.compute(rule, { asOf: AS_OF }).perCommunity;
  const w = engine.compute(rule, { asOf: AS_OF }).perCommunity;
  console.log(`\n${type} ${reach} m per community:\n| community | households | straight | walking |\n| --- | ---: | ---: | ---: |`);
  w.forEach((c, i) => {
    const name = input.communities[i]!.name;
    console.log(`| ${c.code} ${name} | ${c.households} | ${(100 * s[i]!.rate).toFixed(0)} % | ${(100 * c.rate).toFixed(0)} % |`);
  });
}
