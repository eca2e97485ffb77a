// Runs a siting model (POST /api/siting) and follows its job (GET /api/siting/jobs/{id}) until
// it is done, reporting progress; then accepts its proposals into the scenario
// (POST /api/scenarios/{id}/accept, with If-Match).
import type { ApiClient } from '../api/client.ts';
import { sitingResultFrom, type SitingRequest, type SitingResult, type StoredScenario } from '../api/endpoints.ts';
import type { ScenarioChange } from '../state.ts';

const POLL_MS = 400;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function wait(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
}

/** True when the answer is a job still running (rather than a result). */
export function isRunningJob(body: unknown): body is { id: string; state: string; progress?: { fraction?: number } } {
  return isRecord(body) && typeof body.id === 'string' && typeof body.state === 'string' && body.state === 'running';
}

export async function runSiting(
  api: ApiClient,
  request: SitingRequest,
  onProgress: (fraction: number | null) => void,
  signal?: AbortSignal,
): Promise<SitingResult> {
  let { body } = await api.send('POST', 'siting', { body: request, ...(signal ? { signal } : {}) });
  while (isRunningJob(body)) {
    onProgress(typeof body.progress?.fraction === 'number' ? body.progress.fraction : null);
    await wait(POLL_MS, signal);
    body = await api.getJson(`siting/jobs/${encodeURIComponent(body.id)}`, signal);
  }
  if (isRecord(body) && body.state === 'failed' && isRecord(body.error)) {
    throw new Error(String(body.error.message ?? body.error.code ?? 'siting failed'));
  }
  return sitingResultFrom(body);
}

/** Accepts the proposals (all, in build order) into the scenario; returns the stored scenario. */
export async function acceptProposals(api: ApiClient, scenario: { id: string; etag: string | null }, result: SitingResult, type: string): Promise<StoredScenario> {
  const body = result.job
    ? { job: result.job }
    : {
        proposals: {
          type: 'FeatureCollection',
          features: result.proposals.features.map((feature) => ({
            type: 'Feature',
            geometry: feature.geometry,
            properties: { type: feature.properties.type ?? type, rank: feature.properties.rank },
          })),
        },
      };
  const { body: stored, etag } = await api.send('POST', `scenarios/${encodeURIComponent(scenario.id)}/accept`, {
    body,
    headers: scenario.etag ? { 'if-match': scenario.etag } : {},
  });
  const record = stored as { id: number | string; name?: string; changes?: ScenarioChange[]; version?: number };
  return {
    id: String(record.id),
    name: record.name ?? '',
    changes: record.changes ?? [],
    etag: etag ?? (typeof record.version === 'number' ? `"${record.version}"` : null),
  };
}
