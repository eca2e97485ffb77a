import { beforeAll, describe, expect, it } from 'vitest';
import { isOpenOn } from '../../../../api/src/domain/coverage/index.ts';
import { geodesicDistanceMetersLonLat } from '../../../../api/src/domain/geo/geodesic-distance.ts';
import { createWalkingEngine, prepareWalkingNetwork } from '../../../../api/src/domain/network/index.ts';
import { generateCity } from '../../../../seeds/demo-city/generate.ts';
import { demoCityInput } from './demo-city.ts';

/** Whether segments pq and ab cross (planar in lon/lat: enough to tell river banks apart). */
function crosses(p: number[], q: number[], a: number[], b: number[]): boolean {
  const side = (o: number[], x: number[], y: number[]) => Math.sign((x[0]! - o[0]!) * (y[1]! - o[1]!) - (x[1]! - o[1]!) * (y[0]! - o[0]!));
  return side(p, q, a) !== side(p, q, b) && side(a, b, p) !== side(a, b, q);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe('the river of the demo city, walked', () => {
  // Walking minus straight-line distance to the nearest centre (metres), and the ratio of the two.
  const excess = { across: [] as number[], same: [] as number[] };
  const ratios: number[] = [];
  beforeAll(() => {
    const { input, lines } = demoCityInput();
    const river = generateCity().river.features.find((f) => f.properties.kind === 'river')!.geometry.coordinates as number[][];
    const engine = createWalkingEngine(input, prepareWalkingNetwork(lines));
    const rule = [{ type: 'health_center', reachMeters: 1000 }];
    const { distanceM } = engine.buildingDistances(rule, { asOf: '2026-01-01' });
    const centres = input.facilities.filter((f) => f.type === 'health_center' && isOpenOn(f, '2026-01-01'));
    input.buildings.forEach((b, i) => {
      let best = Infinity;
      let nearest = centres[0]!;
      for (const f of centres) {
        const d = geodesicDistanceMetersLonLat(b.lon, b.lat, f.lon, f.lat);
        if (d < best) [best, nearest] = [d, f];
      }
      const across = river.some((a, k) => k + 1 < river.length && crosses([b.lon, b.lat], [nearest.lon, nearest.lat], a, river[k + 1]!));
      excess[across ? 'across' : 'same'].push(distanceM[i]! - best);
      ratios.push(distanceM[i]! / best);
    });
  });

  it('should make people whose nearest centre is across the river walk much farther than the crow flies', () => {
    expect(excess.across.length).toBeGreaterThan(100);
    expect(Math.min(...ratios)).toBeGreaterThanOrEqual(1);
    // Same side: the detour of the coarse street grid and the snap legs (~480 m at the median);
    // across: that plus the way round by one of three bridges (~870 m at the median).
    expect(median(excess.across)).toBeGreaterThan(median(excess.same) + 250);
  });
});
