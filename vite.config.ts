import { availableParallelism } from 'node:os';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { policyPackages } from './scripts/lib/vite-policy-packages.ts';

export default defineConfig({
  plugins: [sveltekit(), policyPackages()],
  server: { fs: { allow: ['data'] } },
  optimizeDeps: { exclude: ['@duckdb/duckdb-wasm', 'parquet-wasm'] },
  worker: { format: 'es' },
  // bundlerTimings: rolldown's 'plugins took long' notes are noise on a busy 2-core machine.
  build: { chunkSizeWarningLimit: 2000, rolldownOptions: { checks: { bundlerTimings: false } } },
  test: {
    include: ['test/unit/**/*.test.ts', 'src/**/*.test.ts'],
    pool: 'forks',
    // one test file per core: vitest's default leaves a core to its own process, which only waits (on 2 cores
    // that ran one file at a time: 486 s for the suite, 254 s with two)
    maxWorkers: availableParallelism(),
    // files in a worker share its modules: each file imported DuckDB, the engine and the ingest again (78 s -> 33 s of imports)
    isolate: false,
    testTimeout: 60_000
  }
});
