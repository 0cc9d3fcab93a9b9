/**
 * The 公示名单 (public-notice list) per package as bureaus publish it: title, 序号, 企业名称, 统一社会信用代码,
 * 区县, 奖补项目, 奖补金额（万元）, a 合计 row, the issuing office and the date; and the 属地推荐清单 (the same
 * list split by district, since the procedure runs 企业申报 → 属地推荐 → 市局审核). Paid rows only, read
 * from the `awards` view with the same bound filter as the flagged-firm export (no evidence needed).
 * As data (for the XLSX, xlsx.ts) and as table cells the print view renders as text (noticeCells).
 */
import { ident, type Db, type Param } from '../db/types.ts';
import type { Package } from '../policy/schema.ts';
import { clauseTitle, tierLabel } from '../policy/texts.ts';
import { fillText } from '../policy/labels.ts';
import type { ExportColumn, ExportRow } from './columns.ts';
import { filterSql, type ExportFilter, type ExportOptions } from './rows.ts';
import { noticeTitle, packageFileTitle } from './names.ts';

export const NOTICE_COLUMNS: ExportColumn[] = [
  { key: 'seq', zh: '序号', en: 'No.', kind: 'int' },
  { key: 'name', zh: '企业名称', en: 'Firm name', kind: 'text' },
  { key: 'firm_id', zh: '统一社会信用代码', en: 'Unified social credit code', kind: 'text' },
  { key: 'district', zh: '区县', en: 'District', kind: 'text' },
  { key: 'item', zh: '奖补项目', en: 'Award item', kind: 'text' },
  { key: 'award_wan', zh: '奖补金额（万元）', en: 'Award (10k yuan)', kind: 'wan' }
];

export interface Notice {
  package: string;
  /** "长春市2024年一季度稳增长政策兑现企业名单（公示）"; a district list adds "（东城区）". */
  title: string;
  /** The package's title (the document the list is published under). */
  subtitle: string;
  /** A sheet name: the package's short title, or the district. */
  sheet: string;
  district: string | null;
  columns: ExportColumn[];
  rows: ExportRow[];
  /** Exact: the sum of the rows' yuan. */
  totalYuan: number;
  totalWan: number;
  issuer: string;
  dateText: string;
}

/** "2024年4月15日". */
export const chineseDate = (d: Date) => `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`;

export interface NoticeOptions extends ExportOptions {
  /** The date printed under the issuer (default today). */
  date?: Date;
}

/**
 * One notice per package of the filter (statuses are ignored: a notice lists awards paid), rows ordered
 * by clause, then award (largest first), then firm id; 奖补项目 is the clause title, with the tier.
 */
export async function noticeLists(db: Db, packages: Package[], filter: ExportFilter = {}, opts: NoticeOptions = {}): Promise<Notice[]> {
  const scenario = opts.scenario ?? {};
  const params: Param[] = [];
  const where = filterSql(packages, { ...filter, statuses: ['paid'] }, params);
  const rows = await db.query<{ package: string; clause: string; tier: string | null; firm_id: string; award_yuan: number; name: string | null; district: string | null }>(
    `SELECT a.package, a.clause, a.tier, a.firm_id, a.award_yuan, f.name, f.district
     FROM ${ident(opts.awards ?? 'awards')} a LEFT JOIN firm_profile f ON f.firm_id = a.firm_id
     WHERE ${where}
     ORDER BY a.clause_order, a.award_yuan DESC, a.firm_id`,
    params
  );
  const date = chineseDate(opts.date ?? new Date());
  const chosen = filter.packages?.length ? packages.filter((p) => filter.packages!.includes(p.id)) : packages;
  return chosen.map((pkg) => {
    const values = scenario[pkg.id] ?? {};
    const items = new Map<string, string>();
    const item = (clause: string, tier: string | null) => {
      const key = `${clause}\u0000${tier ?? ''}`;
      if (!items.has(key)) {
        const c = pkg.clauses.find((x) => x.id === clause)!;
        const t = tier ? tierLabel(pkg, c, tier, 'zh', values) : null;
        items.set(key, `${clauseTitle(pkg, c, 'zh', values)}${t ? `（${t}）` : ''}`);
      }
      return items.get(key)!;
    };
    const mine = rows.filter((r) => r.package === pkg.id);
    const totalYuan = mine.reduce((n, r) => n + r.award_yuan, 0);
    return {
      package: pkg.id,
      title: noticeTitle(pkg),
      subtitle: `依据《${fillText(pkg.title, pkg, 'zh', values)}》`,
      sheet: packageFileTitle(pkg),
      district: filter.district ?? null,
      columns: NOTICE_COLUMNS,
      rows: mine.map((r, i) => ({ seq: i + 1, name: r.name, firm_id: r.firm_id, district: r.district, item: item(r.clause, r.tier), award_wan: r.award_yuan / 10_000, award_yuan: r.award_yuan })),
      totalYuan,
      totalWan: totalYuan / 10_000,
      issuer: fillText(pkg.issuer, pkg, 'zh', values),
      dateText: date
    };
  });
}

/** The 属地推荐清单: a notice split by district (districts in name order; firms without one under 未填区县), 序号 restarting. */
export function splitByDistrict(notice: Notice): Notice[] {
  const by = new Map<string, ExportRow[]>();
  for (const r of notice.rows) {
    const d = (r.district as string | null) || '未填区县';
    if (!by.has(d)) by.set(d, []);
    by.get(d)!.push(r);
  }
  return [...by.keys()]
    .sort((a, b) => a.localeCompare(b, 'zh'))
    .map((d) => {
      const rows: ExportRow[] = by.get(d)!.map((r, i) => ({ ...r, seq: i + 1 }));
      const totalYuan = rows.reduce((n, r) => n + (r.award_yuan as number), 0);
      return {
        ...notice,
        title: notice.title.replace('（公示）', `（属地推荐清单·${d}）`),
        sheet: d,
        district: d,
        rows,
        totalYuan,
        totalWan: totalYuan / 10_000
      };
    });
}

const wanText = (v: number) => v.toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

export interface NoticeCell {
  text: string;
  /** Numbers, ids and 序号 are set right and never wrap; names and items are text. */
  num: boolean;
}

/**
 * The notice's table as the print view shows it: header texts, each row's cells as text (万元 with two
 * decimals and separators) and the 合计. Plain text only: the page renders it as text, so no value of the
 * data (a firm's name) can ever become markup.
 */
export function noticeCells(notice: Notice): { head: string[]; rows: NoticeCell[][]; total: string } {
  return {
    head: notice.columns.map((c) => c.zh),
    rows: notice.rows.map((r) =>
      notice.columns.map((c) => {
        const v = r[c.key];
        return { text: v === null || v === undefined ? '' : c.kind === 'wan' ? wanText(v as number) : String(v), num: c.kind !== 'text' };
      })
    ),
    total: wanText(notice.totalWan)
  };
}
