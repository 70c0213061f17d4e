// `esferry status --coordinate NAME`: the work items of a coordinated migration — state, owner,
// progress, rate, time since the last renewal, failures — from the coordination index.
import { connect } from '../../cluster/connect.js';
import { CoordIndex } from '../../coordinate/coord-index.js';
import { coordinationStatus, renderCoordStatus } from '../../coordinate/status.js';
import { ExitCode, type ExitCodeValue } from '../../report/exit-codes.js';
import { describeError, ExitError, UsageError } from '../cli-error.js';
import { buildConnectOptions } from '../connection-options.js';
import type { Output } from '../output.js';
import type { Argv } from './common.js';
import { showRepeatedly } from './watch-loop.js';

export async function coordinateStatusCommand(argv: Argv, out: Output): Promise<ExitCodeValue> {
  const name = String(argv.coordinate);
  const watch = argv.watch === undefined ? undefined : Number(argv.watch);
  if (watch !== undefined && (!Number.isFinite(watch) || watch <= 0)) throw new UsageError('--watch must be a number of seconds > 0');
  if (argv.coordinator === undefined && argv.dest === undefined) throw new UsageError('--coordinate needs --dest URL (or --coordinator URL) where the coordination index lives');
  const options = buildConnectOptions(argv.coordinator !== undefined ? 'coordinator' : 'dest', argv, process.env, out.redactor);
  let cluster;
  try {
    cluster = await connect(options);
  } catch (err) {
    throw new ExitError(`cannot connect to the cluster holding ${name}: ${describeError(err)}`, ExitCode.connection);
  }
  try {
    const index = new CoordIndex(cluster.transport, cluster.dialect, name);
    return await showRepeatedly(out, argv.json === true, watch, async () => {
      const st = await coordinationStatus(index);
      return { json: st, text: renderCoordStatus(st, name), exitCode: st.rows.some((r) => r.state === 'failed') ? ExitCode.failed : ExitCode.success };
    });
  } finally {
    await cluster.close();
  }
}
