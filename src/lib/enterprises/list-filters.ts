/**
 * The enterprise list's filters, sort and page: kept in the URL so a view can be bookmarked and shared.
 * Parsing is forgiving (unknown values fall back to defaults); writing leaves defaults out.
 */
import { DEFAULT_TOLERANCE } from '../policy/near.ts';

export const STATUS_GROUPS = ['paid', 'refused', 'near', 'unknown', 'excluded'] as const;
export type StatusGroup = (typeof STATUS_GROUPS)[number];

export const SORT_KEYS = ['name', 'firm_id', 'district', 'industry', 'output', 'paid', 'award', 'near'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface ListFilters {
  /** Name substring or USCC prefix. */
  q: string;
  /** Package id ('' = all). */
  pkg: string;
  /** Clause id within `pkg` ('' = all). */
  clause: string;
  district: string;
  /** GB/T 4754 division (2 digits). */
  industry: string;
  status: StatusGroup | '';
  /** Near-miss tolerance in percentage points and in 万元 (null: that unit does not count). */
  points: number | null;
  wan: number | null;
  sort: SortKey;
  dir: 'asc' | 'desc';
  /** 1-based. */
  page: number;
}

export const PAGE_SIZE = 50;

export const DEFAULT_FILTERS: ListFilters = {
  q: '',
  pkg: '',
  clause: '',
  district: '',
  industry: '',
  status: '',
  points: DEFAULT_TOLERANCE.points,
  wan: DEFAULT_TOLERANCE.wan,
  sort: 'award',
  dir: 'desc',
  page: 1
};

/** Sorts that read best largest first. */
export const DESCENDING_FIRST: ReadonlySet<SortKey> = new Set(['output', 'paid', 'award', 'near']);

function tolerance(raw: string | null, fallback: number | null): number | null {
  if (raw === null) return fallback;
  if (raw === '' || raw === 'off') return null;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

export function parseFilters(params: URLSearchParams): ListFilters {
  const get = (k: string) => (params.get(k) ?? '').trim();
  const status = get('status') as StatusGroup;
  const sort = get('sort') as SortKey;
  const page = Math.floor(Number(get('page')));
  const pkg = get('pkg');
  return {
    q: get('q').slice(0, 100),
    pkg,
    clause: pkg ? get('clause') : '',
    district: get('district'),
    industry: /^\d{2}$/.test(get('industry')) ? get('industry') : '',
    status: STATUS_GROUPS.includes(status) ? status : '',
    points: tolerance(params.get('pts'), DEFAULT_FILTERS.points),
    wan: tolerance(params.get('wan'), DEFAULT_FILTERS.wan),
    sort: SORT_KEYS.includes(sort) ? sort : DEFAULT_FILTERS.sort,
    dir: get('dir') === 'asc' ? 'asc' : get('dir') === 'desc' ? 'desc' : SORT_KEYS.includes(sort) && !DESCENDING_FIRST.has(sort) ? 'asc' : DEFAULT_FILTERS.dir,
    page: Number.isFinite(page) && page >= 1 ? page : 1
  };
}

export function filtersToSearch(f: ListFilters): string {
  const p = new URLSearchParams();
  if (f.q) p.set('q', f.q);
  if (f.pkg) p.set('pkg', f.pkg);
  if (f.pkg && f.clause) p.set('clause', f.clause);
  if (f.district) p.set('district', f.district);
  if (f.industry) p.set('industry', f.industry);
  if (f.status) p.set('status', f.status);
  if (f.points !== DEFAULT_FILTERS.points) p.set('pts', f.points === null ? 'off' : String(f.points));
  if (f.wan !== DEFAULT_FILTERS.wan) p.set('wan', f.wan === null ? 'off' : String(f.wan));
  if (f.sort !== DEFAULT_FILTERS.sort || f.dir !== DEFAULT_FILTERS.dir) {
    p.set('sort', f.sort);
    p.set('dir', f.dir);
  }
  if (f.page > 1) p.set('page', String(f.page));
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** Whether any filter narrows the list (search, scope, status). */
export function isFiltered(f: ListFilters): boolean {
  return !!(f.q || f.pkg || f.district || f.industry || f.status);
}
