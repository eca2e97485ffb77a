// The map's compact coverage answer (`GET /api/coverage?format=compact`): per community only
// `code → [households_covered, households]`, a fifth of the full JSON, read back into the report
// shape the thematic code already knows (rate = covered / households, as the server computes it).
import { ApiError, type ApiClient } from './client.ts';
import type { CoverageReport } from './endpoints.ts';

export interface CoverageQuery {
  type: string;
  level?: string;
  scenario?: string | null;
  asOf?: string | null;
  mode?: 'straight' | 'walk';
}

export function compactCoveragePath(query: CoverageQuery): string {
  const params = new URLSearchParams({ type: query.type, level: query.level ?? 'community', format: 'compact' });
  if (query.asOf) params.set('as_of', query.asOf);
  if (query.mode === 'walk') params.set('mode', 'walk');
  if (query.scenario) params.set('scenario', query.scenario);
  return `coverage?${params.toString()}`;
}

/** Units of a compact answer as report units (name = code: the map takes names from its tiles). */
export function fromCompact(body: unknown, path: string): CoverageReport {
  const b = body as { units?: unknown; columns?: unknown; totals?: unknown } | null;
  if (!b || typeof b !== 'object' || !b.units || typeof b.units !== 'object' || Array.isArray(b.units) || !b.totals) {
    throw new ApiError({ code: 'invalid_response', message: `Unexpected answer from ${path}: no compact units`, status: 200, url: path });
  }
  const units = Object.entries(b.units as Record<string, [number, number]>).map(([code, [covered, households]]) => ({
    code, name: code, households, households_covered: covered, rate: households > 0 ? covered / households : 0,
  }));
  return { ...(b as unknown as CoverageReport), units };
}

export async function fetchCoverageCompact(api: ApiClient, query: CoverageQuery, signal?: AbortSignal): Promise<CoverageReport> {
  const path = compactCoveragePath(query);
  return fromCompact(await api.getJson(path, signal), path);
}
