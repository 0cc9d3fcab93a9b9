/**
 * Chinese names bureaus write for the coded values of a few text columns (certification and project
 * kinds), mapped to the codes the policies look for. Compared after removing spaces and quotes.
 */
import { CERTIFICATION_KINDS, CLAIM_ITEMS, CLAIM_LEVELS, RECIPIENT_KINDS, type TableName } from './contract.ts';
import { literal } from '../db/types.ts';

export interface ValueAliases {
  codes: Record<string, string[]>;
  /** For a closed list, the codes it knows: any other value gets a warning (`unknown_kind`). */
  known: readonly string[] | null;
  /** Any other value is an error (`bad_choice`), not a warning: the value decides how the row is read. */
  strict?: boolean;
}

const CERTIFICATIONS: ValueAliases = {
  known: CERTIFICATION_KINDS,
  codes: {
    specialized_municipal: ['市级专精特新', '市级专精特新中小企业', '市级专精特新企业'],
    specialized_provincial: ['省级专精特新', '省级专精特新中小企业', '省级专精特新企业', '专精特新中小企业'],
    specialized_national: ['专精特新小巨人', '专精特新小巨人企业', '国家级专精特新小巨人', '国家级专精特新小巨人企业', '小巨人'],
    champion_enterprise: ['单项冠军企业', '单项冠军示范企业', '制造业单项冠军企业', '制造业单项冠军示范企业'],
    champion_product: ['单项冠军产品', '制造业单项冠军产品'],
    high_tech: ['高新技术企业', '国家高新技术企业', '高企'],
    strategic_emerging: ['战略性新兴产业企业', '战略性新兴产业', '战新企业'],
    cultivation_library: ['小升规培育库', '小升规培育企业', '小升规重点培育企业', '升规培育库'],
    listing_ipo: ['上市企业', '上市公司', '首发上市', '境内外首发上市', '境内外上市'],
    listing_neeq: ['新三板', '新三板挂牌', '新三板挂牌企业'],
    listing_regional: ['区域性股权市场挂牌', '区域性股权市场', '区域股权市场挂牌', '四板挂牌']
  }
};

const PROJECTS: ValueAliases = {
  known: null,
  codes: {
    tech_reform: ['技术改造', '技改', '技术改造项目', '技改项目'],
    digital: ['数字化转型', '数字化改造', '智改数转', '智能化改造', '数字化转型项目', '智能化改造项目']
  }
};

const CLAIM_ITEM_NAMES: ValueAliases = {
  known: Object.keys(CLAIM_ITEMS),
  codes: {
    regional_trademark: ['区域商标', '地理标志商标', '集体商标'],
    brand_title: ['知名品牌', '品牌称号', '知名品牌称号'],
    ip_demonstration: ['知识产权示范企业', '国家知识产权示范企业'],
    ip_pledge_subsidy: ['知识产权质押融资补助', '质押融资补助'],
    madrid_trademark: ['马德里商标', '马德里商标注册', '马德里国际商标注册'],
    online_sales: ['线上销售', '网络销售', '电商销售', '线上经营主体'],
    trade_fair: ['展会', '参展', '展会补贴', '展会费用'],
    oem_supply: ['主机厂配套', '配套产值', '主机厂配套产值'],
    anchor_supplier: ['产业链招商', '招引配套企业', '配套企业升规'],
    research_institute_sales: ['研究院成果转化', '成果转化', '成果转化销售收入'],
    order_class_graduate: ['订单班', '订单班毕业生'],
    training_hours: ['技能培训', '技能提升培训', '职工技能培训', '培训学时'],
    skill_certificate: ['职业技能等级证书', '职业资格证书', '技能证书'],
    fund_investment: ['基金投资', '产业投资基金投资'],
    idle_asset_revival: ['盘活闲置资产', '闲置资产盘活'],
    statistician_months: ['统计人员', '统计员'],
    fdi_usd: ['实际利用外资', '利用外资', '外资'],
    tech_transfer_contract: ['技术合同', '技术合同成交额', '技术转移'],
    job_fair: ['招聘会', '校企对接会', '人才对接活动'],
    heat_supply: ['供热', '供汽', '稳用热'],
    talent_award: ['优秀工业企业家', '工业杰出研发人才', '人才评选']
  }
};

const CLAIM_LEVEL_NAMES: ValueAliases = {
  known: CLAIM_LEVELS,
  codes: {
    national: ['国家级', '国家'],
    provincial: ['省级', '省'],
    municipal: ['市级', '市'],
    junior: ['初级', '初级工'],
    middle: ['中级', '中级工'],
    senior: ['高级', '高级工'],
    new: ['新入库', '新入统', '新企业'],
    existing: ['在库', '老企业', '在库企业'],
    outstanding: ['特别优秀', '优秀'],
    geographic: ['地理标志', '地理标志商标'],
    collective: ['集体', '集体商标'],
    entrepreneur: ['企业家', '优秀工业企业家'],
    researcher: ['研发人才', '工业杰出研发人才'],
    continuous: ['持续供汽', '连续'],
    interrupted: ['中断', '未持续']
  }
};

const RECIPIENTS: ValueAliases = {
  known: RECIPIENT_KINDS,
  strict: true,
  codes: {
    firm: ['企业', '公司'],
    township: ['乡镇', '乡（镇）', '乡(镇)', '镇', '乡', '街道'],
    department: ['部门', '单位', '县直部门', '县直单位'],
    institution: ['院校', '学校', '高校', '科研院所', '事业单位']
  }
};

const BY_COLUMN: Partial<Record<TableName, Record<string, ValueAliases>>> = {
  certifications: { kind: CERTIFICATIONS },
  projects: { kind: PROJECTS },
  claims: { item: CLAIM_ITEM_NAMES, level: CLAIM_LEVEL_NAMES, recipient_kind: RECIPIENTS }
};

export function valueAliases(table: TableName, column: string): ValueAliases | null {
  return BY_COLUMN[table]?.[column] ?? null;
}

/** SQL: the code for text `s` (a code itself, in any case, or an alias), else `s` unchanged. */
export function aliasSql(aliases: ValueAliases, s: string): string {
  const key = `regexp_replace(lower(${s}), '[\\s"“”「」『』'']', '', 'g')`;
  const arms = Object.entries(aliases.codes).map(
    ([code, names]) => `WHEN ${key} IN (${[code, ...names].map(literal).join(', ')}) THEN ${literal(code)}`
  );
  return `CASE ${arms.join(' ')} ELSE ${s} END`;
}
