/**
 * DuckDB starts with the app, before the first page renders: its worker compiles and initialises while the
 * page's own code loads and hydrates. Not on /bench, which times a DuckDB of its own (a second one loading the
 * sample beside it took CPU and memory from what it measures).
 */
import { dataset } from './lib/app/dataset.svelte.ts';

export const init = () => {
  if (!location.pathname.startsWith('/bench')) dataset.start();
};
