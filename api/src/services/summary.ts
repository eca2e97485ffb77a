import type { Db } from '../db/connect.ts';
import { readCitySummary, type CitySummary } from '../db/repositories/summary.ts';

/**
 * The city summary (`GET /api/summary`): what the map shows at open instead of reading every
 * community shape and every facility to count them (#16). Kept per data version: any write bumps it.
 */
export class SummaryService {
  #cached: Promise<CitySummary> | undefined;

  constructor(private readonly db: Db) {}

  async summary(dataVersion: string): Promise<CitySummary> {
    const cached = this.#cached;
    if (cached) {
      const hit = await cached.catch(() => undefined);
      if (hit && hit.data_version === dataVersion) return hit;
    }
    const fresh = readCitySummary(this.db.kysely);
    this.#cached = fresh;
    return fresh;
  }
}
