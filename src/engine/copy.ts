// copy(): the library entry. Connects both clusters, resolves the indices, copies them and
// reports. Setup problems (bad input, unreachable cluster, missing index, unsupported read mode)
// reject `done` with an EsferryError before anything is written; problems during the copy
// resolve `done` with outcome 'failed' and a reason.
import { EventEmitter } from 'node:events';
import type { Cluster } from '../cluster/types.js';
import { connect } from '../cluster/connect.js';
import { createAdaptiveController } from '../write/concurrency/adaptive.js';
import { createFixedController } from '../write/concurrency/fixed.js';
import { pollThreadPool } from '../write/concurrency/pool-poller.js';
import type { ConcurrencyController } from '../write/concurrency/types.js';
import { DeadLetterFile } from '../write/dead-letter.js';
import { chooseReadMode } from '../read/read-mode.js';
import type { Checkpoint, CopyHandle, CopyOptions, CopyReport, ProgressEvent } from './types.js';
import { DEFAULTS } from './defaults.js';
import { copyIndex, type IndexJob, type IndexResult } from './copy-index.js';
import { resolveIndices } from './resolve-indices.js';
import { buildCopyReport } from './copy-report.js';
import { refuseSelfCopy } from './self-copy-guard.js';
import { checkCopyOptions, checkDestinationName } from './check-options.js';
import { EsferryError } from '../cluster/errors.js';

function chooseController(o: CopyOptions): { controller: ConcurrencyController; owned: boolean } {
  if (o.concurrency) return { controller: o.concurrency, owned: false };
  if (o.writers !== undefined) return { controller: createFixedController(Math.max(1, Math.floor(o.writers))), owned: true };
  const initial = Math.min(Math.max(DEFAULTS.writers, o.minWriters ?? 1), o.maxWriters ?? 64);
  return { controller: createAdaptiveController({ initial, min: o.minWriters, max: o.maxWriters }), owned: true };
}

class CopyRun extends EventEmitter implements CopyHandle {
  readonly done: Promise<CopyReport>;
  private readonly cancelController = new AbortController();
  private readonly hardAbortController = new AbortController();

  constructor(private readonly options: CopyOptions) {
    super();
    if (options?.signal) {
      if (options.signal.aborted) this.cancelController.abort();
      else options.signal.addEventListener('abort', () => this.cancel('signal aborted'), { once: true });
    }
    // start on the next turn so listeners attached right after copy() see every event
    this.done = new Promise<void>((r) => setImmediate(r)).then(() => this.run());
  }

  cancel(reason?: string): void {
    if (this.cancelController.signal.aborted) return;
    this.log(`cancelling${reason ? `: ${reason}` : ''}; reading stopped, letting the bulks already sent finish`);
    this.cancelController.abort();
  }

  abort(reason?: string): void {
    this.cancel(reason);
    if (this.hardAbortController.signal.aborted) return;
    this.log('aborting the bulks in flight');
    this.hardAbortController.abort();
  }

  private log(line: string): void {
    this.emit('log', line);
  }

  private async run(): Promise<CopyReport> {
    const o = this.options;
    const startedAt = new Date();
    const clusters: Cluster[] = [];
    const deadLetters = new Map<string, DeadLetterFile>();
    const stopPolling = new AbortController();
    let owned = false;
    let controller: ConcurrencyController | undefined;
    /** checkpoint callbacks not finished yet: the copy ends after them */
    const checkpoints = new Set<Promise<void>>();
    try {
      checkCopyOptions(o);
      const source = await connect(o.source);
      clusters.push(source);
      const dest = await connect(o.dest);
      clusters.push(dest);
      const jobs = await resolveIndices(source, o);
      for (const j of jobs) checkDestinationName(j.destIndex, j.sourceIndex);
      await refuseSelfCopy(source, dest, jobs);
      // refuse an unsupported forced read mode before copying anything
      for (const j of jobs) if (!o.resumeFrom?.length) chooseReadMode(source.dialect, o.readMode, j.shards);
      const sliceModes = ['sliced-scroll', 'search-after', 'pit'];
      if (o.slice && (!sliceModes.includes(o.readMode ?? 'auto') || jobs.length !== 1)) {
        throw new EsferryError('bad_input', `slice ${o.slice.id}/${o.slice.max} needs readMode 'sliced-scroll', 'search-after' or 'pit' and exactly one source index`);
      }
      ({ controller, owned } = chooseController(o));
      const ctl = controller;
      let minWriters = ctl.current();
      let maxWriters = ctl.current();
      const unsubscribe = ctl.subscribe((n) => {
        minWriters = Math.min(minWriters, n);
        maxWriters = Math.max(maxWriters, n);
      });
      // without node APIs (serverless) the writers adapt from 429s and latency alone
      const polling = ctl.onThreadPool && dest.dialect.features.nodeApis
        ? pollThreadPool(dest.transport, dest.dialect, ctl, 1000, stopPolling.signal, { log: (l) => this.log(l) })
        : Promise.resolve();

      // no file unless deadLetterFile is given: refused documents are then 'deadLetter' events
      const sharedDeadLetter = o.deadLetterFile;
      const deadLetterFor = (index: string): DeadLetterFile => {
        const key = sharedDeadLetter ?? index;
        let f = deadLetters.get(key);
        if (!f) {
          f = sharedDeadLetter
            ? new DeadLetterFile(sharedDeadLetter, (path) => this.log(`writing refused documents to the dead-letter file ${path}`))
            : new DeadLetterFile(undefined, undefined, (d) => this.emit('deadLetter', { sourceIndex: index, ...d }));
          deadLetters.set(key, f);
        }
        return f;
      };
      // a callback's promise says when the checkpoint was saved; one reader's are never in flight together
      const onCheckpoint = (cp: Checkpoint): Promise<void> | undefined => {
        this.emit('checkpoint', cp);
        if (!o.checkpoint) return undefined;
        let pending: void | Promise<void>;
        try {
          pending = o.checkpoint(cp);
        } catch (err) {
          pending = Promise.reject(err);
        }
        if (!pending || typeof pending.then !== 'function') return undefined;
        const done = Promise.resolve(pending).catch((err: unknown) => this.log(`checkpoint callback failed: ${(err as Error).message}`));
        checkpoints.add(done);
        void done.then(() => checkpoints.delete(done));
        return done;
      };
      const results: IndexResult[] = [];
      const queue = [...jobs];
      const worker = async () => {
        for (let job: IndexJob | undefined; (job = queue.shift()) && !this.cancelController.signal.aborted; ) {
          results.push(
            await copyIndex(job, {
              source,
              dest,
              options: o,
              controller: ctl,
              deadLetter: deadLetterFor,
              signal: this.cancelController.signal,
              hardSignal: this.hardAbortController.signal,
              progress: (p: ProgressEvent) => this.emit('progress', p),
              checkpoint: onCheckpoint,
              log: (l) => this.log(l),
            }),
          );
        }
      };
      const parallel = Math.max(1, Math.min(o.indexParallelism ?? DEFAULTS.indexParallelism, jobs.length));
      await Promise.all(Array.from({ length: parallel }, worker));
      stopPolling.abort();
      await polling;
      unsubscribe();
      while (checkpoints.size > 0) await Promise.all(checkpoints);
      await Promise.all([...deadLetters.values()].map((f) => f.close()));
      const order = new Map(jobs.map((j, i) => [j.sourceIndex, i]));
      results.sort((a, b) => order.get(a.report.sourceIndex)! - order.get(b.report.sourceIndex)!);
      const snap = ctl.snapshot();
      return buildCopyReport({
        results,
        cancelled: this.cancelController.signal.aborted,
        deadLetterFiles: [...deadLetters.values()].flatMap((f) => (f.created && f.path ? [f.path] : [])),
        writers: { final: snap.writers, min: minWriters, max: maxWriters, reason: snap.reason },
        startedAt,
        finishedAt: new Date(),
      });
    } finally {
      stopPolling.abort();
      await Promise.all([...deadLetters.values()].map((f) => f.close().catch(() => {})));
      if (owned) controller?.stop();
      await Promise.all(clusters.map((c) => c.close().catch(() => {})));
    }
  }
}

export function copy(options: CopyOptions): CopyHandle {
  return new CopyRun(options);
}
