/**
 * The bureau's edits of the targets (a value, a deadline, the year a set is re-based onto), kept in
 * this browser's localStorage so they survive a reload; each can be reset to the notice's.
 */
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

function save(): void {
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify(edits));
  } catch {
    // not persisted; applies to this visit
  }
}

export function setTargetEdit(key: string, edit: TargetEdit | null): void {
  if (edit === null) delete edits.targets[key];
  else edits.targets[key] = edit;
  save();
}

export function setPeriods(setId: string, periods: Record<string, number> | null): void {
  if (periods === null) delete edits.periods[setId];
  else edits.periods[setId] = periods;
  save();
}

export function resetAll(): void {
  edits.periods = {};
  edits.targets = {};
  save();
}
