// Connecting to both clusters for a command, with connection problems turned into exit code 3.
import { connect } from '../../cluster/connect.js';
import type { ConnectOptions } from '../../cluster/connect-options.js';
import { EsferryError } from '../../cluster/errors.js';
import type { Cluster } from '../../cluster/types.js';
import { versionFacts, type VersionFacts } from '../../meta/versions.js';
import type { PlanSide } from '../../plan/build-plan.js';
import { ExitCode } from '../../report/exit-codes.js';
import { describeError, ExitError, sideTagged } from '../cli-error.js';

export interface ConnectedSide extends PlanSide {
  cluster: Cluster;
  options: ConnectOptions;
  facts: VersionFacts;
}

export async function connectSide(which: 'source' | 'dest', options: ConnectOptions): Promise<ConnectedSide> {
  let cluster: Cluster;
  try {
    cluster = await connect(options);
  } catch (err) {
    const what = which === 'source' ? 'source' : 'destination';
    if (err instanceof EsferryError && err.kind === 'bad_input') throw new ExitError(`--${which}: ${err.message}`, ExitCode.badInput);
    throw new ExitError(`cannot connect to the ${what} cluster: ${describeError(err, which)}`, ExitCode.connection);
  }
  const facts = versionFacts(cluster.info, cluster.dialect.typeModel, cluster.dialect.defaultType);
  return { cluster, options, facts, transport: sideTagged(cluster.transport, which), label: cluster.transport.redactedNodes.join(','), dialect: cluster.dialect, ...(cluster.identity ? { identity: cluster.identity } : {}) };
}

export async function connectBoth(source: ConnectOptions, dest: ConnectOptions): Promise<{ source: ConnectedSide; dest: ConnectedSide; close(): Promise<void> }> {
  const s = await connectSide('source', source);
  let d: ConnectedSide;
  try {
    d = await connectSide('dest', dest);
  } catch (err) {
    await s.cluster.close();
    throw err;
  }
  return { source: s, dest: d, close: async () => void (await Promise.allSettled([s.cluster.close(), d.cluster.close()])) };
}
