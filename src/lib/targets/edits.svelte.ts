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

function read(): Edits {
  try {
    const raw = globalThis.localStorage?.getItem(KEY);
    const v = raw ? (JSON.parse(raw) as Partial<Edits>) : null;
    if (v && typeof v === 'object') return { periods: v.periods ?? {}, targets: v.targets ?? {} };
  } catch {
    // unreadable: no edits
  }
  return { periods: {}, targets: {} };
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
