/**
 * A planner's named scenarios kept in this browser's IndexedDB (on this machine only), across reloads and
 * restarts. Same style and error kinds as the kept data (app/saved-store.ts), in a database of its own so
 * forgetting the kept data leaves the scenarios and the other way round.
 *
 * One object store, out-of-line keys: key = the scenario's id, value = { id, savedAt, doc }. A stored value
 * is untrusted (written by another version of the app, edited by hand, damaged): listScenarios checks each
 * with parseScenario against the packages and reports a bad one as broken without hiding the others.
 */
import type { Package } from '../policy/schema.ts';
import { objectStore, request } from '../app/idb.ts';
import { announce } from '../app/cross-tab.ts';
import { parseScenario, ScenarioError, type ScenarioDoc } from './scenario.ts';

export { StoreError, type StoreErrorKind } from '../app/idb.ts';

/** The database, its version and its one object store (exported for an end-to-end test that writes a damaged record). */
export const SCENARIO_DB = 'zcdx-scenarios';
export const SCENARIO_DB_VERSION = 1;
export const SCENARIO_STORE = 'scenarios';

export interface SavedScenario {
  id: string;
  /** ISO 8601, when last saved. */
  savedAt: string;
  doc: ScenarioDoc;
}

/** A stored record that cannot be opened: its name when it has one, and why. */
export interface BrokenScenario {
  id: string;
  name: string | null;
  problem: ScenarioError['problem'] | 'corrupt';
  message: string;
}

const run = objectStore(SCENARIO_DB, SCENARIO_DB_VERSION, SCENARIO_STORE);

const isIso = (s: unknown): s is string => typeof s === 'string' && !Number.isNaN(Date.parse(s));

/** Checks one stored value: a SavedScenario, or why it cannot be opened. */
export function checkRecord(key: IDBValidKey, value: unknown, packages: Package[]): SavedScenario | BrokenScenario {
  const id = String(key);
  const record = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  const docName = (record?.doc as { name?: unknown } | null | undefined)?.name;
  const name = typeof docName === 'string' ? docName : null;
  if (!record) return { id, name, problem: 'corrupt', message: `the stored record is not an object (${value === null ? 'null' : typeof value})` };
  if (!isIso(record.savedAt)) return { id, name, problem: 'corrupt', message: 'the stored record has no valid savedAt date' };
  try {
    return { id, savedAt: record.savedAt, doc: parseScenario(record.doc, packages) };
  } catch (e) {
    if (e instanceof ScenarioError) return { id, name, problem: e.problem, message: e.message };
    return { id, name, problem: 'corrupt', message: (e as Error)?.message ?? String(e) };
  }
}

/**
 * Every stored scenario, oldest first: the ones that open (checked against the packages) and the ones that
 * do not (damaged, another version, naming a package, parameter or clause these packages lack).
 */
export async function listScenarios(packages: Package[]): Promise<{ saved: SavedScenario[]; broken: BrokenScenario[] }> {
  const [keys, values] = await run('readonly', (s) => Promise.all([request(s.getAllKeys()), request(s.getAll())]));
  const saved: SavedScenario[] = [];
  const broken: BrokenScenario[] = [];
  keys.forEach((key, i) => {
    const r = checkRecord(key, values[i], packages);
    if ('doc' in r) saved.push(r);
    else broken.push(r);
  });
  saved.sort((a, b) => Date.parse(a.savedAt) - Date.parse(b.savedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { saved, broken };
}

/** Saves a scenario under its id (a new id when absent; an existing one is replaced) and returns the record as stored. */
export async function saveScenario(doc: ScenarioDoc, id?: string): Promise<SavedScenario> {
  // A plain JSON copy: a Svelte $state proxy cannot be structured-cloned into IndexedDB, and a scenario is JSON.
  const record: SavedScenario = { id: id ?? crypto.randomUUID(), savedAt: new Date().toISOString(), doc: JSON.parse(JSON.stringify(doc)) };
  await run('readwrite', (s) => {
    s.put(record, record.id);
  });
  announce({ kind: 'scenario', action: 'saved', id: record.id, name: record.doc.name });
  return record;
}

/** Removes a stored scenario (broken ones too); removing an id that is not stored does nothing. `name`: for the other tabs' notice. */
export async function deleteScenario(id: string, name = ''): Promise<void> {
  await run('readwrite', (s) => {
    s.delete(id);
  });
  announce({ kind: 'scenario', action: 'deleted', id, name });
}
