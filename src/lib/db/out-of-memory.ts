/**
 * Whether an error is the database (DuckDB's memory limit, or the browser's WebAssembly heap) running out
 * of memory: the screens then say which step could not fit and that the CLI has no such limit.
 */
export const isOutOfMemory = (e: unknown): boolean => /out of memory|memory size exceeded|array buffer allocation failed/i.test(e instanceof Error ? e.message : String(e));
