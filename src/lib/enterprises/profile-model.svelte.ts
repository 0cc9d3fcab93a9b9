/**
 * State of one firm's profile: loads its rows once the baseline awards are ready; newest request wins.
 * Opened from the simulate page with a scenario (`#s=` link), the firm's awards and evidence are those
 * of the scenario: its packages are evaluated into `profile_awards` (once per scenario and data load).
 */
import type { Dataset } from '../app/dataset.svelte.ts';
import type { Db } from '../db/types.ts';
import { loadFirm, type FirmData } from './profile-sql.ts';
import { awardsReady } from './ready.ts';
import { packagesInForce } from '../app/in-force.svelte.ts';
import type { Package } from '../policy/schema.ts';
import { PACKAGES, rebasedPackage } from '../policy/bundled.ts';
import { evaluateAll } from '../policy/awards.ts';
import { tableKey } from '../policy/metrics-sql.ts';
import { applyScenario, valuedPackages } from '../simulate/apply.ts';
import type { ScenarioDoc } from '../simulate/scenario.ts';
import { prepareScenario } from '../simulate/whatif.ts';

const SCENARIO_AWARDS = 'profile_awards';

export class FirmProfileModel {
  data = $state.raw<FirmData | null>(null);
  /** The packages the profile shows (the scenario's, with its values, when opened under one). */
  packages = $state.raw<Package[]>([]);
  loading = $state(true);
  error = $state<string | null>(null);
  #seq = 0;
  #evaluated: { key: string; job: Promise<void> } | null = null;

  async load(dataset: Dataset, firmId: string, scenario: ScenarioDoc | null = null): Promise<void> {
    const seq = ++this.#seq;
    this.loading = true;
    try {
      const db = await awardsReady(dataset);
      let packages = packagesInForce();
      let awards = 'awards';
      if (scenario) {
        const applied = applyScenario(scenario, PACKAGES, rebasedPackage);
        packages = valuedPackages(applied);
        awards = SCENARIO_AWARDS;
        await this.#evaluate(db, `${dataset.version}|${JSON.stringify({ ...scenario, name: '' })}`, packages);
      }
      const data = await loadFirm(db, firmId, packages, {}, awards);
      if (seq !== this.#seq) return;
      this.data = data;
      this.packages = packages;
      this.error = null;
    } catch (e) {
      if (seq !== this.#seq) return;
      this.error = e instanceof Error ? e.message : String(e);
    } finally {
      if (seq === this.#seq) this.loading = false;
    }
  }

  #evaluate(db: Db, key: string, packages: Package[]): Promise<void> {
    if (this.#evaluated?.key !== key) {
      const job = (async () => {
        await prepareScenario(db, packages, new Set(packagesInForce().map(tableKey)));
        await evaluateAll(db, packages, {}, SCENARIO_AWARDS);
      })();
      this.#evaluated = { key, job };
      job.catch(() => (this.#evaluated = null));
    }
    return this.#evaluated.job;
  }
}
