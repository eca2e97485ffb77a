// A plan evaluation and a scenario comparison to take away (#17): format=xlsx (exceljs) read back
// here by another reader (fflate + the sheet XML) and compared cell by cell with the JSON answer;
// format=csv&lang= with a UTF-8 BOM, rounded figures, names beside codes and statuses in the
// reader's language; Content-Disposition file names in the user's terms; bad input is a 400.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { readSheet, sheetNames } from '../helpers/xlsx-read.ts';

const AS_OF = '2005-12-31';
const PLAN = 'beijing-2001-2005';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const STATUS_ZH: Record<string, string> = { met: '达标', not_met: '未达标', not_yet_due: '未到期', no_data: '无数据', not_applicable: '本市不适用' };
const r2 = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);
const p1 = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);

type Row = { code: string; name: string; households: number; households_covered_before: number; households_covered_after: number; rate_before: number; rate_after: number };
type Target = { id: string; text: { zh: string; en: string }; value_before: number | null; value_after: number | null; status_before: string; status_after: string; threshold: number; unit_zh: string };
interface Comparison { scenario: { name: string }; totals: Omit<Row, 'code' | 'name'>; units: Row[]; changed_units: string[]; plan: { targets: Target[] } }

describe('plan evaluation and scenario comparison exports (CSV with BOM, XLSX)', { timeout: 120_000 }, () => {
  let server: TestServer;
  let scenario: number;
  let json: Comparison;
  const query = () => `type=health_station&level=street&as_of=${AS_OF}&plan=${PLAN}`;
  const get = (path: string) => fetch(`${server.url}/api${path}`, { headers: server.auth.planner });

  beforeAll(async () => {
    server = await startTestServer({ seed: 'demo' });
    // A station in the least covered community (a point inside it, from PostGIS).
    const [spot] = await server.db.sql<{ lon: number; lat: number }[]>`
      SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) AS p, households FROM community ORDER BY households DESC LIMIT 1) c`;
    const created = await fetch(`${server.url}/api/scenarios`, {
      method: 'POST', headers: { ...server.auth.planner, 'content-type': 'application/json' },
      body: JSON.stringify({ name: '五道口/新增 站', changes: [{ op: 'add', type: 'health_station', name: '试点卫生站', lon: spot!.lon, lat: spot!.lat, fields: { gp_count: 3 } }] }),
    });
    expect(created.status).toBe(201);
    scenario = ((await created.json()) as { id: number }).id;
    json = (await (await get(`/scenarios/${scenario}/compare?${query()}`)).json()) as Comparison;
    expect(json.changed_units.length).toBeGreaterThan(0);
  }, 120_000);
  afterAll(async () => server?.close());

  it('should write the comparison as XLSX: a units sheet with the city total and a targets sheet, equal to the JSON', async () => {
    const res = await get(`/scenarios/${scenario}/compare?${query()}&format=xlsx&lang=zh-CN`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain(XLSX);
    // The scenario's name with its slash made safe, the type, the level in Chinese and the date.
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(`方案对比-五道口_新增 站-health_station-街道-${AS_OF}.xlsx`)}`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(sheetNames(bytes)).toEqual(['各单元对比', '规划目标对比']);

    const units = readSheet(bytes, 1);
    expect(units[0]!.slice(0, 9)).toEqual(['街道代码', '街道名称', '住户数', '覆盖住户(基准)', '覆盖住户(方案)', '覆盖住户变化', '覆盖率(基准,%)', '覆盖率(方案,%)', '覆盖率变化(百分点)']);
    const body = units.slice(1, 1 + json.units.length + 1);
    for (const [i, u] of [...json.units, { ...json.totals, code: null, name: '全市合计' }].entries()) {
      const row = body[i]!;
      expect(row[0]).toBe(u.code);
      expect(row[1]).toBe(u.name);
      expect(row[2]).toBe(Math.round(u.households));
      expect(row[3]).toBe(Math.round(u.households_covered_before));
      expect(row[4]).toBe(Math.round(u.households_covered_after));
      expect(row[5]).toBe(Math.round(u.households_covered_after) - Math.round(u.households_covered_before));
      expect(row[6]).toBe(p1(u.rate_before));
      expect(row[7]).toBe(p1(u.rate_after));
    }
    // The changed streets gained households.
    for (const code of json.changed_units) expect(Number(body.find((row) => row[0] === code)![5])).toBeGreaterThan(0);

    const targets = readSheet(bytes, 2);
    expect(targets[0]).toEqual(['目标编号', '目标', '比较', '目标值', '单位', '现值(基准)', '现值(方案)', '状态(基准)', '状态(方案)']);
    for (const [i, t] of json.plan.targets.entries()) {
      const row = targets[i + 1]!;
      expect(row[0]).toBe(t.id);
      expect(row[1]).toBe(t.text.zh);
      expect(row[3]).toBe(r2(t.threshold));
      expect(row[4]).toBe(t.unit_zh);
      expect(row[5]).toBe(r2(t.value_before));
      expect(row[6]).toBe(r2(t.value_after));
      expect(row[7]).toBe(STATUS_ZH[t.status_before]);
      expect(row[8]).toBe(STATUS_ZH[t.status_after]);
    }
  });

  it('should write the comparison as CSV with a BOM, rounded, in English when asked, units or targets', async () => {
    const res = await get(`/scenarios/${scenario}/compare?${query()}&format=csv&lang=en`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(decodeURIComponent(res.headers.get('content-disposition')!)).toContain(`scenario-comparison-五道口_新增 站-health_station-street-${AS_OF}.csv`);
    const rows = parse(new TextDecoder().decode(bytes), { columns: true, bom: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(json.units.length + 1);
    expect(rows.at(-1)!['street name']).toBe('city total');
    for (const row of rows) {
      // One decimal for rates, whole households: nothing like 37308.74056414643.
      expect(row['coverage rate, scenario (%)']).toMatch(/^\d+(\.\d)?$/);
      expect(row['households covered (scenario)']).toMatch(/^\d+$/);
    }
    const first = json.units[0]!;
    expect(Number(rows[0]!['coverage rate, baseline (%)'])).toBe(p1(first.rate_before));

    const t = await get(`/scenarios/${scenario}/compare?${query()}&format=csv&lang=zh-CN&table=targets`);
    const targets = parse(new TextDecoder().decode(new Uint8Array(await t.arrayBuffer())), { columns: true, bom: true }) as Array<Record<string, string>>;
    expect(targets.map((r) => r['目标编号'])).toEqual(json.plan.targets.map((x) => x.id));
    expect(decodeURIComponent(t.headers.get('content-disposition')!)).toContain(`-规划目标-${AS_OF}.csv`);
  });

  it('should write the plan evaluation as XLSX and reader CSV equal to the JSON, failing units by name and code', async () => {
    const report = (await (await get(`/plans/${PLAN}/evaluation?as_of=${AS_OF}&units=all`)).json()) as {
      plan: { name: { zh: string } }; targets: Array<{ id: string; text: { zh: string }; status: string; value: number | null; threshold: number; unit_zh: string; failing_units: Array<{ code: string; name: string }> }>;
    };
    const res = await get(`/plans/${PLAN}/evaluation?as_of=${AS_OF}&format=xlsx&lang=zh-CN`);
    expect(res.headers.get('content-type')).toContain(XLSX);
    expect(decodeURIComponent(res.headers.get('content-disposition')!)).toContain(`规划评估-${report.plan.name.zh.replace(/[\\/:*?"<>|]+/g, '_').slice(0, 60)}-${AS_OF}.xlsx`);
    const cells = readSheet(new Uint8Array(await res.arrayBuffer()), 1);
    expect(cells[0]!.slice(0, 4)).toEqual(['目标编号', '目标', '统计层级', '状态']);
    for (const [i, t] of report.targets.entries()) {
      const row = cells[i + 1]!;
      expect(row[0]).toBe(t.id);
      expect(row[1]).toBe(t.text.zh);
      expect(row[3]).toBe(STATUS_ZH[t.status]);
      expect(row[4]).toBe(r2(t.value));
      expect(row[6]).toBe(r2(t.threshold));
      expect(row[7]).toBe(t.unit_zh);
      expect(row[10]).toBe(t.failing_units.length);
      expect(row[11] ?? '').toBe(t.failing_units.map((u) => `${u.name} ${u.code}`).join('、'));
    }
    expect(report.targets.some((t) => t.failing_units.length > 0)).toBe(true);

    const csv = await get(`/plans/${PLAN}/evaluation?as_of=${AS_OF}&format=csv&lang=zh-CN`);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(new TextDecoder().decode(bytes), { columns: true, bom: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => r['目标编号'])).toEqual(report.targets.map((t) => t.id));
    for (const row of rows) expect(row['现值']).toMatch(/^(-?\d+(\.\d{1,2})?)?$/);
    // Without lang the machine CSV is as it was (no BOM, field names as headers).
    const machine = new Uint8Array(await (await get(`/plans/${PLAN}/evaluation?as_of=${AS_OF}&format=csv`)).arrayBuffer());
    expect(new TextDecoder().decode(machine.slice(0, 3))).toBe('id,');
  });

  it.each([
    [`/scenarios/{id}/compare?type=health_station&format=pdf`, 'format'],
    [`/scenarios/{id}/compare?type=health_station&format=csv&lang=fr`, 'lang'],
    [`/scenarios/{id}/compare?type=health_station&format=csv&table=targets`, 'table'],
    [`/plans/${PLAN}/evaluation?format=xls`, 'format'],
  ])('should refuse %s naming %s', async (path, field) => {
    const res = await get(path.replace('{id}', String(scenario)));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { details?: { field?: string }; message: string } };
    expect(JSON.stringify(body)).toContain(field);
  });
});
