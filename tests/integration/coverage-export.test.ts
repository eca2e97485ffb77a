// Coverage tables to take away (#17): CSV with a UTF-8 BOM, rounded numbers and the parent unit's
// name beside each code; XLSX written by exceljs and read back here by another reader (fflate's
// unzip and the sheet XML), its cells compared with the JSON answer and with PostGIS' join.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { readSheet } from '../helpers/xlsx-read.ts';

const AS_OF = '2005-12-31';
type Unit = { code: string; name: string; households: number; households_covered: number; rate: number | null; population_covered: number };

describe('coverage exports (CSV with BOM, XLSX)', () => {
  let server: TestServer;
  let json: { units: Unit[] };
  let districtOf: Map<string, { code: string; name: string }>;
  beforeAll(async () => {
    server = await startTestServer({ seed: 'demo' });
    json = (await (await fetch(`${server.url}/api/coverage?type=health_station&level=street&as_of=${AS_OF}`)).json()) as { units: Unit[] };
    const rows = await server.db.sql<{ code: string; dcode: string; dname: string }[]>`
      SELECT s.code, d.code AS dcode, d.name AS dname FROM street s JOIN district d ON d.code = s.district_code`;
    districtOf = new Map(rows.map((r) => [r.code, { code: r.dcode, name: r.dname }]));
  });
  afterAll(async () => server?.close());

  it('should write CSV with a UTF-8 BOM, Chinese headers, rounded figures and the district beside each street', async () => {
    const res = await fetch(`${server.url}/api/coverage?type=health_station&level=street&as_of=${AS_OF}&format=csv&lang=zh-CN`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(`覆盖率-health_station-街道-${AS_OF}.csv`)}`);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    const rows = parse(text, { columns: true, bom: true }) as Array<Record<string, string>>;

    expect(Object.keys(rows[0]!)).toEqual(['街道代码', '街道名称', '所属区县代码', '所属区县名称', '住户数', '覆盖住户数', '覆盖率(%)', '人口', '覆盖人口', '老年人口(60岁以上)', '覆盖老年人口']);
    expect(rows).toHaveLength(json.units.length);
    for (const [i, row] of rows.entries()) {
      const unit = json.units[i]!;
      expect(row['街道代码']).toBe(unit.code);
      expect(row['所属区县名称']).toBe(districtOf.get(unit.code)!.name);
      expect(row['覆盖住户数']).toBe(String(Math.round(unit.households_covered)));
      expect(row['覆盖人口']).toMatch(/^\d+$/);
      // One decimal of a percentage: never the raw 0.64559… nor 15 digits.
      expect(row['覆盖率(%)']).toMatch(/^\d{1,3}(\.\d)?$/);
      expect(Number(row['覆盖率(%)'])).toBeCloseTo((unit.rate ?? 0) * 100, 1);
    }
  });

  it('should write XLSX whose cells, read back by another reader, equal the JSON answer', async () => {
    const res = await fetch(`${server.url}/api/coverage?type=health_station&level=street&as_of=${AS_OF}&format=xlsx&lang=en`);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    expect(res.headers.get('content-disposition')).toContain(`coverage-health_station-street-${AS_OF}.xlsx`);
    const sheet = readSheet(new Uint8Array(await res.arrayBuffer()));

    expect(sheet[0]).toEqual(['street code', 'street name', 'district code', 'district name', 'households', 'households covered', 'coverage rate (%)', 'population', 'population covered', 'elderly (60+)', 'elderly covered']);
    for (const [i, unit] of json.units.entries()) {
      const row = sheet[i + 1]!;
      expect(row.slice(0, 6)).toEqual([unit.code, unit.name, districtOf.get(unit.code)!.code, districtOf.get(unit.code)!.name, Math.round(unit.households), Math.round(unit.households_covered)]);
      expect(row[6]).toBeCloseTo(Math.round((unit.rate ?? 0) * 1000) / 10, 9);
      expect(row[8]).toBe(Math.round(unit.population_covered));
    }
    // A note under the table says what was counted.
    expect(String(sheet.at(-1)![0])).toContain(`as of ${AS_OF}`);
  });

  it('should refuse an unknown language', async () => {
    const res = await fetch(`${server.url}/api/coverage?type=health_station&format=csv&lang=fr`);
    expect(res.status).toBe(400);
  });
});
