// The --list file of `esferry run`: one index name or wildcard per line, `#` comments, blank
// lines ignored. Every line is checked before anything is copied, so one typo on line 317
// does not leave a half-finished migration behind.
import { readFile } from 'node:fs/promises';
import { indexNameProblem } from './index-name.js';

export interface ListEntry {
  pattern: string;
  /** 1-based line in the list file */
  line: number;
}

export class ListFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: { line: number; text: string; problem: string }[],
  ) {
    const first = problems[0]!;
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more bad line${problems.length > 2 ? 's' : ''})` : '';
    super(`${file}:${first.line}: invalid index name "${first.text}": ${first.problem}${more}`);
    this.name = 'ListFileError';
  }
}

export function parseListText(text: string, file = 'list'): ListEntry[] {
  const entries: ListEntry[] = [];
  const problems: { line: number; text: string; problem: string }[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const hash = raw.indexOf('#');
    const content = (hash >= 0 ? raw.slice(0, hash) : raw).trim();
    if (!content) return;
    const problem = indexNameProblem(content);
    if (problem) problems.push({ line: i + 1, text: content, problem });
    else if (!seen.has(content)) {
      seen.add(content);
      entries.push({ pattern: content, line: i + 1 });
    }
  });
  if (problems.length > 0) throw new ListFileError(file, problems);
  return entries;
}

export async function readListFile(file: string): Promise<ListEntry[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ListFileError(file, [{ line: 0, text: file, problem: code === 'ENOENT' ? 'file not found' : `cannot read (${code ?? String(err)})` }]);
  }
  const entries = parseListText(text, file);
  if (entries.length === 0) throw new ListFileError(file, [{ line: 0, text: file, problem: 'the list names no index' }]);
  return entries;
}
