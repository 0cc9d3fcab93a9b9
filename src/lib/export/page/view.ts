/**
 * What the export page exports, kept in the URL (?scenario=…&packages=…&district=…&industry=…&clause=…&status=…)
 * so the print view and a shared link reproduce it. The overview's ?district= and ?industry= read the same way.
 * Values reach SQL only as bound parameters (rows.ts filterSql).
 */
import { EXPORT_STATUSES, type ExportFilter, type ExportStatus } from '../rows.ts';

export interface ExportView {
  /** A saved scenario's id; null: the published policies in force (the baseline). */
  scenario: string | null;
  /** Package ids chosen; empty: every package of the source. */
  packages: string[];
  district: string | null;
  /** GB/T 4754 division, two digits. */
  industry: string | null;
  /** `package:clause`. */
  clause: string | null;
  statuses: ExportStatus[];
}

export const DEFAULT_VIEW: ExportView = { scenario: null, packages: [], district: null, industry: null, clause: null, statuses: ['paid'] };

const list = (v: string | null) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []);

export function viewFromSearch(search: URLSearchParams): ExportView {
  const statuses = list(search.get('status')).filter((s): s is ExportStatus => (EXPORT_STATUSES as readonly string[]).includes(s));
  const industry = search.get('industry')?.trim() || null;
  const clause = search.get('clause')?.trim() || null;
  return {
    scenario: search.get('scenario')?.trim() || null,
    packages: list(search.get('packages')),
    district: search.get('district')?.trim() || null,
    industry: industry && /^\d{2}$/.test(industry) ? industry : null,
    clause: clause && clause.includes(':') ? clause : null,
    statuses: statuses.length ? statuses : ['paid']
  };
}

/** The query string of a view (defaults left out). */
export function searchOfView(view: ExportView): string {
  const q = new URLSearchParams();
  if (view.scenario) q.set('scenario', view.scenario);
  if (view.packages.length) q.set('packages', view.packages.join(','));
  if (view.district) q.set('district', view.district);
  if (view.industry) q.set('industry', view.industry);
  if (view.clause) q.set('clause', view.clause);
  if (view.statuses.join() !== 'paid') q.set('status', view.statuses.join(','));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** The library's filter for a view over the source's packages (a package no longer there is dropped). */
export function filterOf(view: ExportView, sourcePackages: string[]): ExportFilter {
  const chosen = view.packages.filter((id) => sourcePackages.includes(id));
  const clausePkg = view.clause?.split(':')[0] ?? null;
  return {
    packages: chosen.length ? chosen : [...sourcePackages],
    district: view.district ?? undefined,
    industry: view.industry ?? undefined,
    clause: view.clause && clausePkg && sourcePackages.includes(clausePkg) ? view.clause : undefined,
    statuses: view.statuses
  };
}
