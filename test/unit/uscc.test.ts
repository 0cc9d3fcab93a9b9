import { describe, it, expect, afterAll } from 'vitest';
import { openNodeDb } from '../../src/lib/db/node.ts';
import { USCC_CHARSET, USCC_WEIGHTS, isValidUscc, makeUscc, usccCheckChar, usccCheckSql } from '../../src/lib/ingest/uscc.ts';

// Codes published by the firms themselves (business licences on their websites).
const REAL_CODES = {
  '91350100M000100Y43': 'the GB 32100-2015 worked example',
  '91440300708461136T': '深圳市腾讯计算机系统有限公司',
  '914403001922038216': '华为技术有限公司',
  '91330100716105852F': '阿里巴巴（中国）有限公司',
  '91110108551385082Q': '北京小米科技有限责任公司'
};

/** A small deterministic generator so a failure can be replayed. */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function randomBody(next: () => number): string {
  let s = '';
  for (let i = 0; i < 17; i++) s += USCC_CHARSET[Math.floor(next() * 31)];
  return s;
}

describe('USCC check character (GB 32100-2015)', () => {
  it('weights are 3^(i-1) mod 31', () => {
    expect(USCC_WEIGHTS.map((_, i) => Number(3n ** BigInt(i) % 31n))).toEqual([...USCC_WEIGHTS]);
  });

  for (const [id, who] of Object.entries(REAL_CODES)) {
    it(`accepts the real code of ${who}`, () => {
      expect(isValidUscc(id)).toBe(true);
      expect(usccCheckChar(id.slice(0, 17))).toBe(id[17]);
    });
  }

  it('rejects every single-character change of a real code', () => {
    for (const id of Object.keys(REAL_CODES)) {
      for (let pos = 0; pos < 18; pos++) {
        for (const c of USCC_CHARSET) {
          if (c === id[pos]) continue;
          const changed = id.slice(0, pos) + c + id.slice(pos + 1);
          expect(isValidUscc(changed), changed).toBe(false);
        }
      }
    }
  });

  it('rejects wrong lengths, lower case and the letters I, O, Z, S, V', () => {
    expect(isValidUscc('91350100M000100Y4')).toBe(false);
    expect(isValidUscc('91350100M000100Y433')).toBe(false);
    expect(isValidUscc('91350100m000100y43')).toBe(false);
    expect(isValidUscc('')).toBe(false);
    for (const letter of 'IOZSV') expect(() => usccCheckChar('91350100M000100' + letter + '4')).toThrow();
  });

  it('makeUscc appends a check character that isValidUscc accepts', () => {
    const next = lcg(7);
    for (let i = 0; i < 200; i++) expect(isValidUscc(makeUscc(randomBody(next)))).toBe(true);
  });

  it('writes check value 31 as 0 and 30 as Y', () => {
    // Bodies chosen so that the weighted sum is 0 and 1 mod 31.
    expect(usccCheckChar('00000000000000000')).toBe('0');
    expect(usccCheckChar('10000000000000000')).toBe('Y');
  });
});

describe('usccCheckSql', async () => {
  const db = await openNodeDb();
  afterAll(() => db.close());

  it('agrees with isValidUscc on 2000 valid, corrupted and malformed ids', async () => {
    const next = lcg(2024);
    const ids: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const valid = makeUscc(randomBody(next));
      const kind = i % 8;
      if (kind < 3) ids.push(valid);
      else if (kind < 6) {
        const pos = Math.floor(next() * 18);
        ids.push(valid.slice(0, pos) + USCC_CHARSET[Math.floor(next() * 31)] + valid.slice(pos + 1));
      } else if (kind === 6) ids.push(valid.slice(0, 17 - Math.floor(next() * 3)));
      else ids.push(valid.slice(0, 17) + 'IOZSVaxy '[Math.floor(next() * 9)]);
    }
    ids.push(...Object.keys(REAL_CODES), '91350100M000100Y43 ', ' 91350100M000100Y43', '91350100M000100Y43X', '');
    await db.loadCsvText('ids', 'id\n' + ids.map((id) => `"${id}"`).join('\n') + '\n');
    const rows = await db.query<{ id: string | null; ok: boolean }>(`SELECT id, ${usccCheckSql('id')} AS ok FROM ids`);
    expect(rows.length).toBe(ids.length);
    const validCount = rows.filter((r) => r.ok).length;
    expect(validCount).toBeGreaterThan(700);
    expect(validCount).toBeLessThan(1300);
    for (const r of rows) expect(r.ok, String(r.id)).toBe(isValidUscc(r.id ?? ''));
  });

  it('is false, not NULL, for a NULL id', async () => {
    expect(await db.query(`SELECT ${usccCheckSql('NULL::VARCHAR')} AS ok`)).toEqual([{ ok: false }]);
  });
});
