/**
 * The policy packages in force for this bureau: chosen on the simulate page, kept in localStorage, and
 * used by every screen that reads the baseline `awards` (就高 applies between the packages in force
 * together, so a county never sees another city's notice summed with its own). Default: every shipped
 * package.
 */
import { PACKAGES } from '../policy/bundled.ts';
import type { Package } from '../policy/schema.ts';

const KEY = 'zcdx.packagesInForce';

function read(): string[] {
  try {
    const raw = globalThis.localStorage?.getItem(KEY);
    const ids = raw ? (JSON.parse(raw) as unknown) : null;
    if (Array.isArray(ids)) {
      const known = PACKAGES.map((p) => p.id).filter((id) => ids.includes(id));
      if (known.length) return known;
    }
  } catch {
    // unreadable: every package
  }
  return PACKAGES.map((p) => p.id);
}

export const inForce = $state<{ ids: string[] }>({ ids: read() });

/** The packages in force, in the library's order. */
export function packagesInForce(): Package[] {
  return PACKAGES.filter((p) => inForce.ids.includes(p.id));
}

/** Sets the packages in force (at least one; unknown ids are ignored). */
export function setInForce(ids: string[]): void {
  const next = PACKAGES.map((p) => p.id).filter((id) => ids.includes(id));
  if (!next.length || next.join() === inForce.ids.join()) return;
  inForce.ids = next;
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify(next));
  } catch {
    // not persisted; applies to this visit
  }
}

/** Changes when the data or the packages in force change: the baseline awards and what is built on them follow it. */
export function awardsKey(version: number): string {
  return `${version}|${inForce.ids.join(',')}`;
}
