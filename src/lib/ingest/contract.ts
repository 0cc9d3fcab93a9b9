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
  | 'money_usd' // US dollars, >= 0, 2 decimals (cents)
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
  /**
   * The column saying who `firm_id` names: a firm (the value 'firm', or empty: a 统一社会信用代码, checked
   * as one) or another recipient such as a township or a department (named by its name, not checked).
   */
  recipientColumn?: string;
}

export type TableName = 'enterprises' | 'quarterly' | 'certifications' | 'spring_festival' | 'projects' | 'indicators' | 'claims';

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
  },
  {
    // 申报 / 台账 records a bureau keeps for clauses no operating table covers (trademarks, training
    // hours, OEM supply, fair costs, fund investment, statisticians, utilised FDI ...): one row per
    // record, what it is in `item`, its size in quantity / amount_10k / amount_usd (CLAIM_ITEMS says which).
    name: 'claims',
    title: { zh: '申报台账', en: 'Claims' },
    key: ['claim_id'],
    refersToFirms: true,
    recipientColumn: 'recipient_kind',
    fileHints: ['claim', '申报', '台账'],
    columns: [
      col('claim_id', 'text', true, '申报编号', '台账编号', '记录编号'),
      col('firm_id', 'firm_id', true, ...FIRM_ID_ALIASES, '申报单位', '受奖单位'),
      col('recipient_kind', 'text', false, '单位类型', '申报主体类型', '主体类型'),
      col('item', 'text', true, '事项', '申报事项', '奖补事项'),
      col('level', 'text', false, '级别', '等级'),
      col('counterparty', 'text', false, '对象', '主机厂', '展会', '基金', '配套企业', '合作单位'),
      col('quantity', 'count', false, '数量', '人数', '件数', '学时'),
      col('amount_10k', 'money_10k', false, '金额', '申报金额', '金额（万元）'),
      col('amount_usd', 'money_usd', false, '金额（美元）', '美元金额', '实际利用外资'),
      col('date', 'date', true, '日期', '发生日期', '申报日期'),
      col('note', 'text', false, '备注', '说明')
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
  money_usd: 'DECIMAL(18,2)',
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

/**
 * Indicator codes of the `indicators` table (region-level values no firm table gives: one row per code,
 * region (a district, or 全市 for the whole area) and quarter). Flows are that quarter's new amount;
 * rates are that quarter's level (0-1). Other codes load too (a bureau may keep more); the targets
 * (data/targets/*.yaml, `indicator(code)`) name these.
 */
export const INDICATOR_CODES = {
  '5g_stations_new': 'new 5G base stations built in the quarter (个)',
  matchmaking_events: '“四项对接” (产销、产融、产学研、用工) matchmaking events held in the quarter (次)',
  finance_matchmaking_events: 'bank / project financing matchmaking events in the quarter (场)',
  employment_matchmaking_events: 'city-level employment matchmaking events in the quarter (次)',
  financing_10k: 'financing raised for firms through the bureau\'s matchmaking in the quarter (万元)',
  problems_resolved_rate: 'share of firms\' reported problems resolved, as of the quarter (0-1)',
  tech_reform_investment_10k: 'tech-reform fixed-asset investment in the quarter (万元)',
  smart_workshops_new: 'smart workshops and factories newly recognised in the quarter (个)',
  smart_benchmark_firms: 'smart-manufacturing benchmark firms named in the quarter (家)',
  green_factories_new: 'municipal green factories newly recognised in the quarter (家)',
  major_projects_1bn: 'advanced-manufacturing projects of 10亿元 or more signed in the quarter (个)',
  research_institutes_municipal_new: 'municipal industrial research institutes founded in the quarter (家)',
  research_institutes_provincial_new: 'provincial industrial research institutes approved in the quarter (家)',
  land_unsupplied_disposed_mu: 'approved-but-unsupplied land disposed of in the quarter (亩)',
  land_idle_disposed_mu: 'idle land disposed of in the quarter (亩)',
  trade_above_limit_new: 'trade firms newly above the size limit (限上商贸) in the quarter (家)',
  services_above_scale_new: 'service firms newly above scale (规上服务业) in the quarter (家)'
} as const;

export type IndicatorCode = keyof typeof INDICATOR_CODES;

/** Indicator codes whose value is a level (a rate as of the quarter), not that quarter's new amount. */
export const LEVEL_INDICATORS: readonly string[] = ['problems_resolved_rate'];

/**
 * The items of the claims table the policies look for, and what each record holds. Unknown items are
 * loaded with a warning (a bureau may keep more ledgers). Amounts: amount_10k in 万元, amount_usd in US
 * dollars; quantity a whole number in the unit given here.
 */
export const CLAIM_ITEMS = {
  regional_trademark: 'one record per regional (geographic-indication or collective) trademark approved; level geographic or collective',
  brand_title: 'one record per brand title won; level national or provincial',
  ip_demonstration: 'one record per IP demonstration title; level national (or provincial)',
  ip_pledge_subsidy: 'one record per provincial IP pledge-financing subsidy received; amount_10k the subsidy',
  madrid_trademark: 'quantity = new Madrid trademark registrations',
  online_sales: 'one record per online seller and year, after its statistical filing; amount_10k = online sales of local industrial products',
  trade_fair: 'one record per firm and fair organised by the bureau; counterparty = the fair; amount_10k = booth + travel cost',
  oem_supply: 'counterparty = the OEM; amount_10k = supply output in the period of the record (records of one OEM add up)',
  anchor_supplier: 'firm_id = the anchor firm; counterparty = USCC of the supplier it attracted; date = when the supplier entered the statistics; amount_10k = the supplier\'s output that year',
  research_institute_sales: 'one record per institute-approved project; date = completion; amount_10k = product sales within 2 years; counterparty = the institute or university',
  order_class_graduate: 'quantity = order-class graduates employed for a year (one record per graduate, or per class); amount_10k = tuition to refund; level outstanding for the scholarship',
  training_hours: 'quantity = person class-hours of staff skills training (persons x hours); counterparty = the school',
  skill_certificate: 'quantity = staff who obtained the certificate; level junior, middle or senior',
  fund_investment: 'counterparty = the fund; amount_10k = amount invested',
  idle_asset_revival: 'one record per firm revived from idle industrial assets (the idle-asset ledger); date = revival',
  statistician_months: 'quantity = statistician person-months; level new (newly reporting firm) or existing',
  fdi_usd: 'recipient a township or department; amount_usd = utilised foreign direct investment',
  tech_transfer_contract: 'one record per technology contract; amount_10k = contract value; counterparty = the other party',
  job_fair: 'one record per recruitment or school-enterprise matchmaking event hosted; firm_id = the host (a firm, or a school as recipient_kind institution); amount_10k = the event\'s costs',
  heat_supply: 'one record per heat supplier and heating season: date = the day it reached the restart standard (复工复产); level continuous when invoices and meter readings show supply without interruption through the quarter, interrupted otherwise',
  talent_award: 'one record per person named 优秀工业企业家 (level entrepreneur) or 工业杰出研发人才 (level researcher) in the yearly selection; firm_id = the person\'s firm; note = the person'
} as const;

export type ClaimItem = keyof typeof CLAIM_ITEMS;

/** Levels the claims table knows (others are loaded with a warning). */
export const CLAIM_LEVELS = ['national', 'provincial', 'municipal', 'junior', 'middle', 'senior', 'new', 'existing', 'outstanding', 'geographic', 'collective', 'entrepreneur', 'researcher', 'continuous', 'interrupted'] as const;

/** Who a claim pays: a firm (firm_id a 统一社会信用代码) or a township / department (firm_id its name). */
export const RECIPIENT_KINDS = ['firm', 'township', 'department', 'institution'] as const;

/** SQL that creates every canonical table empty (an absent optional file is an empty table). */
export function createTableSql(spec: TableSpec, extraColumns: string[] = []): string {
  const cols = spec.columns.map((c) => `"${c.name}" ${SQL_TYPE[c.kind]}`);
  for (const extra of extraColumns) cols.push(`"${extra.replaceAll('"', '""')}" VARCHAR`);
  return `CREATE OR REPLACE TABLE "${spec.name}" (${cols.join(', ')})`;
}
