/**
 * The overview's state: one slot per screen query, each with its own loading / error state, refreshed
 * when the data version or the filter changes. The evaluation is never re-run here: ensureBaseline
 * evaluates once per data load, then the page reads the small tables. Results are `$state.raw`
 * (replaced, never proxied). A newer load makes older results stale: they are dropped on arrival.
 */
import type { Db, Row } from '../db/types.ts';
import type { Package } from '../policy/schema.ts';
import { ensureBaseline } from '../policy/baseline.ts';
import { ensureNearSteps } from '../policy/near-sql.ts';
import type { OverviewFilter, Sql } from './filter.ts';
import { outputKpiSql, awardsKpiSql, poolsSql, cityGrowthSql, cityGrowthOverride, cityGrowthPackage, type OutputKpi, type AwardsKpi, type PoolsKpi } from './kpi-sql.ts';
import { trendSql, trendYears, growthHistogramSql, type TrendRow, type GrowthBin } from './trend-sql.ts';
import type { TableSummary } from '../ingest/report.ts';
import { outlayByClauseSql, outlayBySql, type ClauseOutlay, type GroupOutlay } from './breakdown-sql.ts';
import { nearSummarySql, nearFirmsSql, nearCountSql, type NearSummary, type NearFirm } from './near-sql.ts';
import { errorMessage } from '../format/error-line.ts';

export interface Slot<T> {
  status: 'loading' | 'ready' | 'error';
  data: T | null;
  error: string | null;
}

const loading = <T>(previous: Slot<T> | null = null): Slot<T> => ({ status: 'loading', data: previous?.data ?? null, error: null });

export interface CityGrowthView {
  package: string;
  current: string;
  base: string;
  growth: number | null;
  overridden: boolean;
}

export interface HistogramView {
  current: string;
  base: string;
  bins: GrowthBin[];
}

export const NEAR_LIST_SIZE = 12;

export interface NearFirmsView {
  rows: NearFirm[];
  /** Firms near some step under the filter, and their (firm, step) rows. */
  firms: number;
  steps: number;
}


export class OverviewModel {
  output = $state.raw<Slot<OutputKpi>>(loading());
  trend = $state.raw<Slot<TrendRow[]>>(loading());
  histogram = $state.raw<Slot<HistogramView>>(loading());
  city = $state.raw<Slot<CityGrowthView | null>>(loading());
  awards = $state.raw<Slot<AwardsKpi>>(loading());
  pools = $state.raw<Slot<PoolsKpi>>(loading());
  clauses = $state.raw<Slot<ClauseOutlay[]>>(loading());
  districts = $state.raw<Slot<GroupOutlay[]>>(loading());
  industries = $state.raw<Slot<GroupOutlay[]>>(loading());
  near = $state.raw<Slot<NearSummary[]>>(loading());
  nearFirms = $state.raw<Slot<NearFirmsView>>(loading());
  /** Bumps when every slot of a load has settled (tests and screenshots wait on it). */
  settled = $state(0);

  #token = 0;


  /** Runs every query for this data version and filter; a later call supersedes it. `summary`: the load's summary of `quarterly`. */
  async load(db: Db, version: number, filter: OverviewFilter, packages: Package[], summary: TableSummary | null = null): Promise<void> {
    const token = ++this.#token;
    const live = () => token === this.#token;
    for (const k of ['output', 'trend', 'histogram', 'city', 'awards', 'pools', 'clauses', 'districts', 'industries', 'near', 'nearFirms'] as const) {
      // keep what is on screen while the new numbers come (dimmed by the page)
      (this as Record<typeof k, Slot<unknown>>)[k] = loading((this as Record<typeof k, Slot<unknown>>)[k]);
    }

    const set = <K extends keyof OverviewModel & string>(key: K, slot: Slot<unknown>) => {
      if (live()) (this as unknown as Record<string, Slot<unknown>>)[key] = slot;
    };
    const fill = async <T>(key: string, job: () => Promise<T>): Promise<T | null> => {
      try {
        const data = await job();
        set(key as keyof OverviewModel & string, { status: 'ready', data, error: null });
        return data;
      } catch (e) {
        set(key as keyof OverviewModel & string, { status: 'error', data: null, error: errorMessage(e) });
        return null;
      }
    };
    const rows = <T>(q: Sql) => db.query(q.sql, q.params) as Promise<(T & Row)[]>;
    const one = async <T>(q: Sql) => (await rows<T>(q))[0];

    const cityPkg = cityGrowthPackage(packages);

    // Queries are issued together: the database runs them one after another in its worker, and the
    // page saves the round trips in between.
    // 1. straight from the quarterly table: no evaluation needed
    const quarterly = (async () => {
      const output = await fill('output', () => one<OutputKpi>(outputKpiSql(filter)));
      const periods = cityPkg?.regionGrowth ?? (output?.period && output.base_period ? { current: output.period, base: output.base_period } : null);
      // the histogram waits for the policy evaluation: DuckDB runs one statement at a time, and the outlay comes first
      await ensureBaseline(db, version, packages).catch(() => {});
      if (!live()) return;
      await fill('histogram', async () => {
        if (!periods) return { current: '', base: '', bins: [] };
        const bins = await rows<GrowthBin>(growthHistogramSql(filter, periods));
        return { current: periods.current, base: periods.base, bins };
      });
    })();
    const trend = fill('trend', () => rows<TrendRow>(trendSql(filter, trendYears(summary))));

    // 2. the baseline awards (evaluated once per data load, shared with the other screens)
    const awards = (async () => {
      try {
        await ensureBaseline(db, version, packages);
      } catch (e) {
        for (const k of ['city', 'awards', 'pools', 'clauses', 'districts', 'industries', 'near', 'nearFirms'] as const) set(k, { status: 'error', data: null, error: errorMessage(e) });
        return;
      }
      if (!live()) return;
      const city = fill('city', async () => {
        if (!cityPkg?.regionGrowth) return null;
        const override = cityGrowthOverride(cityPkg);
        const growth = override ?? ((await one<{ growth: number | null }>(cityGrowthSql(cityPkg)))?.growth ?? null);
        return { package: cityPkg.id, current: cityPkg.regionGrowth.current, base: cityPkg.regionGrowth.base, growth, overridden: override !== null };
      });
      await Promise.all([
        city,
        fill('awards', () => one<AwardsKpi>(awardsKpiSql(filter))),
        fill('pools', () => one<PoolsKpi>(poolsSql())),
        fill('clauses', () => rows<ClauseOutlay>(outlayByClauseSql(filter))),
        fill('districts', () => rows<GroupOutlay>(outlayBySql('district', filter))),
        fill('industries', () => rows<GroupOutlay>(outlayBySql('industry', filter))),
        // 3. near a threshold: the near set shared with the enterprise list, built once per baseline, then filtered
        (async () => {
          try {
            await ensureNearSteps(db, version, packages);
          } catch (e) {
            set('near', { status: 'error', data: null, error: errorMessage(e) });
            set('nearFirms', { status: 'error', data: null, error: errorMessage(e) });
            return;
          }
          if (!live()) return;
          await Promise.all([
            fill('near', () => rows<NearSummary>(nearSummarySql(filter))),
            fill('nearFirms', async () => {
              const [list, count] = await Promise.all([rows<NearFirm>(nearFirmsSql(filter, NEAR_LIST_SIZE)), one<{ firms: number; steps: number }>(nearCountSql(filter))]);
              return { rows: list, firms: count?.firms ?? 0, steps: count?.steps ?? 0 };
            })
          ]);
        })()
      ]);
    })();

    await Promise.all([quarterly, trend, awards]);
    if (live()) this.settled += 1;
  }
}
