/** Maps a query slot to a chart card's state (stale data stays visible, dimmed, while a filter reloads). */
import type { ChartState, ChartTexts } from '../charts/types.ts';
import type { Slot } from './model.svelte.ts';
import { om } from './messages.ts';

export function chartState<T>(slot: Slot<T>, isEmpty: (d: T) => boolean): ChartState {
  if (slot.status === 'error') return 'error';
  if (slot.data === null) return 'loading';
  return isEmpty(slot.data) ? 'empty' : 'ready';
}

export const isStale = <T>(slot: Slot<T>) => slot.status === 'loading' && slot.data !== null;

export function chartTexts(empty?: string): ChartTexts {
  return { loading: om('chart.loading'), empty: empty ?? om('chart.empty'), error: om('chart.error') };
}
