/**
 * The model of a target set (data/targets/*.yaml, read by source.ts): what each target counts, its
 * value and unit, how it is met, its period and deadline, and the sentence of the notice it comes from.
 */
import { z } from 'zod';
import type { Text } from '../policy/source/text.ts';
import type { TargetValue } from './quantity.ts';

export type Comparison = 'at_least' | 'at_most' | 'range';

/** What a target counts (src/lib/targets/metrics.ts computes each one; docs/targets.md says how). */
export type Metric =
  | { kind: 'new_above_scale' }
  | { kind: 'certified'; cert: string }
  | { kind: 'firms_with_projects'; projectKinds: string[] }
  | { kind: 'coverage'; projectKinds: string[] }
  | { kind: 'growth'; projectKind: string }
  | { kind: 'indicator'; code: string }
  | { kind: 'awards'; packageId: string; clause: string };

export interface Target {
  id: string;
  title: Text;
  metric: Metric;
  /** The metric as written, e.g. "certified(high_tech)". */
  metricText: string;
  comparison: Comparison;
  value: TargetValue;
  /** The quarters the target counts, first and last ('2022Q1'..'2022Q4', or '2024Q1'..'2024Q1'). */
  first: string;
  last: string;
  /** 'year' or 'quarter' (a target for one quarter). */
  span: 'year' | 'quarter';
  year: number;
  deadline: string;
  source: { clause: string; quote: string };
  assumption: Text | null;
  /** Line of the entry in its file. */
  line: number | null;
}

export interface TargetPeriod {
  name: string;
  value: number;
  label: Text;
  source: { clause: string; quote: string };
}

export interface TargetSet {
  id: string;
  title: Text;
  issuer: Text;
  sourceFile: string;
  file: string;
  periods: TargetPeriod[];
  targets: Target[];
}

const idText = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'write lower-case letters, digits and - (e.g. new-above-scale)');
const expr = z.union([z.string().min(1), z.number().int()]);

/** The shape of the file before its texts, values and periods are read. */
export const RawTargetSet = z.strictObject({
  id: idText,
  title: z.unknown(),
  issuer: z.unknown(),
  sourceFile: z.string().min(1),
  periods: z.record(
    z.string().regex(/^[a-z][a-z0-9_]*$/, 'a period name is lower-case letters, digits and _'),
    z.strictObject({ value: z.union([z.number().int(), z.string().min(1)]), label: z.unknown(), source: z.unknown() })
  ),
  targets: z
    .array(
      z.strictObject({
        id: idText,
        title: z.unknown(),
        metric: z.string().min(1),
        comparison: z.enum(['at least', 'at most', 'range'], { error: 'comparison is one of: at least, at most, range' }),
        value: z.unknown(),
        period: expr,
        deadline: expr,
        source: z.unknown(),
        assumption: z.unknown().optional()
      })
    )
    .min(1, 'a target set needs at least one target')
});
