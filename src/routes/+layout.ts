// DuckDB-WASM must never load during SSR; the app is a static SPA.
export const ssr = false;
export const prerender = false;
