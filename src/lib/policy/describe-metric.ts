/**
 * The data a package reads, in words: a metric ("2024年一季度 工业用电 − 2023年一季度 工业用电"), a
 * column of the data contract ("核定改造投入") and a value of it ("5,000 万元"). Built from the metric
 * model and the contract, so a new package needs no new words here.
 */
import type { Metric, Package } from './schema.ts';
import { TABLE_BY_NAME, TABLES, type ColumnKind, type TableName } from '../ingest/contract.ts';
import { formatNumber, formatPeriod, formatYuanExact, type Lang } from '../format/numbers.ts';

/** English column names (the Chinese ones are the contract's first header alias). */
const FIELD_EN: Record<string, string> = {
  firm_id: 'firm id',
  name: 'name',
  district: 'district',
  industry_code: 'industry code',
  registered_on: 'registration date',
  registered_year: 'registration year',
  is_manufacturing: 'manufacturing',
  dishonest_debtor: 'dishonest judgement debtor',
  major_accident_3y: 'major accident in the last 3 years',
  period: 'period',
  output_10k: 'output',
  sales_10k: 'sales',
  electricity_kwh: 'electricity use',
  gas_m3: 'natural gas use',
  employees: 'employees',
  above_scale: 'above-scale',
  kind: 'kind',
  granted_on: 'granted on',
  year: 'year',
  continuous_days: 'continuous production days',
  overtime_staff: 'overtime staff',
  total_staff: 'total staff',
  out_of_province_staff: 'out-of-province staff',
  project_id: 'project',
  fixed_asset_10k: 'new fixed-asset investment',
  equipment_10k: 'equipment investment',
  approved_spend_10k: 'approved spend',
  completed_on: 'completed on',
  item: 'item',
  level: 'level',
  counterparty: 'counterparty',
  quantity: 'quantity',
  amount_10k: 'amount',
  amount_usd: 'amount (USD)',
  date: 'date',
  note: 'note'
};

const FIELD_ZH_EXTRA: Record<string, string> = { registered_year: '注册年份' };

function column(field: string, table?: TableName) {
  const tables = table ? [TABLE_BY_NAME[table]] : TABLES;
  for (const t of tables) {
    const c = t?.columns.find((x) => x.name === field);
    if (c) return c;
  }
  return null;
}

/** A column of the data contract as people name it: output_10k -> 工业总产值 / output. */
export function fieldName(field: string, lang: Lang, table?: TableName): string {
  if (lang === 'en') return FIELD_EN[field] ?? field.replace(/_(10k|kwh|m3)$/, '').replaceAll('_', ' ');
  return column(field, table)?.aliases[0] ?? FIELD_ZH_EXTRA[field] ?? field;
}

const QUANTITY_UNIT: Record<string, { zh: string; en: string }> = {
  kwh: { zh: '千瓦时', en: 'kWh' },
  m3: { zh: '立方米', en: 'm³' }
};

/** The decimals the number is written with (at most 2, the contract's): 5000 -> "5,000", 5403.2 -> "5,403.2". */
const digitsOf = (v: number) => Math.min(2, (String(v).split('.')[1] ?? '').length);

/** A value of a contract column, exactly and in its unit: 5,000 万元 (¥50,000,000), 1,200 千瓦时, 是 / 否, 2024-03-31. */
export function fieldValue(field: string, value: string | number | null, lang: Lang, table?: TableName): string {
  if (value === null || value === undefined) return lang === 'zh' ? '空' : 'empty';
  const kind: ColumnKind | undefined = column(field, table)?.kind;
  const n = typeof value === 'number' ? value : Number(value);
  if (kind === 'flag') return n === 1 ? (lang === 'zh' ? '是' : 'yes') : lang === 'zh' ? '否' : 'no';
  if (typeof value === 'string' && Number.isNaN(n)) return value;
  switch (kind) {
    case 'money_10k':
      // exactly as the data holds it: 11,999.99 万元 must not read "1.20 亿元"
      return lang === 'zh' ? `${formatNumber(n, digitsOf(n))}\u00a0万元` : formatYuanExact(Math.round(n * 10_000), lang);
    case 'money_usd':
      return lang === 'zh' ? `${formatNumber(n, digitsOf(n))} 美元` : `US$${formatNumber(n, digitsOf(n))}`;
    case 'quantity': {
      const unit = QUANTITY_UNIT[field.slice(field.lastIndexOf('_') + 1)];
      return `${formatNumber(n, digitsOf(n))}${unit ? ` ${unit[lang]}` : ''}`;
    }
    case 'count':
    case 'number':
      return formatNumber(n, digitsOf(n));
    default:
      return String(value);
  }
}

const TABLE_OF_MEASURE: TableName = 'quarterly';
const yearText = (y: number, lang: Lang) => (lang === 'zh' ? `${y}年` : String(y));
const list = (xs: string[], lang: Lang) => xs.join(lang === 'zh' ? '、' : ', ');

/**
 * A metric of the package in words. `kindName` names coded values (certification kinds, claim items and
 * levels; the screens know them); by default the code is shown.
 */
export function describeMetric(pkg: Package, name: string, lang: Lang, kindName: (kind: string) => string = (k) => k): string {
  const m: Metric | undefined = pkg.metrics[name];
  if (!m) return name;
  const zh = lang === 'zh';
  const field = (f: string, table?: TableName) => fieldName(f, lang, table);
  switch (m.kind) {
    case 'quarter': {
      const text = zh ? `${formatPeriod(m.period, lang)}${field(m.measure, TABLE_OF_MEASURE)}` : `${field(m.measure, TABLE_OF_MEASURE)} in ${formatPeriod(m.period, lang)}`;
      return m.absentAsZero ? `${text}${zh ? '（无记录计为 0）' : ' (0 without a record)'}` : text;
    }
    case 'year':
      return zh ? `${yearText(m.year, lang)}全年${field(m.measure, TABLE_OF_MEASURE)}` : `${field(m.measure, TABLE_OF_MEASURE)} in ${m.year} (year total)`;
    case 'max_year_before':
      return zh ? `${yearText(m.year, lang)}以前各年${field(m.measure, TABLE_OF_MEASURE)}的最高值` : `highest yearly ${field(m.measure, TABLE_OF_MEASURE)} before ${m.year}`;
    case 'above_scale':
      return zh ? `${formatPeriod(m.period, lang)}是否规上` : `above-scale in ${formatPeriod(m.period, lang)}`;
    case 'above_scale_in_year':
      return zh ? `${yearText(m.year, lang)}是否规上` : `above-scale in ${m.year}`;
    case 'first_above_scale_year':
      return zh ? '首次规上的年份' : 'first year above-scale';
    case 'cert_first_year':
      return zh ? `首次获得“${list(m.kinds.map(kindName), lang)}”的年份` : `first year certified ${list(m.kinds.map(kindName), lang)}`;
    case 'cert_between': {
      const kinds = list(m.kinds.map(kindName), lang);
      if (m.from) return zh ? `${m.from} 至 ${m.to} 获得“${kinds}”` : `certified ${kinds} between ${m.from} and ${m.to}`;
      return zh ? `${m.to} 前（含）获得“${kinds}”` : `certified ${kinds} by ${m.to}`;
    }
    case 'spring_festival':
      return zh ? `${yearText(m.year, lang)}春节${field(m.field, 'spring_festival')}` : `${field(m.field, 'spring_festival')}, Spring Festival ${m.year}`;
    case 'firm':
      return field(m.field, 'enterprises');
    case 'industry_in':
      return zh ? `行业代码以 ${list(m.prefixes, lang)} 开头` : `industry code starting ${list(m.prefixes, lang)}`;
    case 'project_completed':
      return zh ? `${m.from} 至 ${m.to} 有竣工项目` : `a project completed between ${m.from} and ${m.to}`;
    case 'diff':
      return `${describeMetric(pkg, m.of[0], lang, kindName)} − ${describeMetric(pkg, m.of[1], lang, kindName)}`;
    default:
      return describeRecordMetric(m as unknown as Record<string, unknown>, lang, kindName) ?? name;
  }
}

/**
 * Metrics over the claims table (申报台账): the total of a field over the claims of one item, or the
 * number of such claims. Read loosely so the words need no change when that table gains kinds.
 */
function describeRecordMetric(m: Record<string, unknown>, lang: Lang, codeName: (code: string) => string): string | null {
  if (m.kind !== 'claims') return null;
  const zh = lang === 'zh';
  const item = [m.item, m.level].filter((x): x is string => typeof x === 'string').map(codeName).join(' · ');
  const when = m.from || m.to ? (zh ? `（${m.from ?? ''} 至 ${m.to ?? ''}）` : ` (${m.from ?? ''} to ${m.to ?? ''})`) : '';
  const perCounterparty = m.agg === 'max_per_counterparty';
  if (m.field === 'count') return zh ? `申报事项“${item}”的记录数${when}` : `number of “${item}” claims${when}`;
  const field = fieldName(String(m.field), lang, 'claims');
  if (perCounterparty) return zh ? `申报事项“${item}”对单一对象的${field}合计最高值${when}` : `largest ${field} of “${item}” claims with one counterparty${when}`;
  return zh ? `申报事项“${item}”的${field}合计${when}` : `total ${field} of “${item}” claims${when}`;
}

/** An award's quantity or base: a metric of the firm or a field of the project assessed. */
export function describeQuantity(pkg: Package, q: object, lang: Lang, kindName?: (kind: string) => string): string {
  const o = q as Record<string, string | undefined>;
  if (o.metric) return describeMetric(pkg, o.metric, lang, kindName);
  if (o.project) return lang === 'zh' ? `项目${fieldName(o.project, lang, 'projects')}` : `the project's ${fieldName(o.project, lang, 'projects')}`;
  if (o.claim) return lang === 'zh' ? `申报记录的${fieldName(o.claim, lang, 'claims')}` : `the claim's ${fieldName(o.claim, lang, 'claims')}`;
  return JSON.stringify(q);
}
