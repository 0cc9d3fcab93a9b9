/** State of the library page: the totals of the current data load, once the baseline awards are ready; newest load wins. */
import type { Dataset } from '../app/dataset.svelte.ts';
import { ensureBaseline } from '../policy/baseline.ts';
import { packagesInForce } from '../app/in-force.svelte.ts';
import { loadLibraryTotals, type LibraryTotals } from './library-sql.ts';

export class LibraryModel {
  totals = $state.raw<LibraryTotals | null>(null);
  loading = $state(true);
  error = $state<string | null>(null);
  /** The data version the totals belong to (tests and screenshots wait on it). */
  version = $state(0);
  #seq = 0;

  async load(dataset: Dataset): Promise<void> {
    const seq = ++this.#seq;
    this.loading = true;
    try {
      const db = await dataset.start();
      const version = dataset.version;
      await ensureBaseline(db, version, packagesInForce());
      const totals = await loadLibraryTotals(db);
      if (seq !== this.#seq) return;
      this.totals = totals;
      this.version = version;
      this.error = null;
    } catch (e) {
      if (seq !== this.#seq) return;
      this.error = e instanceof Error ? e.message : String(e);
    } finally {
      if (seq === this.#seq) this.loading = false;
    }
  }
}
