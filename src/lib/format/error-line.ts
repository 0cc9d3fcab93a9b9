/** What went wrong, as text: an Error's message, or whatever else was thrown. */
export const errorMessage = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** An error's first line: DuckDB puts what happened there and advice for programmers after it. */
export const firstLine = (message: string | null | undefined): string => (message ?? '').split('\n')[0];
