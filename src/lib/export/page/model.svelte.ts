/**
 * State of the export page: the view (scenario, packages, filters; kept in the URL by the page), the source
 * its rows come from, the count shown before a download, and the one export running at a time (progress,
 * cancel). Counts for a view no longer on screen are dropped.
 */
import { ident, type Db, type Param } from '../../db/types.ts';
import type { Dataset } from '../../app/dataset.svelte.ts';
import { industryDivisionName } from '../../format/industries.ts';
import type { Lang } from '../../format/numbers.ts';
import { PACKAGES } from '../../policy/bundled.ts';
import type { Package } from '../../policy/schema.ts';
import { clauseTitle, packageTitle } from '../../policy/texts.ts';
import { listScenarios, type SavedScenario } from '../../simulate/scenario-store.ts';
import { countFlaggedRows, filteredPackages, filterSql, type ExportFilter, type ExportStatus } from '../rows.ts';
import { Cancelled, flaggedFile, noticeFile, type BuiltFile, type FileKind, type Progress } from './files.ts';
import { openSource, type ExportSource } from './source.ts';
import { exportStatement } from './statement.ts';
import { DEFAULT_VIEW, filterOf, type ExportView } from './view.ts';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

const STATUS_ZH: Record<ExportStatus, string> = { paid: '已兑现', refused: '未达条件', unknown: '数据不全', near: '差一点', other: '被排除、不重复享受或资金池用尽' };

/** The filter in words for the 说明 sheet (zh, as the sheet is). */
export function filterWords(filter: ExportFilter, source: ExportSource): string {
  const parts: string[] = [];
  const chosen = filteredPackages(source.packages, filter);
  if (chosen.length < source.packages.length) parts.push(`政策：${chosen.map((p) => packageTitle(p, 'zh')).join('、')}`);
  if (filter.district) parts.push(`区县：${filter.district}`);
  if (filter.industry) parts.push(`行业：${industryDivisionName(filter.industry, 'zh')}`);
  if (filter.clause) {
    const [pid, cid] = filter.clause.split(':');
    const pkg = source.packages.find((p) => p.id === pid);
    const clause = pkg?.clauses.find((c) => c.id === cid);
    if (pkg && clause) parts.push(`条款：${clauseTitle(pkg, clause, 'zh', source.scenario[pkg.id] ?? {})}`);
  }
  parts.push(`状态：${(filter.statuses ?? ['paid']).map((s) => STATUS_ZH[s]).join('、')}`);
  return parts.join('；');
}

export interface Count {
  rows: number;
  paid: number;
  totalYuan: number;
}

export interface Job {
  kind: FileKind;
  file: string;
  progress: Progress | null;
  started: number;
}

export interface Outcome {
  kind: 'done' | 'cancelled' | 'error';
  file?: string;
  rows?: number;
  bytes?: number;
  ms?: number;
  message?: string;
}

export class ExportModel {
  view = $state.raw<ExportView>(DEFAULT_VIEW);
  scenarios = $state.raw<SavedScenario[]>([]);
  brokenScenarios = $state(0);
  /** The source of the rows: loading (waiting for the data, evaluating a scenario), ready, error. */
  status = $state<'loading' | 'ready' | 'error'>('loading');
  sourceError = $state<string | null>(null);
  source = $state.raw<ExportSource | null>(null);
  districts = $state.raw<string[]>([]);
  industries = $state.raw<string[]>([]);
  count = $state.raw<Count | null>(null);
  counting = $state(false);
  countError = $state<string | null>(null);
  job = $state.raw<Job | null>(null);
  outcome = $state.raw<Outcome | null>(null);
  /** Bumps when the count on screen belongs to the view on screen (tests wait on it). */
  settled = $state(0);

  #db: Db | null = null;
  #version = -1;
  #loaded = '';
  #seq = 0;
  #controller: AbortController | null = null;

  constructor(private dataset: Dataset, private inForce: () => Package[]) {}

  get filter(): ExportFilter {
    return filterOf(this.view, (this.source?.packages ?? []).map((p) => p.id));
  }

  /** Points the model at a data load and a view; re-reads the source when either changes. */
  async attach(db: Db, version: number, view: ExportView): Promise<void> {
    this.view = view;
    const key = `${version}|${view.scenario ?? ''}|${this.inForce().map((p) => p.id).join()}`;
    if (this.#db === db && this.#loaded === key) return this.#recount();
    const first = this.#db !== db || this.#version !== version;
    this.#db = db;
    this.#version = version;
    this.#loaded = key;
    const seq = ++this.#seq;
    this.status = 'loading';
    this.count = null;
    try {
      if (first || !this.scenarios.length) {
        try {
          const listed = await listScenarios(PACKAGES);
          this.scenarios = listed.saved;
          this.brokenScenarios = listed.broken.length;
        } catch {
          this.scenarios = []; // no IndexedDB: the baseline only
        }
      }
      const saved = view.scenario ? (this.scenarios.find((s) => s.id === view.scenario) ?? null) : null;
      if (view.scenario && !saved) throw new Error(`no saved scenario ${view.scenario}`);
      const source = await openSource(db, version, this.inForce(), saved);
      if (first) {
        const opts = await db.query<{ district: string | null; industry: string | null }>(
          `SELECT DISTINCT district, industry_division AS industry FROM firm_profile`
        );
        this.districts = [...new Set(opts.map((o) => o.district).filter((d): d is string => !!d))].sort((a, b) => a.localeCompare(b, 'zh'));
        this.industries = [...new Set(opts.map((o) => o.industry).filter((d): d is string => !!d && /^\d{2}$/.test(d)))].sort();
      }
      if (seq !== this.#seq) return;
      this.source = source;
      this.status = 'ready';
      this.sourceError = null;
    } catch (e) {
      if (seq !== this.#seq) return;
      this.status = 'error';
      this.sourceError = message(e);
      this.source = null;
      return;
    }
    await this.#recount();
  }

  async #recount(): Promise<void> {
    const db = this.#db;
    const source = this.source;
    if (!db || !source || this.status !== 'ready') return;
    const seq = ++this.#seq;
    const filter = this.filter;
    this.counting = true;
    try {
      const rows = await countFlaggedRows(db, source.packages, filter, { scenario: source.scenario, awards: source.awards });
      const params: Param[] = [];
      const where = filterSql(source.packages, { ...filter, statuses: ['paid'] }, params);
      const [paid] = await db.query<{ n: number; yuan: number | null }>(
        `SELECT count(*)::BIGINT AS n, sum(a.award_yuan)::BIGINT AS yuan FROM ${ident(source.awards)} a LEFT JOIN firm_profile f ON f.firm_id = a.firm_id WHERE ${where}`,
        params
      );
      if (seq !== this.#seq) return;
      this.count = { rows, paid: Number(paid.n), totalYuan: Number(paid.yuan ?? 0) };
      this.countError = null;
    } catch (e) {
      if (seq !== this.#seq) return;
      this.countError = message(e);
      this.count = null;
    }
    this.counting = false;
    this.settled += 1;
  }

  /** Makes a file for the current view; resolves with it, or null when cancelled or failed (see `outcome`). */
  async build(kind: FileKind, lang: Lang, name: string): Promise<BuiltFile | null> {
    const db = this.#db;
    const source = this.source;
    if (!db || !source || this.job) return null;
    const filter = this.filter;
    const controller = new AbortController();
    this.#controller = controller;
    const started = performance.now();
    this.job = { kind, file: name, progress: null, started };
    this.outcome = null;
    try {
      const chosen = filteredPackages(source.packages, filter);
      const file =
        kind === 'notice' || kind === 'district'
          ? await noticeFile(db, kind, source, filter)
          : await flaggedFile(db, kind, source, filter, lang, () => exportStatement(db, this.dataset, source, chosen, filterWords(filter, source)), {
              signal: controller.signal,
              onProgress: (progress) => {
                if (this.job) this.job = { ...this.job, progress };
              }
            });
      if (controller.signal.aborted) throw new Cancelled();
      this.outcome = { kind: 'done', file: file.name, rows: file.rows, bytes: file.bytes.length, ms: Math.round(performance.now() - started) };
      return file;
    } catch (e) {
      this.outcome = e instanceof Cancelled ? { kind: 'cancelled' } : { kind: 'error', message: message(e) };
      return null;
    } finally {
      this.job = null;
      this.#controller = null;
    }
  }

  cancel(): void {
    this.#controller?.abort();
  }
}
