/**
 * State of the enterprise list: runs the one list query for the filters in the URL, newest request
 * wins (a slow answer to an older filter never overwrites a newer one). Rows are `$state.raw`.
 */
import type { Dataset } from '../app/dataset.svelte.ts';
import { listSql, DISTRICTS_SQL, INDUSTRIES_SQL, type ListRow } from './list-sql.ts';
import type { ListFilters } from './list-filters.ts';
import { awardsReady } from './ready.ts';

export interface Option {
  [key: string]: string | number;
  value: string;
  n: number;
}

/** The list's search string last shown, so a profile can link back to the same view. */
export const lastList = { search: '' };

export class EnterpriseListModel {
  rows = $state.raw<ListRow[]>([]);
  total = $state<number | null>(null);
  totalAward = $state(0);
  loading = $state(true);
  error = $state<string | null>(null);
  ms = $state<number | null>(null);
  /** Key (data version + filters) of the answer on screen, so callers can tell a stale one. */
  shownFor = $state('');
  districts = $state.raw<Option[]>([]);
  industries = $state.raw<Option[]>([]);
  #seq = 0;
  #optionsVersion = -1;

  async run(dataset: Dataset, filters: ListFilters, key: string): Promise<void> {
    const seq = ++this.#seq;
    this.loading = true;
    try {
      const db = await awardsReady(dataset);
      if (this.#optionsVersion !== dataset.version) {
        this.#optionsVersion = dataset.version;
        this.districts = await db.query<Option>(DISTRICTS_SQL);
        this.industries = await db.query<Option>(INDUSTRIES_SQL);
      }
      const { sql, params } = listSql(filters);
      const t0 = performance.now();
      const rows = await db.query<ListRow>(sql, params);
      if (seq !== this.#seq) return;
      this.ms = Math.round(performance.now() - t0);
      this.rows = rows;
      this.total = rows.length ? rows[0].total : filters.page > 1 ? null : 0;
      this.totalAward = rows.length ? rows[0].total_award_yuan : 0;
      this.error = null;
      this.shownFor = key;
    } catch (e) {
      if (seq !== this.#seq) return;
      this.error = e instanceof Error ? e.message : String(e);
      this.rows = [];
      this.total = 0;
      this.shownFor = key;
    } finally {
      if (seq === this.#seq) this.loading = false;
    }
  }
}
