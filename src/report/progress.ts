// Live progress of a run: a cli-progress multibar (one bar per active index plus a total) when
// stderr is a terminal, plain lines every few seconds otherwise, nothing with --quiet.
// cli-progress (and the string-width tables it brings) is loaded only when bars are drawn.
import { createRequire } from 'node:module';
import type cliProgressModule from 'cli-progress';
import type { ProgressEvent } from '../engine/types.js';
import { formatDuration, formatNumber } from './table.js';

export type ProgressStyle = 'auto' | 'bars' | 'lines' | 'json' | 'none';

export interface ProgressSink {
  /** an index starts (total = docs expected) */
  start(index: string, total: number): void;
  update(p: ProgressEvent): void;
  /** an index is finished (bar removed, final line printed) */
  finish(index: string, line: string): void;
  /** an informational message that must not be garbled by the bars (silenced by --quiet) */
  log(line: string): void;
  /** a warning: shown even with --quiet */
  warn(line: string): void;
  stop(): void;
}

interface Tally {
  total: number;
  done: number;
  rate: number;
  writers: number;
  retries: number;
}

function eta(remaining: number, rate: number): string {
  return rate > 0 ? formatDuration((remaining / rate) * 1000) : '-';
}

/** Shared bookkeeping: per-index tallies and the grand total. */
class Tallies {
  readonly byIndex = new Map<string, Tally>();
  grandTotal = 0;
  start(index: string, total: number): void {
    this.byIndex.set(index, { total, done: 0, rate: 0, writers: 0, retries: 0 });
    this.grandTotal = [...this.byIndex.values()].reduce((a, t) => a + t.total, 0);
  }
  update(p: ProgressEvent): Tally {
    const t = this.byIndex.get(p.sourceIndex) ?? { total: p.total, done: 0, rate: 0, writers: 0, retries: 0 };
    t.total = Math.max(t.total, p.total);
    t.done = p.written + p.skipped + p.deadLettered + p.dropped;
    t.rate = p.docsPerSecond;
    t.writers = p.writers;
    t.retries = p.retries;
    this.byIndex.set(p.sourceIndex, t);
    this.grandTotal = [...this.byIndex.values()].reduce((a, x) => a + x.total, 0);
    return t;
  }
  get sum(): Tally {
    const all = [...this.byIndex.values()];
    return {
      total: this.grandTotal,
      done: all.reduce((a, t) => a + t.done, 0),
      rate: all.reduce((a, t) => a + t.rate, 0),
      writers: all.reduce((a, t) => a + t.writers, 0),
      retries: all.reduce((a, t) => a + t.retries, 0),
    };
  }
  finish(index: string): void {
    const t = this.byIndex.get(index);
    if (t) {
      t.done = Math.max(t.done, t.total);
      t.rate = 0;
      t.writers = 0;
    }
  }
}

/** lets a periodic printer through at most once per interval */
class Throttle {
  private last = 0;
  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}
  due(): boolean {
    const t = this.now();
    if (t - this.last < this.intervalMs) return false;
    this.last = t;
    return true;
  }
}

class BarsSink implements ProgressSink {
  private readonly tallies = new Tallies();
  private readonly multibar: cliProgressModule.MultiBar;
  private readonly bars = new Map<string, cliProgressModule.SingleBar>();
  private readonly totalBar: cliProgressModule.SingleBar;

  constructor(stream: NodeJS.WritableStream) {
    const cliProgress = createRequire(import.meta.url)('cli-progress') as typeof cliProgressModule;
    this.multibar = new cliProgress.MultiBar(
      {
        stream: stream as NodeJS.WriteStream,
        clearOnComplete: false,
        hideCursor: true,
        format: '{name} |{bar}| {percentage}% {value}/{total} | {rate}/s | ETA {eta_h} | writers {writers} | retries {retries}',
        barsize: 20,
        fps: 5,
      },
      cliProgress.Presets.shades_classic,
    );
    this.totalBar = this.multibar.create(0, 0, this.payload('TOTAL', { total: 0, done: 0, rate: 0, writers: 0, retries: 0 }));
  }

  private payload(name: string, t: Tally): Record<string, unknown> {
    return { name: name.padEnd(20).slice(0, 20), rate: formatNumber(Math.round(t.rate)), eta_h: eta(t.total - t.done, t.rate), writers: t.writers, retries: t.retries };
  }

  start(index: string, total: number): void {
    this.tallies.start(index, total);
    this.bars.set(index, this.multibar.create(Math.max(total, 1), 0, this.payload(index, this.tallies.byIndex.get(index)!)));
    this.refreshTotal();
  }

  update(p: ProgressEvent): void {
    const t = this.tallies.update(p);
    const bar = this.bars.get(p.sourceIndex);
    if (bar) {
      bar.setTotal(Math.max(t.total, t.done, 1));
      bar.update(t.done, this.payload(p.sourceIndex, t));
    }
    this.refreshTotal();
  }

  private refreshTotal(): void {
    const s = this.tallies.sum;
    this.totalBar.setTotal(Math.max(s.total, s.done, 1));
    this.totalBar.update(s.done, this.payload('TOTAL', s));
  }

  finish(index: string, line: string): void {
    this.tallies.finish(index);
    const bar = this.bars.get(index);
    if (bar) {
      this.multibar.remove(bar);
      this.bars.delete(index);
    }
    this.refreshTotal();
    this.multibar.log(`${line}\n`);
  }

  log(line: string): void {
    this.multibar.log(`${line}\n`);
  }

  warn(line: string): void {
    this.multibar.log(`${line}\n`);
  }

  stop(): void {
    // lines given to log() wait for the next redraw; draw once more so none is lost
    this.multibar.update();
    this.multibar.stop();
  }
}

class LinesSink implements ProgressSink {
  private readonly tallies = new Tallies();
  private readonly throttle: Throttle;

  constructor(
    private readonly write: (line: string) => void,
    intervalMs: number,
    private readonly warnWrite: (line: string) => void = write,
  ) {
    this.throttle = new Throttle(intervalMs);
  }

  warn(line: string): void {
    this.warnWrite(line);
  }

  start(index: string, total: number): void {
    this.tallies.start(index, total);
    this.write(`start ${index}: ${formatNumber(total)} docs`);
  }

  update(p: ProgressEvent): void {
    this.tallies.update(p);
    if (!this.throttle.due()) return;
    const s = this.tallies.sum;
    const active = [...this.tallies.byIndex.entries()].filter(([, x]) => x.done < x.total).map(([n, x]) => `${n} ${pct(x)}`);
    this.write(
      `progress ${formatNumber(s.done)}/${formatNumber(s.total)} docs (${pct(s)}) ${formatNumber(Math.round(s.rate))} docs/s ETA ${eta(s.total - s.done, s.rate)} writers ${s.writers} retries ${s.retries}${active.length ? ` | ${active.join(', ')}` : ''}`,
    );
  }

  finish(index: string, line: string): void {
    this.tallies.finish(index);
    this.write(line);
  }

  log(line: string): void {
    this.write(line);
  }

  stop(): void {}
}

function pct(t: Tally): string {
  return t.total > 0 ? `${Math.min(100, Math.floor((t.done / t.total) * 100))}%` : '-';
}

/** --json: one JSON object per line — start, progress (every interval), finish, info, warning */
class JsonLinesSink implements ProgressSink {
  private readonly tallies = new Tallies();
  private readonly throttle: Throttle;

  constructor(
    private readonly emit: (e: Record<string, unknown>, always?: boolean) => void,
    intervalMs: number,
  ) {
    this.throttle = new Throttle(intervalMs);
  }

  start(index: string, total: number): void {
    this.tallies.start(index, total);
    this.emit({ event: 'start', index, total });
  }

  update(p: ProgressEvent): void {
    this.tallies.update(p);
    if (!this.throttle.due()) return;
    const s = this.tallies.sum;
    const indices = [...this.tallies.byIndex.entries()].map(([index, x]) => ({ index, done: x.done, total: x.total, docsPerSecond: Math.round(x.rate), writers: x.writers, retries: x.retries }));
    this.emit({ event: 'progress', done: s.done, total: s.total, docsPerSecond: Math.round(s.rate), writers: s.writers, retries: s.retries, indices });
  }

  finish(index: string, line: string): void {
    this.tallies.finish(index);
    this.emit({ event: 'finish', index, message: line });
  }

  log(line: string): void {
    this.emit({ event: 'info', message: line });
  }

  warn(line: string): void {
    this.emit({ event: 'warning', message: line }, true);
  }

  stop(): void {}
}

class SilentSink implements ProgressSink {
  constructor(private readonly warnWrite: (line: string) => void) {}
  start(): void {}
  update(): void {}
  finish(): void {}
  log(): void {}
  /** warnings still go out */
  warn(line: string): void {
    this.warnWrite(line);
  }
  stop(): void {}
}

export function createProgress(opts: {
  style: ProgressStyle;
  quiet: boolean;
  stream: NodeJS.WritableStream & { isTTY?: boolean };
  /** every line printed goes through this (redaction) */
  write: (line: string) => void;
  /** warnings (default: write); printed even when quiet */
  warn?: (line: string) => void;
  intervalMs?: number;
  /** JSON lines for the json style */
  event?: (e: Record<string, unknown>, always?: boolean) => void;
}): ProgressSink {
  const warn = opts.warn ?? opts.write;
  if (opts.quiet || opts.style === 'none') return new SilentSink(warn);
  if (opts.style === 'json') return new JsonLinesSink(opts.event ?? ((e) => opts.write(JSON.stringify(e))), opts.intervalMs ?? 10_000);
  const style = opts.style === 'auto' ? (opts.stream.isTTY ? 'bars' : 'lines') : opts.style;
  if (style === 'bars') return new BarsSink(opts.stream);
  return new LinesSink(opts.write, opts.intervalMs ?? 10_000, warn);
}
