import { describe, it, expect } from 'vitest';
import { loadAllPackages } from '../../scripts/lib/policies.ts';
import { baselineScenario, ScenarioError, SCENARIO_VERSION, type ScenarioDoc } from '../../src/lib/simulate/scenario.ts';
import { decodeScenario, encodeScenario, readScenarioHash, scenarioLink } from '../../src/lib/simulate/share-url.ts';

const packages = loadAllPackages();

const docs: Record<string, ScenarioDoc> = {
  baseline: baselineScenario(['changchun-2024q1'], '基准'),
  set: {
    ...baselineScenario(['changchun-2024q1', 'jiangle-2024q1'], '增速门槛降到7% · 长春+将乐'),
    set: { 'changchun-2024q1': { c2_tier1_growth: 0.07, c2_tier1_amount: 12.5, city_growth: null, c1_pool_allocation: 'pro_rata' }, 'jiangle-2024q1': { j2_rate: 0.06 } }
  },
  everything: {
    ...baselineScenario(['changchun-2024q1', 'changchun-2021q1'], 'all fields'),
    set: { 'changchun-2024q1': { c2_tier2_growth: 0.12 } },
    periods: { 'changchun-2024q1': { year: 2023 } },
    off: { 'changchun-2024q1': ['c5-digital', 'c16-tech-reform'], 'changchun-2021q1': ['r8-revive'] },
    tiers: {
      'changchun-2024q1': {
        'c2-capacity': [{ id: 'growth8' }, { id: 'growth10' }, { id: 'added-1', like: 'growth10', threshold: 0.15, amount: 30 }],
        'c1-spring-festival': [{ id: 'tier3' }, { id: 'tier1' }]
      }
    }
  }
};

async function problem(p: Promise<unknown>): Promise<ScenarioError> {
  const e = await p.then(
    () => null,
    (e: unknown) => e
  );
  expect(e).toBeInstanceOf(ScenarioError);
  return e as ScenarioError;
}

describe('scenario share links', () => {
  it.each(Object.keys(docs))('round-trips the %s scenario through compact URL-safe text', async (key) => {
    const doc = docs[key];
    const text = await encodeScenario(doc);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(await decodeScenario(text, packages)).toEqual(doc);
    // through a link and back
    const link = scenarioLink('https://intranet.example/zcdx/', text);
    expect(link).toBe(`https://intranet.example/zcdx/simulate#s=${text}`);
    expect(readScenarioHash(new URL(link).hash)).toBe(text);
  });

  it('is compact: deflated, shorter than the JSON for a real scenario', async () => {
    const json = JSON.stringify(docs.everything);
    expect((await encodeScenario(docs.everything)).length).toBeLessThan(json.length);
  });

  it('reads the hash with or without # and finds nothing where there is no scenario', () => {
    expect(readScenarioHash('#s=abc_-1')).toBe('abc_-1');
    expect(readScenarioHash('s=abc')).toBe('abc');
    expect(readScenarioHash('#x=1&s=abc')).toBe('abc');
    expect(readScenarioHash('')).toBeNull();
    expect(readScenarioHash('#')).toBeNull();
    expect(readScenarioHash('#s=')).toBeNull();
    expect(readScenarioHash('#other=1')).toBeNull();
  });

  it("refuses garbage as 'format'", async () => {
    for (const text of ['', 'hello world', '!!!', 'abc', 'AAAAAAAAAAAAAAAA', btoa('{"format":"zcdx-scenario"}')]) {
      expect((await problem(decodeScenario(text, packages))).problem, text).toBe('format');
    }
  });

  it("refuses valid compressed JSON that is not a scenario as 'format'", async () => {
    const text = await encodeScenario({ hello: 'world' } as unknown as ScenarioDoc);
    expect((await problem(decodeScenario(text, packages))).problem).toBe('format');
  });

  it("refuses a link cut short when copied as 'format'", async () => {
    const text = await encodeScenario(docs.everything);
    for (const cut of [text.length - 1, text.length - 5, Math.floor(text.length / 2), 10]) {
      const e = await problem(decodeScenario(text.slice(0, cut), packages));
      expect(e.problem, `cut at ${cut}`).toBe('format');
    }
  });

  it('names an unknown parameter, package or clause', async () => {
    const unknownParam = { ...docs.baseline, set: { 'changchun-2024q1': { c2_no_such_growth: 0.07 } } };
    const e = await problem(decodeScenario(await encodeScenario(unknownParam), packages));
    expect(e.problem).toBe('invalid');
    expect(e.message).toContain('c2_no_such_growth');
    const unknownPkg = baselineScenario(['nowhere-2030']);
    expect((await problem(decodeScenario(await encodeScenario(unknownPkg), packages))).message).toContain('nowhere-2030');
    const unknownClause = { ...docs.baseline, off: { 'changchun-2024q1': ['c99-nothing'] } };
    expect((await problem(decodeScenario(await encodeScenario(unknownClause), packages))).message).toContain('c99-nothing');
  });

  it('refuses a value off its grid, naming it', async () => {
    const offGrid = { ...docs.baseline, set: { 'changchun-2024q1': { c2_tier1_growth: 0.0700001 } } };
    const e = await problem(decodeScenario(await encodeScenario(offGrid), packages));
    expect(e.problem).toBe('invalid');
    expect(e.message).toContain('c2_tier1_growth');
  });

  it('says a scenario from a newer (or older) version is one', async () => {
    const newer = { ...docs.set, version: SCENARIO_VERSION + 1 };
    const e = await problem(decodeScenario(await encodeScenario(newer), packages));
    expect(e.problem).toBe('newer');
    expect(e.message).toContain(String(SCENARIO_VERSION + 1));
    const older = { ...docs.set, version: SCENARIO_VERSION - 1 };
    expect((await problem(decodeScenario(await encodeScenario(older), packages))).problem).toBe('older');
  });
});
