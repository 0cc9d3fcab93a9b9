/**
 * Short names of a package and the export file names built from them:
 * `公示名单_长春2024一季度_基线_2024Q1.xlsx`. Derived from the package's title and assessment year, so a
 * new city's package needs no entry here.
 */
import type { Package } from '../policy/schema.ts';

const QUARTERS = ['一', '二', '三', '四'];

/** The assessment period of a package: `2024Q1` when its title names a quarter, else the year (`2024`). */
export function packagePeriod(pkg: Package): string {
  const year = pkg.periods.year?.value ?? Number(pkg.effective.from.slice(0, 4));
  const q = QUARTERS.findIndex((n) => pkg.title.zh.includes(`${n}季度`));
  return q >= 0 ? `${year}Q${q + 1}` : String(year);
}

/** The region the notice is for: the first 市 / 县 / 区 / 州 / 盟 of its title ("长春市"), or '' when none. */
export function packageRegion(pkg: Package): string {
  return /^[^\s，,（(“"]{1,6}?(?:市|县|区|州|盟)/.exec(pkg.title.zh)?.[0] ?? '';
}

/** "长春市2024年一季度" / "辽源市2024年": region, year and quarter, as a notice's title begins. */
export function packageShortTitle(pkg: Package): string {
  const period = packagePeriod(pkg);
  const [year, q] = period.split('Q');
  return `${packageRegion(pkg)}${year}年${q ? `${QUARTERS[Number(q) - 1]}季度` : ''}`;
}

/** The same for a file name, without 市/县, 年, 季度 filler: "长春2024一季度". */
export function packageFileTitle(pkg: Package): string {
  const period = packagePeriod(pkg);
  const [year, q] = period.split('Q');
  return `${packageRegion(pkg).replace(/[市县]$/, '')}${year}${q ? `${QUARTERS[Number(q) - 1]}季度` : ''}`;
}

/** "长春市2024年一季度稳增长政策兑现企业名单（公示）": 稳增长 for notices on steady growth, else 惠企. */
export function noticeTitle(pkg: Package): string {
  const kind = /稳|开门红|增长/.test(pkg.title.zh) ? '稳增长' : '惠企';
  return `${packageShortTitle(pkg)}${kind}政策兑现企业名单（公示）`;
}

/** Characters Windows and macOS refuse in a file name, and control characters. */
const UNSAFE = /[\\/:*?"<>|\u0000-\u001f]/g;

export type ExportKind = '公示名单' | '属地推荐清单' | '兑现企业清单';

/**
 * `<kind>_<package short title>_<scenario name or 基线>_<period>.<ext>`; several packages join their short
 * titles with "+" (more than three: "N个政策") and their distinct periods.
 */
export function exportFileName(kind: ExportKind | string, packages: Package[], scenarioName: string | null, ext: string): string {
  const titles = packages.length > 3 ? [`${packages.length}个政策`] : packages.map(packageFileTitle);
  const periods = [...new Set(packages.map(packagePeriod))];
  const scenario = scenarioName?.trim() || '基线';
  const parts = [kind, titles.join('+') || '无政策', scenario, periods.join('+')];
  return `${parts.map((p) => p.replace(UNSAFE, '_').replace(/\s+/g, ' ').trim()).join('_')}.${ext.replace(/^\./, '')}`;
}
