/**
 * A tiny end-to-end test registry: test files call `test(name, fn)`; scripts/e2e.mjs runs them in one browser
 * profile, its storage cleared before each test, and counts the results. `fn` receives the context described
 * in scripts/e2e.mjs.
 */
export const registered = [];

/** Registers one end-to-end test. The name should read as a sentence. */
export function test(name, fn, { timeoutMs = 120_000 } = {}) {
  registered.push({ name, fn, timeoutMs });
}
