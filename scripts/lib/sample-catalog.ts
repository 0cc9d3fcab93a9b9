/**
 * The fictional prefecture city 示例市: its districts, its industry mix (GB/T 4754-2017 four-digit
 * classes) and the words its firm names are made of. Numbers are plausible, not statistics.
 */

export interface District {
  name: string;
  /** Six-digit administrative code used in the firm's 统一社会信用代码 (positions 3-8). */
  regionCode: string;
  weight: number;
  kind: 'urban' | 'zone' | 'county';
}

export const CITY = '示例市';

export const DISTRICTS: District[] = [
  { name: '东城区', regionCode: '220102', weight: 10, kind: 'urban' },
  { name: '西城区', regionCode: '220103', weight: 9, kind: 'urban' },
  { name: '南湖区', regionCode: '220104', weight: 10, kind: 'urban' },
  { name: '北山区', regionCode: '220105', weight: 11, kind: 'urban' },
  { name: '高新区', regionCode: '220171', weight: 19, kind: 'zone' },
  { name: '经开区', regionCode: '220172', weight: 22, kind: 'zone' },
  { name: '清河县', regionCode: '220122', weight: 10, kind: 'county' },
  { name: '青山县', regionCode: '220123', weight: 9, kind: 'county' }
];

/** Quarterly output shape (Q1..Q4, mean 1): Q1 dips for the Spring Festival. */
export type Season = readonly [number, number, number, number];
const SEASON_DEFAULT: Season = [0.9, 1.0, 1.0, 1.1];
const SEASON_BUILDING: Season = [0.55, 1.15, 1.25, 1.05]; // northern winters stop construction
const SEASON_HARVEST: Season = [1.0, 0.9, 0.85, 1.25]; // grain and livestock processing after harvest
const SEASON_HEATING: Season = [1.55, 0.25, 0.25, 1.95]; // heating season Oct-Apr

export type Group = 'food' | 'light' | 'chemical' | 'pharma' | 'building' | 'metal' | 'machinery' | 'auto' | 'rail' | 'electronics' | 'energy' | 'water' | 'mining';

export interface Industry {
  code: string;
  title: string;
  /** Relative share of firms (the list sums to about 67). */
  weight: number;
  group: Group;
  words: readonly string[];
  manufacturing: boolean;
  /** One of changchun-2024q1 clause 5's four sectors (auto parts, rail, electronics, TCM / bio-pharma). */
  digitalSector: boolean;
  season: Season;
  /** Electricity per 万元 of output, kWh. */
  kwhPer10k: number;
  /** Probability the firm uses natural gas, and m3 per 万元 of output when it does. */
  gasShare: number;
  gasPer10k: number;
}

const GROUP_ENERGY: Record<Group, { kwh: number; gasShare: number; gas: number; season: Season }> = {
  food: { kwh: 220, gasShare: 0.55, gas: 30, season: SEASON_HARVEST },
  light: { kwh: 260, gasShare: 0.3, gas: 12, season: SEASON_DEFAULT },
  chemical: { kwh: 650, gasShare: 0.6, gas: 45, season: SEASON_DEFAULT },
  pharma: { kwh: 180, gasShare: 0.5, gas: 15, season: SEASON_DEFAULT },
  building: { kwh: 1100, gasShare: 0.6, gas: 120, season: SEASON_BUILDING },
  metal: { kwh: 900, gasShare: 0.5, gas: 40, season: SEASON_DEFAULT },
  machinery: { kwh: 160, gasShare: 0.3, gas: 6, season: SEASON_DEFAULT },
  auto: { kwh: 190, gasShare: 0.35, gas: 8, season: SEASON_DEFAULT },
  rail: { kwh: 170, gasShare: 0.3, gas: 6, season: SEASON_DEFAULT },
  electronics: { kwh: 230, gasShare: 0.25, gas: 3, season: SEASON_DEFAULT },
  energy: { kwh: 320, gasShare: 0.6, gas: 220, season: SEASON_DEFAULT },
  water: { kwh: 1500, gasShare: 0.1, gas: 2, season: SEASON_DEFAULT },
  mining: { kwh: 500, gasShare: 0.1, gas: 5, season: SEASON_BUILDING }
};

type Row = [code: string, title: string, weight: number, group: Group, words: string[], flags?: { digital?: boolean; nonManufacturing?: boolean; season?: Season; gasShare?: number; gas?: number }];

const ROWS: Row[] = [
  // changchun-2024q1 clause 5's four sectors: about 17% of the weight
  ['3670', '汽车零部件及配件制造', 5.0, 'auto', ['汽车零部件', '汽车配件', '汽车部件', '汽车饰件', '汽车电子'], { digital: true }],
  ['3714', '高铁设备、配件制造', 0.6, 'rail', ['轨道交通装备', '高铁配件'], { digital: true }],
  ['3715', '铁路机车车辆配件制造', 0.5, 'rail', ['机车车辆配件', '轨道车辆部件'], { digital: true }],
  ['3716', '铁路专用设备及器材、配件制造', 0.3, 'rail', ['铁路器材', '轨道设备'], { digital: true }],
  ['3720', '城市轨道交通设备制造', 0.4, 'rail', ['轨道交通设备', '城轨装备'], { digital: true }],
  ['3973', '集成电路制造', 0.3, 'electronics', ['半导体', '微电子'], { digital: true }],
  ['3976', '光电子器件制造', 0.4, 'electronics', ['光电子', '光电科技'], { digital: true }],
  ['3979', '其他电子器件制造', 0.3, 'electronics', ['电子器件', '电子科技'], { digital: true }],
  ['3981', '电阻电容电感元件制造', 0.4, 'electronics', ['电子元件', '电容器'], { digital: true }],
  ['3982', '电子电路制造', 0.5, 'electronics', ['电路板', '电子电路'], { digital: true }],
  ['3983', '敏感元件及传感器制造', 0.4, 'electronics', ['传感器', '传感技术'], { digital: true }],
  ['3985', '电子专用材料制造', 0.2, 'electronics', ['电子材料', '新材料'], { digital: true }],
  ['3989', '其他电子元件制造', 0.2, 'electronics', ['电子元器件', '电子'], { digital: true }],
  ['2740', '中成药生产', 1.2, 'pharma', ['药业', '制药', '中药'], { digital: true }],
  ['2761', '生物药品制造', 0.6, 'pharma', ['生物制药', '生物药业'], { digital: true }],
  ['2762', '基因工程药物和疫苗制造', 0.3, 'pharma', ['生物技术', '疫苗'], { digital: true }],
  // other manufacturing
  ['1313', '玉米加工', 2.5, 'food', ['粮食', '玉米', '粮油']],
  ['1329', '其他饲料加工', 1.5, 'food', ['饲料', '牧业']],
  ['1351', '牲畜屠宰', 1.5, 'food', ['肉业', '牧业', '食品']],
  ['1353', '肉制品及副产品加工', 2.0, 'food', ['食品', '肉制品']],
  ['1391', '淀粉及淀粉制品制造', 1.2, 'food', ['淀粉', '生化']],
  ['1441', '液体乳制造', 0.6, 'food', ['乳业', '乳品']],
  ['1512', '白酒制造', 1.0, 'food', ['酒业', '酿酒']],
  ['1513', '啤酒制造', 0.3, 'food', ['啤酒']],
  ['1522', '瓶（罐）装饮用水制造', 0.6, 'food', ['饮品', '矿泉水']],
  ['1819', '其他机织服装制造', 1.0, 'light', ['服饰', '服装']],
  ['2021', '胶合板制造', 0.6, 'light', ['木业', '板材']],
  ['2110', '木质家具制造', 1.0, 'light', ['家具', '木业']],
  ['2221', '机制纸及纸板制造', 0.5, 'light', ['纸业'], { gasShare: 0.6, gas: 40 }],
  ['2231', '纸和纸板容器制造', 1.2, 'light', ['包装', '纸制品']],
  ['2319', '包装装潢及其他印刷', 1.0, 'light', ['印务', '彩印', '印刷']],
  ['2511', '原油加工及石油制品制造', 0.2, 'chemical', ['石化', '石油化工']],
  ['2614', '有机化学原料制造', 0.8, 'chemical', ['化工', '化学']],
  ['2625', '有机肥料及微生物肥料制造', 0.8, 'chemical', ['肥业', '生物肥料']],
  ['2641', '涂料制造', 0.6, 'chemical', ['涂料', '化工']],
  ['2710', '化学药品原料药制造', 0.6, 'pharma', ['药业', '医药化工']],
  ['2720', '化学药品制剂制造', 1.0, 'pharma', ['药业', '制药']],
  ['2770', '卫生材料及医药用品制造', 0.6, 'pharma', ['医疗用品', '卫材']],
  ['2911', '轮胎制造', 0.2, 'chemical', ['轮胎']],
  ['2922', '塑料板、管、型材制造', 1.5, 'light', ['塑业', '管业', '塑胶']],
  ['2929', '塑料零件及其他塑料制品制造', 2.0, 'light', ['塑料制品', '塑胶']],
  ['3011', '水泥制造', 0.5, 'building', ['水泥']],
  ['3021', '水泥制品制造', 2.0, 'building', ['建材', '水泥制品', '混凝土']],
  ['3031', '粘土砖瓦及建筑砌块制造', 1.2, 'building', ['新型建材', '建材']],
  ['3061', '玻璃纤维及制品制造', 0.4, 'building', ['玻纤', '玻璃纤维']],
  ['3130', '钢压延加工', 1.0, 'metal', ['钢材', '钢业', '型钢']],
  ['3311', '金属结构制造', 3.0, 'metal', ['钢结构', '金属结构']],
  ['3391', '黑色金属铸造', 1.5, 'metal', ['铸造', '铸业']],
  ['3399', '其他未列明金属制品制造', 2.0, 'metal', ['金属制品', '五金']],
  ['3412', '内燃机及配件制造', 0.6, 'machinery', ['动力', '发动机配件']],
  ['3441', '泵及真空设备制造', 0.8, 'machinery', ['泵业', '流体设备']],
  ['3484', '机械零部件加工', 3.5, 'machinery', ['机械', '精密机械', '机械加工']],
  ['3489', '其他通用零部件制造', 1.2, 'machinery', ['机械配件', '零部件']],
  ['3511', '矿山机械制造', 0.5, 'machinery', ['矿山机械', '重型机械']],
  ['3572', '机械化农业及园艺机具制造', 1.5, 'machinery', ['农机', '农业机械']],
  ['3611', '汽柴油车整车制造', 0.1, 'auto', ['汽车']],
  ['3612', '新能源车整车制造', 0.1, 'auto', ['新能源汽车']],
  ['3620', '汽车用发动机制造', 0.2, 'auto', ['动力总成', '发动机']],
  ['3660', '汽车车身、挂车制造', 0.8, 'auto', ['专用车', '挂车', '车身']],
  ['3811', '发电机及发电机组制造', 0.4, 'machinery', ['电机', '发电设备']],
  ['3825', '光伏设备及元器件制造', 0.4, 'electronics', ['光伏', '新能源']],
  ['3831', '电线、电缆制造', 0.8, 'metal', ['电缆', '线缆']],
  ['3841', '锂离子电池制造', 0.3, 'electronics', ['新能源电池', '锂电']],
  ['3911', '计算机整机制造', 0.2, 'electronics', ['计算机', '信息技术']],
  ['3921', '通信系统设备制造', 0.3, 'electronics', ['通信设备', '通讯']],
  ['4011', '工业自动控制系统装置制造', 0.6, 'machinery', ['自动化', '智能控制']],
  ['4040', '光学仪器制造', 0.5, 'electronics', ['光学', '光电仪器']],
  ['4190', '其他未列明制造业', 0.8, 'light', ['工贸', '实业']],
  ['4210', '金属废料和碎屑加工处理', 0.6, 'metal', ['再生资源', '资源回收']],
  ['4320', '通用设备修理', 0.4, 'machinery', ['设备维修', '机电维修']],
  ['4341', '铁路运输设备修理', 0.3, 'rail', ['机车修理', '车辆维修']],
  // industrial but not manufacturing (mining, power / heat / gas, water)
  ['1019', '粘土及其他土砂石开采', 0.6, 'mining', ['矿业', '砂石'], { nonManufacturing: true }],
  ['4411', '火力发电', 0.2, 'energy', ['发电', '电力'], { nonManufacturing: true, gasShare: 0.2 }],
  ['4412', '热电联产', 0.3, 'energy', ['热电', '能源'], { nonManufacturing: true, season: SEASON_HEATING }],
  ['4415', '风力发电', 0.4, 'energy', ['风电', '新能源'], { nonManufacturing: true, gasShare: 0 }],
  ['4416', '太阳能发电', 0.3, 'energy', ['光伏电力', '新能源'], { nonManufacturing: true, gasShare: 0 }],
  ['4420', '电力供应', 0.2, 'energy', ['供电', '电力'], { nonManufacturing: true, gasShare: 0.1 }],
  ['4430', '热力生产和供应', 1.0, 'energy', ['热力', '供热', '热源'], { nonManufacturing: true, season: SEASON_HEATING, gasShare: 0.8, gas: 600 }],
  ['4511', '天然气生产和供应业', 0.3, 'energy', ['燃气', '天然气'], { nonManufacturing: true, gasShare: 0.3, gas: 10 }],
  ['4610', '自来水生产和供应', 0.5, 'water', ['水务', '供水'], { nonManufacturing: true }],
  ['4620', '污水处理及其再生利用', 0.5, 'water', ['水处理', '环保'], { nonManufacturing: true }]
];

export const INDUSTRIES: Industry[] = ROWS.map(([code, title, weight, group, words, flags = {}]) => {
  const energy = GROUP_ENERGY[group];
  return {
    code,
    title,
    weight,
    group,
    words,
    manufacturing: !flags.nonManufacturing,
    digitalSector: !!flags.digital,
    season: flags.season ?? energy.season,
    kwhPer10k: energy.kwh,
    gasShare: flags.gasShare ?? energy.gasShare,
    gasPer10k: flags.gas ?? energy.gas
  };
});

export const INDUSTRY_BY_CODE = new Map(INDUSTRIES.map((i) => [i.code, i]));

/** How much more often an industry group sits in each kind of district. */
export function districtAffinity(kind: District['kind'], group: Group): number {
  if (kind === 'county') return group === 'food' || group === 'building' || group === 'mining' ? 2.5 : group === 'electronics' || group === 'pharma' ? 0.4 : 1;
  if (kind === 'zone') return group === 'electronics' || group === 'pharma' || group === 'auto' || group === 'rail' ? 2 : group === 'mining' ? 0.1 : 1;
  return group === 'mining' ? 0.3 : 1;
}

/** Characters firms like in their trade names (字号). */
export const NAME_SYLLABLES = [
  ...'华恒泰鑫盛瑞达通宏远兴隆昌信诚德丰源金宝鼎嘉利永安康辉光明新力创科博凯腾飞翔龙天海山川江亿众合和佳美良益峰长吉顺捷锐迅展航宇星晨阳中骏奥联成泽润福祥荣耀铭卓越尚优智慧赛特威格汇聚普惠正方圆立固坚强松柏林森春秋元亨晟昊'
];

export const NAME_PREFIXES = [CITY, '示例', '', ''] as const;
export const LEGAL_FORMS = ['有限公司', '有限公司', '有限公司', '有限公司', '有限责任公司', '股份有限公司'] as const;
