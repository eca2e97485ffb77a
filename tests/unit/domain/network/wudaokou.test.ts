import { area, booleanPointInPolygon, featureCollection, intersect } from '@turf/turf';
import { beforeAll, describe, expect, it } from 'vitest';
import { wudaokouCity } from '../../../../seeds/wudaokou/seed.ts';
import { HOUSEHOLD_ESTIMATE, type WudaokouCity } from '../../../../seeds/wudaokou/area.ts';

describe('the Wudaokou area from its OpenStreetMap extract', () => {
  let city: WudaokouCity;
  beforeAll(async () => {
    city = await wudaokouCity();
  });

  it('should credit OpenStreetMap and keep the motorway out of the walkable network', () => {
    expect(city.attribution).toContain('OpenStreetMap');
    const kinds = city.network.features.filter((f) => f.properties.walkable === false).map((f) => f.properties.kind);
    expect(kinds).toContain('motorway');
    expect(city.network.features.length).toBeGreaterThan(676);
  });

  it('should estimate each building\'s households from its footprint and levels, and say so', () => {
    const { NET_TO_GROSS, DWELLING_M2 } = HOUSEHOLD_ESTIMATE;
    expect(city.buildings.features.length).toBe(city.notes.residential_buildings);
    for (const b of city.buildings.features) {
      const p = (b.properties as unknown as { properties: { estimated: boolean; footprint_m2: number; levels: number } }).properties;
      expect(p.estimated).toBe(true);
      // The footprint is stored rounded to 1 m², which can move the rounding by one household.
      expect(Math.abs(b.properties.households - Math.max(1, Math.round((p.footprint_m2 * p.levels * NET_TO_GROSS) / DWELLING_M2)))).toBeLessThanOrEqual(1);
      expect(p.levels).toBeGreaterThanOrEqual(2);
    }
    const total = city.buildings.features.reduce((s, b) => s + b.properties.households, 0);
    expect(total).toBe(city.notes.households_estimated);
  });

  it('should draw communities from the real OSM polygons (compounds, campuses), the rest by 500 m cell, holding every home', () => {
    const byCode = new Map(city.communities.features.map((c) => [c.properties.code, c]));
    for (const b of city.buildings.features) {
      const community = byCode.get(b.properties.community_code!);
      expect(community, b.properties.code).toBeDefined();
      expect(booleanPointInPolygon(b as never, community as never), b.properties.code).toBe(true);
    }
    for (const c of city.communities.features) {
      const homes = city.buildings.features.filter((b) => b.properties.community_code === c.properties.code);
      expect(c.properties.households).toBe(homes.reduce((s, b) => s + b.properties.households, 0));
      expect(c.properties.population).toBe(Math.round(c.properties.households * HOUSEHOLD_ESTIMATE.PERSONS_PER_HOUSEHOLD));
      // Grid communities (the rest) fit in a 500 m × 500 m cell.
      if (/网格/.test(c.properties.name)) expect(area(c as never)).toBeLessThan(250_000 * 1.01);
    }
    // Named after the OSM polygons: the campus and its residential compounds.
    const names = city.communities.features.map((c) => c.properties.name);
    expect(names).toContain('清华大学');
    expect(names).toContain('荷清苑教师住宅区');
    // No two communities overlap (a compound inside the campus is cut out of it).
    const list = city.communities.features;
    for (let i = 0; i < list.length; i += 1) {
      for (let j = i + 1; j < list.length; j += 1) {
        const both = intersect(featureCollection([list[i]!, list[j]!]) as never);
        expect(both ? area(both) : 0, `${list[i]!.properties.code} / ${list[j]!.properties.code}`).toBeLessThan(1);
      }
    }
    expect(city.streets).toHaveLength(1);
  });

  it('should map tagged places to catalogue types: the university hospital, parks and pitches, shops', () => {
    const byType = city.notes.facilities_by_type;
    expect(byType.health_center).toBeGreaterThanOrEqual(1);
    expect(byType.fitness_ground).toBeGreaterThan(20);
    expect(byType.convenience_outlet).toBeGreaterThan(10);
    const hospital = city.facilities.features.find((f) => f.properties.type === 'health_center')!;
    expect(hospital.properties.name).toMatch(/医院/);
  });
});
