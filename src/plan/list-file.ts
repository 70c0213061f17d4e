// The --list file of `esferry run`: one index name or wildcard per line, `#` comments, blank
// lines ignored. Every line is checked before anything is copied, so one typo on line 317
// does not leave a half-finished migration behind.
import { readFile } from 'node:fs/promises';
import { indexNameProblem, showName } from './index-name.js';

export interface ListEntry {
  pattern: string;
  /** 1-based line in the list file (the position in --index NAMES) */
  line: number;
}

export interface ListProblem {
  /** 1-based line; absent when the problem is the file itself (missing, unreadable, wrong encoding) */
  line?: number;
  text?: string;
  problem: string;
}

export class ListFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: ListProblem[],
  ) {
    const first = problems[0]!;
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more bad line${problems.length > 2 ? 's' : ''})` : '';
    super(
      first.line === undefined
        ? `list file ${showName(file)}: ${first.problem}`
        : `${file}:${first.line}: invalid index name ${showName(first.text ?? '')}: ${first.problem}${more}`,
    );
    this.name = 'ListFileError';
  }
}

function checkedEntries(items: { text: string; line: number }[], file: string): ListEntry[] {
  const entries: ListEntry[] = [];
  const problems: ListProblem[] = [];
  const seen = new Set<string>();
  for (const { text, line } of items) {
    const problem = indexNameProblem(text);
    if (problem) problems.push({ line, text, problem });
    else if (!seen.has(text)) {
      seen.add(text);
      entries.push({ pattern: text, line });
    }
  }
  if (problems.length > 0) throw new ListFileError(file, problems);
  return entries;
}

export function parseListText(text: string, file = 'list'): ListEntry[] {
  const items: { text: string; line: number }[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const hash = raw.indexOf('#');
    const content = (hash >= 0 ? raw.slice(0, hash) : raw).trim();
    if (content) items.push({ text: content, line: i + 1 });
  });
  return checkedEntries(items, file);
}

/**
 * `--index a,b*`: comma-separated names. Unlike a list file there are no comments here, so
 * `logs#1` is refused as an invalid name instead of quietly meaning `logs`.
 */
export function parseIndexNames(text: string, flag = '--index'): ListEntry[] {
  const items = text.split(',').map((t, i) => ({ text: t.trim(), line: i + 1 }));
  if (items.every((i) => !i.text)) throw new ListFileError(flag, [{ problem: `${flag} needs at least one index name` }]);
  return checkedEntries(items.filter((i) => i.text), flag);
}

/**
 * List files are UTF-8. A byte-order mark tells UTF-16 (what some Windows editors save) apart,
 * and such files are decoded; NUL bytes without one mean an encoding we cannot guess.
 */
export function decodeListBytes(bytes: Buffer): string | { problem: string } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  if (bytes.includes(0)) return { problem: 'contains NUL bytes (UTF-16 without a byte-order mark, or not a text file): save it as UTF-8' };
  const text = bytes.toString('utf8');
  return text.startsWith('\ufeff') ? text.slice(1) : text;
}

export async function readListFile(file: string): Promise<ListEntry[]> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const problem = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not a file' : code === 'EACCES' ? 'permission denied' : `cannot read it (${code ?? String(err)})`;
    throw new ListFileError(file, [{ problem }]);
  }
  const text = decodeListBytes(bytes);
  if (typeof text !== 'string') throw new ListFileError(file, [text]);
  const entries = parseListText(text, file);
  if (entries.length === 0) throw new ListFileError(file, [{ problem: 'names no index (only comments or blank lines)' }]);
  return entries;
}
