/**
 * The overview's cross-filter: one district and/or one industry division (two digits), kept in the URL
 * (?district=…&industry=…) so a link reproduces the view. Values reach SQL only as bound parameters.
 */
import type { Param } from '../db/types.ts';

export interface OverviewFilter {
  district: string | null;
  industry: string | null;
}

export const NO_FILTER: OverviewFilter = { district: null, industry: null };

const DIVISION = /^\d{2}$/;

export function filterFromSearch(search: URLSearchParams): OverviewFilter {
  const district = search.get('district')?.trim() || null;
  const industry = search.get('industry')?.trim() || null;
  return { district, industry: industry && DIVISION.test(industry) ? industry : null };
}

/** The same URL with the filter's parameters set or removed (other parameters kept). */
export function urlWithFilter(url: URL, filter: OverviewFilter): URL {
  const next = new URL(url);
  for (const key of ['district', 'industry'] as const) {
    const v = filter[key];
    if (v) next.searchParams.set(key, v);
    else next.searchParams.delete(key);
  }
  return next;
}

export const isFiltered = (f: OverviewFilter) => f.district !== null || f.industry !== null;

/** A query and its bound parameters. */
export interface Sql {
  sql: string;
  params: Param[];
}

/** Column expressions the filter compares with, per table alias. */
export interface FilterColumns {
  district: string;
  /** Two-digit division, e.g. `substr(a.industry_code, 1, 2)`. */
  industry: string;
}

/**
 * `AND …` predicates for the filter, appending the values to `params` ($n numbered from there).
 * `ignore` leaves one dimension out: the district chart shows every district under the industry filter.
 */
export function filterPredicates(filter: OverviewFilter, cols: FilterColumns, params: Param[], ignore?: keyof OverviewFilter): string {
  let out = '';
  if (filter.district !== null && ignore !== 'district') {
    params.push(filter.district);
    out += ` AND ${cols.district} = $${params.length}`;
  }
  if (filter.industry !== null && ignore !== 'industry') {
    params.push(filter.industry);
    out += ` AND ${cols.industry} = $${params.length}`;
  }
  return out;
}

export const AWARD_COLUMNS: FilterColumns = { district: 'a.district', industry: 'substr(a.industry_code, 1, 2)' };
export const FIRM_COLUMNS: FilterColumns = { district: 'e.district', industry: 'substr(e.industry_code, 1, 2)' };
