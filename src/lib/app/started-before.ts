/**
 * Whether the app has started in this browser before (a localStorage flag): then DuckDB's compiled module is
 * likely in the browser's cache, and work done while DuckDB starts no longer competes with compiling it.
 * Storage that is unavailable reads as a first start.
 */
const KEY = 'zcdx.startedBefore';

export function startedBefore(): boolean {
  try {
    return globalThis.localStorage?.getItem(KEY) === '1';
  } catch {
    return false;
  }
}

export function markStarted(): void {
  try {
    globalThis.localStorage?.setItem(KEY, '1');
  } catch {
    // a private window without storage: every start is a first one
  }
}
