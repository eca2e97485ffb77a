/**
 * docs/plans.md lists every target of the built-in profiles, one line each, as the profiles read it
 * (regenerate: npx tsx api/src/services/plans-targets-table.ts).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readBuiltinProfiles } from '../../api/src/services/plans.ts';
import { PLANS_DOC, tableIn, targetsTable } from '../../api/src/services/plans-targets-table.ts';

describe('docs/plans.md, every target and its reading', () => {
  it('should hold one line per target of both profiles (67 + 30), equal to the generated table', async () => {
    const profiles = await readBuiltinProfiles();
    const doc = tableIn(readFileSync(PLANS_DOC, 'utf8'));
    expect(doc).toBe(targetsTable(profiles));
    const ids = [...doc!.matchAll(/^\| `((?:bj|zb)\.[a-z0-9_.]+)` \|/gm)].map((m) => m[1]);
    expect(ids).toEqual(profiles.flatMap((p) => p.targets.map((t) => t.id)));
    expect(ids).toHaveLength(97);
  });
});
