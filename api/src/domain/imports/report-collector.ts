import type { ReportEntry } from './model.ts';

/**
 * Gathers report entries with a bound on how many are listed (a file of 100 000 bad rows must not
 * make a 100 000-entry answer): every entry is counted, the first `limit` of each severity are kept.
 *
 * @example
 * const report = new ReportCollector(1000);
 * report.add({ row: 3, field: 'rows[3].households', reason: 'must be a number', severity: 'error' });
 * report.errorCount; // → 1
 */
export class ReportCollector {
  readonly errors: ReportEntry[] = [];
  readonly warnings: ReportEntry[] = [];
  errorCount = 0;
  warningCount = 0;

  constructor(readonly limit: number = 1000) {}

  add(entry: ReportEntry): void {
    if (entry.severity === 'error') {
      this.errorCount += 1;
      if (this.errors.length < this.limit) this.errors.push(entry);
    } else {
      this.warningCount += 1;
      if (this.warnings.length < this.limit) this.warnings.push(entry);
    }
  }

  addAll(entries: readonly ReportEntry[]): void {
    for (const e of entries) this.add(e);
  }

  /** Entries in file order (row, then as found). */
  sorted(): { errors: ReportEntry[]; warnings: ReportEntry[] } {
    const byRow = (a: ReportEntry, b: ReportEntry) => a.row - b.row;
    return { errors: [...this.errors].sort(byRow), warnings: [...this.warnings].sort(byRow) };
  }
}
