/**
 * The policy package model (DESIGN.md section 3): a package is data, validated here when it loads.
 * Values are exact decimals: every numeric parameter is held with a fixed number of decimals for its
 * unit, so the compiler can turn it into an integer and no threshold is ever decided in floating point.
 */
import { z } from 'zod';

const Text = z.object({ zh: z.string().min(1), en: z.string().min(1) });
const Source = z.object({ clause: z.string().min(1), quote: z.string().min(1) });
const PeriodQ = z.string().regex(/^\d{4}Q[1-4]$/, 'a quarter like 2024Q1');
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2024-03-31');

/**
 * Units of parameters. Thresholds compare with metrics of the same dimension; amounts become yuan.
 * wan = 万元, ratio = 0.08 for 8%, *_per_* = yuan per unit, usd = US dollars (utilised FDI),
 * yuan_per_unit = yuan per unit of a claimed quantity (a registration, a person class-hour, a person-month).
 */
export const UNITS = ['yuan', 'wan', 'ratio', 'yuan_per_kwh', 'yuan_per_m3', 'yuan_per_person', 'days', 'persons', 'count', 'kwh', 'm3', 'usd', 'yuan_per_usd', 'yuan_per_unit', 'choice'] as const;
export type Unit = (typeof UNITS)[number];

export const Parameter = z
  .object({
    label: Text,
    unit: z.enum(UNITS),
    value: z.union([z.number(), z.string(), z.null()]),
    source: Source,
    /** Set where the seed leaves the number open: the reason for the default. */
    assumption: Text.optional(),
    /** For unit 'choice': the allowed values. */
    options: z.array(z.object({ value: z.string(), label: Text })).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    /** For a nullable parameter: what null means (e.g. "computed from the data"). */
    nullMeans: Text.optional()
  })
  .strict();
export type Parameter = z.infer<typeof Parameter>;

/** An item or level code of the claims table (src/lib/ingest/contract.ts CLAIM_ITEMS, CLAIM_LEVELS). */
const ClaimCode = z.string().regex(/^[a-z0-9_]+$/);
/** Fields of the claim record being assessed (unit 'claim'): persons / hours / registrations, 万元, US dollars. */
const ClaimField = z.enum(['quantity', 'amount_10k', 'amount_usd']);
/** The claims a clause assesses one by one: one item (and level), dated between `from` and `to` inclusive. */
const ClaimSelection = z.object({ item: ClaimCode, level: ClaimCode.optional(), from: IsoDate.optional(), to: IsoDate.optional() }).strict();

/** Parameter-independent per-firm quantities, computed once per data load. */
const Measure = z.enum(['output_10k', 'sales_10k', 'electricity_kwh', 'gas_m3', 'employees']);
export const Metric = z.discriminatedUnion('kind', [
  /**
   * A measure in one quarter (NULL when the firm has no row for it; with `absentAsZero`, a firm that has
   * other quarters but none for this one counts 0, e.g. a firm newly in production).
   */
  z.object({ kind: z.literal('quarter'), measure: Measure, period: PeriodQ, absentAsZero: z.boolean().optional() }).strict(),
  /** Sum of a measure over a year's quarters (NULL when no quarter of that year is present or one holds NULL). */
  z.object({ kind: z.literal('year'), measure: Measure, year: z.number().int() }).strict(),
  /** Highest annual total of a measure in any year before `year`; 0 when the data has no earlier year. */
  z.object({ kind: z.literal('max_year_before'), measure: Measure, year: z.number().int() }).strict(),
  /** above_scale flag in one quarter (0/1, NULL when no row). */
  z.object({ kind: z.literal('above_scale'), period: PeriodQ }).strict(),
  /** 1 when above-scale in any quarter of `year`, 0 when rows exist but none is, NULL when the year has no row. */
  z.object({ kind: z.literal('above_scale_in_year'), year: z.number().int() }).strict(),
  /** First year in which the firm was above-scale in any quarter, over its whole history in the data (0 = never). */
  z.object({ kind: z.literal('first_above_scale_year') }).strict(),
  /** First year a certification of one of `kinds` was granted (0 = never; NULL when no certification data was loaded). */
  z.object({ kind: z.literal('cert_first_year'), kinds: z.array(z.string().regex(/^[a-z0-9_]+$/)).min(1) }).strict(),
  /** 1 when a certification of one of `kinds` was granted between `from` (optional) and `to` inclusive, else 0. */
  z.object({ kind: z.literal('cert_between'), kinds: z.array(z.string().regex(/^[a-z0-9_]+$/)).min(1), from: IsoDate.optional(), to: IsoDate }).strict(),
  /** A field of the Spring Festival production record of `year` (NULL when the firm has no record). */
  z.object({ kind: z.literal('spring_festival'), field: z.enum(['continuous_days', 'overtime_staff', 'total_staff', 'out_of_province_staff']), year: z.number().int() }).strict(),
  /** A field of the enterprise record. */
  z.object({ kind: z.literal('firm'), field: z.enum(['is_manufacturing', 'dishonest_debtor', 'major_accident_3y', 'registered_year']) }).strict(),
  /** 1 when the firm's 4-digit industry code starts with one of `prefixes`, else 0 (NULL when the code is missing). */
  z.object({ kind: z.literal('industry_in'), prefixes: z.array(z.string().regex(/^\d{2,4}$/)).min(1) }).strict(),
  /** 1 when the firm has a completed project (completed_on between from and to), else 0. */
  z.object({ kind: z.literal('project_completed'), from: IsoDate, to: IsoDate }).strict(),
  /**
   * A total over the firm's claims of `item` (and `level`) dated between `from` and `to` inclusive:
   * `field` summed ('count': the number of records); with agg 'max_per_counterparty', the largest such
   * total for any one counterparty (supply output to one OEM; records without a counterparty stand
   * alone). 0 when the firm has no such claim; NULL when no claims were loaded at all, or when a record
   * counted has the field empty. quantity and count are counts, amount_10k money, amount_usd dollars.
   */
  z
    .object({
      kind: z.literal('claims'),
      item: ClaimCode,
      level: ClaimCode.optional(),
      field: z.enum(['quantity', 'amount_10k', 'amount_usd', 'count']),
      agg: z.enum(['sum', 'max_per_counterparty']),
      from: IsoDate.optional(),
      to: IsoDate.optional()
    })
    .strict(),
  /** Difference of two metrics of the same dimension (e.g. net increase of output). */
  z.object({ kind: z.literal('diff'), of: z.tuple([z.string(), z.string()]) }).strict()
]);
export type Metric = z.infer<typeof Metric>;

export const Op = z.enum(['>=', '>', '<=', '<', '=', '!=']);
export type Op = z.infer<typeof Op>;

/** An operand: a metric of the firm, a field of the project or claim being assessed, a parameter, or a constant. */
export const Operand = z.union([
  z.object({ metric: z.string() }).strict(),
  z.object({ project: z.enum(['fixed_asset_10k', 'equipment_10k', 'approved_spend_10k']) }).strict(),
  z.object({ claim: ClaimField }).strict(),
  z.object({ param: z.string() }).strict(),
  z.object({ value: z.number() }).strict()
]);
export type Operand = z.infer<typeof Operand>;

const LeafBase = { id: z.string().regex(/^[a-z0-9_]+$/), label: Text };
export const Leaf = z.union([
  /** left op right, both of one dimension. */
  z.object({ ...LeafBase, compare: z.object({ left: Operand, op: Op, right: Operand }).strict() }).strict(),
  /** growth of `current` over `base` op a ratio parameter, or op the region-wide growth (`than: "region"`). */
  z.object({ ...LeafBase, growth: z.object({ current: z.string(), base: z.string(), op: Op, than: z.union([z.object({ param: z.string() }).strict(), z.literal('region')]) }).strict() }).strict(),
  /** part / whole op a ratio parameter (e.g. overtime staff share >= 50%). */
  z.object({ ...LeafBase, share: z.object({ part: z.string(), whole: z.string(), op: Op, than: z.object({ param: z.string() }).strict() }).strict() }).strict()
]);
export type Leaf = z.infer<typeof Leaf>;

export type Condition = Leaf | { all: Condition[] } | { any: Condition[] } | { not: Condition };
export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([z.object({ all: z.array(Condition).min(1) }).strict(), z.object({ any: z.array(Condition).min(1) }).strict(), z.object({ not: Condition }).strict(), Leaf])
);

const ParamRef = z.object({ param: z.string() }).strict();
export const Award = z.discriminatedUnion('shape', [
  z.object({ shape: z.literal('fixed'), amount: ParamRef }).strict(),
  /** Tiers listed from lowest to highest; the highest tier whose condition holds is paid. */
  z.object({ shape: z.literal('tiers'), tiers: z.array(z.object({ id: z.string(), label: Text, when: Condition, amount: ParamRef }).strict()).min(1) }).strict(),
  /** rate x quantity (per kWh, per m3, per person); the first case whose condition holds sets the rate. */
  z
    .object({
      shape: z.literal('rate'),
      quantity: z.union([
        z.object({ metric: z.string() }).strict(),
        z.object({ project: z.enum(['fixed_asset_10k', 'equipment_10k', 'approved_spend_10k']) }).strict(),
        z.object({ claim: ClaimField }).strict()
      ]),
      rate: ParamRef,
      cases: z.array(z.object({ id: z.string(), label: Text, when: Condition, rate: ParamRef }).strict()).optional()
    })
    .strict(),
  /** percent of a money base (万元 metric, project or claim field); with `above`, of the part of the base above that amount. */
  z
    .object({
      shape: z.literal('percent'),
      percent: ParamRef,
      base: z.union([
        z.object({ metric: z.string() }).strict(),
        z.object({ project: z.enum(['fixed_asset_10k', 'equipment_10k', 'approved_spend_10k']) }).strict(),
        z.object({ claim: z.literal('amount_10k') }).strict()
      ]),
      above: ParamRef.optional()
    })
    .strict(),
  /** base amount at `threshold`, plus `step` for each full `increment` of `over` above the threshold. */
  z.object({ shape: z.literal('step'), over: z.string(), threshold: ParamRef, base: ParamRef, increment: ParamRef, step: ParamRef }).strict()
]);
export type Award = z.infer<typeof Award>;

/**
 * A worked example kept beside its clause (as OpenFisca and Publicodes keep tests beside rules): a firm's
 * data in the contract's columns (money in 万元), parameter overrides and the expected outcome. `npm test`
 * runs every example through the evaluation the app and the CLI use; the policy library shows them.
 */
const ExampleFirm = z
  .object({
    /** A township or department (paid by clauses with `recipients`): no enterprise row, claims in its name. */
    recipient: z.enum(['township', 'department', 'institution']).optional(),
    enterprise: z.record(z.string(), z.union([z.string(), z.number(), z.null()])).optional(),
    /** period -> output_10k, or the quarter's columns. */
    quarterly: z.record(z.string(), z.union([z.number(), z.record(z.string(), z.union([z.number(), z.null()]))])).optional(),
    /** kind -> granted_on. */
    certifications: z.record(z.string(), IsoDate).optional(),
    /** year -> the record's columns. */
    spring_festival: z.record(z.string(), z.record(z.string(), z.union([z.number(), z.null()]))).optional(),
    projects: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))).optional(),
    claims: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))).optional()
  })
  .strict();
export type ExampleFirm = z.infer<typeof ExampleFirm>;

export const Example = z
  .object({
    name: z.string().min(1),
    set: z.record(z.string(), z.union([z.number(), z.string(), z.null()])).optional(),
    firm: ExampleFirm,
    /** Other firms in the same data (pools, region growth). */
    others: z.array(ExampleFirm).optional(),
    expect: z
      .object({
        status: z.enum(['paid', 'refused', 'unknown', 'excluded', 'stacked', 'below_floor', 'pool_exhausted']).optional(),
        award_yuan: z.number().int().nonnegative().optional(),
        tier: z.string().nullable().optional()
      })
      .strict()
  })
  .strict();
export type Example = z.infer<typeof Example>;

export const Clause = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    title: Text,
    source: Source,
    /**
     * 'firm': one assessment per firm; 'project': one per project of `projects` kind/year, 'claim': one
     * per claim record of `claims` (e.g. per trade fair), each summed per firm.
     */
    unit: z.enum(['firm', 'project', 'claim']).default('firm'),
    projects: z.object({ kind: z.string(), year: z.number().int() }).strict().optional(),
    claims: ClaimSelection.optional(),
    /** Maximum for each project or claim record before they are summed (e.g. 3000元 per firm per fair). */
    capPerRecord: ParamRef.optional(),
    /**
     * Who the clause pays (default firms only). Townships and departments are the recipients of claims
     * rows with that recipient_kind, named by firm_id; exclusions never apply to them.
     */
    recipients: z.array(z.enum(['firm', 'township', 'department', 'institution'])).min(1).optional(),
    eligibility: Condition,
    award: Award,
    /** Below this the award is not paid ('nothing') or raised to it ('raise'). */
    floor: z.object({ amount: ParamRef, mode: z.enum(['nothing', 'raise']) }).strict().optional(),
    /** Per-firm maximum for this clause (yuan or 万元 parameter). */
    cap: ParamRef.optional(),
    /** An envelope shared by all recipients of the clause; allocation when oversubscribed. */
    pool: z.object({ amount: ParamRef, allocation: ParamRef, rankBy: z.string().optional() }).strict().optional(),
    notes: Text.optional(),
    examples: z.array(Example).default([])
  })
  .strict();
export type Clause = z.infer<typeof Clause>;

/** A clause of the document that the data contract cannot compute; listed so nothing is silently left out. */
export const OpenClause = z.object({ id: z.string(), title: Text, source: Source, reason: Text }).strict();

export const Package = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    title: Text,
    issuer: Text,
    docNumber: z.string(),
    effective: z.object({ from: IsoDate, to: IsoDate }).strict(),
    sourceFile: z.string(),
    /**
     * The years the package is assessed on (assessment year, base year ...). Metrics, dates and project
     * years were computed from these values when the source was compiled; re-basing compiles it again.
     * `derived`: the expression a default follows (e.g. "year - 1").
     */
    periods: z.record(z.string(), z.object({ label: Text, value: z.number().int(), derived: z.string().optional(), source: Source.optional() }).strict()).default({}),
    parameters: z.record(z.string(), Parameter),
    metrics: z.record(z.string(), Metric),
    /** Region-wide growth (全市规上工业产值增速) on a comparable basis: firms above-scale in `current` with data in both periods. */
    regionGrowth: z.object({ current: PeriodQ, base: PeriodQ, override: ParamRef }).strict().optional(),
    /** Any exclusion that holds voids every award of the package for that firm. */
    exclusions: z.array(z.object({ when: Condition, source: Source }).strict()),
    clauses: z.array(Clause).min(1),
    notComputable: z.array(OpenClause).default([]),
    stacking: z
      .array(
        z
          .object({
            id: z.string(),
            /** exclusive: at most one award of these clauses per firm, the highest. */
            rule: z.literal('exclusive_highest'),
            clauses: z.array(z.string()).min(2),
            source: Source,
            assumption: Text.optional()
          })
          .strict()
      )
      .default([]),
    /** Declared pairs that may pay the same firm (the stacking lint accepts them). */
    stackable: z.array(z.object({ clauses: z.array(z.string()).min(2), source: Source }).strict()).default([]),
    /** 就高: where clauses of this package overlap clauses of other packages, a firm gets only the highest. */
    acrossPackages: z
      .array(z.object({ id: z.string(), rule: z.literal('take_highest'), members: z.array(z.string().regex(/^[a-z0-9-]+:[a-z0-9-]+$/)).min(2), source: Source, assumption: Text.optional() }).strict())
      .default([])
  })
  .strict();
export type Package = z.infer<typeof Package>;
export type PackageInput = z.input<typeof Package>;

/** Validates a package; the error names the package, the path and the problem. */
export function parsePackage(raw: unknown, origin: string): Package {
  const result = Package.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`Policy package ${origin} is invalid: ${problems}`);
  }
  return result.data;
}
