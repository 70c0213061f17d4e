// The fault scenarios: each starts its own clusters, copies one index through the fault with the
// real CLI, and — when the fault makes the run fail — reruns or resumes it the way the failing
// run's message says, so every row ends with every document accounted for.
import { countDocs, esCall } from '../lib/es-admin.js';
import { ORIGINAL, errorLine, reportedDeadLetters, settingsRestored, startCli, startCluster, underWay, waitUp, type CliResult } from './harness.js';
import type { ChildCluster } from '../adaptive/cluster-backend.js';

export interface ScenarioContext {
  docs: number;
  /** a fresh directory for state, report and dead-letter files */
  dir: string;
}

export interface FaultRow {
  scenario: string;
  expected: number;
  arrived: number;
  deadLettered: number;
  /** exit code (or the signal that ended it) of the faulted run, then of the rerun/resume when one was needed */
  exits: string[];
  /** original settings back after the faulted run (or its resume, when the run was killed) */
  restored: boolean;
  met: boolean;
  /** what happened, in a few words (the failing run's message when it failed) */
  outcome: string;
}

export type Outcome = Omit<FaultRow, 'scenario'>;

export interface Scenario {
  name: string;
  /** fast enough for the suite's smoke test */
  smoke?: boolean;
  run(ctx: ScenarioContext): Promise<Outcome>;
}

const INDEX = 'logs';
const BULK = ['--bulk-docs', '200', '--progress', 'lines', '--progress-interval', '0.2'];

interface Pair {
  src: ChildCluster;
  dst: ChildCluster;
}

async function withPair<T>(ctx: ScenarioContext, srcVersion: string, fn: (p: Pair) => Promise<T>): Promise<T> {
  const [src, dst] = await Promise.all([startCluster(srcVersion, [`${INDEX}:${ctx.docs}`]), startCluster('7.17')]);
  try {
    const r = await esCall(src.url, 'PUT', `/${INDEX}/_settings`, { index: ORIGINAL });
    if (r.status !== 200) throw new Error(`source settings: ${r.status} ${JSON.stringify(r.json)}`);
    return await fn({ src, dst });
  } finally {
    await Promise.all([src.stop(), dst.stop()]);
  }
}

function copyArgs(p: Pair, ctx: ScenarioContext, extra: string[] = [], dest = p.dst.url): string[] {
  return ['copy', '--source', p.src.url, '--dest', dest, '--index', INDEX, '--report', `${ctx.dir}/report.json`, ...BULK, ...extra];
}

const short = (s: string) => (s.length > 140 ? `${s.slice(0, 137)}...` : s).replace(/\|/g, '\\|');

/** Why the run stopped, without the per-run ports of the test clusters. */
function reason(r: CliResult): string {
  if (r.signal) return `killed (${r.signal})`;
  const line = errorLine(r);
  // "failed a → b: counts (a → b: why)": the why
  const why = /^failed [^(]*\((?:[^:]+: )?(.*)\)$/.exec(line)?.[1] ?? line.replace(/^esferry: /, '');
  // the hint after " — " (check the URL, send again to ...) is for a person at the terminal
  return `exit ${r.code}: ${why.split(' — ')[0]!.replace(/http:\/\/127\.0\.0\.1:\d+/g, '').replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT')}`;
}

/** A row from the final state of the destination. */
async function row(ctx: ScenarioContext, p: Pair, runs: CliResult[], restored: boolean, expect: { exits: string[]; message?: RegExp; then?: string }, index = INDEX): Promise<Outcome> {
  const arrived = await countDocs(p.dst.url, index).catch(() => 0);
  const deadLettered = await reportedDeadLetters(`${ctx.dir}/report.json`);
  if (process.env.FAULTS_VERBOSE) for (const r of runs) process.stderr.write(`\n--- exit ${r.code ?? r.signal}\n${r.stdout}${r.stderr.replace(/^progress .*\n/gm, '')}`);
  const exits = runs.map((r) => String(r.code ?? r.signal));
  const first = runs[0]!;
  const messageOk = !expect.message || expect.message.test(`${first.stderr}\n${first.stdout}`);
  const complete = arrived + deadLettered === ctx.docs && exits[exits.length - 1] === '0';
  const met = complete && restored && messageOk && exits.join() === expect.exits.join();
  const outcome = runs.length === 1 ? (first.code === 0 ? 'copied in one run' : short(reason(first))) : `${short(reason(first))}; ${expect.then ?? 'a rerun'} completed the copy`;
  return { expected: ctx.docs, arrived, deadLettered, exits, restored, met, outcome };
}

export const SCENARIOS: Scenario[] = [
  {
    name: 'destination 429 storm (70 % of bulks refused whole)',
    run: (ctx) => withPair(ctx, '7.17', async (p) => {
      await p.dst.faults({ failRate: { status: 429, fraction: 0.7, routes: '_bulk' } });
      const r = await startCli(copyArgs(p, ctx)).done;
      await p.dst.faults({ reset: true });
      return row(ctx, p, [r], await settingsRestored(p.dst.url, INDEX), { exits: ['0'] });
    }),
  },
  {
    name: 'destination restart mid-bulk (bulk applied, answer lost, 2 s down)',
    smoke: true,
    run: (ctx) => withPair(ctx, '7.17', async (p) => {
      await p.dst.faults({ restartOn: { routes: '_bulk', nth: 3, downMs: 2000 } });
      const r = await startCli(copyArgs(p, ctx)).done;
      return row(ctx, p, [r], await settingsRestored(p.dst.url, INDEX), { exits: ['0'] });
    }),
  },
  {
    name: 'destination restart mid-bulk with --op-type create (the resent bulk meets its own documents)',
    run: (ctx) => withPair(ctx, '7.17', async (p) => {
      await p.dst.faults({ restartOn: { routes: '_bulk', nth: 3, downMs: 1500 } });
      const r = await startCli(copyArgs(p, ctx, ['--op-type', 'create'])).done;
      return row(ctx, p, [r], await settingsRestored(p.dst.url, INDEX), { exits: ['0'] });
    }),
  },
  {
    name: 'destination restart while the settings are restored',
    run: (ctx) => withPair(ctx, '7.17', async (p) => {
      // the first PUT _settings tunes the index for loading, the second puts the originals back
      await p.dst.faults({ restartOn: { routes: '^PUT /logs/_settings', nth: 2, downMs: 1500 } });
      const first = await startCli(copyArgs(p, ctx)).done;
      await waitUp(p.dst.url);
      const again = first.code === 0 ? [] : [await startCli(copyArgs(p, ctx)).done];
      // the restore waits for the node to come back (a restore that still fails: exit 1, the curl to run, the next run restores)
      return row(ctx, p, [first, ...again], await settingsRestored(p.dst.url, INDEX), { exits: ['0'] });
    }),
  },
  {
    name: 'source restart mid-scroll (6.8 sliced scroll, context gone, 1.5 s down)',
    run: (ctx) => withPair(ctx, '6.8', async (p) => {
      await p.src.faults({ restartOn: { routes: '_search/scroll', nth: 3, downMs: 1500 } });
      const first = await startCli(copyArgs(p, ctx, ['--read-mode', 'sliced-scroll'])).done;
      await Promise.all([waitUp(p.src.url), waitUp(p.dst.url)]);
      const restored = await settingsRestored(p.dst.url, INDEX);
      const again = first.code === 0 ? [] : [await startCli(copyArgs(p, ctx)).done];
      return row(ctx, p, [first, ...again], restored, { exits: ['1', '0'], message: /^failed logs .*scroll.*Run the copy again/m });
    }),
  },
  {
    name: 'both restart (7.17 source reading a PIT, destination mid-bulk)',
    run: (ctx) => withPair(ctx, '7.17', async (p) => {
      await Promise.all([
        p.src.faults({ restartOn: { routes: '_search', nth: 3, downMs: 1500 } }),
        p.dst.faults({ restartOn: { routes: '_bulk', nth: 3, downMs: 1500 } }),
      ]);
      const first = await startCli(copyArgs(p, ctx)).done;
      await Promise.all([waitUp(p.src.url), waitUp(p.dst.url)]);
      const restored = await settingsRestored(p.dst.url, INDEX);
      const again = first.code === 0 ? [] : [await startCli(copyArgs(p, ctx)).done];
      return row(ctx, p, [first, ...again], restored, { exits: ['0'] });
    }),
  },
  {
    name: 'slow destination (300 ms per answer)',
    run: (ctx) => withPair(ctx, '7.17', async (p) => {
      await p.dst.faults({ latencyMs: 300 });
      const r = await startCli(copyArgs(p, ctx)).done;
      await p.dst.faults({ reset: true });
      return row(ctx, p, [r], await settingsRestored(p.dst.url, INDEX), { exits: ['0'] });
    }),
  },
  {
    name: 'kill -9 mid-copy, then --resume',
    run: (ctx) => withPair(ctx, '7.17', async (p) => {
      const { first, resumed } = await interruptThenResume(ctx, p, 'SIGKILL');
      // a killed process restores nothing: the resume must
      return row(ctx, p, [first, resumed], await settingsRestored(p.dst.url, INDEX), { exits: ['SIGKILL', '0'], then: '--resume' });
    }),
  },
  {
    name: 'SIGTERM mid-copy, then --resume',
    run: (ctx) => withPair(ctx, '7.17', async (p) => {
      const { first, restoredBefore, resumed } = await interruptThenResume(ctx, p, 'SIGTERM');
      return row(ctx, p, [first, resumed], restoredBefore && (await settingsRestored(p.dst.url, INDEX)), { exits: ['130', '0'], message: /cancel/i, then: '--resume' });
    }),
  },
  {
    name: 'disk full for the dead-letter file (/dev/full), 1 % refused',
    smoke: true,
    run: (ctx) => withRefusingDestination(ctx),
  },
  {
    name: 'DNS failure (destination host .invalid)',
    run: (ctx) => withPair(ctx, '7.17', async (p) => {
      const first = await startCli(copyArgs(p, ctx, [], 'http://esferry-dest.invalid:9200')).done;
      const again = await startCli(copyArgs(p, ctx)).done;
      return row(ctx, p, [first, again], await settingsRestored(p.dst.url, INDEX), { exits: ['3', '0'], message: /esferry-dest\.invalid/ });
    }),
  },
  {
    name: 'TLS handshake failure (https to a plain HTTP port)',
    run: (ctx) => withPair(ctx, '7.17', async (p) => {
      const first = await startCli(copyArgs(p, ctx, [], p.dst.url.replace('http:', 'https:'))).done;
      const again = await startCli(copyArgs(p, ctx)).done;
      return row(ctx, p, [first, again], await settingsRestored(p.dst.url, INDEX), { exits: ['3', '0'], message: /TLS|SSL|https/i });
    }),
  },
];

/** A copy into a slow destination stopped by `signal` once under way, then resumed from its state file. */
async function interruptThenResume(ctx: ScenarioContext, p: Pair, signal: NodeJS.Signals): Promise<{ first: CliResult; restoredBefore: boolean; resumed: CliResult }> {
  const state = ['--state', `${ctx.dir}/state.json`];
  await p.dst.faults({ latencyMs: 100 });
  const run = startCli(copyArgs(p, ctx, state));
  await underWay(run);
  run.child.kill(signal);
  const first = await run.done;
  const restoredBefore = await settingsRestored(p.dst.url, INDEX);
  await p.dst.faults({ reset: true });
  const resumed = await startCli(copyArgs(p, ctx, [...state, '--resume'])).done;
  return { first, restoredBefore, resumed };
}

/**
 * The destination maps `ref` as a number and 1 % of the source's documents hold text there: those
 * are refused for good and belong in the dead-letter file — which sits on a full disk. The run must
 * not report them as handled; a rerun with a writable dead-letter file accounts for every document.
 */
async function withRefusingDestination(ctx: ScenarioContext): Promise<Outcome> {
  const index = 'mixed';
  const [src, dst] = await Promise.all([startCluster('7.17'), startCluster('7.17')]);
  const p = { src, dst };
  try {
    await esCall(src.url, 'PUT', `/${index}`, { settings: ORIGINAL, mappings: { properties: { ref: { type: 'keyword' } } } });
    await esCall(dst.url, 'PUT', `/${index}`, { settings: ORIGINAL, mappings: { properties: { ref: { type: 'long' } } } });
    for (let start = 0; start < ctx.docs; start += 5000) {
      let body = '';
      for (let i = start; i < Math.min(ctx.docs, start + 5000); i++) body += `{"index":{"_index":"${index}","_id":"d${i}"}}\n{"ref":"${i % 100 === 7 ? `ref-${i}` : i}","n":${i}}\n`;
      const r = await esCall(src.url, 'POST', '/_bulk', body);
      if (r.status !== 200 || r.json.errors) throw new Error('seeding the source failed');
    }
    const args = (dl: string) => ['copy', '--source', src.url, '--dest', dst.url, '--index', index, '--report', `${ctx.dir}/report.json`, '--dead-letter', dl, '--allow-failures', '--state', `${ctx.dir}/state.json`, ...BULK];
    const first = await startCli(args('/dev/full')).done;
    const restored = await settingsRestored(dst.url, index);
    // resumed, so documents the failed run counted as dead-lettered are not simply read again
    const again = await startCli([...args(`${ctx.dir}/dead-letters.ndjson`), '--resume']).done;
    return await row(ctx, p, [first, again], restored && (await settingsRestored(dst.url, index)), { exits: ['1', '0'], message: /dead.letter/i, then: '--resume with a writable file' }, index);
  } finally {
    await Promise.all([src.stop(), dst.stop()]);
  }
}
