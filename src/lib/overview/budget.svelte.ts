/**
 * The outlay budget the KPI tile compares with. Default: the sum of the clause pools of the evaluated
 * packages (the only envelopes the documents fix in advance). The user may set the real annual budget
 * on the tile; it is kept in localStorage (whole yuan), per browser.
 */
const KEY = 'zcdx.overview.budgetYuan';

function read(): number | null {
  try {
    const raw = globalThis.localStorage?.getItem(KEY);
    if (raw === null || raw === undefined) return null;
    const n = Number(raw);
    return Number.isSafeInteger(n) && n > 0 ? n : null;
  } catch {
    return null;
  }
}

export const budget = $state<{ customYuan: number | null }>({ customYuan: read() });

export function setBudget(yuan: number | null): void {
  budget.customYuan = yuan !== null && Number.isSafeInteger(yuan) && yuan > 0 ? yuan : null;
  try {
    if (budget.customYuan === null) globalThis.localStorage?.removeItem(KEY);
    else globalThis.localStorage?.setItem(KEY, String(budget.customYuan));
  } catch {
    // not persisted; the value still applies to this visit
  }
}

/** '1,234.5' 万元 -> 12345000 yuan; null for anything not a positive amount. */
export function parseWanInput(text: string): number | null {
  const clean = text.replace(/[,，\s]/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(clean)) return null;
  const [whole, frac = ''] = clean.split('.');
  const yuan = Number(whole) * 10_000 + Number((frac + '00').slice(0, 2)) * 100;
  return Number.isSafeInteger(yuan) && yuan > 0 ? yuan : null;
}
