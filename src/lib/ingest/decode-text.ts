/**
 * Bytes of a text file -> string. Bureaus save CSV from Excel as GBK ("ANSI" on Chinese Windows) as
 * often as UTF-8, so the encoding is detected, never assumed.
 */

export type TextEncodingName = 'utf-8' | 'gb18030';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
  /** Some bytes were not valid UTF-8 and became U+FFFD (a damaged file): worth a warning. */
  lossy: boolean;
}

const PROBE_BYTES = 64 * 1024;

/** True when the first 64 KiB are valid UTF-8 (a character cut at the boundary does not count against it). */
function looksUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, PROBE_BYTES), { stream: true });
    return true;
  } catch {
    return false;
  }
}

function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] > 0x7f) return false;
  return true;
}

/**
 * Decodes UTF-8 (BOM removed) or, failing that, GB18030 (a superset of GBK; Node's 'gbk' label mangles
 * 4-byte characters). A file whose first 64 KiB are plain ASCII is decided by the whole file.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  if (looksUtf8(bytes)) {
    try {
      return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8', lossy: false };
    } catch {
      // Invalid UTF-8 after the probe: with no multi-byte evidence before it, the file is GBK.
      if (!isAscii(bytes.subarray(0, PROBE_BYTES))) {
        return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf-8', lossy: true };
      }
    }
  }
  return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030', lossy: false };
}
