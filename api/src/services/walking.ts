/**
 * Walking-distance coverage over the database: one walking engine per data version (the network
 * noded in memory from `network_edge`, demand points snapped once), shared by every scenario of
 * that version; reach areas (walking isochrones or geodesic circles) for the map.
 */
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import type { Db } from '../db/connect.ts';
import { isOpenOn, type CoverageFacility, type CoverageRule } from '../domain/coverage/index.ts';
import { createScenarioDelta, type ScenarioDelta } from '../domain/coverage/scenario-delta.ts';
import { geodesicCircle } from '../domain/geo/geodesic-circle.ts';
import {
  connectivityReport,
  createWalkingEngine,
  prepareWalkingNetwork,
  walkingIsochrones,
  type ConnectivityReport,
  type WalkingCoverageResult,
  type WalkingEngine,
} from '../domain/network/index.ts';
import type { CoverageSnapshot } from './coverage-snapshot.ts';
import { choice } from './choice.ts';
import { loadNetworkLines, networkBuildStatus } from './network-store.ts';
import { hasNetworkLines } from '../db/repositories/network.ts';

/** How distances are measured: geodesic straight line, or walking on the street network. */
export const DISTANCE_MODES = ['straight', 'walk'] as const;
export type DistanceMode = (typeof DISTANCE_MODES)[number];

/** `mode`: straight (default, geodesic) | walk (walking distance on the street network); throws an InputError naming the field otherwise. */
export function parseDistanceMode(raw: string | undefined, field = 'mode'): DistanceMode {
  return choice(raw, field, DISTANCE_MODES, 'straight');
}

/**
 * Walking engines per snapshot. The expensive part (noding, snapping ~10⁵ demand points) is done
 * once per data version; a scenario's snapshot (other facilities, same buildings) reuses it.
 */
interface BaseEngine {
  version: string;
  /** The facility list the engine was built with (a scenario's snapshot has another). */
  facilities: CoverageSnapshot['facilities'];
  engine: Promise<WalkingEngine>;
}

export class WalkingEngines {
  #base: BaseEngine | undefined;
  #bySnapshot = new WeakMap<CoverageSnapshot, Promise<WalkingEngine>>();
  /** Per (data version, scenario id): the walking delta every version of the scenario is read from. */
  #deltas = new Map<string, ScenarioDelta>();

  constructor(private readonly db: Db, private readonly options: { maxSnapM?: number } = {}) {}

  /** The walking engine over a snapshot's communities, buildings and facilities. */
  engineFor(snap: CoverageSnapshot): Promise<WalkingEngine> {
    let hit = this.#bySnapshot.get(snap);
    if (!hit) {
      const base = this.#baseFor(snap);
      hit = base.engine.then((engine) => {
        if (base.facilities === snap.facilities) return engine;
        const own = engine.withFacilities(snap.facilities);
        if (!snap.scenario) return own;
        // A scenario: the baseline engine plus the scenario's delta (sessions holding its changes).
        const delta = this.#deltaOf(snap.version, snap.scenario.id, engine);
        return {
          ...own,
          compute: (rule, options) => delta.compute(rule, options, snap.facilities) as WalkingCoverageResult,
          session: (rule, options) => delta.session(rule, options, snap.facilities),
        };
      });
      this.#bySnapshot.set(snap, hit);
      hit.catch(() => this.#bySnapshot.delete(snap));
    }
    return hit;
  }

  /**
   * Builds the walking engine of a baseline snapshot ahead of any request (the start-up warm-up);
   * nothing when the city has no communities or no street network. Resolves whether it built.
   */
  async prebuild(snap: CoverageSnapshot): Promise<boolean> {
    if (snap.communities.length === 0 || !(await hasNetworkLines(this.db.sql))) return false;
    await this.engineFor(snap);
    return true;
  }

  #deltaOf(version: string, id: number, engine: WalkingEngine): ScenarioDelta {
    const key = `${version}|${id}`;
    let delta = this.#deltas.get(key);
    if (delta) {
      this.#deltas.delete(key);
    } else {
      for (const k of this.#deltas.keys()) if (!k.startsWith(`${version}|`)) this.#deltas.delete(k);
      if (this.#deltas.size >= 8) this.#deltas.delete(this.#deltas.keys().next().value!);
      delta = createScenarioDelta(engine, { maxSessions: 4 });
    }
    this.#deltas.set(key, delta);
    return delta;
  }

  #baseFor(snap: CoverageSnapshot): BaseEngine {
    if (this.#base && this.#base.version === snap.version) return this.#base;
    const engine = loadNetworkLines(this.db.sql).then((lines) =>
      createWalkingEngine(
        { communities: snap.communities, buildings: snap.buildings, facilities: snap.facilities },
        prepareWalkingNetwork(lines),
        this.options.maxSnapM === undefined ? {} : { maxSnapM: this.options.maxSnapM },
      ),
    );
    const base = { version: snap.version, facilities: snap.facilities, engine };
    this.#base = base;
    engine.catch(() => {
      if (this.#base === base) this.#base = undefined;
    });
    return base;
  }
}

/** A reach-area request: one rule on a date, drawn straight or walking. */
export interface ReachRequest {
  rule: CoverageRule;
  asOf: string;
  mode: DistanceMode;
  /** Walking band half-width, metres (walk only). */
  widthM: number;
}

/** Properties of one reach area. */
export interface ReachAreaProperties {
  facility_code: string;
  facility_name: string;
  type: string;
  mode: DistanceMode;
  reach_m: number;
  /** walk: half-width of the band around the reached streets; straight: null. */
  width_m: number | null;
  /** walk: metres of street within reach; straight: null. */
  street_m: number | null;
  /** walk: the facility's snap distance (null beyond the limit: no area); straight: null. */
  snap_m: number | null;
}

/**
 * Reach areas of the facilities counted under a rule on a date, one feature per facility:
 * straight = the geodesic circle of the reach; walk = the walking isochrone (the streets within
 * reach, as a band of `widthM` each side; see `walkingIsochrones`). Facilities beyond the snap
 * limit get a feature with a null geometry.
 */
export async function reachAreas(
  snap: CoverageSnapshot,
  engine: () => Promise<WalkingEngine>,
  req: ReachRequest,
): Promise<FeatureCollection<Polygon | MultiPolygon | null, ReachAreaProperties>> {
  const counted = snap.facilities.filter((f) => req.rule.some((p) => p.type === f.type) && isOpenOn(f, req.asOf));
  const features: Array<Feature<Polygon | MultiPolygon | null, ReachAreaProperties>> = [];
  for (const part of req.rule) {
    const mine = counted.filter((f) => f.type === part.type);
    const base = (f: CoverageFacility & { name: string }) => ({ facility_code: f.code, facility_name: f.name, type: f.type, mode: req.mode, reach_m: part.reachMeters });
    if (req.mode === 'straight') {
      for (const f of mine) {
        const circle = geodesicCircle([f.lon, f.lat], part.reachMeters);
        features.push({ type: 'Feature', id: f.code, geometry: circle.geometry, properties: { ...base(f), width_m: null, street_m: null, snap_m: null } });
      }
      continue;
    }
    const walking = (await engine()).walking;
    const origins: FeatureCollection<Point, { code: string }> = {
      type: 'FeatureCollection',
      features: mine.map((f) => ({ type: 'Feature', properties: { code: f.code }, geometry: { type: 'Point', coordinates: [f.lon, f.lat] } })),
    };
    const areas = walkingIsochrones(walking, origins, part.reachMeters, { widthM: req.widthM, maxSnapM: (await engine()).maxSnapM });
    areas.features.forEach((a, i) => {
      const f = mine[i]!;
      features.push({
        type: 'Feature',
        id: f.code,
        geometry: a.geometry,
        properties: { ...base(f), width_m: a.properties.width_m, street_m: Math.round(a.properties.street_m * 10) / 10, snap_m: a.properties.snap_m },
      });
    });
  }
  return { type: 'FeatureCollection', features };
}

/** The network as the walking engine sees it, and the state of the stored noded tables. */
export async function networkSummary(db: Db, engine: WalkingEngine): Promise<{
  connectivity: ConnectivityReport;
  max_snap_m: number;
  snap_to: 'main' | 'all';
  unreachable_buildings: number;
  stored: Awaited<ReturnType<typeof networkBuildStatus>>;
}> {
  return {
    connectivity: connectivityReport(engine.walking.network, { listIsolated: 50 }),
    max_snap_m: engine.maxSnapM,
    snap_to: engine.walking.snapTo,
    unreachable_buildings: engine.unreachableBuildings.length,
    stored: await networkBuildStatus(db),
  };
}
