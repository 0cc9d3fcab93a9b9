/**
 * DuckDB starts with the app, before the first page renders: its worker compiles and initialises while the
 * page's own code loads and hydrates (0.4-0.6 s earlier than from the layout's onMount on this machine).
 */
import { dataset } from './lib/app/dataset.svelte.ts';

export const init = () => {
  dataset.start();
};
