// kill -9 mid-copy, then resume from a state file: an unsliced search_after read resumes inside the index.
import { test } from 'node:test';
import { runCrashScenario } from './support/crash-scenario.js';
import { COPY_TUNING } from './support/tuning.js';

test('kill -9 mid-copy, resume from a state file (search_after, 7.17 → 8.15): identical doc sets, nothing copied twice', { timeout: 60_000 }, (t) =>
  runCrashScenario(t, {
    source: '7.17',
    dest: '8.15',
    state: 'file',
    tuning: COPY_TUNING,
    readers: 1,
    killWhen: (b) => b.acknowledged >= 1000,
  }));
