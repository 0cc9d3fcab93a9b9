/**
 * The console hook (`window.__dashboard`): the live dataset for end-to-end tests and power users, installed when
 * the app's layout loads.
 */
import { dataset, type Dataset } from './dataset.svelte.ts';

/** What the console hook shows: the live dataset, with a `ready` that resolves to true once the data is in. */
type DashboardHook = Omit<Dataset, 'ready'> & { ready: Promise<unknown> };

declare global {
  interface Window {
    /** Hook for end-to-end tests and for power users in the console. */
    __dashboard?: DashboardHook;
  }
}

if (typeof window !== 'undefined') {
  const ready = dataset.ready.then(() => true);
  ready.catch(() => {});
  // a proxy reads the dataset's fields when asked (they are $state) and binds its methods to it
  window.__dashboard = new Proxy(dataset, {
    get(target, key) {
      if (key === 'ready') return ready;
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    }
  }) as unknown as DashboardHook;
}
