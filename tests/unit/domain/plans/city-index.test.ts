/**
 * forEachFacilityOfTypes visits exactly the facilities of the wanted types in each community, in the
 * order of the community's list (so sums come out as a plain scan gives them): checked against that scan
 * for every single type, every pair and the whole catalogue, on the fixture city plus facilities
 * interleaved by type in one community.
 */
import { describe, expect, it } from 'vitest';
import { forEachFacilityOfTypes, indexCity } from '../../../../api/src/domain/plans/city-index.ts';
import { fixtureCity } from './fixture.ts';

describe('forEachFacilityOfTypes', () => {
  it('should equal a scan of each community\'s list filtered by type, for one type, two, and all', () => {
    const city = fixtureCity();
    const extra = ['health_station', 'elderly_home', 'health_station', 'culture_station', 'elderly_home'].map((type, i) => ({ ...city.facilities[0]!, code: `X${i}`, type, community_code: 'C3' }));
    const index = indexCity({ ...city, facilities: [...city.facilities, ...extra] });
    const types = [...index.types.keys()];
    const sets = [...types.map((t) => [t]), ...types.flatMap((a, i) => types.slice(i + 1).map((b) => [a, b])), types, ['elderly_home', 'health_station', 'elderly_home']];
    for (const wanted of sets) {
      for (const c of index.city.communities) {
        const seen: string[] = [];
        forEachFacilityOfTypes(index, [c], wanted, (f) => seen.push(f.code));
        const truth = (index.facilitiesByCommunity.get(c.code) ?? []).filter((f) => wanted.includes(f.type)).map((f) => f.code);
        expect([wanted, c.code, seen]).toEqual([wanted, c.code, truth]);
      }
    }
  });
});
