// The memory pacer asks for collections only past its threshold, and stops when told.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { startMemoryPacer } from '../../src/engine/memory-pacer.js';

test('past the threshold it collects; under it, never; stop() ends it', async () => {
  const busy = startMemoryPacer({ thresholdBytes: 0, intervalMs: 1 });
  while (busy.collections === 0) await delay(5);
  busy.stop();
  const after = busy.collections;
  await delay(300);
  assert.equal(busy.collections, after, 'no collections after stop()');

  const idle = startMemoryPacer({ thresholdBytes: Number.MAX_SAFE_INTEGER, intervalMs: 1 });
  await delay(50);
  idle.stop();
  assert.equal(idle.collections, 0);
  assert.equal((globalThis as { gc?: unknown }).gc, undefined, 'no global gc leaks into the main context');
});
