/**
 * The shape of what an evaluation stores: one row of the `awards` view per (package, firm, clause),
 * with its status, tier, amounts and the evidence each condition was decided on. Every screen, export,
 * the CLI and the tests read these rows (see awards.ts).
 */
import type { Row } from '../db/types.ts';

export type Status = 'paid' | 'refused' | 'unknown' | 'excluded' | 'stacked' | 'below_floor' | 'pool_exhausted';

export interface Evidence {
  id: string;
  item: string | null;
  unit: string;
  value: number | null;
  threshold: number | null;
  pass: boolean | null;
  /** How far a failed bound is from passing, in display units (ratio, 万元 ...). */
  gap: number | null;
  /** Why an unknown outcome is unknown when it is not missing data (e.g. a zero base for a growth); absent in evidence saved before it existed. */
  reason?: string | null;
}

export interface AwardRow extends Row {
  package: string;
  firm_id: string;
  district: string | null;
  industry_code: string | null;
  clause: string;
  status: Status;
  tier: string | null;
  raw_yuan: number;
  capped_yuan: number;
  award_yuan: number;
  stacked_by: string | null;
}
