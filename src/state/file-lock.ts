// An exclusive lock file next to the state file (`FILE.lock`), taken with O_EXCL. A lock left behind by a
// process that died on this host (kill -9) is recognised as stale and taken over.
import { mkdir, open, readFile, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { hostname } from 'node:os';
import { EsferryError } from '../cluster/errors.js';
import type { StateLock } from './store.js';

interface LockInfo {
  owner: string;
  host: string;
  pid: number;
  since: string;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readLock(path: string): Promise<LockInfo | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as LockInfo;
  } catch {
    return undefined;
  }
}

export async function acquireFileLock(path: string, owner: string, force = false): Promise<StateLock> {
  const info: LockInfo = { owner, host: hostname(), pid: process.pid, since: new Date().toISOString() };
  await mkdir(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fh = await open(path, 'wx', 0o600);
      await fh.writeFile(JSON.stringify(info));
      await fh.close();
      let released = false;
      return {
        owner,
        async release() {
          if (released) return;
          released = true;
          const current = await readLock(path);
          if (current && current.pid === info.pid && current.since === info.since) await unlink(path).catch(() => undefined);
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = await readLock(path);
      const stale = force || (holder !== undefined && holder.host === info.host && !processAlive(holder.pid));
      if (!stale) {
        const who = holder ? `${holder.owner} (pid ${holder.pid} on ${holder.host}, since ${holder.since})` : 'another run';
        throw new EsferryError(
          'bad_input',
          `state is locked by ${who}: ${path} exists; wait for that run to end, or take the lock over with the force option (or delete ${path}) if it is no longer running`,
        );
      }
      await unlink(path).catch(() => undefined);
    }
  }
  throw new EsferryError('bad_input', `could not take the state lock ${path}; delete it if no esferry run is using it`);
}
