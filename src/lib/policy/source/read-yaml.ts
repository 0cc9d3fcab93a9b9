/**
 * Reads a policy source file (YAML with comments, parsed by the `yaml` library) into the package model.
 * Every error names the file and the line: YAML syntax errors from the parser's positions, errors in
 * an entry from the node at the entry's path.
 */
import { LineCounter, parseDocument } from 'yaml';
import type { PackageInput } from '../schema.ts';
import { compileSource, SourceError } from './compile-source.ts';
import { templateProblem } from '../labels.ts';

export interface PolicySource {
  file: string;
  /** The parsed YAML, kept so the package can be compiled again on other periods (re-basing). */
  raw: unknown;
}

export function readPolicySource(text: string, file: string): PolicySource & { lineOf: (path: (string | number)[]) => number | null } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length) {
    const e = doc.errors[0];
    // the most common slip: a text with ": " in it (English after the |) read as a key
    const hint = /compact mappings|Implicit map keys|Nested mappings/.test(e.message) ? ' (a text that contains ": " must be put in quotes: \'...\')' : '';
    throw new Error(`${file} line ${lines.linePos(e.pos[0]).line}: ${e.message.split('\n')[0]}${hint}`);
  }
  const lineOf = (path: (string | number)[]) => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node?.range) return lines.linePos(node.range[0]).line;
    }
    return null;
  };
  return { file, raw: doc.toJS(), lineOf };
}

/** Compiles a source file's text; errors read "<file> line <n> (<path>): <problem>". */
export function packageFromYaml(text: string, file: string, periods: Record<string, number> = {}): PackageInput {
  const source = readPolicySource(text, file);
  try {
    const model = compileSource(source.raw, periods);
    const problem = templateProblem(model as Parameters<typeof templateProblem>[0]);
    if (problem) throw new SourceError(problem.path, problem.message);
    return model;
  } catch (e) {
    if (!(e instanceof SourceError)) throw e;
    const line = source.lineOf(e.path);
    throw new Error(`${file}${line ? ` line ${line}` : ''} (${e.path.join('.')}): ${e.message}`);
  }
}
