// Model of one node's Elasticsearch write thread pool: a bulk fans out into one task per
// destination shard; a task runs if a thread is free, waits if the queue has room, and is
// rejected (all its items answered 429) otherwise. The `rejected` counter counts shard tasks,
// as the real `_nodes/stats/thread_pool` counter does.

export interface PoolSettings {
  threads: number;
  queueSize: number;
  /** documents per second ONE thread indexes (as in the test cluster's WritePool); the pool's
   *  capacity is threads × docsPerSecond */
  docsPerSecond: number;
}

export interface ShardTask {
  bulkId: number;
  docs: number;
}

export interface PoolCounters {
  rejected: number;
  queue: number;
  active: number;
  threads: number;
  queueSize: number;
}

export class SimWritePool {
  private settings: PoolSettings;
  private active = 0;
  private waiting: ShardTask[] = [];
  private rejectedTasks = 0;

  constructor(settings: PoolSettings) {
    this.settings = { ...settings };
  }

  /** documents per second the whole pool indexes when every thread is busy */
  get capacityDocsPerSecond(): number {
    return this.settings.docsPerSecond * this.settings.threads;
  }

  change(next: Partial<PoolSettings>): void {
    this.settings = { ...this.settings, ...next };
  }

  /** ms one thread needs for a task of `docs` documents */
  serviceMs(docs: number): number {
    return (docs / this.settings.docsPerSecond) * 1000;
  }

  /** 'run' (caller schedules its completion), 'queued' or 'rejected' */
  submit(task: ShardTask): 'run' | 'queued' | 'rejected' {
    if (this.active < this.settings.threads) {
      this.active += 1;
      return 'run';
    }
    if (this.waiting.length < this.settings.queueSize) {
      this.waiting.push(task);
      return 'queued';
    }
    this.rejectedTasks += 1;
    return 'rejected';
  }

  /** a thread finished; returns the queued task it picks up next, if any */
  finish(): ShardTask | undefined {
    this.active -= 1;
    // threads removed by a capacity change retire instead of taking more work
    if (this.active >= this.settings.threads) return undefined;
    const next = this.waiting.shift();
    if (next) this.active += 1;
    return next;
  }

  /** after threads were added: queued tasks that start now */
  startWaiting(): ShardTask[] {
    const started: ShardTask[] = [];
    while (this.active < this.settings.threads && this.waiting.length > 0) {
      started.push(this.waiting.shift()!);
      this.active += 1;
    }
    return started;
  }

  counters(): PoolCounters {
    return {
      rejected: this.rejectedTasks,
      queue: this.waiting.length,
      active: this.active,
      threads: this.settings.threads,
      queueSize: this.settings.queueSize,
    };
  }
}
