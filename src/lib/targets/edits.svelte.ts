/**
 * The bureau's edits of the targets (a value, a deadline, the year a set is re-based onto), kept in
 * this browser's localStorage so they survive a reload; each can be reset to the notice's.
 *
 * Two tabs: a change tells the other tabs (`elsewhere.changed`: the targets page says so and offers to show
 * the stored edits, `reloadEdits`); a tab that was told writes its next change over the edits as stored, so
 * it does not undo the other tab's edit of a different target.
 */
import { announce, onOtherTab } from '../app/cross-tab.ts';

const KEY = 'zcdx.targets.edits';

export interface TargetEdit {
  lo?: number;
  hi?: number;
  deadline?: string;
}

export interface Edits {
  /** Per target set: its periods re-based ({year: 2023}). */
  periods: Record<string, Record<string, number>>;
  /** Per `set/target`: the edited value or deadline. */
  targets: Record<string, TargetEdit>;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * The stored edits, each checked (stored text is untrusted: edited by hand, another version): a value is a
 * finite number, a deadline a YYYY-MM-DD date, a year a whole number; anything else is left out (the
 * notice's value applies).
 */
function read(): Edits {
  const out: Edits = { periods: {}, targets: {} };
  try {
    const raw = globalThis.localStorage?.getItem(KEY);
    const v: unknown = raw ? JSON.parse(raw) : null;
    if (!isObject(v)) return out;
    for (const [set, periods] of Object.entries(isObject(v.periods) ? v.periods : {})) {
      const ok = Object.entries(isObject(periods) ? periods : {}).filter(([, y]) => Number.isInteger(y));
      if (ok.length) out.periods[set] = Object.fromEntries(ok) as Record<string, number>;
    }
    for (const [key, edit] of Object.entries(isObject(v.targets) ? v.targets : {})) {
      if (!isObject(edit)) continue;
      const e: TargetEdit = {};
      if (Number.isFinite(edit.lo)) e.lo = edit.lo as number;
      if (Number.isFinite(edit.hi)) e.hi = edit.hi as number;
      if (typeof edit.deadline === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(edit.deadline)) e.deadline = edit.deadline;
      if (Object.keys(e).length) out.targets[key] = e;
    }
  } catch {
    // unreadable: no edits
  }
  return out;
}

export const edits = $state<Edits>(read());

/** `changed`: another tab changed the edits since this tab last read them; `notice`: the page says so (until dismissed). */
export const elsewhere = $state({ changed: false, notice: false });

if (typeof window !== 'undefined') {
  onOtherTab((c) => {
    if (c.kind === 'targets') elsewhere.changed = elsewhere.notice = true;
  });
}

/** Shows the edits as stored now (another tab's included). */
export function reloadEdits(): void {
  const now = read();
  edits.periods = now.periods;
  edits.targets = now.targets;
  elsewhere.changed = elsewhere.notice = false;
}

/**
 * Applies one change and stores the result. After another tab's change, to the edits as stored now (so that
 * change is kept, and shown from here on); else to the edits shown (the same, unless storage failed).
 */
function change(apply: (e: Edits) => void): void {
  const next = elsewhere.changed ? read() : $state.snapshot(edits);
  apply(next);
  edits.periods = next.periods;
  edits.targets = next.targets;
  elsewhere.changed = elsewhere.notice = false;
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify(next));
  } catch {
    // not persisted; applies to this visit
  }
  announce({ kind: 'targets' });
}

export function setTargetEdit(key: string, edit: TargetEdit | null): void {
  change((e) => {
    if (edit === null) delete e.targets[key];
    else e.targets[key] = edit;
  });
}

export function setPeriods(setId: string, periods: Record<string, number> | null): void {
  change((e) => {
    if (periods === null) delete e.periods[setId];
    else e.periods[setId] = periods;
  });
}

export function resetAll(): void {
  change((e) => {
    e.periods = {};
    e.targets = {};
  });
}
