/** State of one firm's profile: loads its rows once the baseline awards are ready; newest request wins. */
import type { Dataset } from '../app/dataset.svelte.ts';
import { loadFirm, type FirmData } from './profile-sql.ts';
import { awardsReady } from './ready.ts';
import { packagesInForce } from '../app/in-force.svelte.ts';

export class FirmProfileModel {
  data = $state.raw<FirmData | null>(null);
  loading = $state(true);
  error = $state<string | null>(null);
  #seq = 0;

  async load(dataset: Dataset, firmId: string): Promise<void> {
    const seq = ++this.#seq;
    this.loading = true;
    try {
      const db = await awardsReady(dataset);
      const data = await loadFirm(db, firmId, packagesInForce());
      if (seq !== this.#seq) return;
      this.data = data;
      this.error = null;
    } catch (e) {
      if (seq !== this.#seq) return;
      this.error = e instanceof Error ? e.message : String(e);
    } finally {
      if (seq === this.#seq) this.loading = false;
    }
  }
}
