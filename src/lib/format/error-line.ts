/** An error's first line: DuckDB puts what happened there and advice for programmers after it. */
export const firstLine = (message: string | null | undefined): string => (message ?? '').split('\n')[0];
