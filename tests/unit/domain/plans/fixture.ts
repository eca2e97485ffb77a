/**
 * A hand-built city for the plan rules, small enough that every expected value can be worked out by
 * hand (the comments do it):
 *
 *   D1 明德区 (district)  S1 和平街道 (street): C1 1 200 hh, C2 2 500 hh
 *                        S2 新华街道 (street): C3   800 hh, 0 elderly, no facilities at all
 *   D2 清源县 (county)    S3 城关街道 (street): C4 3 200 hh
 *                        S4 青山镇   (township): C5 1 500 hh
 */
import type { PlanCity, PlanFacility, PlanProfile, PlanTarget } from '../../../../api/src/domain/plans/index.ts';
import { parseProfile } from '../../../../api/src/domain/plans/index.ts';

export const AS_OF = '2005-12-31';

function facility(code: string, type: string, community: string | null, extra: Partial<PlanFacility> = {}): PlanFacility {
  return {
    code,
    name: `${type}-${code}`,
    type,
    status: 'open',
    opened_on: '2000-01-01',
    closed_on: null,
    floor_area_m2: null,
    site_area_m2: null,
    beds: null,
    gp_count: null,
    grade: null,
    service_items: null,
    properties: {},
    community_code: community,
    ...extra,
  };
}

export function fixtureCity(): PlanCity {
  return {
    districts: [
      { code: 'D1', name: '明德区', kind: 'district' },
      { code: 'D2', name: '清源县', kind: 'county' },
    ],
    streets: [
      { code: 'S1', name: '和平街道', kind: 'street', district_code: 'D1' },
      { code: 'S2', name: '新华街道', kind: 'street', district_code: 'D1' },
      { code: 'S3', name: '城关街道', kind: 'street', district_code: 'D2' },
      { code: 'S4', name: '青山镇', kind: 'township', district_code: 'D2' },
    ],
    communities: [
      { code: 'C1', name: '东园社区', street_code: 'S1', households: 1200, population: 3000, elderly: 500, properties: { office_area_m2: 120 } },
      { code: 'C2', name: '西园社区', street_code: 'S1', households: 2500, population: 7000, elderly: 1000, properties: { office_area_m2: 60 } },
      { code: 'C3', name: '南苑社区', street_code: 'S2', households: 800, population: 2000, elderly: 0, properties: {} },
      { code: 'C4', name: '北关社区', street_code: 'S3', households: 3200, population: 9000, elderly: 1500, properties: {} },
      { code: 'C5', name: '青山村社区', street_code: 'S4', households: 1500, population: 4000, elderly: 800, properties: {} },
    ],
    types: [
      { code: 'health_center', name_zh: '社区卫生服务中心', name_en: 'Community health service center', level: 'street' },
      { code: 'health_station', name_zh: '社区卫生服务站', name_en: 'Community health station', level: 'community' },
      { code: 'culture_station', name_zh: '街道文化站', name_en: 'Street culture station', level: 'street' },
      { code: 'elderly_home', name_zh: '养老院', name_en: 'Elderly-care home', level: 'street' },
      { code: 'convenience_outlet', name_zh: '便民服务网点', name_en: 'Convenience service outlet', level: 'community' },
      { code: 'employment_station', name_zh: '社区就业服务站', name_en: 'Community employment service station', level: 'community' },
      { code: 'community_service_station', name_zh: '社区服务站', name_en: 'Community service station', level: 'community' },
      { code: 'police_office', name_zh: '社区警务室', name_en: 'Community police office', level: 'community' },
    ],
    facilities: [
      // Health centers: S1 has one; S3's closed the day before the evaluation date (so S3 has none);
      // S4's closes the day after (still open); S2 never had one.
      facility('F01', 'health_center', 'C1', { gp_count: 4 }),
      facility('F02', 'health_center', 'C4', { status: 'closed', opened_on: '1998-03-01', closed_on: '2005-12-30', gp_count: 6 }),
      facility('F03', 'health_center', 'C5', { status: 'closed', opened_on: '1998-03-01', closed_on: '2006-01-01', gp_count: 5 }),
      // Health stations: grades A, B, A, none; a planned one never counts.
      facility('F10', 'health_station', 'C1', { grade: 'A', gp_count: 1 }),
      facility('F11', 'health_station', 'C2', { grade: 'B', gp_count: 2 }),
      facility('F12', 'health_station', 'C4', { grade: 'A', gp_count: 1 }),
      facility('F13', 'health_station', 'C5', { grade: null, gp_count: 1 }),
      facility('F14', 'health_station', 'C3', { status: 'planned', opened_on: '2027-01-01', grade: 'A' }),
      // Culture stations: S1 180 m² (too small), S3 400 m², S4 area not recorded; S2 none.
      facility('F20', 'culture_station', 'C2', { floor_area_m2: 180 }),
      facility('F21', 'culture_station', 'C4', { floor_area_m2: 400 }),
      facility('F22', 'culture_station', 'C5', { floor_area_m2: null }),
      // Elderly homes: 40 beds (S1), 25 beds (S3), one opening in 2006 (S4, not yet open on AS_OF).
      facility('F30', 'elderly_home', 'C2', { beds: 40 }),
      facility('F31', 'elderly_home', 'C4', { beds: 25 }),
      facility('F32', 'elderly_home', 'C5', { beds: 60, opened_on: '2006-06-01' }),
      // Convenience outlets: 3 in C1, 2 in C4, one outside every community.
      facility('F40', 'convenience_outlet', 'C1'),
      facility('F41', 'convenience_outlet', 'C1'),
      facility('F42', 'convenience_outlet', 'C1'),
      facility('F43', 'convenience_outlet', 'C4'),
      facility('F44', 'convenience_outlet', 'C4'),
      facility('F45', 'convenience_outlet', null),
      // Employment stations in C1, C4; C2's declared community disagrees with its location.
      facility('F50', 'employment_station', 'C1'),
      facility('F51', 'employment_station', 'C4', { properties: { community_code: 'C5', street_code: 'S3' } }),
      // Service stations (rooms): C1 150 m², C2 90 m², C4 120 m² + police office 90 m².
      facility('F60', 'community_service_station', 'C1', { floor_area_m2: 150 }),
      facility('F61', 'community_service_station', 'C2', { floor_area_m2: 90 }),
      facility('F62', 'community_service_station', 'C4', { floor_area_m2: 120 }),
      facility('F63', 'police_office', 'C4', { floor_area_m2: 90 }),
    ],
  };
}

const base = (id: string) => ({
  id,
  text: { zh: id, en: id },
  source: { quote: '原文' },
  deadline: '2005-12-31',
});

/** A profile around the given targets (validated, defaults filled in). */
export function profileWith(targets: unknown[]): PlanProfile {
  const parsed = parseProfile({
    id: 'fixture-plan',
    name: { zh: '测试规划', en: 'Test plan' },
    authority: { zh: '测试市', en: 'Test city' },
    period: { from: 2001, to: 2005 },
    document: { title: '测试' },
    targets,
  });
  if (!parsed.ok) throw new Error(parsed.issues.map((i) => `${i.path}: ${i.message}`).join('; '));
  return parsed.profile;
}

/** One validated target. */
export function target(spec: Record<string, unknown>): PlanTarget {
  return profileWith([{ ...base(String(spec.id ?? 't.x')), ...spec }]).targets[0]!;
}
