/**
 * A scenario in a link: JSON -> deflate-raw (the standard CompressionStream, in Chromium and Node >= 18)
 * -> base64url, carried in the URL's hash (`/simulate#s=<encoded>`).
 *
 * The hash, not the query string: a browser never sends the part after `#` to a server (not in the request,
 * not in the Referer), so a planner's scenario stays on the machines of the people the link is given to,
 * like the data itself. Anything read from a link is untrusted: decodeScenario refuses garbage and
 * truncated text as 'format' and checks the rest with parseScenario against the packages.
 */
import type { Package } from '../policy/schema.ts';
import { parseScenario, ScenarioError, type ScenarioDoc } from './scenario.ts';

/** The hash parameter that carries a scenario. */
export const HASH_KEY = 's';
/** A decompressed scenario larger than this is refused (a real one is a few kB; a link is no place for a bomb). */
const MAX_JSON_BYTES = 1 << 20;

async function pipe(bytes: Uint8Array, transform: CompressionStream | DecompressionStream, limit = Infinity): Promise<Uint8Array> {
  const reader = new Blob([bytes as BlobPart]).stream().pipeThrough(transform).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new ScenarioError(`the link holds more than ${limit} bytes: not a scenario`, 'format');
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

function toBase64url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]+$/.test(text) || text.length % 4 === 1) throw new ScenarioError('the link is damaged (not base64url text)', 'format');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** The scenario as compact URL-safe text (base64url of its deflated JSON). */
export async function encodeScenario(doc: ScenarioDoc): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(doc));
  return toBase64url(await pipe(json, new CompressionStream('deflate-raw')));
}

/**
 * The scenario a link carries, checked against the packages. Throws a ScenarioError: 'format' for text
 * that is not an encoded scenario (garbage, cut short when copied), else parseScenario's problem.
 */
export async function decodeScenario(text: string, packages: Package[]): Promise<ScenarioDoc> {
  const bytes = fromBase64url(text.trim());
  let raw: unknown;
  try {
    const json = await pipe(bytes, new DecompressionStream('deflate-raw'), MAX_JSON_BYTES);
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch (e) {
    if (e instanceof ScenarioError) throw e;
    throw new ScenarioError(`the link is damaged or incomplete (${(e as Error).message || 'cannot be decompressed'})`, 'format');
  }
  return parseScenario(raw, packages);
}

/** The link that opens the simulate page on a scenario: `${base}/simulate#s=<encoded>`. */
export function scenarioLink(base: string, encoded: string): string {
  return `${base.replace(/\/+$/, '')}/simulate#${HASH_KEY}=${encoded}`;
}

/** The encoded scenario in a location hash (`#s=...`, with or without the `#`), or null when there is none. */
export function readScenarioHash(hash: string): string | null {
  const value = new URLSearchParams(hash.replace(/^#/, '')).get(HASH_KEY);
  return value ? value : null;
}
