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
      /** `has`: the field is a list (e.g. properties.services) holding every value listed. */
      op: z.enum([...NUMERIC_OPS, '=', '!=', 'in', 'has']),
      value: z.union([scalar, z.array(z.union([z.string(), z.number().finite()])).min(1)]),
      /** What a missing value means: 'unknown' (not recorded: no data) or 'fail' (e.g. ungraded = not graded A). */
      if_missing: z.enum(['unknown', 'fail']).default('unknown'),
    })
    .strict()
    .superRefine((c, ctx) => {
      if ((c.op === 'in' || c.op === 'has') && !Array.isArray(c.value)) ctx.addIssue({ code: 'custom', path: ['value'], message: `op '${c.op}' takes a list of values` });
      if (c.op !== 'in' && c.op !== 'has' && Array.isArray(c.value)) ctx.addIssue({ code: 'custom', path: ['value'], message: `op '${c.op}' takes one value, not a list` });
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
      /** Read where `field` is not recorded (e.g. a venue's site area where rooms have floor area). */
      fallback_field: facilityNumberField.optional(),
      min: z.number().finite().nonnegative(),
      label: bilingual.optional(),
    })
    .strict(),
  z
    .object({
      /** An attribute of the unit itself (a community's, street's or district's own record). */
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
    /** Districts whose class (the district's `properties.class`, e.g. Beijing's 城区 / 近郊区 / 远郊区县) is listed. */
    district_classes: z.array(nonEmpty).min(1).optional(),
    street_kinds: z.array(z.enum(['street', 'township'])).min(1).optional(),
  })
  .strict();

/**
 * A count that belongs to the plan's own city (Beijing's 30 000 beds). On another city it is scaled per
 * resident or elderly person of the source city when the document gives that figure, else not applicable.
 */
const absoluteSchema = z
  .object({
    /** The source city, as the loaded data names itself (app_state key "city"), e.g. 北京市. */
    city: nonEmpty,
    scale: z
      .object({
        per: z.enum(['population', 'elderly']),
        /** The source city's residents or elderly at the plan date, as the document gives or implies it. */
        source_figure: z.number().positive(),
        as_of: isoDate,
        /** Where the figure comes from (e.g. 30 000 beds = 1.5 % of the elderly → 2 000 000 elderly). */
        derivation: bilingual,
      })
      .strict()
      .optional(),
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
  /** A city-wide count of the source city only (see absoluteSchema). */
  absolute: absoluteSchema.optional(),
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
    /** units: every unit of `level` meets `requires`; facilities: every facility of `facilities` meets its `where`. */
    of: z.enum(['units', 'facilities']).default('units'),
    requires: z.array(requirementSchema).min(1).optional(),
    facilities: z.object(facilitySelection).strict().optional(),
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
    if ((t.kind === 'presence' || t.kind === 'share') && t.level === 'city') {
      (t.requires ?? []).forEach((r, i) => {
        if (r.what === 'unit_attribute') ctx.addIssue({ code: 'custom', path: ['requires', i, 'what'], message: 'unit_attribute requirements apply to communities, streets and districts, not the city' });
      });
    }
    if (t.kind === 'presence') {
      if (t.of === 'units' && !t.requires) ctx.addIssue({ code: 'custom', path: ['requires'], message: 'a presence target of units needs "requires"' });
      if (t.of === 'units' && t.facilities) ctx.addIssue({ code: 'custom', path: ['facilities'], message: 'a presence target of units takes "requires", not "facilities"' });
      if (t.of === 'facilities' && !t.facilities) ctx.addIssue({ code: 'custom', path: ['facilities'], message: 'a presence target of facilities needs "facilities": { types, where }' });
      if (t.of === 'facilities' && t.requires) ctx.addIssue({ code: 'custom', path: ['requires'], message: 'a presence target of facilities takes "facilities", not "requires"' });
      if (t.of === 'facilities' && t.level !== 'city') ctx.addIssue({ code: 'custom', path: ['level'], message: 'a presence target of facilities is city-wide: level must be "city"' });
    }
    if (t.absolute && t.kind !== 'total' && t.kind !== 'reported') {
      ctx.addIssue({ code: 'custom', path: ['absolute'], message: 'only total and reported targets carry a city\'s own count' });
    }
    if (t.absolute && t.level !== 'city') ctx.addIssue({ code: 'custom', path: ['absolute'], message: 'a city\'s own count is city-wide: level must be "city"' });
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
    if (t.kind === 'range' && t.level !== 'community') ctx.addIssue({ code: 'custom', path: ['level'], message: 'a range is checked on communities: level must be "community"' });
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

/** One start-of-period figure the plan gives ("全市现有…5个", "志愿者人数8000多人"). */
const baselineSchema = z
  .object({
    id: z.string().regex(/^base\.[a-z0-9]+(\.[a-z0-9_]+)+$/, 'expected a dotted id like base.zb.outlets'),
    text: bilingual,
    /** The figure; null when the plan assumes the stock without counting it. */
    value: z.number().finite().nullable(),
    /** How the plan words the figure: exactly, more than (多), nearly (近), about half (近一半) or not stated. */
    qualifier: z.enum(['exact', 'more_than', 'nearly', 'not_stated']),
    /** The plan's own wording of the figure ("10000多个", "近一半"). */
    figure: nonEmpty,
    /** The unit the figure counts, as targets.md writes it. */
    level: z.enum(['city', 'district', 'county', 'district, county', 'street', 'township', 'street, township', 'community', 'facility']),
    /** Year (YYYY) or date the figure describes. */
    as_of: z.string().regex(/^\d{4}(-\d{2}-\d{2})?$/, 'expected YYYY or YYYY-MM-DD'),
    source: z.object({ quote: nonEmpty, section: z.string().optional() }).strict(),
    /** Targets the figure is the stock of. */
    targets: z.array(z.string()).default([]),
    /** The target whose progress series starts at this figure (same measure and unit), if any. */
    starts: z.string().optional(),
    note: bilingual.optional(),
  })
  .strict();

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
    /** The plan's start-of-period figures (targets.md `base.*`), some the start of a target's series. */
    baselines: z.array(baselineSchema).default([]),
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
    const baseSeen = new Set<string>();
    p.baselines.forEach((b, i) => {
      if (baseSeen.has(b.id)) ctx.addIssue({ code: 'custom', path: ['baselines', i, 'id'], message: `duplicate baseline id ${JSON.stringify(b.id)}` });
      baseSeen.add(b.id);
      b.targets.forEach((id, j) => {
        if (!seen.has(id)) ctx.addIssue({ code: 'custom', path: ['baselines', i, 'targets', j], message: `no target ${JSON.stringify(id)} in this profile` });
      });
      if (b.starts !== undefined && !seen.has(b.starts)) ctx.addIssue({ code: 'custom', path: ['baselines', i, 'starts'], message: `no target ${JSON.stringify(b.starts)} in this profile` });
      if (b.starts !== undefined && b.value === null) ctx.addIssue({ code: 'custom', path: ['baselines', i, 'starts'], message: 'a baseline without a figure cannot start a series' });
    });
  });

export type PlanProfile = z.infer<typeof profileSchema>;
export type PlanTarget = z.infer<typeof targetSchema>;
export type FacilityCondition = z.infer<typeof facilityConditionSchema>;
export type UnitCondition = z.infer<typeof unitConditionSchema>;
export type Requirement = z.infer<typeof requirementSchema>;
export type TargetScope = z.infer<typeof scopeSchema>;
export type Baseline = z.infer<typeof baselineSchema>;
export type AbsoluteSpec = z.infer<typeof absoluteSchema>;
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
    if ((t.kind === 'share' || t.kind === 'presence') && t.facilities) t.facilities.types.forEach((type, k) => check(type, at('facilities', 'types', k)));
    if (t.kind === 'ratio') t.numerator.types.forEach((type, k) => check(type, at('numerator', 'types', k)));
    if (t.kind === 'total') t.measure.types.forEach((type, k) => check(type, at('measure', 'types', k)));
  });
  return issues;
}
