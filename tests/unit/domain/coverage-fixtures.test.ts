/**
 * Hand-checked coverage cases: tests/fixtures/coverage/in/<case>.geojson → out/<case>.json.
 * Each expected output carries a "why" with the hand computation.
 *
 * UPDATE=1 npx vitest run tests/unit/domain/coverage-fixtures.test.ts rewrites the outputs from the
 * engine (keeping each "why"). A regenerated output is NOT checked: review the diff by hand and
 * update the "why" before committing it.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createCoverageEngine } from '../../../api/src/domain/coverage/index.ts';
import type { CommunityCoverage } from '../../../api/src/domain/coverage/model.ts';
import { loadCoverageFixture } from './coverage-fixture.ts';

const IN = fileURLToPath(new URL('../../fixtures/coverage/in/', import.meta.url));
const OUT = fileURLToPath(new URL('../../fixtures/coverage/out/', import.meta.url));

interface Expected {
  why: string;
  perCommunity: CommunityCoverage[];
}

/** Integers must match exactly; other numbers to 1e-12 relative (hand-typed decimals). */
function expectRowsClose(actual: CommunityCoverage[], expected: CommunityCoverage[]): void {
  expect(actual.map((r) => r.code)).toEqual(expected.map((r) => r.code));
  actual.forEach((row, i) => {
    const want = expected[i] as CommunityCoverage;
    expect(Object.keys(row).sort()).toEqual(Object.keys(want).sort());
    for (const key of Object.keys(want) as Array<keyof CommunityCoverage>) {
      const a = row[key];
      const e = want[key];
      if (typeof e === 'number' && !Number.isInteger(e)) {
        expect(Math.abs((a as number) - e), `${row.code}.${key}`).toBeLessThanOrEqual(1e-12 * Math.abs(e));
      } else {
        expect(a, `${row.code}.${key}`).toEqual(e);
      }
    }
  });
}

const cases = readdirSync(IN)
  .filter((f) => f.endsWith('.geojson'))
  .map((f) => basename(f, '.geojson'))
  .sort();

describe('coverage fixtures', () => {
  it('should have at least the seven hand-checked cases', () => {
    expect(cases).toEqual(
      expect.arrayContaining(['building-at-reach', 'across-boundary', 'fallback-no-buildings', 'closed-and-planned', 'multipolygon', 'antimeridian', 'or-rule']),
    );
  });

  it.each(cases)('%s', (name) => {
    const fixture = loadCoverageFixture(`${IN}${name}.geojson`);
    const engine = createCoverageEngine(fixture.input);
    const result = engine.compute(fixture.rule, { asOf: fixture.asOf, includePlanned: fixture.includePlanned });
    const outPath = `${OUT}${name}.json`;
    if (process.env.UPDATE === '1') {
      const why = existsSync(outPath) ? (JSON.parse(readFileSync(outPath, 'utf8')) as Expected).why : `REVIEW BY HAND: ${fixture.description}`;
      writeFileSync(outPath, `${JSON.stringify({ why, perCommunity: result.perCommunity }, null, 2)}\n`);
    }
    const expected = JSON.parse(readFileSync(outPath, 'utf8')) as Expected;
    expect(expected.why.length).toBeGreaterThan(20);
    expectRowsClose(result.perCommunity, expected.perCommunity);
    expect(result.fallbackCommunities).toEqual(expected.perCommunity.filter((r) => r.fallback).map((r) => r.code));
  });
});
