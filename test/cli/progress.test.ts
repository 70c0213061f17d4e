// Progress rendering: bars on a terminal, throttled lines otherwise, nothing with --quiet.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import type { ProgressEvent } from '../../src/engine/types.js';
import { createProgress } from '../../src/report/progress.js';

function event(sourceIndex: string, written: number, total: number): ProgressEvent {
  return {
    sourceIndex, destIndex: sourceIndex, total, read: written, written, skipped: 0, deadLettered: 0, dropped: 0, retries: 2,
    rejectedItems: 0, docsPerSecond: 1000, bytesPerSecond: 1, inFlightDocs: 0, inFlightBytes: 0, writers: 3, elapsedMs: 1,
  };
}

test('bars: one bar per active index and a total, on a TTY stream', async () => {
  const stream = Object.assign(new PassThrough(), { isTTY: true, columns: 160, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  let text = '';
  stream.on('data', (d: Buffer) => (text += d.toString()));
  const sink = createProgress({ style: 'auto', quiet: false, stream, write: () => {} });
  sink.start('logs-a', 100);
  sink.start('logs-b', 50);
  sink.update(event('logs-a', 40, 100));
  sink.update(event('logs-b', 50, 50));
  sink.finish('logs-b', 'done logs-b');
  sink.stop();
  assert.match(text, /TOTAL/);
  assert.match(text, /logs-a/);
  assert.match(text, /done logs-b/);
  assert.match(text, /writers 3/);
});

test('lines: throttled to the interval, with totals and per-index percentages', () => {
  const lines: string[] = [];
  const sink = createProgress({ style: 'lines', quiet: false, stream: new PassThrough(), write: (l) => lines.push(l), intervalMs: 10_000 });
  sink.start('logs-a', 100);
  for (let i = 1; i <= 10; i++) {
    sink.update(event('logs-a', i * 10, 100));
  }
  sink.finish('logs-a', 'done logs-a');
  const progress = lines.filter((l) => l.startsWith('progress'));
  assert.ok(progress.length >= 1 && progress.length <= 2, lines.join('\n'));
  assert.match(progress[0]!, /progress 10\/100 docs \(10%\) 1,000 docs\/s/);
  assert.equal(lines.at(-1), 'done logs-a');
});

test('quiet: no progress, warnings still pass', () => {
  const lines: string[] = [];
  const sink = createProgress({ style: 'bars', quiet: true, stream: new PassThrough(), write: (l) => lines.push(l) });
  sink.start('x', 1);
  sink.update(event('x', 1, 1));
  sink.log('info is silenced');
  sink.warn('WARNING something');
  sink.stop();
  assert.deepEqual(lines, ['WARNING something']);
});
