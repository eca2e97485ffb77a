import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { floatingCatchment } from '../../../../api/src/domain/accessibility/index.ts';

/**
 * The published reference case (pysal/access hospital example, BSD-3), copied from ../shared/fixtures/2sfca/ into tests/fixtures/2sfca/:
 * three tracts that are both demand (population) and supply (doctors), four travel-cost scenarios.
 * Catchment: cost < 61 (strict); demand at r uses supply at h with the cost r → h.
 */
interface HospitalExample {
  tracts: Array<{ id: number; population: number; doctors: number }>;
  max_cost_exclusive: number;
  scenarios: Array<{
    scenario: number;
    costs: Array<{ origin: number; dest: number; cost: number }>;
    gravity_inverse_distance: Record<string, number>;
    step_unweighted: Record<string, number>;
  }>;
}

const FIXTURE = fileURLToPath(new URL('../../../fixtures/2sfca/hospital-example.json', import.meta.url));
const example = JSON.parse(readFileSync(FIXTURE, 'utf8')) as HospitalExample;

/** Pairs inside the catchment, weighted by `weightOf(cost)`. */
function pairsOf(costs: HospitalExample['scenarios'][number]['costs'], weightOf: (cost: number) => number) {
  const index = new Map(example.tracts.map((t, i) => [t.id, i]));
  const inside = costs.filter((c) => c.cost < example.max_cost_exclusive);
  return {
    demandIndex: inside.map((c) => index.get(c.origin)!),
    supplyIndex: inside.map((c) => index.get(c.dest)!),
    weight: inside.map((c) => weightOf(c.cost)),
  };
}

describe('floatingCatchment -- published reference values (../shared/fixtures/2sfca)', () => {
  const population = example.tracts.map((t) => t.population);
  const doctors = example.tracts.map((t) => t.doctors);

  it.each(example.scenarios.map((s) => [s.scenario, s] as const))('should reproduce scenario %i, step weights (classic 2SFCA), to 6 decimals', (_, s) => {
    const { accessibility } = floatingCatchment(population, doctors, pairsOf(s.costs, () => 1));
    example.tracts.forEach((t, i) => {
      expect(Number(accessibility[i]!.toFixed(6))).toBe(s.step_unweighted[String(t.id)]);
      expect(accessibility[i]).toBeCloseTo(s.step_unweighted[String(t.id)]!, 6);
    });
  });

  it.each(example.scenarios.map((s) => [s.scenario, s] as const))('should reproduce scenario %i, inverse-distance weights in both steps, to 6 decimals', (_, s) => {
    const { accessibility } = floatingCatchment(population, doctors, pairsOf(s.costs, (cost) => 1 / cost));
    example.tracts.forEach((t, i) => {
      expect(Number(accessibility[i]!.toFixed(6))).toBe(s.gravity_inverse_distance[String(t.id)]);
    });
  });

  it('should give every tract total supply / total demand when all pairs are inside (scenario 3, step weights)', () => {
    const s = example.scenarios.find((x) => x.scenario === 3)!;
    const { accessibility, supplyReached } = floatingCatchment(population, doctors, pairsOf(s.costs, () => 1));
    expect([...accessibility].map((a) => a.toFixed(12))).toEqual(Array(3).fill((135 / 160).toFixed(12)));
    expect(supplyReached).toBe(135);
  });

  it('should conserve supply: Σ population × accessibility = supply of the reached facilities, in every scenario and weighting', () => {
    for (const s of example.scenarios) {
      for (const weightOf of [() => 1, (c: number) => 1 / c]) {
        const { accessibility, supplyReached } = floatingCatchment(population, doctors, pairsOf(s.costs, weightOf));
        const allocated = population.reduce((sum, p, i) => sum + p * accessibility[i]!, 0);
        expect(allocated).toBeCloseTo(supplyReached, 9);
        expect(supplyReached).toBe(135);
      }
    }
  });
});
