import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runQuery } from '../../api/src/db/sql-files.ts';
import { CoverageService } from '../../api/src/services/coverage.ts';
import { PlanService } from '../../api/src/services/plans.ts';
import { testBackends } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { ROOT } from '../helpers/templates.ts';

const BJ = 'beijing-2001-2005';
const ZB = 'zibo-2003-2007';
const AS_OF = '2005-12-31';

// targets.md (../shared/planning-docs) lists 97 targets: Beijing 67, Zibo 30 (counted by hand, 2026-12-02).
// Where the file is at hand, the ids themselves are compared, in its order.
const BJ_TARGETS = 67;
const ZB_TARGETS = 30;
const TARGETS_MD = path.join(ROOT, '../shared/planning-docs/targets.md');
const TARGET_IDS = (prefix: string): string[] | null => existsSync(TARGETS_MD)
  ? [...readFileSync(TARGETS_MD, 'utf8').matchAll(new RegExp(`^\\| (${prefix}\\.[a-z0-9_.]+) \\|`, 'gm'))].map((m) => m[1]!)
  : null;
// The elderly-care facility types of the profiles' bed targets (their note: 养老院、日间照料中心、乡镇社会福利中心、市社会福利中心).
const report_has_warning = (warnings: Array<{ facility?: string }>, code: string) => warnings.some((w) => w.facility === code);
const BED_TYPES = ['elderly_home', 'elderly_daycare', 'township_welfare_centre', 'city_welfare_centre'];

// "Open on D" and "inside community c", written independently of the application's SQL files.
const OPEN = (d: string) => `f.status <> 'planned' AND NOT (f.status = 'closed' AND f.closed_on IS NULL)
  AND (f.opened_on IS NULL OR f.opened_on <= '${d}'::date) AND (f.closed_on IS NULL OR f.closed_on > '${d}'::date)`;

describe.each(testBackends())('plan profiles and evaluation on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: 'demo' });
  });
  afterAll(async () => server?.close());

  const get = async (path: string) => {
    const res = await fetch(`${server.url}${path}`);
    const type = res.headers.get('content-type') ?? '';
    return { status: res.status, type, body: type.includes('json') ? ((await res.json()) as any) : await res.text() };
  };
  const send = async (method: string, path: string, body: unknown) => {
    const res = await fetch(`${server.url}${path}`, { method, headers: { 'content-type': 'application/json', ...server.auth.admin }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as any };
  };
  // The whole answer (every failing unit), which the checks against SQL read; the bounded default is tested below.
  const evaluation = async (id: string, asOf = AS_OF, extra = '') => {
    const { status, body } = await get(`/api/plans/${id}/evaluation?as_of=${asOf}${extra}${extra.includes('units=') ? '' : '&units=all'}`);
    expect(status).toBe(200);
    return body as { plan: any; as_of: string; targets: any[]; warnings: any[]; summary: any; units_limit?: number };
  };
  const targetOf = (report: { targets: any[] }, id: string) => report.targets.find((t) => t.id === id)!;

  it('should list the two built-in profiles, loaded at start-up', async () => {
    const { status, body } = await get('/api/plans');
    expect(status).toBe(200);
    for (const [prefix, n] of [['bj', BJ_TARGETS], ['zb', ZB_TARGETS]] as const) if (TARGET_IDS(prefix)) expect(TARGET_IDS(prefix)).toHaveLength(n);
    expect(body.plans.map((p: any) => [p.id, p.builtin, p.targets])).toEqual([
      [BJ, true, BJ_TARGETS],
      [ZB, true, ZB_TARGETS],
    ]);
    const profile = (await get(`/api/plans/${BJ}`)).body;
    expect(profile.targets.find((t: any) => t.id === 'bj.health.coverage')).toMatchObject({ kind: 'coverage', method: 'reach', threshold: 95, deadline: '2003-12-31' });
  });

  it('should answer the documented JSON shape, values in the plan\'s own units', async () => {
    const report = await evaluation(BJ);
    expect(report.plan.id).toBe(BJ);
    expect(report.as_of).toBe(AS_OF);
    expect(report.targets).toHaveLength(BJ_TARGETS);
    if (TARGET_IDS('bj')) expect(report.targets.map((t) => t.id)).toEqual(TARGET_IDS('bj'));
    for (const t of report.targets) {
      expect(Object.keys(t)).toEqual(expect.arrayContaining(['id', 'kind', 'level', 'value', 'threshold', 'unit', 'status', 'shortfall', 'failing_units', 'breakdown', 'applicability', 'baselines']));
      expect(['met', 'not_met', 'not_yet_due', 'no_data', 'not_applicable']).toContain(t.status);
    }
    expect(targetOf(report, 'bj.convenience.per_1000')).toMatchObject({ unit: 'per 1 000 residents', threshold: 2 });
    expect(targetOf(report, 'bj.health.coverage')).toMatchObject({ unit: '% of households', threshold: 95 });
    expect(targetOf(report, 'bj.green.coverage')).toMatchObject({ kind: 'reported', computed: false, status: 'no_data' });
  });

  it('should fail exactly the streets (not the townships) without an open health center (independent SQL)', async () => {
    // 每个街道至少设置1个社区卫生服务中心: 街道 only; 乡镇 are not named (targets.md).
    const rows = await server.db.sql.unsafe<{ code: string }[]>(`
      SELECT s.code FROM street s
      WHERE s.kind = 'street' AND NOT EXISTS (
        SELECT 1 FROM facility f JOIN community c ON ST_Intersects(c.geom, f.geom)
        WHERE c.street_code = s.code AND f.type = 'health_center' AND ${OPEN(AS_OF)})
      ORDER BY s.code`);
    const t = targetOf(await evaluation(BJ), 'bj.health.street_center');
    expect(rows.length).toBeGreaterThanOrEqual(3); // the demo city's deliberate gaps
    expect(t.failing_units.map((u: any) => u.code)).toEqual(rows.map((r) => r.code));
    const [{ streets } = { streets: 0 }] = await server.db.sql<{ streets: number }[]>`SELECT count(*)::int AS streets FROM street WHERE kind = 'street'`;
    expect(t.counts).toMatchObject({ checked: streets, failing: rows.length });
    expect(t.status).toBe('not_met');
    // The report names real streets.
    const [named] = await server.db.sql<{ name: string }[]>`SELECT name FROM street WHERE code = ${rows[0]!.code}`;
    expect(t.failing_units[0].name).toBe(named!.name);
    expect(t.failing_units[0].reason).toContain(named!.name);
  });

  it('should give elderly-care beds per elderly as SQL does, and scale the 30 000 beds of Beijing to this city', async () => {
    const types = BED_TYPES.map((t) => `'${t}'`).join(', ');
    const [truth] = await server.db.sql.unsafe<{ beds: number; elderly: number; outside: number }[]>(`
      SELECT (SELECT COALESCE(sum(f.beds), 0)::float8 FROM facility f WHERE f.type IN (${types}) AND ${OPEN(AS_OF)}) AS beds,
             (SELECT count(*)::int FROM facility f WHERE f.type IN (${types})
                AND NOT EXISTS (SELECT 1 FROM community c WHERE ST_Intersects(c.geom, f.geom))) AS outside,
             (SELECT sum(elderly)::float8 FROM community) AS elderly`);
    expect(truth!.outside).toBe(0); // every bed lies in a community: all of them count
    const report = await evaluation(BJ);
    const ratio = targetOf(report, 'bj.elderly.beds_ratio');
    expect(ratio.value).toBeCloseTo((truth!.beds / truth!.elderly) * 100, 10);
    expect(ratio.details).toMatchObject({ numerator: truth!.beds, denominator: truth!.elderly });
    expect(ratio.shortfall.amount).toBe(Math.ceil(0.015 * truth!.elderly - truth!.beds - 1e-9));
    expect(ratio.breakdown.length).toBeGreaterThan(0);
    // 30 000 beds is Beijing's own count (1.5 % of its ~2 000 000 elderly): here 30 000 × elderly / 2 000 000.
    const total = targetOf(report, 'bj.elderly.beds_total');
    expect(total.value).toBe(truth!.beds);
    expect(total.applicability).toMatchObject({ source_city: '北京市', applies: 'scaled', per: 'elderly', source_figure: 2_000_000, city_figure: truth!.elderly });
    expect(total.threshold).toBeCloseTo((30_000 * truth!.elderly) / 2_000_000, 9);
    expect(total.status).toBe(truth!.beds >= total.threshold ? 'met' : 'not_met');
  });

  it('should fail exactly the streets (not the townships) without a service center of ≥ 600 m² and ≥ 8 items (Zibo, independent SQL)', async () => {
    // 街道建立面积600平方米以上、服务项目8个以上的社区服务中心: 街道 only.
    const rows = await server.db.sql.unsafe<{ code: string }[]>(`
      SELECT s.code FROM street s
      WHERE s.kind = 'street' AND NOT EXISTS (
        SELECT 1 FROM facility f JOIN community c ON ST_Intersects(c.geom, f.geom)
        WHERE c.street_code = s.code AND f.type = 'street_service_center' AND ${OPEN('2007-12-31')}
          AND f.floor_area_m2 >= 600 AND f.service_items >= 8)
      ORDER BY s.code`);
    const t = targetOf(await evaluation(ZB, '2007-12-31'), 'zb.center.street');
    expect(t.failing_units.map((u: any) => u.code)).toEqual(rows.map((r) => r.code));
    const [{ n } = { n: 0 }] = await server.db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM street WHERE kind = 'street'`;
    expect(t.value).toBeCloseTo(((n - rows.length) / n) * 100, 10);
  });

  it('should list the communities outside 1 000–3 000 households, and the share with an employment station, as SQL does', async () => {
    const outside = await server.db.sql<{ code: string }[]>`SELECT code FROM community WHERE households < 1000 OR households > 3000 ORDER BY code`;
    const report = await evaluation(BJ);
    expect(targetOf(report, 'bj.community.size').failing_units.map((u: any) => u.code)).toEqual(outside.map((r) => r.code));
    const [share] = await server.db.sql.unsafe<{ pct: number }[]>(`
      SELECT 100.0 * count(*) FILTER (WHERE EXISTS (
        SELECT 1 FROM facility f WHERE f.type = 'employment_station' AND ${OPEN(AS_OF)} AND ST_Intersects(c.geom, f.geom)))::float8
        / count(*) AS pct
      FROM community c`);
    expect(targetOf(report, 'bj.employment.stations').value).toBeCloseTo(share!.pct, 10);
  });

  it('should give each district its own coverage (70 %) and the county its urban coverage (65 %), as PostGIS does', async () => {
    const perCommunity = await runQuery<{ code: string; households: number; households_covered: number }>(
      server.db.sql, 'coverage_postgis', [['health_center', 'health_station'], [1000, 300], '2007-12-31'] as never[],
    );
    const units = await server.db.sql<{ code: string; district: string; district_kind: string; street_kind: string }[]>`
      SELECT c.code, s.district_code AS district, d.kind AS district_kind, s.kind AS street_kind
      FROM community c JOIN street s ON s.code = c.street_code JOIN district d ON d.code = s.district_code`;
    // Communities without buildings have no demand points in PostGIS (households 0 there); the engine
    // spreads their households on a grid. Take those few from the coverage API, everything else from PostGIS.
    const engine = (await get('/api/coverage?type=health_center,health_station&reach_m=1000,300&level=community&as_of=2007-12-31')).body;
    expect(engine.fallback_communities.length).toBeGreaterThan(0);
    const fallback = new Set<string>(engine.fallback_communities);
    const byCode = new Map(perCommunity.map((r) => [r.code, fallback.has(r.code) ? engine.units.find((u: any) => u.code === r.code) : r]));
    const rates = (kind: string) => {
      const sums = new Map<string, [number, number]>();
      for (const u of units) {
        if (u.district_kind !== kind || u.street_kind !== 'street') continue;
        const r = byCode.get(u.code)!;
        const s = sums.get(u.district) ?? [0, 0];
        sums.set(u.district, [s[0] + r.households, s[1] + r.households_covered]);
      }
      return [...sums].sort().map(([code, [h, c]]) => [code, (c / h) * 100] as const);
    };
    const report = await evaluation(ZB, '2007-12-31');
    for (const [id, kind, threshold] of [['zb.health.coverage_district', 'district', 70], ['zb.health.coverage_county', 'county', 65]] as const) {
      const t = targetOf(report, id);
      const truth = rates(kind);
      expect(t.units.map((u: any) => u.code)).toEqual(truth.map(([c]) => c));
      t.units.forEach((u: any, i: number) => expect(u.value).toBeCloseTo(truth[i]![1], 9));
      expect(t.failing_units.map((u: any) => u.code)).toEqual(truth.filter(([, r]) => r < threshold).map(([c]) => c));
      expect(t.threshold).toBe(threshold);
    }
  });

  it('should differ between 2001 and 2007, and give a series per target', async () => {
    const early = await evaluation(BJ, '2001-12-31');
    const late = await evaluation(BJ, '2007-12-31');
    const station = (r: typeof early) => targetOf(r, 'bj.health.community_station').value;
    expect(station(late)).toBeGreaterThan(station(early));
    // A community target due at the end of 2005, not met in 2001: not yet due.
    expect(targetOf(early, 'bj.culture.community_room')).toMatchObject({ status: 'not_yet_due', deadline: '2005-12-31' });
    // 50 featured squares are Beijing's own count; the plan gives nothing to scale them by: not applicable here, before and after the deadline.
    for (const r of [early, late]) expect(targetOf(r, 'bj.culture.squares')).toMatchObject({ status: 'not_applicable', shortfall: null, failing_units: [], applicability: { applies: 'not_applicable', source_city: '北京市' } });
    const { status, body } = await get(`/api/plans/${BJ}/progress?years=2001-2007`);
    expect(status).toBe(200);
    expect(body.dates).toEqual(['2001-12-31', '2002-12-31', '2003-12-31', '2004-12-31', '2005-12-31', '2006-12-31', '2007-12-31']);
    const series = body.targets.find((t: any) => t.id === 'bj.health.community_station').series;
    expect(series).toHaveLength(7);
    expect(series[0].value).toBe(station(early));
    expect(series[6].value).toBe(station(late));
    const csv = await get(`/api/plans/${BJ}/progress?years=2001,2005&format=csv`);
    expect((parse(csv.body as string, { columns: true }) as unknown[]).length).toBe(BJ_TARGETS * 2);
  });

  it('should give CSV and a printable HTML report naming failing streets, in Chinese or English, with a map per coverage target', async () => {
    const csv = await get(`/api/plans/${BJ}/evaluation?as_of=${AS_OF}&format=csv`);
    expect(csv.type).toContain('text/csv');
    const rows = parse(csv.body as string, { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(BJ_TARGETS);
    if (TARGET_IDS('bj')) expect(rows.map((r) => r.id)).toEqual(TARGET_IDS('bj'));
    expect(rows.find((r) => r.id === 'bj.hotline.satisfaction')!.computed).toBe('no (reported)');
    const report = await evaluation(BJ);
    const html = await get(`/api/plans/${BJ}/evaluation?as_of=${AS_OF}&format=html`);
    expect(html.type).toContain('text/html');
    const page = html.body as string;
    expect(page).toContain('<html lang="zh-CN">');
    expect(page).toContain('@page { size: A4');
    expect(page).toContain(targetOf(report, 'bj.health.street_center').failing_units[0].name);
    const coverageTargets = report.targets.filter((t) => t.kind === 'coverage').length;
    expect(page.match(/<svg class="map"/g)?.length).toBe(coverageTargets);
    const en = await get(`/api/plans/${ZB}/evaluation?as_of=2007-12-31&format=html&lang=en`);
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toContain('Reported figure · not computed from the map');
  });

  it.each([
    ['as_of=2005-13-01', 'as_of'],
    ['level=province', 'level'],
    ['format=xml', 'format'],
    ['method=walk', 'method'],
    ['lang=fr', 'lang'],
  ])('When the evaluation is asked %s, then it answers 400 naming %s', async (query, field) => {
    const { status, body } = await get(`/api/plans/${BJ}/evaluation?${query}`);
    expect(status).toBe(400);
    expect(body.error.details.field).toBe(field);
  });

  it('should cut every long list to its first items by default, count them, and page the rest back to the whole list (issue 19)', async () => {
    const full = await evaluation(BJ);
    const bounded = await evaluation(BJ, AS_OF, '&units=3');
    expect(bounded.units_limit).toBe(3);
    expect(bounded.targets.map((t) => t.id)).toEqual(full.targets.map((t) => t.id));
    expect(bounded.summary).toEqual(full.summary);
    const lists = (t: any): Array<[string, unknown[]]> => [
      ...(['failing_units', 'units', 'breakdown'] as const).filter((k) => Array.isArray(t[k])).map((k): [string, unknown[]] => [k, t[k]]),
      ...Object.entries(t.details as Record<string, unknown>).filter(([, v]) => Array.isArray(v)).map(([k, v]): [string, unknown[]] => [`details.${k}`, v as unknown[]]),
    ];
    let cut = 0;
    for (const [i, t] of full.targets.entries()) {
      const b = bounded.targets[i];
      expect(b.failing_total).toBe(t.failing_units.length);
      expect(b.value).toEqual(t.value);
      for (const [name, all] of lists(t)) {
        const shown = name.startsWith('details.') ? b.details[name.slice(8)] : b[name];
        expect(shown).toEqual(all.slice(0, 3));
        if (all.length <= 3) {
          expect(b.more?.[name]).toBeUndefined();
          continue;
        }
        cut += 1;
        expect(b.more[name].total).toBe(all.length);
        if (cut > 3) continue; // following every list's links costs a request per page: three lists do
        // Follow the links: the pages put together are the whole list, in order.
        const paged = [...shown];
        for (let next: string | null = b.more[name].next; next; ) {
          const page = (await get(`${next.replace(/limit=\d+/, `limit=${Math.ceil(all.length / 3)}`)}`)).body;
          expect([page.target, page.list, page.total, page.offset]).toEqual([t.id, name, all.length, paged.length]);
          paged.push(...page.items);
          next = page.next;
        }
        expect(paged).toEqual(all);
      }
    }
    expect(cut).toBeGreaterThan(0);
    // The default keeps 20; the map's panel reads failing_total for its count.
    const byDefault = (await get(`/api/plans/${BJ}/evaluation?as_of=${AS_OF}`)).body;
    expect(byDefault.units_limit).toBe(20);
    for (const [i, t] of full.targets.entries()) expect(byDefault.targets[i].failing_units).toEqual(t.failing_units.slice(0, 20));

    const bad = async (query: string) => (await get(`/api/plans/${BJ}/evaluation?as_of=${AS_OF}&${query}`));
    expect((await bad('target=no.such')).status).toBe(404);
    expect((await bad(`target=${full.targets[0].id}&list=nope`)).body.error.details.field).toBe('list');
    expect((await bad(`target=${full.targets[0].id}&format=csv`)).body.error.details.field).toBe('target');
    expect((await bad('units=many')).body.error.details.field).toBe('units');
  });

  it('should answer 404 for an unknown plan', async () => {
    const { status, body } = await get('/api/plans/nowhere-2000/evaluation');
    expect(status).toBe(404);
    expect(body.error.code).toBe('not_found');
  });

  it('should reject an invalid profile with the exact path of the fault, and store nothing', async () => {
    const profile = (await get(`/api/plans/${BJ}`)).body;
    profile.targets[3].threshold = 'thirty';
    const { status, body } = await send('PUT', `/api/plans/${BJ}`, profile);
    expect(status).toBe(400);
    expect(body.error.details.field).toBe('targets[3].threshold');
    expect(body.error.message).toBe('targets[3].threshold: expected number, received string');
    const unknownType = (await get(`/api/plans/${BJ}`)).body;
    unknownType.targets[11].requires[0].types = ['hospital'];
    const second = await send('PUT', `/api/plans/${BJ}`, unknownType);
    expect(second.status).toBe(400);
    expect(second.body.error.details.field).toBe('targets[11].requires[0].types[0]');
    const renamed = (await get(`/api/plans/${BJ}`)).body;
    renamed.id = 'other-plan';
    const third = await send('PUT', `/api/plans/${BJ}`, renamed);
    expect([third.status, third.body.error.details.field]).toEqual([400, 'id']);
    expect((await get(`/api/plans/${BJ}`)).body.targets[3].threshold).toBe(100);
  });

  it('should add a user profile, refuse a second with the same id, and escape its words in the report', async () => {
    const profile = (await get(`/api/plans/${ZB}`)).body;
    profile.id = 'demo-check';
    profile.name = { zh: '<script>alert(1)</script>测试', en: 'Check <b>bold</b>' };
    profile.targets = profile.targets.filter((t: any) => t.kind === 'presence');
    // The baselines still name the targets just dropped: refused, with the path of the first.
    const dangling = await send('POST', '/api/plans', profile);
    expect(dangling.status).toBe(400);
    expect(dangling.body.error.details.field).toMatch(/^baselines\[\d+\]\.(targets\[\d+\]|starts)$/);
    const kept = new Set(profile.targets.map((t: any) => t.id));
    profile.baselines = profile.baselines
      .map((b: any) => ({ ...b, targets: b.targets.filter((id: string) => kept.has(id)) }))
      .filter((b: any) => b.targets.length > 0 && (b.starts === undefined || kept.has(b.starts)));
    const created = await send('POST', '/api/plans', profile);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await send('POST', '/api/plans', profile)).status).toBe(409);
    const html = (await get('/api/plans/demo-check/evaluation?format=html')).body as string;
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;测试');
    const list = (await get('/api/plans')).body.plans;
    expect(list.find((p: any) => p.id === 'demo-check')).toMatchObject({ builtin: false, modified: false });
  });

  it('should keep a user\'s edit of a built-in across restarts', async () => {
    const profile = (await get(`/api/plans/${BJ}`)).body;
    profile.targets.find((t: any) => t.id === 'bj.health.coverage').threshold = 90;
    const put = await send('PUT', `/api/plans/${BJ}`, profile);
    expect(put.status).toBe(200);
    // A new process loads the built-ins again: the edited one stays.
    await new PlanService(server.db, new CoverageService(server.db)).ensureBuiltins();
    const again = (await get(`/api/plans/${BJ}`)).body;
    expect(again.targets.find((t: any) => t.id === 'bj.health.coverage').threshold).toBe(90);
    expect((await get('/api/plans')).body.plans.find((p: any) => p.id === BJ)).toMatchObject({ builtin: true, modified: true });
    profile.targets.find((t: any) => t.id === 'bj.health.coverage').threshold = 95;
    expect((await send('PUT', `/api/plans/${BJ}`, profile)).status).toBe(200);
  });

  it('should take reported figures with date, source and author, and show them as reported', async () => {
    const entered = await send('POST', `/api/plans/${BJ}/reported/bj.green.coverage`, { value: 41.2, date: '2005-06-30', source: '市园林绿化局公报', author: '李四' });
    expect(entered.status).toBe(201);
    expect(entered.body).toMatchObject({ target_id: 'bj.green.coverage', value: 41.2, as_of: '2005-06-30', author: '李四' });
    const t = targetOf(await evaluation(BJ), 'bj.green.coverage');
    expect(t).toMatchObject({ computed: false, value: 41.2, status: 'met' });
    expect(t.reported).toEqual([{ measure: '', unit_code: '', value: 41.2, as_of: '2005-06-30', source: '市园林绿化局公报', author: '李四', note: null }]);
    expect(targetOf(await evaluation(BJ, '2005-01-01'), 'bj.green.coverage').status).toBe('no_data');
    const computed = await send('POST', `/api/plans/${BJ}/reported/bj.health.coverage`, { value: 99, date: '2005-06-30', source: 's', author: 'a' });
    expect(computed.status).toBe(409);
    const bad = await send('POST', `/api/plans/${BJ}/reported/bj.green.coverage`, { value: 40, date: '30/06/2005', source: 's', author: 'a' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.field).toBe('date');
    // bj.health.records is one figure now (records_elderly and records_disabled are targets of their own): a measure is refused.
    const measure = await send('POST', `/api/plans/${BJ}/reported/bj.health.records`, { value: 55, date: '2003-06-30', source: 's', author: 'a', measure: 'elderly' });
    expect([measure.status, measure.body.error.details.field]).toEqual([400, 'measure']);
    expect((await get(`/api/plans/${BJ}/reported`)).body.figures).toHaveLength(1);
  });

  const sendCsv = async (path: string, csv: string) => {
    const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'text/csv', ...server.auth.admin }, body: csv });
    return { status: res.status, body: (await res.json()) as any };
  };

  it('should take figures per street for a per-street target (API and CSV, all or nothing), and list the streets without one', async () => {
    const streets = (await server.db.sql<{ code: string }[]>`SELECT code FROM street WHERE kind = 'street' ORDER BY code`).map((r) => r.code);
    const [township] = await server.db.sql<{ code: string }[]>`SELECT code FROM street WHERE kind = 'township' ORDER BY code LIMIT 1`;
    const [s0, s1, s2] = streets as [string, string, string];
    const url = `/api/plans/${ZB}/reported/zb.employment.reemployed`;
    const fig = { value: 72, date: '2007-06-30', source: '区劳动局', author: '赵六' };
    // 各街道…吸收辖区内的下岗失业人员达到60%以上: per 街道, so a unit is required, and a township is not one.
    expect((await send('POST', url, fig)).body.error.details.field).toBe('unit');
    const inTownship = await send('POST', url, { ...fig, unit: township!.code });
    expect([inTownship.status, inTownship.body.error.details.field]).toEqual([400, 'unit']);
    const cityWide = await send('POST', `/api/plans/${ZB}/reported/zb.health.first_visit`, { ...fig, unit: s0 });
    expect([cityWide.status, cityWide.body.error.details.field]).toEqual([400, 'unit']);
    const entered = await send('POST', url, { ...fig, unit: s0 });
    expect(entered.status).toBe(201);
    expect(entered.body).toMatchObject({ target_id: 'zb.employment.reemployed', unit_code: s0, value: 72 });

    const before = (await get(`/api/plans/${ZB}/reported`)).body.figures.length;
    const header = 'target_id,unit,value,date,source,author,measure,note';
    const faulty = await sendCsv(`/api/plans/${ZB}/reported`, `${header}\nzb.employment.reemployed,${s1},55,2007-06-30,区劳动局,赵六,,\nzb.employment.reemployed,NOWHERE,61,2007-06-30,区劳动局,赵六,,\n`);
    expect(faulty.status).toBe(400);
    expect(faulty.body.error.details.field).toBe('row 3: unit');
    expect((await get(`/api/plans/${ZB}/reported`)).body.figures.length).toBe(before);
    const imported = await sendCsv(`/api/plans/${ZB}/reported`, `${header}\nzb.employment.reemployed,${s1},55,2007-06-30,区劳动局,赵六,,\nzb.employment.reemployed,${s2},64,2007-06-30,区劳动局,赵六,,抽样\nzb.health.first_visit,,83,2007-06-30,市卫生局,赵六,,\n`);
    expect([imported.status, imported.body.imported]).toEqual([201, 3]);

    const report = await evaluation(ZB, '2007-12-31');
    const t = targetOf(report, 'zb.employment.reemployed');
    // s0 72 % and s2 64 % meet 60 %; s1 55 % fails; every other street has no figure yet.
    expect(t.units.map((u: any) => u.code)).toEqual(streets);
    expect(t.units.filter((u: any) => u.value !== null).map((u: any) => [u.code, u.value, u.status])).toEqual([[s0, 72, 'met'], [s1, 55, 'not_met'], [s2, 64, 'met']]);
    expect(t.failing_units.map((u: any) => [u.code, u.value, u.required])).toEqual([[s1, 55, 60]]);
    expect(t.details.units_without_figure.map((u: any) => u.code)).toEqual(streets.slice(3));
    expect(t.counts).toEqual({ checked: streets.length, meeting: 2, failing: 1, no_data: streets.length - 3 });
    expect(t.status).toBe('not_met');
    expect(targetOf(report, 'zb.health.first_visit')).toMatchObject({ value: 83, status: 'met' });
  });

  it('should select districts by class (Beijing 城区 / 近郊区 / 远郊区县) as the district records say', async () => {
    const report = await evaluation(BJ);
    for (const [id, classes] of [['bj.security.wardens_inner', ['城区']], ['bj.security.wardens_near', ['近郊区']], ['bj.security.wardens_outer', ['远郊区县']]] as const) {
      const rows = await server.db.sql<{ code: string }[]>`SELECT code FROM district WHERE properties->>'class' = ANY(${classes as unknown as string[]}) ORDER BY code`;
      expect(rows.length).toBeGreaterThan(0); // the demo city has each class
      const t = targetOf(report, id);
      expect(t.units.map((u: any) => u.code)).toEqual(rows.map((r) => r.code));
      expect(t.status).toBe('no_data');
      expect(t.details.units_without_figure.map((u: any) => u.code)).toEqual(rows.map((r) => r.code));
    }
  });

  it('should apply a source city\'s own count as it stands when the data is that city (app_state city)', async () => {
    const [{ n } = { n: 0 }] = await server.db.sql.unsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM facility f WHERE f.type = 'culture_square' AND ${OPEN(AS_OF)}`);
    await server.db.sql`INSERT INTO app_state (key, value) VALUES ('city', ${server.db.sql.json('北京市' as never)})`;
    try {
      const t = targetOf(await evaluation(BJ), 'bj.culture.squares');
      expect(t.applicability.applies).toBe('as_is');
      expect([t.value, t.threshold, t.status]).toEqual([n, 50, n >= 50 ? 'met' : 'not_met']);
      if (n < 50) expect(t.shortfall.amount).toBe(50 - n);
    } finally {
      await server.db.sql`DELETE FROM app_state WHERE key = 'city'`;
    }
    expect(targetOf(await evaluation(BJ), 'bj.culture.squares').status).toBe('not_applicable');
  });

  it('should name a facility outside every community, with its beds, instead of dropping it silently', async () => {
    await server.db.sql`
      INSERT INTO facility (code, name, type, status, opened_on, beds, geom)
      SELECT 'OUT-EH-1', '界外养老院', 'elderly_home', 'open', '2003-01-01', 90,
             ST_SetSRID(ST_MakePoint(ST_XMax(e) + 0.05, (ST_YMin(e) + ST_YMax(e)) / 2), 4326)
      FROM (SELECT ST_Extent(geom)::geometry AS e FROM community) x`;
    try {
      const [inside] = await server.db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM community c, facility f WHERE f.code = 'OUT-EH-1' AND ST_Intersects(c.geom, f.geom)`;
      expect(inside!.n).toBe(0);
      const t = targetOf(await evaluation(BJ), 'bj.elderly.beds_ratio');
      expect(t.notes.join('\n')).toContain('1 facility lies outside every community and beyond the tolerance, so it is not counted (90 beds): OUT-EH-1');
      expect(t.notes_zh.join('\n')).toContain('90 张床位');
      expect(report_has_warning((await evaluation(BJ)).warnings, 'OUT-EH-1')).toBe(true);
    } finally {
      await server.db.sql`DELETE FROM facility WHERE code = 'OUT-EH-1'`;
    }
  });

  it('should count a facility where it lies, and warn when its imported unit code disagrees', async () => {
    const [f] = await server.db.sql<{ code: string; community: string }[]>`
      SELECT f.code, c.code AS community FROM facility f JOIN community c ON ST_Intersects(c.geom, f.geom)
      WHERE f.type = 'health_center' ORDER BY f.code LIMIT 1`;
    const [other] = await server.db.sql<{ code: string }[]>`SELECT code FROM community WHERE code <> ${f!.community} ORDER BY code LIMIT 1`;
    await server.db.sql`UPDATE facility SET properties = properties || jsonb_build_object('community_code', ${other!.code}::text) WHERE code = ${f!.code}`;
    const report = await evaluation(BJ);
    expect(report.warnings).toContainEqual(expect.objectContaining({ code: 'unit_mismatch', facility: f!.code, declared: other!.code, located: f!.community }));
  });
});
