import { describe, expect, it } from 'vitest';
import { matrixProblem, siteIndices, SitingInputError } from '../../../../api/src/domain/siting/index.ts';
import { denseMatrix, readMatrix } from './fixtures.ts';

const DEMAND = 'id,weight\na,2\nb,3\nc,0\n';
const COSTS = 'demand_id,site_id,cost\na,S2,10\nb,S1,5\na,S1,7\n';

describe('matrixProblem', () => {
  it('should number sites by first appearance and list each site\'s pairs by demand', () => {
    const p = matrixProblem(DEMAND, COSTS);
    expect(p.demandIds).toEqual(['a', 'b', 'c']);
    expect([...p.weights]).toEqual([2, 3, 0]);
    expect(p.siteIds).toEqual(['S2', 'S1']);
    expect([...p.siteStart]).toEqual([0, 1, 3]);
    expect([...p.demandIndex]).toEqual([0, 0, 1]);
    expect([...p.cost]).toEqual([10, 7, 5]);
    expect(p.existingCost).toBeUndefined();
  });

  it('should read the small fixture as the plain dense reading does', () => {
    const { demandCsv, costsCsv } = readMatrix('small');
    const p = matrixProblem(demandCsv, costsCsv);
    const dense = denseMatrix('small');
    expect(p.siteIds).toEqual(dense.siteIds);
    for (let j = 0; j < p.siteIds.length; j++) {
      for (let k = p.siteStart[j]!; k < p.siteStart[j + 1]!; k++) expect(p.cost[k]).toBe(dense.cost[j]![p.demandIndex[k]!]);
      const listed = dense.cost[j]!.filter((v) => v !== Infinity).length;
      expect(p.siteStart[j + 1]! - p.siteStart[j]!).toBe(listed);
    }
  });

  it('should accept a BOM, CRLF line ends, quoted fields and columns in another order', () => {
    const p = matrixProblem('\uFEFFweight,id\r\n2,"a"\r\n', 'cost,site_id,demand_id\r\n4,"S 1",a\r\n');
    expect(p.demandIds).toEqual(['a']);
    expect(p.siteIds).toEqual(['S 1']);
    expect([...p.cost]).toEqual([4]);
  });

  it.each([
    ['a weight that is not a number', 'id,weight\na,2\nb,many\n', COSTS, 'demand.csv line 3: weight'],
    ['a negative weight', 'id,weight\na,-1\n', COSTS, 'demand.csv line 2: weight'],
    ['a repeated demand id', 'id,weight\na,1\na,2\n', COSTS, 'demand.csv line 3: id'],
    ['a header without weight', 'id,households\na,1\n', COSTS, 'demand.csv line 1'],
    ['an empty demand file', '', COSTS, 'demand.csv'],
    ['an unknown demand id', DEMAND, 'demand_id,site_id,cost\nz,S1,3\n', 'costs.csv line 2: demand_id'],
    ['a negative cost', DEMAND, 'demand_id,site_id,cost\na,S1,3\nb,S1,-3\n', 'costs.csv line 3: cost'],
    ['an empty site id', DEMAND, 'demand_id,site_id,cost\na,,3\n', 'costs.csv line 2: site_id'],
    ['a pair given twice', DEMAND, 'demand_id,site_id,cost\na,S1,3\nb,S1,4\na,S1,5\n', 'costs.csv line 4'],
    ['a row with too many fields', DEMAND, 'demand_id,site_id,cost\na,S1,3,9\n', 'costs.csv line 2'],
    ['no cost rows', DEMAND, 'demand_id,site_id,cost\n', 'costs.csv'],
  ])('When given %s, then the error names %s', (_, demand, costs, field) => {
    let err: unknown;
    try {
      matrixProblem(demand, costs);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SitingInputError);
    expect((err as SitingInputError).field).toBe(field);
  });

  it('should use the given file names in errors', () => {
    expect(() => matrixProblem('id,weight\na,x\n', COSTS, { demandFile: 'data/homes.csv' })).toThrow('data/homes.csv line 2: weight');
  });
});

describe('siteIndices', () => {
  it('should map ids to indices in the order given, and name an unknown one', () => {
    const p = matrixProblem(DEMAND, COSTS);
    expect(siteIndices(p, ['S1', 'S2'], '--force')).toEqual([1, 0]);
    expect(() => siteIndices(p, ['S9'], '--force')).toThrow(expect.objectContaining({ field: '--force' }));
  });
});
