/**
 * Plan profiles as data: the zod schema every profile (built-in or user's) must satisfy, and the
 * parser that reports each fault with its exact path (`targets[3].threshold: expected number`).
 */
import { z } from 'zod';

/** Unit levels of a target: community (社区), street (街道/乡镇), district (区/县), the whole city. */
export const TARGET_LEVELS = ['community', 'street', 'district', 'city'] as const;
export type TargetLevel = (typeof TARGET_LEVELS)[number];

export const TARGET_KINDS = ['coverage', 'presence', 'share', 'ratio', 'range', 'total', 'reported'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

/** Numeric facility columns a condition, sum or ratio can read. */
export const FACILITY_NUMBER_FIELDS = ['floor_area_m2', 'site_area_m2', 'beds', 'gp_count', 'service_items'] as const;
/** Numeric community columns a range or unit-attribute requirement can read. */
export const UNIT_NUMBER_FIELDS = ['households', 'population', 'elderly'] as const;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
function isCalendarDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

const isoDate = z.string().refine(isCalendarDate, 'expected a date YYYY-MM-DD');
const nonEmpty = z.string().trim().min(1, 'must not be empty');
/** Wording in both languages. */
const bilingual = z.object({ zh: nonEmpty, en: nonEmpty }).strict();
const typeCode = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'expected a facility-type code (lower-case letters, digits, _)');
const propertyField = z.string().regex(/^properties\.[A-Za-z0-9_]{1,64}$/, 'expected properties.<name>');
const facilityNumberField = z.enum(FACILITY_NUMBER_FIELDS);
const facilityField = z.union([z.enum([...FACILITY_NUMBER_FIELDS, 'grade']), propertyField], {
  error: `expected one of ${[...FACILITY_NUMBER_FIELDS, 'grade'].join(', ')} or properties.<name>`,
});
const unitField = z.union([z.enum(UNIT_NUMBER_FIELDS), propertyField], {
  error: `expected one of ${UNIT_NUMBER_FIELDS.join(', ')} or properties.<name>`,
});
const scalar = z.union([z.number().finite(), z.string(), z.boolean()]);
const NUMERIC_OPS = ['>=', '>', '<=', '<'] as const;

function conditionShape<F extends z.ZodType>(field: F) {
  return z
    .object({
      field,
      op: z.enum([...NUMERIC_OPS, '=', '!=', 'in']),
      value: z.union([scalar, z.array(z.union([z.string(), z.number().finite()])).min(1)]),
      /** What a missing value means: 'unknown' (not recorded: no data) or 'fail' (e.g. ungraded = not graded A). */
      if_missing: z.enum(['unknown', 'fail']).default('unknown'),
    })
    .strict()
    .superRefine((c, ctx) => {
      if (c.op === 'in' && !Array.isArray(c.value)) ctx.addIssue({ code: 'custom', path: ['value'], message: "op 'in' takes a list of values" });
      if (c.op !== 'in' && Array.isArray(c.value)) ctx.addIssue({ code: 'custom', path: ['value'], message: `op '${c.op}' takes one value, not a list` });
      if ((NUMERIC_OPS as readonly string[]).includes(c.op) && typeof c.value !== 'number') {
        ctx.addIssue({ code: 'custom', path: ['value'], message: `op '${c.op}' compares numbers: expected number` });
      }
    });
}

/** A test on one facility attribute, e.g. `{ field: 'floor_area_m2', op: '>=', value: 300 }`. */
export const facilityConditionSchema = conditionShape(facilityField);
/** A test on one attribute of a community (households, population, elderly, properties.*). */
export const unitConditionSchema = conditionShape(unitField);

/** Facilities of some types, optionally filtered: what to count or sum. */
const facilitySelection = {
  types: z.array(typeCode).min(1),
  where: z.array(facilityConditionSchema).default([]),
};

/** A per-unit requirement (presence, share of units). All requirements of a target must hold. */
export const requirementSchema = z.discriminatedUnion('what', [
  z
    .object({
      /** At least `min_count` open facilities of `types` in the unit satisfy every `where`. */
      what: z.literal('facility'),
      ...facilitySelection,
      min_count: z.number().int().positive().default(1),
      /** How the shortfall names it ("a culture station of ≥ 300 m²"); generated when absent. */
      label: bilingual.optional(),
    })
    .strict(),
  z
    .object({
      /** The open facilities of `types` in the unit together reach `min` of `field` (e.g. rooms ≥ 200 m²). */
      what: z.literal('facility_sum'),
      ...facilitySelection,
      field: facilityNumberField,
      min: z.number().finite().nonnegative(),
      label: bilingual.optional(),
    })
    .strict(),
  z
    .object({
      /** An attribute of the unit itself (communities only). */
      what: z.literal('unit_attribute'),
      condition: unitConditionSchema,
      label: bilingual.optional(),
    })
    .strict(),
]);

/** Which communities (and the facilities in them) a target looks at; e.g. Zibo's 区 vs 县, or urban 街道 only. */
export const scopeSchema = z
  .object({
    district_kinds: z.array(z.enum(['district', 'county'])).min(1).optional(),
    street_kinds: z.array(z.enum(['street', 'township'])).min(1).optional(),
  })
  .strict();

const milestoneSchema = z
  .object({
    deadline: isoDate,
    threshold: z.number().finite(),
    /** Share of facilities only: the condition for this milestone, replacing the target's. */
    where: z.array(facilityConditionSchema).min(1).optional(),
    text: bilingual.optional(),
  })
  .strict();

const common = {
  /** Stable id, e.g. `bj.health.street_center`. */
  id: z.string().regex(/^[a-z0-9]+(\.[a-z0-9_]+)+$/, 'expected a dotted id like bj.health.street_center'),
  text: bilingual,
  source: z
    .object({
      /** The plan's own words (Chinese), `…` marking omissions. */
      quote: nonEmpty,
      section: z.string().optional(),
    })
    .strict(),
  level: z.enum(TARGET_LEVELS),
  /** Due date; null = a standing rule (due throughout). */
  deadline: isoDate.nullable(),
  threshold: z.number().finite(),
  /** Met when value `comparator` threshold. */
  comparator: z.enum(['>=', '<=']).default('>='),
  /** Earlier, different thresholds on the way to the deadline (e.g. 30 % by 2003, 50 % by 2005). */
  milestones: z.array(milestoneSchema).optional(),
  /** How the map reads the plan's words, where it had to choose. */
  note: bilingual.optional(),
  scope: scopeSchema.optional(),
};

const coverageTarget = z
  .object({
    kind: z.literal('coverage'),
    ...common,
    /** reach: within walking reach (distance); unit: the household's own community/street/district has one. */
    method: z.enum(['reach', 'unit']).default('reach'),
    /** OR-combined: a household is covered by any of these. */
    facilities: z
      .array(
        z
          .object({
            type: typeCode,
            reach_m: z.number().positive().max(100_000),
            /** Where the reach comes from (e.g. GB 50180-2018 15-minute life circle). */
            standard: nonEmpty,
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

const presenceTarget = z
  .object({
    kind: z.literal('presence'),
    ...common,
    requires: z.array(requirementSchema).min(1),
  })
  .strict();

const shareTarget = z
  .object({
    kind: z.literal('share'),
    ...common,
    /** units: share of units (of `level`) meeting `requires`; facilities: share of facilities meeting `where`. */
    of: z.enum(['units', 'facilities']),
    requires: z.array(requirementSchema).min(1).optional(),
    facilities: z.object(facilitySelection).strict().optional(),
  })
  .strict();

const measureSchema = z
  .object({
    ...facilitySelection,
    /** count of facilities, or the sum of a numeric column. */
    measure: z.union([z.literal('count'), facilityNumberField]),
  })
  .strict();

const ratioTarget = z
  .object({
    kind: z.literal('ratio'),
    ...common,
    numerator: measureSchema,
    denominator: z.enum(UNIT_NUMBER_FIELDS),
    /** Rate per this many of the denominator: 100 (a percentage), 1 000, 10 000. */
    per: z.number().positive(),
    unit: bilingual,
    /** How to name one item of the numerator in a shortfall ("elderly-care beds"). */
    item: bilingual,
    /**
     * Count supply by catchment instead of by location: each unit's supply is the 2SFCA (or E2SFCA)
     * supply reachable by its people ("each street ≥ 2 GPs per 10 000 reachable residents"), not the
     * supply of the facilities standing inside it.
     */
    catchment: z
      .object({
        method: z.enum(['2sfca', 'e2sfca']),
        /** Catchment in metres; default each type's catalogue reach. */
        reach_m: z.number().positive().max(100_000).optional(),
        /** E2SFCA zone weights, nearest first (default 1, 0.68, 0.22). */
        weights: z.array(z.number().min(0).max(1)).min(1).max(10).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

const rangeTarget = z
  .object({
    kind: z.literal('range'),
    ...common,
    field: unitField,
    min: z.number().finite(),
    max: z.number().finite(),
    /** Unit of min/max ("households"). */
    unit: bilingual,
  })
  .strict();

const totalTarget = z
  .object({
    kind: z.literal('total'),
    ...common,
    measure: measureSchema,
    unit: bilingual,
    item: bilingual,
  })
  .strict();

const reportedTarget = z
  .object({
    kind: z.literal('reported'),
    ...common,
    unit: bilingual,
    /** Several figures under one target (e.g. health records: residents 50 %, people 65+ 90 %). */
    measures: z
      .array(
        z
          .object({
            key: z.string().regex(/^[a-z0-9_]{1,64}$/, 'expected a key of a-z, 0-9, _'),
            text: bilingual,
            threshold: z.number().finite(),
          })
          .strict(),
      )
      .min(1)
      .optional(),
  })
  .strict();

export const targetSchema = z
  .discriminatedUnion('kind', [coverageTarget, presenceTarget, shareTarget, ratioTarget, rangeTarget, totalTarget, reportedTarget])
  .superRefine((t, ctx) => {
    const percentKinds = ['coverage', 'presence', 'share', 'range'];
    if (percentKinds.includes(t.kind) && (t.threshold < 0 || t.threshold > 100)) {
      ctx.addIssue({ code: 'custom', path: ['threshold'], message: `a ${t.kind} threshold is a percentage 0–100, got ${t.threshold}` });
    }
    if (t.kind === 'presence' && t.threshold !== 100) {
      ctx.addIssue({ code: 'custom', path: ['threshold'], message: 'presence means every unit: threshold must be 100 (use kind "share" for fewer)' });
    }
    if (t.kind === 'presence' && t.level === 'city' && t.requires.some((r) => r.what === 'unit_attribute')) {
      ctx.addIssue({ code: 'custom', path: ['requires'], message: 'unit_attribute requirements apply to communities only' });
    }
    if ((t.kind === 'presence' || t.kind === 'share') && t.level !== 'community') {
      const requires = t.requires ?? [];
      requires.forEach((r, i) => {
        if (r.what === 'unit_attribute') ctx.addIssue({ code: 'custom', path: ['requires', i, 'what'], message: 'unit_attribute requirements apply to level community only' });
      });
    }
    if (t.kind === 'share') {
      if (t.of === 'units' && !t.requires) ctx.addIssue({ code: 'custom', path: ['requires'], message: 'a share of units needs "requires"' });
      if (t.of === 'units' && t.facilities) ctx.addIssue({ code: 'custom', path: ['facilities'], message: 'a share of units takes "requires", not "facilities"' });
      if (t.of === 'facilities' && !t.facilities) ctx.addIssue({ code: 'custom', path: ['facilities'], message: 'a share of facilities needs "facilities": { types, where }' });
      if (t.of === 'facilities' && t.requires) ctx.addIssue({ code: 'custom', path: ['requires'], message: 'a share of facilities takes "facilities", not "requires"' });
      if (t.of === 'facilities' && t.level !== 'city') ctx.addIssue({ code: 'custom', path: ['level'], message: 'a share of facilities is city-wide: level must be "city"' });
      if (t.of === 'units' && t.level === 'city') ctx.addIssue({ code: 'custom', path: ['level'], message: 'a share of units needs a unit level (community, street or district)' });
    }
    if (t.kind === 'ratio' && t.catchment) {
      if (t.numerator.where.length > 0) ctx.addIssue({ code: 'custom', path: ['numerator', 'where'], message: 'a catchment ratio counts all open facilities of its types: "where" is not supported with "catchment"' });
      if (t.numerator.measure === 'site_area_m2' || t.numerator.measure === 'service_items') {
        ctx.addIssue({ code: 'custom', path: ['numerator', 'measure'], message: 'a catchment ratio measures supply as count, gp_count, beds or floor_area_m2' });
      }
      if (t.catchment.weights && t.catchment.method !== 'e2sfca') ctx.addIssue({ code: 'custom', path: ['catchment', 'weights'], message: 'zone weights apply to method e2sfca only' });
    }
    if (t.kind === 'range' && t.min > t.max) ctx.addIssue({ code: 'custom', path: ['min'], message: `min (${t.min}) exceeds max (${t.max})` });
    if (t.kind === 'range' && t.level !== 'community' && t.field.startsWith('properties.')) {
      ctx.addIssue({ code: 'custom', path: ['field'], message: 'properties.* attributes exist on communities only' });
    }
    if (t.kind === 'total' && t.level !== 'city') ctx.addIssue({ code: 'custom', path: ['level'], message: 'a total is city-wide: level must be "city"' });
    if (t.kind === 'coverage' && new Set(t.facilities.map((f) => f.type)).size !== t.facilities.length) {
      ctx.addIssue({ code: 'custom', path: ['facilities'], message: 'a facility type is listed twice' });
    }
    if (t.kind === 'reported' && t.measures && new Set(t.measures.map((m) => m.key)).size !== t.measures.length) {
      ctx.addIssue({ code: 'custom', path: ['measures'], message: 'measure keys must be unique' });
    }
    (t.milestones ?? []).forEach((m, i) => {
      if (t.deadline === null || m.deadline >= t.deadline) {
        ctx.addIssue({ code: 'custom', path: ['milestones', i, 'deadline'], message: `a milestone comes before the target's deadline (${t.deadline ?? 'none'})` });
      }
      if (m.where && !(t.kind === 'share' && t.of === 'facilities')) {
        ctx.addIssue({ code: 'custom', path: ['milestones', i, 'where'], message: 'a milestone condition applies to a share of facilities only' });
      }
      if (t.kind === 'reported' && t.measures) {
        ctx.addIssue({ code: 'custom', path: ['milestones', i], message: 'milestones of a target with several measures are not supported' });
      }
    });
  });

export const profileSchema = z
  .object({
    /** JSON-Schema hint for editors; ignored. */
    $schema: z.string().optional(),
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,63}$/, 'expected an id of a-z, 0-9 and -, 2–64 characters'),
    name: bilingual,
    /** The city or authority the plan belongs to (e.g. 北京市). */
    authority: bilingual,
    period: z.object({ from: z.number().int().min(1900).max(2200), to: z.number().int().min(1900).max(2200) }).strict(),
    document: z
      .object({
        title: nonEmpty,
        number: z.string().optional(),
        issued_on: isoDate.optional(),
        /** File of the plan text under shared/planning-docs, or a URL. */
        file: z.string().optional(),
        url: z.string().url().optional(),
      })
      .strict(),
    description: bilingual.optional(),
    targets: z.array(targetSchema).min(1),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.period.from > p.period.to) ctx.addIssue({ code: 'custom', path: ['period', 'from'], message: `from (${p.period.from}) is after to (${p.period.to})` });
    const seen = new Map<string, number>();
    p.targets.forEach((t, i) => {
      const first = seen.get(t.id);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['targets', i, 'id'], message: `duplicate target id ${JSON.stringify(t.id)} (also targets[${first}])` });
      else seen.set(t.id, i);
    });
  });

export type PlanProfile = z.infer<typeof profileSchema>;
export type PlanTarget = z.infer<typeof targetSchema>;
export type FacilityCondition = z.infer<typeof facilityConditionSchema>;
export type UnitCondition = z.infer<typeof unitConditionSchema>;
export type Requirement = z.infer<typeof requirementSchema>;
export type TargetScope = z.infer<typeof scopeSchema>;
export type Bilingual = z.infer<typeof bilingual>;
export type MeasureSpec = z.infer<typeof measureSchema>;
export type TargetOf<K extends TargetKind> = Extract<PlanTarget, { kind: K }>;

/** One fault of a profile: where (`targets[3].threshold`) and what. */
export interface ProfileIssue {
  path: string;
  message: string;
}

/** `['targets', 3, 'threshold']` → `targets[3].threshold`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out;
}

/**
 * Validates a profile. On success returns it with defaults filled in; on failure every issue with
 * its exact path, e.g. `{ path: 'targets[3].threshold', message: 'expected number, received string' }`.
 *
 * @param {unknown} input parsed JSON
 * @returns {{ ok: true, profile } | { ok: false, issues }}
 * @example
 * const r = parseProfile(JSON.parse(text));
 * if (!r.ok) console.error(r.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
 */
export function parseProfile(input: unknown): { ok: true; profile: PlanProfile } | { ok: false; issues: ProfileIssue[] } {
  const parsed = profileSchema.safeParse(input);
  if (parsed.success) return { ok: true, profile: parsed.data };
  const issues: ProfileIssue[] = [];
  for (const issue of parsed.error.issues) {
    const message = issue.message.replace(/^Invalid input: /, '');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) issues.push({ path: formatPath([...issue.path, key]), message: 'unknown field' });
    } else {
      issues.push({ path: formatPath(issue.path) || '(profile)', message });
    }
  }
  return { ok: false, issues };
}

/**
 * Checks the facility types a profile names against the catalogue.
 *
 * @param {PlanProfile} profile a parsed profile
 * @param {Set<string>} knownTypes facility-type codes of the catalogue
 * @returns {ProfileIssue[]} one issue per unknown type, with its path
 */
export function unknownTypeIssues(profile: PlanProfile, knownTypes: ReadonlySet<string>): ProfileIssue[] {
  const issues: ProfileIssue[] = [];
  const check = (type: string, path: PropertyKey[]) => {
    if (!knownTypes.has(type)) issues.push({ path: formatPath(path), message: `unknown facility type ${JSON.stringify(type)}; known types: ${[...knownTypes].sort().join(', ')}` });
  };
  profile.targets.forEach((t, i) => {
    const at = (...rest: PropertyKey[]) => ['targets', i, ...rest];
    if (t.kind === 'coverage') t.facilities.forEach((f, j) => check(f.type, at('facilities', j, 'type')));
    if (t.kind === 'presence' || (t.kind === 'share' && t.requires)) {
      (t.requires ?? []).forEach((r, j) => {
        if (r.what !== 'unit_attribute') r.types.forEach((type, k) => check(type, at('requires', j, 'types', k)));
      });
    }
    if (t.kind === 'share' && t.facilities) t.facilities.types.forEach((type, k) => check(type, at('facilities', 'types', k)));
    if (t.kind === 'ratio') t.numerator.types.forEach((type, k) => check(type, at('numerator', 'types', k)));
    if (t.kind === 'total') t.measure.types.forEach((type, k) => check(type, at('measure', 'types', k)));
  });
  return issues;
}
