import { describe, expect, it } from 'vitest';
import { createCoverageEngine, type CoverageFacility, type CoverageRule } from '../../../api/src/domain/coverage/index.ts';
import { buildCounts } from '../../../api/src/domain/coverage/build-counts.ts';
import { createScenarioDelta, scenarioEngine } from '../../../api/src/domain/coverage/scenario-delta.ts';
import { createRandom, randomCase } from './random-input.ts';

describe('scenario deltas: the baseline engine plus a session holding the changes', () => {
  const c = randomCase(31, [118.05, 36.8], { buildings: 1500, facilities: 120 });
  const base = createCoverageEngine(c.input);
  const rules: CoverageRule[] = [[{ type: 'a', reachMeters: c.reachA }], [{ type: 'a', reachMeters: c.reachA }, { type: 'b', reachMeters: c.reachB }]];

  /** A new version of a scenario: some facilities closed, moved or added (open, no dates) — the list an overlay gives. */
  const edit = (list: readonly CoverageFacility[], rnd: () => number, n: number): CoverageFacility[] => {
    const out = list.map((f) => ({ ...f }));
    for (let k = 0; k < 4; k++) {
      const op = rnd();
      const i = Math.floor(rnd() * out.length);
      if (op < 0.3) out.splice(i, 1);
      else if (op < 0.6) out[i] = { ...out[i]!, lon: out[i]!.lon + (rnd() - 0.5) * 0.006, lat: out[i]!.lat + (rnd() - 0.5) * 0.006 };
      else {
        const b = c.input.buildings[Math.floor(rnd() * c.input.buildings.length)]!;
        out.push({ code: `S${n}-${k}`, type: rnd() < 0.7 ? 'a' : 'b', status: 'open', opened_on: null, closed_on: null, lon: b.lon, lat: b.lat });
      }
    }
    return out;
  };

  it('When a scenario goes through 12 versions, then every answer equals an engine built on that version\'s facilities, and no engine is built', () => {
    const rnd = createRandom(5);
    const delta = createScenarioDelta(base);
    let facilities: CoverageFacility[] = c.input.facilities.map((f) => ({ ...f }));
    const engines = buildCounts.coverageEngines;
    const truths: Array<[CoverageFacility[], ReturnType<typeof base.compute>[]]> = [];
    for (let version = 1; version <= 12; version++) {
      facilities = edit(facilities, rnd, version);
      const scen = scenarioEngine(base, facilities, delta);
      const before = buildCounts.coverageEngines;
      const answers = rules.map((rule) => scen.compute(rule, { asOf: c.asOf, buildingFlags: version % 2 === 0 }));
      expect(buildCounts.coverageEngines).toBe(before);
      truths.push([facilities, answers]);
    }
    expect(delta.held).toBe(rules.length);
    const opened = buildCounts.deltaSessions;
    // Independent of the delta: engines built from scratch on each version's list (the engine is held to GeographicLib elsewhere).
    for (const [list, answers] of truths) {
      const fresh = createCoverageEngine({ ...c.input, facilities: list });
      rules.forEach((rule, i) => {
        const want = fresh.compute(rule, { asOf: c.asOf, buildingFlags: answers[i]!.buildingCovered !== undefined });
        expect({ ...answers[i]!, stats: null }).toEqual({ ...want, stats: null });
      });
    }
    expect(buildCounts.coverageEngines).toBe(engines + truths.length);
    // Going back to an old version is the same delta walked backwards.
    const [first, firstAnswers] = truths[0]!;
    expect({ ...scenarioEngine(base, first, delta).compute(rules[1]!, { asOf: c.asOf }), stats: null }).toEqual({ ...firstAnswers[1]!, stats: null });
    expect(buildCounts.deltaSessions).toBe(opened);
  });

  it('When a fresh session is asked of a scenario engine (what-if, siting), then it starts from the scenario\'s facilities', () => {
    const rnd = createRandom(9);
    const facilities = edit(c.input.facilities, rnd, 99);
    const scen = scenarioEngine(base, facilities, createScenarioDelta(base));
    const session = scen.session(rules[1]!, { asOf: c.asOf });
    const want = createCoverageEngine({ ...c.input, facilities }).compute(rules[1]!, { asOf: c.asOf });
    expect(session.result().perCommunity).toEqual(want.perCommunity);
  });
});
