/**
 * Chinese names bureaus write for the coded values of a few text columns (certification and project
 * kinds), mapped to the codes the policies look for. Compared after removing spaces and quotes.
 */
import { CERTIFICATION_KINDS, type TableName } from './contract.ts';
import { literal } from '../db/types.ts';

export interface ValueAliases {
  codes: Record<string, string[]>;
  /** For a closed list, the codes it knows: any other value gets a warning (`unknown_kind`). */
  known: readonly string[] | null;
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

const BY_COLUMN: Partial<Record<TableName, Record<string, ValueAliases>>> = {
  certifications: { kind: CERTIFICATIONS },
  projects: { kind: PROJECTS }
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
