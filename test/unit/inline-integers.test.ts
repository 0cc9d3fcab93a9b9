import { describe, it, expect } from 'vitest';
import { inlineIntegers } from '../../src/lib/db/types.ts';
import { openNodeDb } from '../../src/lib/db/node.ts';

describe('inlineIntegers', () => {
  it('replaces each placeholder by its whole number, $10 not read as $1', () => {
    const params = [1, 2, 3, 4, 5, 6, 7, 8, 9, 100];
    expect(inlineIntegers('SELECT $1::BIGINT + $10::BIGINT, $2', params)).toBe('SELECT 1::BIGINT + 100::BIGINT, 2');
  });

  it('leaves quoted text and identifiers alone, quotes doubled inside them included', () => {
    expect(inlineIntegers(`SELECT '$1 it''s $2' AS "a $1 ""$2""", $1`, [7, 8])).toBe(`SELECT '$1 it''s $2' AS "a $1 ""$2""", 7`);
  });

  it('puts a negative number in parentheses, so that a minus before it does not start a comment', async () => {
    const sql = inlineIntegers('SELECT 10-$1 AS d', [-5]);
    expect(sql).toBe('SELECT 10-(-5) AS d');
    const db = await openNodeDb();
    expect(await db.query(sql)).toEqual([{ d: 15 }]);
    await db.close();
  });

  it('refuses what is not a whole number', () => {
    expect(() => inlineIntegers('SELECT $1', [0.5])).toThrow('$1 is not a whole number');
    expect(() => inlineIntegers('SELECT $1', ["1; DROP TABLE x"])).toThrow('not a whole number');
    expect(() => inlineIntegers('SELECT $2', [1])).toThrow('$2 is not a whole number');
  });
});
