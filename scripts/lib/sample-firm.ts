/**
 * One firm of the sample city as the six tables see it, plus the rules every firm obeys whether it is
 * drawn at random (sample-random-firm.ts) or planted on a policy boundary (sample-planted.ts).
 * Money and quantities are integer hundredths of their unit (万元, kWh, m3), so every value written has
 * exactly two decimals and sums are exact.
 */
import { makeUscc } from '../../src/lib/ingest/uscc.ts';
import type { District, Industry } from './sample-catalog.ts';

export interface Calendar {
  startYear: number;
  endYear: number;
  years: number[];
  /** 'YYYYQn' for t = 0 .. nQ - 1. */
  periods: string[];
  nQ: number;
}

export function calendar(years: number, endYear: number): Calendar {
  const startYear = endYear - years + 1;
  const list = Array.from({ length: years }, (_, k) => startYear + k);
  return { startYear, endYear, years: list, periods: list.flatMap((y) => [1, 2, 3, 4].map((q) => `${y}Q${q}`)), nQ: years * 4 };
}

export interface SpringFestivalRow {
  year: number;
  continuousDays: number;
  overtimeStaff: number;
  totalStaff: number;
  outOfProvinceStaff: number;
}

export interface ProjectRow {
  kind: 'tech_reform' | 'digital';
  year: number;
  fixedAsset: number | null;
  equipment: number | null;
  approvedSpend: number | null;
  completedOn: string | null;
}

export interface FirmData {
  id: string;
  name: string;
  district: District;
  industry: Industry;
  registeredOn: string;
  dishonest: 0 | 1;
  accident: 0 | 1;
  /** Quarters [startT, endT) have rows. */
  startT: number;
  endT: number;
  output: number[];
  sales: number[];
  electricity: number[];
  /** null: the firm does not use natural gas. */
  gas: (number | null)[];
  employees: number[];
  aboveScale: number[];
  certifications: [kind: string, grantedOn: string][];
  springFestival: SpringFestivalRow[];
  projects: ProjectRow[];
}

/** 2000万 of annual main-business revenue, in hundredths of 万元 (统计上规模以上工业企业的标准). */
/** The per-quarter series of a new firm, all zero (non-operating quarters are never written). */
export function emptySeries(cal: Calendar) {
  const zeros = () => new Array<number>(cal.nQ).fill(0);
  return { output: zeros(), sales: zeros(), electricity: zeros(), gas: zeros(), employees: zeros(), aboveScale: [] as number[] };
}

export const ABOVE_SCALE_SALES = 2000_00;

/**
 * Sets `aboveScale` the way the statistics office does, roughly: at each year's review a firm is
 * above scale for the whole year iff last year's sales (annualised over the quarters it reported)
 * reached 2000万; a newly built firm may also enter in the quarter its running annualised sales
 * reach it. Existing firms leave only at a review.
 * `salesBeforeStart`: annual sales of the year before the data begin (hundredths), for firms already
 * running then; `newUntilYear`: the last calendar year in which the firm counts as newly built.
 */
export function applyAboveScaleRule(f: FirmData, cal: Calendar, salesBeforeStart: number | null, newUntilYear: number): void {
  let lastYearAnnualised = f.startT === 0 && salesBeforeStart !== null ? salesBeforeStart : 0;
  f.aboveScale = new Array(cal.nQ).fill(0);
  for (let k = 0; k < cal.years.length; k++) {
    let status = lastYearAnnualised >= ABOVE_SCALE_SALES;
    let sum = 0;
    let reported = 0;
    for (let q = 0; q < 4; q++) {
      const t = k * 4 + q;
      if (t < f.startT || t >= f.endT) continue;
      sum += f.sales[t];
      reported++;
      if (!status && cal.years[k] <= newUntilYear && (sum * 4) / (q + 1) >= ABOVE_SCALE_SALES) status = true;
      f.aboveScale[t] = status ? 1 : 0;
    }
    lastYearAnnualised = reported ? Math.round((sum * 4) / reported) : 0;
  }
}

/** Annual sum of a quarterly series for year index k (absent quarters count 0). */
export function annual(series: number[], f: Pick<FirmData, 'startT' | 'endT'>, k: number): number {
  let sum = 0;
  for (let t = k * 4; t < k * 4 + 4; t++) if (t >= f.startT && t < f.endT) sum += series[t];
  return sum;
}

const GB11714_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** Check character of an 8-character 组织机构代码 body (GB 11714-1997). */
export function orgCodeCheckChar(body: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = body.charCodeAt(i);
    sum += (c <= 57 ? c - 48 : c - 55) * GB11714_WEIGHTS[i];
  }
  const r = 11 - (sum % 11);
  return r === 10 ? 'X' : r === 11 ? '0' : String(r);
}

/** '9' (registered by market regulation) + '1' (enterprise) + region + 组织机构代码 + check. */
export function firmUscc(regionCode: string, orgBody: string): string {
  return makeUscc('91' + regionCode + orgBody + orgCodeCheckChar(orgBody));
}

export function isoDate(y: number, m: number, d: number): string {
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** Quarter index t of an ISO date in the calendar (may be < 0 or >= nQ). */
export function quarterIndex(cal: Calendar, iso: string): number {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  return (y - cal.startYear) * 4 + Math.floor((m - 1) / 3);
}

/** Hundredths as a decimal with exactly two places ('5403.24'). */
export function hundredths(v: number): string {
  if (!Number.isSafeInteger(v) || v < 0) throw new Error(`not a non-negative integer number of hundredths: ${v}`);
  const units = Math.floor(v / 100);
  const rest = v - units * 100;
  return `${units}.${rest < 10 ? '0' : ''}${rest}`;
}
