/**
 * GB/T 4754-2017 (国民经济行业分类) two-digit divisions (大类), with their sections (门类), in Chinese and
 * English. The data carries four-digit classes (industry_code); screens group by the first two digits.
 * `short` is a compact label for chart axes where the full name does not fit (industrial divisions only).
 */
import type { Lang } from './numbers.ts';

export interface IndustryDivision {
  code: string;
  section: string;
  zh: string;
  en: string;
  short?: { zh: string; en: string };
}

type Entry = [code: string, zh: string, en: string, shortZh?: string, shortEn?: string];

const SECTIONS: { section: string; zh: string; en: string; divisions: Entry[] }[] = [
  {
    section: 'A',
    zh: '农、林、牧、渔业',
    en: 'Agriculture, forestry, animal husbandry and fishery',
    divisions: [
      ['01', '农业', 'Agriculture'],
      ['02', '林业', 'Forestry'],
      ['03', '畜牧业', 'Animal husbandry'],
      ['04', '渔业', 'Fishery'],
      ['05', '农、林、牧、渔专业及辅助性活动', 'Support activities for agriculture, forestry, animal husbandry and fishery']
    ]
  },
  {
    section: 'B',
    zh: '采矿业',
    en: 'Mining',
    divisions: [
      ['06', '煤炭开采和洗选业', 'Mining and washing of coal', '煤炭开采洗选', 'Coal mining'],
      ['07', '石油和天然气开采业', 'Extraction of petroleum and natural gas', '油气开采', 'Oil and gas extraction'],
      ['08', '黑色金属矿采选业', 'Mining and processing of ferrous metal ores', '黑色金属矿采选', 'Ferrous ore mining'],
      ['09', '有色金属矿采选业', 'Mining and processing of non-ferrous metal ores', '有色金属矿采选', 'Non-ferrous ore mining'],
      ['10', '非金属矿采选业', 'Mining and processing of non-metal ores', '非金属矿采选', 'Non-metal ore mining'],
      ['11', '开采专业及辅助性活动', 'Support activities for mining', '开采辅助活动', 'Mining support'],
      ['12', '其他采矿业', 'Other mining', '其他采矿', 'Other mining']
    ]
  },
  {
    section: 'C',
    zh: '制造业',
    en: 'Manufacturing',
    divisions: [
      ['13', '农副食品加工业', 'Processing of food from agricultural products', '农副食品加工', 'Agri-food processing'],
      ['14', '食品制造业', 'Manufacture of foods', '食品制造', 'Food'],
      ['15', '酒、饮料和精制茶制造业', 'Manufacture of liquor, beverages and refined tea', '酒饮料精制茶', 'Liquor, beverages, tea'],
      ['16', '烟草制品业', 'Manufacture of tobacco', '烟草制品', 'Tobacco'],
      ['17', '纺织业', 'Manufacture of textiles', '纺织', 'Textiles'],
      ['18', '纺织服装、服饰业', 'Manufacture of textile wearing apparel and accessories', '纺织服装服饰', 'Apparel'],
      ['19', '皮革、毛皮、羽毛及其制品和制鞋业', 'Manufacture of leather, fur, feather and related products, and footwear', '皮革毛皮制鞋', 'Leather and footwear'],
      ['20', '木材加工和木、竹、藤、棕、草制品业', 'Processing of timber and manufacture of wood, bamboo, rattan, palm and straw products', '木材加工', 'Wood products'],
      ['21', '家具制造业', 'Manufacture of furniture', '家具制造', 'Furniture'],
      ['22', '造纸和纸制品业', 'Manufacture of paper and paper products', '造纸和纸制品', 'Paper'],
      ['23', '印刷和记录媒介复制业', 'Printing and reproduction of recording media', '印刷', 'Printing'],
      ['24', '文教、工美、体育和娱乐用品制造业', 'Manufacture of articles for culture, education, arts and crafts, sport and entertainment', '文教工美体娱用品', 'Culture, sport, toys'],
      ['25', '石油、煤炭及其他燃料加工业', 'Processing of petroleum, coal and other fuels', '石油煤炭燃料加工', 'Petroleum and coal processing'],
      ['26', '化学原料和化学制品制造业', 'Manufacture of chemical raw materials and chemical products', '化学原料和制品', 'Chemicals'],
      ['27', '医药制造业', 'Manufacture of medicines', '医药制造', 'Pharmaceuticals'],
      ['28', '化学纤维制造业', 'Manufacture of chemical fibres', '化学纤维', 'Chemical fibres'],
      ['29', '橡胶和塑料制品业', 'Manufacture of rubber and plastics products', '橡胶和塑料制品', 'Rubber and plastics'],
      ['30', '非金属矿物制品业', 'Manufacture of non-metallic mineral products', '非金属矿物制品', 'Non-metallic minerals'],
      ['31', '黑色金属冶炼和压延加工业', 'Smelting and pressing of ferrous metals', '黑色金属冶炼压延', 'Ferrous metals'],
      ['32', '有色金属冶炼和压延加工业', 'Smelting and pressing of non-ferrous metals', '有色金属冶炼压延', 'Non-ferrous metals'],
      ['33', '金属制品业', 'Manufacture of metal products', '金属制品', 'Metal products'],
      ['34', '通用设备制造业', 'Manufacture of general-purpose machinery', '通用设备', 'General machinery'],
      ['35', '专用设备制造业', 'Manufacture of special-purpose machinery', '专用设备', 'Special machinery'],
      ['36', '汽车制造业', 'Automobile manufacturing', '汽车制造', 'Automobiles'],
      ['37', '铁路、船舶、航空航天和其他运输设备制造业', 'Manufacture of railway, ship, aerospace and other transport equipment', '铁路船舶航空航天', 'Rail, ships, aerospace'],
      ['38', '电气机械和器材制造业', 'Manufacture of electrical machinery and apparatus', '电气机械和器材', 'Electrical machinery'],
      ['39', '计算机、通信和其他电子设备制造业', 'Manufacture of computers, communication and other electronic equipment', '计算机通信电子', 'Computers and electronics'],
      ['40', '仪器仪表制造业', 'Manufacture of measuring instruments and meters', '仪器仪表', 'Instruments'],
      ['41', '其他制造业', 'Other manufacturing', '其他制造', 'Other manufacturing'],
      ['42', '废弃资源综合利用业', 'Utilisation of waste resources', '废弃资源利用', 'Waste recycling'],
      ['43', '金属制品、机械和设备修理业', 'Repair of metal products, machinery and equipment', '金属制品设备修理', 'Machinery repair']
    ]
  },
  {
    section: 'D',
    zh: '电力、热力、燃气及水生产和供应业',
    en: 'Production and supply of electricity, heat, gas and water',
    divisions: [
      ['44', '电力、热力生产和供应业', 'Production and supply of electric power and heat power', '电力热力', 'Power and heat'],
      ['45', '燃气生产和供应业', 'Production and supply of gas', '燃气', 'Gas supply'],
      ['46', '水的生产和供应业', 'Production and supply of water', '水的生产供应', 'Water supply']
    ]
  },
  {
    section: 'E',
    zh: '建筑业',
    en: 'Construction',
    divisions: [
      ['47', '房屋建筑业', 'Construction of buildings'],
      ['48', '土木工程建筑业', 'Civil engineering'],
      ['49', '建筑安装业', 'Construction installation'],
      ['50', '建筑装饰、装修和其他建筑业', 'Building decoration, renovation and other construction']
    ]
  },
  {
    section: 'F',
    zh: '批发和零售业',
    en: 'Wholesale and retail trade',
    divisions: [
      ['51', '批发业', 'Wholesale trade'],
      ['52', '零售业', 'Retail trade']
    ]
  },
  {
    section: 'G',
    zh: '交通运输、仓储和邮政业',
    en: 'Transport, storage and postal services',
    divisions: [
      ['53', '铁路运输业', 'Rail transport'],
      ['54', '道路运输业', 'Road transport'],
      ['55', '水上运输业', 'Water transport'],
      ['56', '航空运输业', 'Air transport'],
      ['57', '管道运输业', 'Pipeline transport'],
      ['58', '多式联运和运输代理业', 'Multimodal transport and transport agency'],
      ['59', '装卸搬运和仓储业', 'Loading, unloading and storage'],
      ['60', '邮政业', 'Postal services']
    ]
  },
  {
    section: 'H',
    zh: '住宿和餐饮业',
    en: 'Accommodation and catering',
    divisions: [
      ['61', '住宿业', 'Accommodation'],
      ['62', '餐饮业', 'Catering']
    ]
  },
  {
    section: 'I',
    zh: '信息传输、软件和信息技术服务业',
    en: 'Information transmission, software and information technology services',
    divisions: [
      ['63', '电信、广播电视和卫星传输服务', 'Telecommunication, broadcasting and satellite transmission services'],
      ['64', '互联网和相关服务', 'Internet and related services'],
      ['65', '软件和信息技术服务业', 'Software and information technology services']
    ]
  },
  {
    section: 'J',
    zh: '金融业',
    en: 'Finance',
    divisions: [
      ['66', '货币金融服务', 'Monetary and financial services'],
      ['67', '资本市场服务', 'Capital market services'],
      ['68', '保险业', 'Insurance'],
      ['69', '其他金融业', 'Other financial activities']
    ]
  },
  { section: 'K', zh: '房地产业', en: 'Real estate', divisions: [['70', '房地产业', 'Real estate']] },
  {
    section: 'L',
    zh: '租赁和商务服务业',
    en: 'Leasing and business services',
    divisions: [
      ['71', '租赁业', 'Leasing'],
      ['72', '商务服务业', 'Business services']
    ]
  },
  {
    section: 'M',
    zh: '科学研究和技术服务业',
    en: 'Scientific research and technical services',
    divisions: [
      ['73', '研究和试验发展', 'Research and experimental development'],
      ['74', '专业技术服务业', 'Professional technical services'],
      ['75', '科技推广和应用服务业', 'Technology promotion and application services']
    ]
  },
  {
    section: 'N',
    zh: '水利、环境和公共设施管理业',
    en: 'Water conservancy, environment and public facilities management',
    divisions: [
      ['76', '水利管理业', 'Water conservancy management'],
      ['77', '生态保护和环境治理业', 'Ecological protection and environmental governance'],
      ['78', '公共设施管理业', 'Public facilities management'],
      ['79', '土地管理业', 'Land management']
    ]
  },
  {
    section: 'O',
    zh: '居民服务、修理和其他服务业',
    en: 'Resident services, repair and other services',
    divisions: [
      ['80', '居民服务业', 'Resident services'],
      ['81', '机动车、电子产品和日用产品修理业', 'Repair of motor vehicles, electronic and household products'],
      ['82', '其他服务业', 'Other services']
    ]
  },
  { section: 'P', zh: '教育', en: 'Education', divisions: [['83', '教育', 'Education']] },
  {
    section: 'Q',
    zh: '卫生和社会工作',
    en: 'Health and social work',
    divisions: [
      ['84', '卫生', 'Health'],
      ['85', '社会工作', 'Social work']
    ]
  },
  {
    section: 'R',
    zh: '文化、体育和娱乐业',
    en: 'Culture, sports and entertainment',
    divisions: [
      ['86', '新闻和出版业', 'News and publishing'],
      ['87', '广播、电视、电影和录音制作业', 'Radio, television, film and sound recording production'],
      ['88', '文化艺术业', 'Culture and arts'],
      ['89', '体育', 'Sports'],
      ['90', '娱乐业', 'Entertainment']
    ]
  },
  {
    section: 'S',
    zh: '公共管理、社会保障和社会组织',
    en: 'Public administration, social security and social organisations',
    divisions: [
      ['91', '中国共产党机关', 'Organs of the Communist Party of China'],
      ['92', '国家机构', 'State organs'],
      ['93', '人民政协、民主党派', 'CPPCC and democratic parties'],
      ['94', '社会保障', 'Social security'],
      ['95', '群众团体、社会团体和其他成员组织', 'Mass organisations, social organisations and other membership organisations'],
      ['96', '基层群众自治组织及其他组织', 'Grass-roots self-governing organisations and others']
    ]
  },
  { section: 'T', zh: '国际组织', en: 'International organisations', divisions: [['97', '国际组织', 'International organisations']] }
];

export const INDUSTRY_SECTIONS = SECTIONS.map(({ section, zh, en }) => ({ section, zh, en }));

export const INDUSTRY_DIVISIONS: IndustryDivision[] = SECTIONS.flatMap((s) =>
  s.divisions.map(([code, zh, en, shortZh, shortEn]) => ({
    code,
    section: s.section,
    zh,
    en,
    ...(shortZh && shortEn ? { short: { zh: shortZh, en: shortEn } } : {})
  }))
);

const BY_CODE = new Map(INDUSTRY_DIVISIONS.map((d) => [d.code, d]));

/** The division of a two-digit code, or of a four-digit class code (its first two digits). */
export function industryDivision(code: string | null | undefined): IndustryDivision | null {
  if (!code) return null;
  return BY_CODE.get(code.trim().slice(0, 2)) ?? null;
}

/**
 * "36 汽车制造业" / "36 Automobile manufacturing"; `short` gives "汽车制造" / "Automobiles" where defined.
 * An unknown code reads as itself with a note, a missing one as "未填行业" / "No industry".
 */
export function industryDivisionName(code: string | null | undefined, lang: Lang, opts: { short?: boolean; withCode?: boolean } = {}): string {
  const { short = false, withCode = true } = opts;
  if (!code) return lang === 'zh' ? '未填行业' : 'No industry';
  const d = industryDivision(code);
  const two = code.trim().slice(0, 2);
  if (!d) return lang === 'zh' ? `${two}（未知行业大类）` : `${two} (unknown division)`;
  const name = short && d.short ? d.short[lang] : d[lang];
  return withCode ? `${d.code} ${name}` : name;
}
