/**
 * The data contract (DESIGN.md section 2): canonical tables, their typed columns and the header names
 * users' files may carry (English canonical name, Chinese names as bureaus write them).
 * Money is 万元 DECIMAL(18,2); periods are 'YYYYQn' text; dates are DATE; firm ids are VARCHAR.
 */

export type ColumnKind =
  | 'firm_id' // 统一社会信用代码, 18 chars, GB 32100-2015 checksum
  | 'text'
  | 'industry_code' // GB/T 4754-2017, 4 digits
  | 'date'
  | 'flag' // 0/1
  | 'period' // YYYYQn
  | 'money_10k' // 万元, >= 0, 2 decimals
  | 'quantity' // kWh, m3: >= 0, 2 decimals
  | 'count' // integer >= 0
  | 'year'
  | 'number'; // any decimal (indicator values)

export interface ColumnSpec {
  name: string;
  kind: ColumnKind;
  required: boolean;
  /** Header names accepted for this column besides `name` (compared after trimming, case-insensitive). */
  aliases: string[];
}

export interface TableSpec {
  name: TableName;
  title: { zh: string; en: string };
  columns: ColumnSpec[];
  /** Columns whose combination must be unique (duplicates are errors). */
  key: string[];
  /** Whether rows refer to enterprises.firm_id. */
  refersToFirms: boolean;
  /** Words in a file or sheet name that say which table it holds. */
  fileHints: string[];
}

export type TableName = 'enterprises' | 'quarterly' | 'certifications' | 'spring_festival' | 'projects' | 'indicators';

const col = (name: string, kind: ColumnKind, required: boolean, ...aliases: string[]): ColumnSpec => ({ name, kind, required, aliases });

const FIRM_ID_ALIASES = ['统一社会信用代码', '信用代码', '社会信用代码', 'uscc', '企业代码'];

export const TABLES: TableSpec[] = [
  {
    name: 'enterprises',
    title: { zh: '企业名录', en: 'Enterprises' },
    key: ['firm_id'],
    refersToFirms: false,
    fileHints: ['enterprise', 'firms', '企业名录', '企业信息', '名录'],
    columns: [
      col('firm_id', 'firm_id', true, ...FIRM_ID_ALIASES),
      col('name', 'text', true, '企业名称', '单位名称', '名称'),
      col('district', 'text', true, '区县', '县（市）区', '县(市)区', '所属区县', '属地'),
      col('industry_code', 'industry_code', true, '行业代码', '国民经济行业代码', '行业小类代码'),
      col('registered_on', 'date', false, '注册日期', '成立日期'),
      col('is_manufacturing', 'flag', false, '是否制造业', '制造业'),
      col('dishonest_debtor', 'flag', false, '失信被执行人', '是否失信被执行人'),
      col('major_accident_3y', 'flag', false, '近三年重大事故', '近3年重大事故', '三年内重大事故')
    ]
  },
  {
    name: 'quarterly',
    title: { zh: '季度运行数据', en: 'Quarterly operations' },
    key: ['firm_id', 'period'],
    refersToFirms: true,
    fileHints: ['quarter', '季度', '运行'],
    columns: [
      col('firm_id', 'firm_id', true, ...FIRM_ID_ALIASES),
      col('period', 'period', true, '期别', '季度', '报告期'),
      col('output_10k', 'money_10k', true, '工业总产值', '工业总产值（万元）', '工业总产值(万元)', '产值'),
      col('sales_10k', 'money_10k', false, '销售收入', '销售收入（万元）', '销售收入(万元)', '开票销售额', '销售额'),
      col('electricity_kwh', 'quantity', false, '工业用电', '工业用电量', '工业用电（千瓦时）', '工业用电(千瓦时)', '用电量'),
      col('gas_m3', 'quantity', false, '天然气', '天然气用量', '天然气（立方米）', '天然气(立方米)', '用气量'),
      col('employees', 'count', false, '从业人员', '从业人员数', '从业人员（人）', '从业人员(人)'),
      col('above_scale', 'flag', true, '规上', '是否规上', '规模以上')
    ]
  },
  {
    name: 'certifications',
    title: { zh: '资质认定', en: 'Certifications' },
    key: ['firm_id', 'kind', 'granted_on'],
    refersToFirms: true,
    fileHints: ['certification', '认定', '资质', '称号'],
    columns: [
      col('firm_id', 'firm_id', true, ...FIRM_ID_ALIASES),
      col('kind', 'text', true, '类别', '认定类别', '资质类别'),
      col('granted_on', 'date', true, '认定日期', '获批日期')
    ]
  },
  {
    name: 'spring_festival',
    title: { zh: '春节连续生产', en: 'Spring Festival production' },
    key: ['firm_id', 'year'],
    refersToFirms: true,
    fileHints: ['spring', '春节'],
    columns: [
      col('firm_id', 'firm_id', true, ...FIRM_ID_ALIASES),
      col('year', 'year', true, '年份', '年度'),
      col('continuous_days', 'count', true, '连续生产天数'),
      col('overtime_staff', 'count', true, '加班人数'),
      col('total_staff', 'count', true, '总员工人数', '员工总数'),
      col('out_of_province_staff', 'count', false, '省外户籍员工', '省外户籍员工数')
    ]
  },
  {
    name: 'projects',
    title: { zh: '项目', en: 'Projects' },
    key: ['firm_id', 'project_id'],
    refersToFirms: true,
    fileHints: ['project', '项目'],
    columns: [
      col('firm_id', 'firm_id', true, ...FIRM_ID_ALIASES),
      col('project_id', 'text', true, '项目编号'),
      col('kind', 'text', true, '项目类别', '类别'),
      col('year', 'year', true, '年份', '年度'),
      col('fixed_asset_10k', 'money_10k', false, '新增固定资产投资', '固定资产投资', '固定资产投资（万元）'),
      col('equipment_10k', 'money_10k', false, '设备投资', '设备投资（万元）'),
      col('approved_spend_10k', 'money_10k', false, '核定改造投入', '核定投入', '核定改造投入（万元）'),
      col('completed_on', 'date', false, '竣工日期', '投产日期')
    ]
  },
  {
    name: 'indicators',
    title: { zh: '区域指标', en: 'Region indicators' },
    key: ['indicator', 'region', 'period'],
    refersToFirms: false,
    fileHints: ['indicator', '指标'],
    columns: [
      col('indicator', 'text', true, '指标'),
      col('region', 'text', true, '地区', '区域'),
      col('period', 'period', true, '期别', '季度'),
      col('value', 'number', true, '数值', '值')
    ]
  }
];

export const TABLE_BY_NAME = Object.fromEntries(TABLES.map((t) => [t.name, t])) as Record<TableName, TableSpec>;

/** DuckDB type of each column kind. */
export const SQL_TYPE: Record<ColumnKind, string> = {
  firm_id: 'VARCHAR',
  text: 'VARCHAR',
  industry_code: 'VARCHAR',
  date: 'DATE',
  flag: 'TINYINT',
  period: 'VARCHAR',
  money_10k: 'DECIMAL(18,2)',
  quantity: 'DECIMAL(18,2)',
  count: 'INTEGER',
  year: 'INTEGER',
  number: 'DECIMAL(18,4)'
};

/** Certification kinds the policies look for (more may be added by users' files). */
export const CERTIFICATION_KINDS = [
  'specialized_municipal',
  'specialized_provincial',
  'specialized_national',
  'champion_enterprise',
  'champion_product',
  'high_tech',
  'strategic_emerging',
  'title_provincial',
  'title_national',
  'cultivation_library', // 小升规培育库 (jiangle-2024q1 item 5)
  'listing_ipo', // 境内外首发上市 (granted_on = listing date)
  'listing_neeq', // 新三板挂牌
  'listing_regional' // 区域性股权市场挂牌 (吉林股权交易所, 中原股权交易中心 ...)
] as const;

/** SQL that creates every canonical table empty (an absent optional file is an empty table). */
export function createTableSql(spec: TableSpec, extraColumns: string[] = []): string {
  const cols = spec.columns.map((c) => `"${c.name}" ${SQL_TYPE[c.kind]}`);
  for (const extra of extraColumns) cols.push(`"${extra.replaceAll('"', '""')}" VARCHAR`);
  return `CREATE OR REPLACE TABLE "${spec.name}" (${cols.join(', ')})`;
}
