/**
 * Two tabs of the app in one browser share what it keeps (the kept data, the saved scenarios, the target
 * edits), and the last write wins. So every write tells the other open tabs, on a BroadcastChannel (same
 * origin, this browser only, nothing leaves the machine); a tab that hears of a change to what it shows
 * says so and offers to load the new state, instead of showing, and later saving over, the old one.
 * A tab never hears its own messages. Where BroadcastChannel is missing, nothing is sent (as before).
 */

export type CrossTabChange =
  /** A saved scenario was saved (new or replaced) or deleted. */
  | { kind: 'scenario'; action: 'saved' | 'deleted'; id: string; name: string }
  /** The target edits changed. */
  | { kind: 'targets' }
  /** The kept data was replaced (a new load kept), forgotten, or set to open (or not) at start-up. */
  | { kind: 'data'; action: 'replaced' | 'forgotten' | 'active'; files?: number; loadedAt?: string };

const NAME = 'zcdx-cross-tab';

let channel: BroadcastChannel | null | undefined;
const listeners = new Set<(change: CrossTabChange) => void>();

function open(): BroadcastChannel | null {
  if (channel !== undefined) return channel;
  channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(NAME);
  (channel as { unref?: () => void } | null)?.unref?.(); // under Node (tests, CLI): never keeps the process alive
  if (channel) channel.onmessage = (e: MessageEvent) => listeners.forEach((fn) => fn(e.data as CrossTabChange));
  return channel;
}

/** Tells the other open tabs of the app that this tab wrote something they may be showing. */
export function announce(change: CrossTabChange): void {
  try {
    open()?.postMessage(change);
  } catch {
    // a closed channel or a value that cannot be cloned: the other tabs are not told, as before
  }
}

/** Calls `fn` for each change another tab announces; returns the function that stops listening. */
export function onOtherTab(fn: (change: CrossTabChange) => void): () => void {
  open();
  listeners.add(fn);
  return () => listeners.delete(fn);
}
