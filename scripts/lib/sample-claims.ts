/**
 * The sample city's 申报 / 台账 records (the claims table): what its bureaus would have logged for the
 * clauses no operating table covers. Drawn after every other table from streams of their own
 * (`Rng.for(seed, CLAIMS, ...)`), so the other tables are the same bytes with or without them.
 * Firms are read from a small summary of what was written (FirmSummary), never from their random
 * streams. Money in hundredths of 万元, dollars in cents, as everywhere in the generator.
 */
import { Rng, textCode } from './prng.ts';
import { hundredths, isoDate, type Calendar, type FirmData } from './sample-firm.ts';
import type { Group } from './sample-catalog.ts';

/** What the claims need to know of a firm once it is written. */
export interface FirmSummary {
  id: string;
  group: Group;
  code: string;
  district: string;
  manufacturing: boolean;
  dishonest: boolean;
  /** First quarter index above scale (-1: never). */
  firstAboveT: number;
  /** Above scale in some quarter of the last year. */
  aboveLastYear: boolean;
  /** Output of the last year, hundredths of 万元. */
  outputLastYear: number;
  /** Planted firm key, when it is one. */
  planted: string | null;
}

export function summarise(f: FirmData, cal: Calendar, planted: string | null): FirmSummary {
  const last = cal.years.length - 1;
  let output = 0;
  let above = false;
  for (let t = last * 4; t < last * 4 + 4; t++) {
    if (t < f.startT || t >= f.endT) continue;
    output += f.output[t];
    above ||= f.aboveScale[t] === 1;
  }
  return {
    id: f.id,
    group: f.industry.group,
    code: f.industry.code,
    district: f.district.name,
    manufacturing: f.industry.manufacturing,
    dishonest: f.dishonest === 1,
    firstAboveT: f.aboveScale.findIndex((a, t) => a === 1 && t >= f.startT && t < f.endT),
    aboveLastYear: above,
    outputLastYear: output,
    planted
  };
}

export interface ClaimRow {
  item: string;
  firmId: string;
  recipient: 'firm' | 'township' | 'department' | 'institution';
  level: string | null;
  counterparty: string | null;
  quantity: number | null;
  /** Hundredths of 万元. */
  amount10k: number | null;
  /** Cents. */
  amountUsd: number | null;
  date: string;
  note: string | null;
}

export interface PlantedClaim {
  item: string;
  who: string;
  id: string;
  note: string;
}

const CLAIMS = textCode('claims');
const OEMS = ['北方汽车集团有限公司', '东岭重型汽车有限公司', '示例客车有限公司', '华岳新能源汽车有限公司'];
const SCHOOLS = ['示例职业技术学院', '示例市工业技师学院', '北山区职业教育中心', '示例理工大学继续教育学院'];
const INSTITUTES = ['示例市产业技术研究院', '示例理工大学', '东北农林大学', '省化工研究院'];
const FUNDS = ['省产业投资基金', '省科技投资基金区域子基金', '示例市新兴产业引导基金'];
const REGISTRARS = ['示例市市场监督管理局'];
/** Fairs the bureau organises in a year: name suffix and the month they open. */
const FAIRS: [string, number][] = [['工业品展销会（上海）', 4], ['东北亚博览会', 8], ['中国国际工业博览会', 9], ['装备制造业博览会（沈阳）', 6], ['农产品加工博览会', 10], ['汽车零部件采购洽谈会', 11]];
/** Townships and departments of the two counties, for utilised FDI (jiangle item 9 pays them). */
const PLACES: [string, 'township' | 'department'][] = [
  ['清河县城关镇', 'township'], ['清河县柳河乡', 'township'], ['清河县白石镇', 'township'], ['清河县招商服务中心', 'department'],
  ['青山县石门镇', 'township'], ['青山县黄松乡', 'township'], ['青山县水南镇', 'township'], ['青山县商务局', 'department'], ['青山县工信局', 'department']
];

const inYear = (rng: Rng, year: number, from = 1, to = 12) => isoDate(year, rng.between(from, to), rng.between(1, 28));
/** `n` distinct items in a random order (Fisher-Yates on a copy). */
function pickSome<T>(rng: Rng, items: readonly T[], n: number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, n);
}
const wan = (rng: Rng, lo: number, hi: number) => Math.round(rng.uniform(lo, hi) * 100);

/**
 * The claims of the city for calendar `cal`, random firms first (in the order they were written), then
 * the townships, then the records planted on the boundaries the seeds draw.
 */
export function generateClaims(seed: number, cal: Calendar, firms: FirmSummary[]): { rows: ClaimRow[]; planted: PlantedClaim[] } {
  const Y = cal.endYear;
  const rows: ClaimRow[] = [];
  const add = (r: Partial<ClaimRow> & Pick<ClaimRow, 'item' | 'firmId' | 'date'>) =>
    rows.push({ recipient: 'firm', level: null, counterparty: null, quantity: null, amount10k: null, amountUsd: null, note: null, ...r });
  const lastYearT = (cal.years.length - 1) * 4;
  const enteredLastYear = firms.filter((f) => f.firstAboveT >= lastYearT && !f.planted);
  const bigByGroup = new Map<Group, FirmSummary[]>();
  // 龙头企业: output of 5亿 or more in the last year
  for (const f of firms) if (f.aboveLastYear && f.outputLastYear >= 50000_00 && !f.planted) bigByGroup.set(f.group, [...(bigByGroup.get(f.group) ?? []), f]);

  firms.forEach((f, i) => {
    if (f.planted) return;
    const rng = Rng.for(seed, CLAIMS, i);
    const made = f.manufacturing;
    if (made && rng.chance(0.012)) add({ item: 'madrid_trademark', firmId: f.id, quantity: rng.between(1, 4), date: inYear(rng, Y), counterparty: REGISTRARS[0] });
    if ((f.group === 'food' || f.group === 'light') && rng.chance(0.012)) add({ item: 'regional_trademark', firmId: f.id, level: rng.chance(0.6) ? 'geographic' : 'collective', date: inYear(rng, Y) });
    if (made && f.aboveLastYear && rng.chance(0.008)) add({ item: 'brand_title', firmId: f.id, level: rng.chance(0.2) ? 'national' : 'provincial', date: inYear(rng, Y) });
    if (f.aboveLastYear && rng.chance(0.003)) add({ item: 'ip_demonstration', firmId: f.id, level: 'national', date: inYear(rng, Y) });
    if (rng.chance(0.004)) add({ item: 'ip_pledge_subsidy', firmId: f.id, amount10k: wan(rng, 5, 30), date: inYear(rng, Y) });
    if ((f.group === 'food' || f.group === 'light' || f.group === 'pharma') && rng.chance(0.03)) {
      // online sales of the year, logged once the seller has filed with the statistics office
      add({ item: 'online_sales', firmId: f.id, amount10k: Math.round(10 ** rng.uniform(2, 3.4)) * 100, date: isoDate(Y, 12, 31), note: '含电商店铺、直播销售' });
    }
    if (made && rng.chance(0.04)) {
      const fairs = pickSome(rng, FAIRS, rng.between(1, 3));
      for (const [fair, month] of fairs) add({ item: 'trade_fair', firmId: f.id, counterparty: `${Y}${fair}`, amount10k: wan(rng, 0.3, 3), date: isoDate(Y, month, 10), note: '展位费及交通住宿费' });
    }
    if (f.group === 'auto' && f.code !== '3611' && f.code !== '3612' && f.aboveLastYear && rng.chance(0.45)) {
      // supply output to one or two OEMs: a share of the firm's output, by quarter or for the year
      const oems = pickSome(rng, OEMS, rng.chance(0.3) ? 2 : 1);
      for (const oem of oems) {
        const total = Math.round(f.outputLastYear * rng.uniform(0.1, 0.6) / oems.length);
        if (rng.chance(0.35)) {
          let left = total;
          for (let q = 1; q <= 4; q++) {
            const part = q === 4 ? left : Math.round(total / 4);
            left -= part;
            add({ item: 'oem_supply', firmId: f.id, counterparty: oem, amount10k: part, date: isoDate(Y, q * 3, q === 1 || q === 4 ? 31 : 30), note: `${q}季度配套产值` });
          }
        } else add({ item: 'oem_supply', firmId: f.id, counterparty: oem, amount10k: total, date: isoDate(Y, 12, 31), note: '全年配套产值' });
      }
    }
    if (made && rng.chance(0.005)) {
      const done = rng.between(Y - 1, Y);
      add({ item: 'research_institute_sales', firmId: f.id, counterparty: rng.pick(INSTITUTES), amount10k: wan(rng, 50, 1500), date: inYear(rng, done), note: '两年内目标产品销售收入' });
    }
    if (made && f.aboveLastYear && rng.chance(0.015)) {
      const school = rng.pick(SCHOOLS);
      for (let k = rng.between(2, 8); k > 0; k--) {
        add({ item: 'order_class_graduate', firmId: f.id, counterparty: school, quantity: 1, amount10k: rng.between(25, 45), level: rng.chance(0.1) ? 'outstanding' : null, date: inYear(rng, Y, 7, 9), note: '订单班毕业生入企满一年' });
      }
    }
    if (made && rng.chance(0.03)) {
      for (let k = rng.between(1, 2); k > 0; k--) {
        const persons = rng.between(10, 60);
        const hours = rng.pick([8, 16, 24, 32, 48]);
        add({ item: 'training_hours', firmId: f.id, counterparty: rng.pick(SCHOOLS), quantity: persons * hours, date: inYear(rng, Y), note: `${persons}人×${hours}学时` });
      }
    }
    if (made && rng.chance(0.03)) {
      for (const level of ['junior', 'middle', 'senior']) if (rng.chance(0.6)) add({ item: 'skill_certificate', firmId: f.id, level, quantity: rng.between(2, 40), counterparty: rng.pick(SCHOOLS), date: inYear(rng, Y) });
    }
    if (f.aboveLastYear && rng.chance(0.004)) add({ item: 'fund_investment', firmId: f.id, counterparty: rng.pick(FUNDS), amount10k: Math.round(rng.uniform(3, 30)) * 100_00, date: inYear(rng, Y) });
    if ((f.district === '清河县' || f.district === '青山县') && f.aboveLastYear && rng.chance(0.5)) {
      // statisticians of reporting firms: new entrants from the quarter they entered
      const isNew = f.firstAboveT >= lastYearT;
      const months = isNew ? 12 - (f.firstAboveT - lastYearT) * 3 : 12;
      const persons = rng.chance(0.2) ? 2 : 1;
      add({ item: 'statistician_months', firmId: f.id, level: isNew ? 'new' : 'existing', quantity: persons * months, date: isoDate(Y, 12, 31), note: `${persons}人×${months}个月` });
    }
    for (let year = Y - 3; year <= Y; year++) {
      if (made && rng.chance(0.01)) add({ item: 'tech_transfer_contract', firmId: f.id, counterparty: rng.pick(INSTITUTES), amount10k: Math.round(10 ** rng.uniform(1.3, 2.9)) * 100, date: inYear(rng, year), note: '技术合同登记成交额' });
    }
  });

  // Suppliers first above scale in the last year, attracted by a big firm of their trade; and firms
  // revived from idle industrial assets (most entering the statistics, a few not yet).
  const chain = Rng.for(seed, CLAIMS, textCode('chain'));
  for (const s of enteredLastYear) {
    const anchors = bigByGroup.get(s.group);
    if (!anchors?.length || !chain.chance(0.2)) continue;
    const quarter = s.firstAboveT - lastYearT + 1;
    add({ item: 'anchor_supplier', firmId: chain.pick(anchors).id, counterparty: s.id, amount10k: s.outputLastYear, date: isoDate(Y, quarter * 3 - 2, 1), note: '招引配套企业升规入统' });
  }
  for (const s of enteredLastYear) if (chain.chance(0.08)) add({ item: 'idle_asset_revival', firmId: s.id, date: inYear(chain, Y, 1, 3), note: '盘活闲置厂房' });
  for (const f of firms) if (!f.planted && !f.aboveLastYear && f.manufacturing && chain.chance(0.002)) add({ item: 'idle_asset_revival', firmId: f.id, date: inYear(chain, Y), note: '盘活闲置厂房' });

  const places = Rng.for(seed, CLAIMS, textCode('fdi'));
  for (const [place, kind] of PLACES) {
    for (let q = 1; q <= 4; q++) {
      if (!places.chance(0.45)) continue;
      add({ item: 'fdi_usd', firmId: place, recipient: kind, amountUsd: Math.round(places.uniform(50_000, 1_800_000)) * 100, date: isoDate(Y, q * 3, q === 1 || q === 4 ? 31 : 30), note: '实际利用外资' });
    }
  }

  const planted = plantClaims(cal, firms, add);
  addEventsAndTalents(seed, cal, firms, add);
  return { rows, planted };
}

type Add = (r: Partial<ClaimRow> & Pick<ClaimRow, 'item' | 'firmId' | 'date'>) => void;

/**
 * Job fairs hosted by schools and a few firms, the yearly talent selection, and technology transfer by
 * the city's own institutes (paid to institutions). Written after the planted records, from streams of
 * their own, so every earlier claim keeps its id.
 */
function addEventsAndTalents(seed: number, cal: Calendar, firms: FirmSummary[], add: Add): void {
  const Y = cal.endYear;
  const events = Rng.for(seed, CLAIMS, textCode('events'));
  for (const school of SCHOOLS.slice(0, 3)) {
    for (let k = events.between(1, 3); k > 0; k--) add({ item: 'job_fair', firmId: school, recipient: 'institution', amount10k: wan(events, 0.4, 1.8), date: inYear(events, Y), note: '校企人才对接会' });
  }
  const hosts = firms.filter((f) => !f.planted && f.aboveLastYear && f.manufacturing);
  for (const f of pickSome(events, hosts, 6)) add({ item: 'job_fair', firmId: f.id, amount10k: wan(events, 0.3, 1.5), date: inYear(events, Y), note: '工业企业专场招聘会' });
  const talents = Rng.for(seed, CLAIMS, textCode('talents'));
  const named = pickSome(talents, hosts, 16);
  named.forEach((f, i) => add({ item: 'talent_award', firmId: f.id, level: i < 8 ? 'entrepreneur' : 'researcher', date: isoDate(Y, 12, 1), note: i < 8 ? '优秀工业企业家' : '工业杰出研发人才' }));
  // heat suppliers of the industrial parks: restart dates around the Spring Festival (正月初八 = 2024-02-17)
  const heat = Rng.for(seed, CLAIMS, textCode('heat'));
  for (const [i, f] of pickSome(heat, hosts, 4).entries()) {
    const day = [10, 17, 18, 15][i];
    add({ item: 'heat_supply', firmId: f.id, level: i === 3 ? 'interrupted' : 'continuous', date: isoDate(Y, 2, day), note: '集中供热公司发票和抄表明细' });
  }
  // the city's own institutes carry out technology transfer too (sanmenxia: 本地高校、科研院所)
  for (const institute of INSTITUTES.slice(0, 2)) {
    for (let year = Y - 3; year <= Y; year++) {
      if (talents.chance(0.6)) add({ item: 'tech_transfer_contract', firmId: institute, recipient: 'institution', amount10k: Math.round(10 ** talents.uniform(1.5, 2.8)) * 100, date: inYear(talents, year), note: '本地院所技术合同成交额' });
    }
  }
}

/** Records on the boundaries of the seeds' clauses, on the planted firms (ids independent of the seed). */
function plantClaims(cal: Calendar, firms: FirmSummary[], add: Add): PlantedClaim[] {
  if (cal.endYear !== 2024) return [];
  const byKey = new Map(firms.filter((f) => f.planted).map((f) => [f.planted!, f.id]));
  const out: PlantedClaim[] = [];
  const plant = (item: string, key: string, note: string, records: (id: string) => void) => {
    const id = byKey.get(key);
    if (!id) return;
    records(id);
    out.push({ item, who: key, id, note });
  };
  const place = (item: string, name: string, note: string, records: () => void) => {
    records();
    out.push({ item, who: name, id: name, note });
  };
  const [A, B] = OEMS;
  const quarters = ['2024-03-31', '2024-06-30', '2024-09-30', '2024-12-31'];

  plant('oem_supply', 'c2-growth-exactly-8pct', 'supply output to one OEM exactly 5000.00万 in 2024 (1200 + 1300 + 1250 + 1250): 10万 tier', (id) =>
    [120000, 130000, 125000, 125000].forEach((v, q) => add({ item: 'oem_supply', firmId: id, counterparty: A, amount10k: v, date: quarters[q], note: `${q + 1}季度配套产值` })));
  plant('oem_supply', 'c5-digital-capped', '6000万 in 2024 split over two OEMs (3500 + 2500): no single OEM reaches 5000万', (id) => {
    add({ item: 'oem_supply', firmId: id, counterparty: A, amount10k: 350000, date: '2024-12-31', note: '全年配套产值' });
    add({ item: 'oem_supply', firmId: id, counterparty: B, amount10k: 250000, date: '2024-12-31', note: '全年配套产值' });
  });
  plant('oem_supply', 'r-2021-spring-festival', 'supply output to one OEM exactly 10000.00万 in 2024: 20万 tier', (id) =>
    add({ item: 'oem_supply', firmId: id, counterparty: B, amount10k: 1000000, date: '2024-12-31', note: '全年配套产值' }));
  plant('oem_supply', 'c3-first-reaches-5yi', 'supply output to one OEM 4999.99万 in 2024 (plus 800万 to another): no tier', (id) => {
    add({ item: 'oem_supply', firmId: id, counterparty: A, amount10k: 499999, date: '2024-12-31', note: '全年配套产值' });
    add({ item: 'oem_supply', firmId: id, counterparty: OEMS[2], amount10k: 80000, date: '2024-12-31', note: '全年配套产值' });
  });
  plant('trade_fair', 'c1-q1-output-exactly-5000', 'two fairs: cost 0.80万 (30% = 2400元) and 1.50万 (30% = 4500元, capped at 3000元 for that fair)', (id) => {
    add({ item: 'trade_fair', firmId: id, counterparty: `2024${FAIRS[0][0]}`, amount10k: 80, date: '2024-04-10', note: '展位费及交通住宿费' });
    add({ item: 'trade_fair', firmId: id, counterparty: `2024${FAIRS[1][0]}`, amount10k: 150, date: '2024-08-10', note: '展位费及交通住宿费' });
  });
  plant('trade_fair', 'c2-growth-exactly-10pct', 'one fair costing exactly 1.00万: 30% = 3000元, exactly the cap', (id) =>
    add({ item: 'trade_fair', firmId: id, counterparty: `2024${FAIRS[2][0]}`, amount10k: 100, date: '2024-09-10', note: '展位费及交通住宿费' }));
  plant('fund_investment', 'c4-national-first-2024', 'fund investment exactly 1000.00万 in 2024: 2% = 20万, exactly the cap', (id) =>
    add({ item: 'fund_investment', firmId: id, counterparty: FUNDS[0], amount10k: 1000_00, date: '2024-05-20' }));
  plant('fund_investment', 'c16-equipment-capped', 'fund investment 1200.00万 in 2024: 2% = 24万, capped at 20万', (id) =>
    add({ item: 'fund_investment', firmId: id, counterparty: FUNDS[1], amount10k: 1200_00, date: '2024-07-01' }));
  plant('tech_transfer_contract', 'c4-municipal-then-provincial-2024', 'technology contracts of 2021: 600 + 400 = 1000.00万: 10% = 100万, exactly the cap (sanmenxia-2022)', (id) => {
    add({ item: 'tech_transfer_contract', firmId: id, counterparty: INSTITUTES[1], amount10k: 600_00, date: '2021-03-15', note: '技术合同登记成交额' });
    add({ item: 'tech_transfer_contract', firmId: id, counterparty: INSTITUTES[3], amount10k: 400_00, date: '2021-12-31', note: '技术合同登记成交额' });
    add({ item: 'tech_transfer_contract', firmId: id, counterparty: INSTITUTES[1], amount10k: 300_00, date: '2022-01-01', note: '技术合同登记成交额' });
  });
  plant('tech_transfer_contract', 'c16-tech-reform-exactly-3000', 'a technology contract of 2021 worth 1200.00万: 10% = 120万, capped at 100万', (id) =>
    add({ item: 'tech_transfer_contract', firmId: id, counterparty: INSTITUTES[0], amount10k: 1200_00, date: '2021-06-30', note: '技术合同登记成交额' }));
  plant('online_sales', 'j1-sales-up-exactly-500', 'online sales of 2024 exactly 500.00万: 5万', (id) =>
    add({ item: 'online_sales', firmId: id, amount10k: 500_00, date: '2024-12-31', note: '含电商店铺、直播销售' }));
  plant('online_sales', 'j1-sales-up-499.99', 'online sales of 2024 499.99万: nothing', (id) => add({ item: 'online_sales', firmId: id, amount10k: 499_99, date: '2024-12-31', note: '含电商店铺、直播销售' }));
  plant('research_institute_sales', 'c5-digital-100', 'institute project completed 2024-06-30, product sales within 2 years exactly 300.00万: 10万', (id) =>
    add({ item: 'research_institute_sales', firmId: id, counterparty: INSTITUTES[0], amount10k: 300_00, date: '2024-06-30', note: '两年内目标产品销售收入' }));
  plant('research_institute_sales', 'c5-digital-outside-sectors', 'institute project, product sales 299.99万: nothing', (id) =>
    add({ item: 'research_institute_sales', firmId: id, counterparty: INSTITUTES[0], amount10k: 299_99, date: '2024-03-31', note: '两年内目标产品销售收入' }));
  const supplier = (key: string) => byKey.get(key) ?? null;
  plant('anchor_supplier', 'c3-5yi-and-10yi-in-2024', `attracted ${'c16-registered-in-2024'} (above scale from 2024Q1, 2024 output 3200.00万): 50万, plus the share of 1200万 above 2000万`, (id) => {
    const s = supplier('c16-registered-in-2024');
    if (s) add({ item: 'anchor_supplier', firmId: id, counterparty: s, amount10k: firms.find((f) => f.id === s)!.outputLastYear, date: '2024-01-01', note: '招引配套企业升规入统' });
  });
  plant('anchor_supplier', 'c1-overtime-49.5pct', `attracted ${'c3-enters-scale-2024q1'} (first above scale 2024Q1, 2024 output 2700.00万): 50万, plus the share of 700万 above 2000万`, (id) => {
    const s = supplier('c3-enters-scale-2024q1');
    if (s) add({ item: 'anchor_supplier', firmId: id, counterparty: s, amount10k: firms.find((f) => f.id === s)!.outputLastYear, date: '2024-01-01', note: '招引配套企业升规入统' });
  });
  plant('idle_asset_revival', 'c3-re-enters-scale-not-first', 'revived from idle assets, above scale again from 2024Q1 but not for the first time (above scale 2020-2021)', (id) =>
    add({ item: 'idle_asset_revival', firmId: id, date: '2023-10-15', note: '盘活闲置厂房' }));
  plant('madrid_trademark', 'c4-champion-product-2024', '3 Madrid registrations on 2024-01-01 and 1 on 2023-12-31: 3 in 2024 (6000元)', (id) => {
    add({ item: 'madrid_trademark', firmId: id, quantity: 3, counterparty: REGISTRARS[0], date: '2024-01-01' });
    add({ item: 'madrid_trademark', firmId: id, quantity: 1, counterparty: REGISTRARS[0], date: '2023-12-31' });
  });
  plant('skill_certificate', 'c1-4-days-half-overtime', 'certificates in 2024: junior 10, middle 5, senior 2 (300 / 500 / 800元: 7100元)', (id) =>
    (['junior', 'middle', 'senior'] as const).forEach((level, k) => add({ item: 'skill_certificate', firmId: id, level, quantity: [10, 5, 2][k], counterparty: SCHOOLS[1], date: '2024-11-20' })));
  plant('training_hours', 'c1-3-days', 'one class of 40 staff x 16 hours = 640 person class-hours (20元: 12800元)', (id) =>
    add({ item: 'training_hours', firmId: id, quantity: 640, counterparty: SCHOOLS[0], date: '2024-05-31', note: '40人×16学时' }));
  plant('order_class_graduate', 'c1-q1-output-fell', 'three graduates employed for a year: tuition 0.30万, 0.45万 (refund capped at 0.35万), 0.35万 and outstanding (+0.1万)', (id) =>
    [[30, null], [45, null], [35, 'outstanding']].forEach(([tuition, level]) =>
      add({ item: 'order_class_graduate', firmId: id, quantity: 1, amount10k: tuition as number, level: level as string | null, counterparty: SCHOOLS[2], date: '2024-07-01', note: '订单班毕业生入企满一年' })));
  plant('statistician_months', 'c3-enters-scale-2024q1', 'newly reporting from 2024Q1: 1 statistician x 12 months (150元: 1800元)', (id) =>
    add({ item: 'statistician_months', firmId: id, level: 'new', quantity: 12, date: '2024-12-31', note: '1人×12个月' }));
  plant('statistician_months', 'j1-sales-up-exactly-500', 'existing reporting firm: 2 statisticians x 12 months (100元: 2400元)', (id) =>
    add({ item: 'statistician_months', firmId: id, level: 'existing', quantity: 24, date: '2024-12-31', note: '2人×12个月' }));
  plant('brand_title', 'c4-national-first-2024', 'national brand title 2024 (20万)', (id) => add({ item: 'brand_title', firmId: id, level: 'national', date: '2024-09-01' }));
  plant('regional_trademark', 'c1-overtime-49.5pct', 'geographic-indication trademark approved 2024 (5万)', (id) => add({ item: 'regional_trademark', firmId: id, level: 'geographic', date: '2024-03-15' }));
  plant('ip_demonstration', 'c2-q1-output-just-over-5000', 'national IP demonstration firm 2024 (5万)', (id) => add({ item: 'ip_demonstration', firmId: id, level: 'national', date: '2024-10-08' }));
  plant('ip_pledge_subsidy', 'c2-q1-output-just-over-5000', 'provincial IP pledge-financing subsidy 2024 (matched 10万)', (id) => add({ item: 'ip_pledge_subsidy', firmId: id, amount10k: 12_00, date: '2024-06-18' }));

  place('fdi_usd', '清河县商务局', 'Q1-2024 utilised FDI exactly 1,000,000.00 USD: 3万', () =>
    add({ item: 'fdi_usd', firmId: '清河县商务局', recipient: 'department', amountUsd: 1_000_000_00, date: '2024-03-31', note: '实际利用外资' }));
  place('fdi_usd', '清河县新华镇', 'Q1-2024 utilised FDI 999,999.99 USD: nothing', () =>
    add({ item: 'fdi_usd', firmId: '清河县新华镇', recipient: 'township', amountUsd: 999_999_99, date: '2024-02-29', note: '实际利用外资' }));
  place('fdi_usd', '青山县高峰镇', 'Q1-2024 utilised FDI 1,500,000 + 1,000,000 = 2,500,000 USD in two records: 6万 (two full 100万), and 4,000,000 USD in Q2', () => {
    add({ item: 'fdi_usd', firmId: '青山县高峰镇', recipient: 'township', amountUsd: 1_500_000_00, date: '2024-01-20', note: '实际利用外资' });
    add({ item: 'fdi_usd', firmId: '青山县高峰镇', recipient: 'township', amountUsd: 1_000_000_00, date: '2024-03-31', note: '实际利用外资' });
    add({ item: 'fdi_usd', firmId: '青山县高峰镇', recipient: 'township', amountUsd: 4_000_000_00, date: '2024-04-01', note: '实际利用外资' });
  });
  return out;
}

const PREFIX: Record<string, string> = {
  regional_trademark: 'QS', brand_title: 'PP', ip_demonstration: 'ZC', ip_pledge_subsidy: 'ZY', madrid_trademark: 'MD', online_sales: 'DS',
  trade_fair: 'ZH', oem_supply: 'PT', anchor_supplier: 'ZS', research_institute_sales: 'YJ', order_class_graduate: 'DD', training_hours: 'PX',
  skill_certificate: 'JN', fund_investment: 'JJ', idle_asset_revival: 'XZ', statistician_months: 'TJ', fdi_usd: 'WZ', tech_transfer_contract: 'JS', job_fair: 'ZP', talent_award: 'RC', heat_supply: 'GR'
};

/** The rows as CSV lines in the contract's column order, with ids like PT2024-00012 (item, year, number). */
export function claimLines(rows: ClaimRow[]): string[] {
  const next = new Map<string, number>();
  const opt = (v: number | null) => (v === null ? '' : hundredths(v));
  return rows.map((r) => {
    const prefix = PREFIX[r.item] + r.date.slice(0, 4);
    const n = (next.get(prefix) ?? 0) + 1;
    next.set(prefix, n);
    const id = `${prefix}-${String(n).padStart(5, '0')}`;
    return `${id},${r.firmId},${r.recipient},${r.item},${r.level ?? ''},${r.counterparty ?? ''},${r.quantity ?? ''},${opt(r.amount10k)},${opt(r.amountUsd)},${r.date},${r.note ?? ''}\n`;
  });
}
