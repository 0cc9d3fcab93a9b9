import { describe, it } from 'vitest';

// Seed 004 is mostly targets (monitored by target sets). Its three award sentences need data the contract
// does not hold, so no package ships until the contract carries them; these are the tests to write then.
describe('sanmenxia-2022 awards (not computable from the data contract yet)', () => {
  it.todo('技术转移转化: 按上年度技术合同成交额给予最高10%不超过100万元 — 10% of a 2021 contract of 999.99万 pays 999990 yuan; 1000.01万 pays the 100万 cap [needs technology contracts]');
  it.todo('境内首发上市 500万 (in stages), 新三板挂牌 80万, 中原股权交易中心交易板挂牌 20万, listed in 2022 [needs listing records]');
});
