// The scenario being edited: create or open one, save each edit (PATCH with If-Match, so a
// concurrent edit is never overwritten: on 412 the latest version is loaded and the edit must be
// redone), and draw its facilities. The store's `scenario` is what everything else keys on.
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { ApiError, type ApiClient } from '../api/client.ts';
import { createScenario, getScenario, listScenarios, saveScenarioChanges, type StoredScenario } from '../api/endpoints.ts';
import { SOURCE_IDS } from '../map/ids.ts';
import type { ScenarioChange, Store } from '../state.ts';
import { baselineCodes, scenarioFeatures, type FacilityInfo } from './scenario-edits.ts';

export type SessionStatus =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved' }
  | { kind: 'conflict' }
  | { kind: 'error'; message: string };

export class ScenarioSession {
  private readonly store: Store;
  private readonly api: ApiClient;
  private readonly map: MapLibreMap;
  private readonly info = new Map<string, FacilityInfo>();
  private queue: Promise<void> = Promise.resolve();
  status: SessionStatus = { kind: 'idle' };
  /** Called when `status` changes. */
  onStatus: (status: SessionStatus) => void = () => undefined;

  constructor(options: { store: Store; api: ApiClient; map: MapLibreMap }) {
    this.store = options.store;
    this.api = options.api;
    this.map = options.map;
  }

  list(): Promise<StoredScenario[]> {
    return listScenarios(this.api);
  }

  async create(name: string): Promise<void> {
    await this.run(async () => this.show(await createScenario(this.api, name)));
  }

  async open(id: string | null): Promise<void> {
    if (id === null) {
      this.store.update({ scenario: null, tool: 'none' });
      this.redraw();
      return;
    }
    await this.run(async () => this.show(await getScenario(this.api, id)));
  }

  /** Remembers a baseline facility's details (type, name, point) for drawing its change. */
  remember(facility: FacilityInfo): void {
    this.info.set(facility.code, facility);
  }

  /** What the session knows of a baseline facility (remembered or fetched), or null. */
  known(code: string): FacilityInfo | null {
    return this.info.get(code) ?? null;
  }

  /** Saves a new change list; edits are queued so each PATCH carries the ETag of the one before. */
  commit(changes: ScenarioChange[]): Promise<void> {
    const next = this.queue.then(() => this.save(changes));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Shows a stored scenario (e.g. after accepting siting proposals). */
  show(stored: StoredScenario): void {
    const previous = this.store.get().scenario;
    this.store.update({
      scenario: {
        id: stored.id,
        name: stored.name,
        etag: stored.etag,
        changes: stored.changes,
        revision: (previous?.revision ?? 0) + 1,
      },
    });
    this.redraw();
    void this.fetchMissing(stored.changes);
  }

  redraw(): void {
    const changes = this.store.get().scenario?.changes ?? [];
    this.map.getSource<GeoJSONSource>(SOURCE_IDS.scenario)?.setData(scenarioFeatures(changes, this.info));
  }

  private async save(changes: ScenarioChange[]): Promise<void> {
    const scenario = this.store.get().scenario;
    if (!scenario) return;
    await this.run(async () => {
      try {
        this.show(await saveScenarioChanges(this.api, scenario.id, scenario.etag, changes));
      } catch (error) {
        if (error instanceof ApiError && error.status === 412) {
          this.show(await getScenario(this.api, scenario.id));
          this.setStatus({ kind: 'conflict' });
          throw error;
        }
        throw error;
      }
    });
  }

  private async run(task: () => Promise<void>): Promise<void> {
    this.setStatus({ kind: 'saving' });
    try {
      await task();
      this.setStatus({ kind: 'saved' });
    } catch (error) {
      if (this.status.kind !== 'conflict') {
        this.setStatus({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
      }
      throw error;
    }
  }

  private setStatus(status: SessionStatus): void {
    this.status = status;
    this.onStatus(status);
  }

  /** Loads the records of baseline facilities the changes name that the client hasn't seen. */
  private async fetchMissing(changes: readonly ScenarioChange[]): Promise<void> {
    const missing = baselineCodes(changes).filter((code) => !this.info.has(code)).slice(0, 200);
    if (missing.length === 0) return;
    await Promise.all(missing.map(async (code) => {
      try {
        const record = (await this.api.getJson(`collections/facilities/items/${encodeURIComponent(code)}`)) as {
          geometry?: { coordinates?: number[] };
          properties?: Record<string, unknown>;
        };
        const [lon, lat] = record.geometry?.coordinates ?? [];
        const p = record.properties ?? {};
        if (typeof lon === 'number' && typeof lat === 'number') {
          this.info.set(code, { code, name: String(p.name ?? code), type: String(p.type ?? ''), status: String(p.status ?? 'open'), lon, lat });
        }
      } catch {
        // Unknown facility (deleted since): nothing to draw for it.
      }
    }));
    this.redraw();
  }
}
