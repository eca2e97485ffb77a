/**
 * "What is near me": for a point, per facility type, the nearest open facilities with their
 * geodesic and walking distances and the walk drawn as a line, and whether the point lies within
 * the type's reach (as straight-line coverage decides it).
 */
import { nearestOpen } from '../domain/coverage/nearest-open.ts';
import { walkRoutes } from '../domain/network/walk-route.ts';
import type { CoverageService } from './coverage.ts';
import { InputError } from './errors.ts';
import type { ScenarioOverlay } from './scenario-model.ts';

/** Network search bound per request, metres: a walk longer than this is reported as unreachable. */
const MAX_WALK_SEARCH_M = 30_000;
export const NEARBY_MAX_K = 10;

export interface NearbyRequest {
  lon: number;
  lat: number;
  /** Facility types; undefined = every type of the catalogue. */
  types?: string[] | undefined;
  k: number;
  asOf: string;
  scenario?: ScenarioOverlay | undefined;
}

export type { NearbyAnswer, NearbyFacility, NearbyType } from '../schema/nearby-answer.ts';
import type { NearbyAnswer, NearbyType } from '../schema/nearby-answer.ts';

const round1 = (m: number) => Math.round(m * 10) / 10;

/** Answers one nearby request over the coverage snapshot (baseline or scenario) and its walking engine. */
export async function nearby(coverage: CoverageService, req: NearbyRequest): Promise<NearbyAnswer> {
  const snap = await coverage.snapshot(req.scenario);
  const types = req.types ?? [...snap.types.keys()];
  const unknown = types.filter((t) => !snap.types.has(t));
  if (unknown.length > 0) {
    throw new InputError('types', `unknown facility type ${unknown.map((t) => JSON.stringify(t)).join(', ')}; known types: ${[...snap.types.keys()].join(', ')}`);
  }
  const engine = await coverage.walking.engineFor(snap);
  const originSnap = engine.walking.snap(req.lon, req.lat, engine.maxSnapM);
  const ranked = types.map((type) => nearestOpen(snap.facilities, [req.lon, req.lat], { type, asOf: req.asOf, k: req.k }));
  // One network search for every type's candidates.
  const targets = ranked.flat().map((r) => ({ lon: r.facility.lon, lat: r.facility.lat, snap: engine.facilitySnap(r.facility.lon, r.facility.lat) }));
  const walks = walkRoutes(engine.walking, [req.lon, req.lat], originSnap, targets, { maxDistanceM: MAX_WALK_SEARCH_M });
  let next = 0;
  const out: NearbyType[] = types.map((type, t) => {
    const reachM = snap.types.get(type)!.reach_m;
    const mine = ranked[t]!;
    return {
      type,
      reach_m: reachM,
      within_reach: mine.length > 0 && mine[0]!.distanceM <= reachM,
      nearest: mine.map((r) => {
        const walk = walks[next++]!;
        return { code: r.facility.code, name: r.facility.name, distance_m: round1(r.distanceM), walk_m: walk.walkM === null ? null : round1(walk.walkM), route: walk.route };
      }),
    };
  });
  return { lon: req.lon, lat: req.lat, as_of: req.asOf, types: out };
}
