// Files a run will write later (--dead-letter, --report, --state) are checked before anything is
// written: a missing parent folder is created, an unwritable place is refused up front. Otherwise
// refused documents would be lost at the first write, or a report missing after a long copy.
import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { EsferryError } from '../cluster/errors.js';

/** Creates the parent folder when needed and proves the file can be written; throws bad_input. */
export async function prepareOutputFile(file: string, flag: string): Promise<string> {
  if (!file.trim()) throw new EsferryError('bad_input', `${flag} needs a file name`);
  const path = resolve(file);
  const dir = dirname(path);
  const fail = (why: string) => new EsferryError('bad_input', `${flag} ${file}: ${why}`);
  try {
    await mkdir(dir, { recursive: true });
  } catch (err) {
    throw fail(`cannot create its folder ${dir} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory()) throw fail('is a directory; give a file name');
  try {
    await access(existing ? path : dir, constants.W_OK);
  } catch {
    throw fail(existing ? 'the file is not writable' : `the folder ${dir} is not writable`);
  }
  return path;
}
