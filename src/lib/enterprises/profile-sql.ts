/**
 * The queries behind one firm's profile: the firm, its quarters, certifications, projects, Spring
 * Festival records and its rows of `awards` with evidence. The firm id is always a bound parameter.
 */
import type { Db, Param } from '../db/types.ts';
import type { Evidence, Status } from '../policy/award-row.ts';
import type { Package } from '../policy/schema.ts';
import type { Scenario } from '../policy/awards.ts';
import { awardsWithEvidenceSql, oneFirm } from '../policy/evidence.ts';

export interface FirmRecord {
  [key: string]: string | number | boolean | null;
  firm_id: string;
  name: string | null;
  district: string | null;
  industry_code: string | null;
  latest_output_10k: number | null;
  size_band: string | null;
  registered_on: string | null;
  is_manufacturing: number | null;
  dishonest_debtor: number | null;
  major_accident_3y: number | null;
  /** Whether the firm has a row in the enterprises table (it may appear in quarterly data only). */
  in_register: boolean;
}

export interface QuarterRow {
  [key: string]: string | number | null;
  period: string;
  output_10k: number | null;
  sales_10k: number | null;
  electricity_kwh: number | null;
  gas_m3: number | null;
  employees: number | null;
  above_scale: number | null;
}

export interface CertRow {
  [key: string]: string | null;
  kind: string;
  granted_on: string | null;
}

export interface ProjectRow {
  [key: string]: string | number | null;
  project_id: string;
  kind: string;
  year: number | null;
  fixed_asset_10k: number | null;
  equipment_10k: number | null;
  approved_spend_10k: number | null;
  completed_on: string | null;
}

export interface SpringRow {
  [key: string]: number | null;
  year: number;
  continuous_days: number | null;
  overtime_staff: number | null;
  total_staff: number | null;
  out_of_province_staff: number | null;
}

export interface FirmAwardRow {
  package: string;
  clause: string;
  clause_order: number;
  tier: string | null;
  eligible: boolean | null;
  raw_yuan: number | null;
  capped_yuan: number | null;
  award_yuan: number;
  status: Status;
  stacked_by: string | null;
  pool_yuan: number | null;
  pool_demand: number | null;
  evidence: Evidence[] | null;
  exclusion_evidence: Evidence[] | null;
}

export const FIRM_SQL = `SELECT f.firm_id, COALESCE(e.name, f.name) AS name, COALESCE(e.district, f.district) AS district,
  COALESCE(e.industry_code, f.industry_code) AS industry_code, f.latest_output_10k::DOUBLE AS latest_output_10k, f.size_band,
  CAST(e.registered_on AS VARCHAR) AS registered_on, e.is_manufacturing::INTEGER AS is_manufacturing,
  e.dishonest_debtor::INTEGER AS dishonest_debtor, e.major_accident_3y::INTEGER AS major_accident_3y, (e.firm_id IS NOT NULL) AS in_register
FROM firm_profile f LEFT JOIN enterprises e USING (firm_id)
WHERE f.firm_id = $1
LIMIT 1`;

export const QUARTERS_SQL = `SELECT period, output_10k::DOUBLE AS output_10k, sales_10k::DOUBLE AS sales_10k, electricity_kwh::DOUBLE AS electricity_kwh,
  gas_m3::DOUBLE AS gas_m3, employees::INTEGER AS employees, above_scale::INTEGER AS above_scale
FROM quarterly WHERE firm_id = $1 ORDER BY period`;

export const CERTS_SQL = `SELECT kind, CAST(granted_on AS VARCHAR) AS granted_on FROM certifications WHERE firm_id = $1 ORDER BY granted_on, kind`;

export const PROJECTS_SQL = `SELECT project_id, kind, year::INTEGER AS year, fixed_asset_10k::DOUBLE AS fixed_asset_10k, equipment_10k::DOUBLE AS equipment_10k,
  approved_spend_10k::DOUBLE AS approved_spend_10k, CAST(completed_on AS VARCHAR) AS completed_on
FROM projects WHERE firm_id = $1 ORDER BY year, project_id`;

export const SPRING_SQL = `SELECT year::INTEGER AS year, continuous_days::INTEGER AS continuous_days, overtime_staff::INTEGER AS overtime_staff,
  total_staff::INTEGER AS total_staff, out_of_province_staff::INTEGER AS out_of_province_staff
FROM spring_festival WHERE firm_id = $1 ORDER BY year`;

/** The firm's rows of `awards` with their evidence, computed on demand for this firm (evidence.ts). */
export function awardsSql(packages: Package[], scenario: Scenario, firmId: string, awards = 'awards'): { sql: string; params: Param[] } {
  const rows = awardsWithEvidenceSql(packages, scenario, oneFirm(firmId), awards);
  return {
    sql: `SELECT package, clause, clause_order::INTEGER AS clause_order, tier, eligible, raw_yuan::BIGINT AS raw_yuan,
  capped_yuan::BIGINT AS capped_yuan, award_yuan::BIGINT AS award_yuan, status, stacked_by, pool_yuan::BIGINT AS pool_yuan,
  pool_demand::BIGINT AS pool_demand, evidence, exclusion_evidence
FROM (${rows.sql}) ORDER BY package, clause_order`,
    params: rows.params
  };
}

export interface FirmData {
  firm: FirmRecord | null;
  quarters: QuarterRow[];
  certs: CertRow[];
  projects: ProjectRow[];
  spring: SpringRow[];
  awards: FirmAwardRow[];
}

/**
 * Everything the profile shows about one firm (queries run one after another: one connection). `packages`
 * and `scenario`: what `awards` was evaluated with (the app: every package, the baseline).
 */
export async function loadFirm(db: Db, firmId: string, packages: Package[], scenario: Scenario = {}, awardsTable = 'awards'): Promise<FirmData> {
  const id = firmId.trim().toUpperCase();
  const [firm] = await db.query<FirmRecord>(FIRM_SQL, [id]);
  if (!firm) return { firm: null, quarters: [], certs: [], projects: [], spring: [], awards: [] };
  const quarters = await db.query<QuarterRow>(QUARTERS_SQL, [id]);
  const certs = await db.query<CertRow>(CERTS_SQL, [id]);
  const projects = await db.query<ProjectRow>(PROJECTS_SQL, [id]);
  const spring = await db.query<SpringRow>(SPRING_SQL, [id]);
  const q = awardsSql(packages, scenario, id, awardsTable);
  const awards = (await db.query(q.sql, q.params)) as unknown as FirmAwardRow[];
  return { firm, quarters, certs, projects, spring, awards };
}
