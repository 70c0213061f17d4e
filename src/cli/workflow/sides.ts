// Connecting to both clusters for a command, with connection problems turned into exit code 3.
import { connect } from '../../cluster/connect.js';
import type { ConnectOptions } from '../../cluster/connect-options.js';
import { EsferryError } from '../../cluster/errors.js';
import type { Cluster } from '../../cluster/types.js';
import { ExitCode } from '../../report/exit-codes.js';
import { connectBoth as connectSides, connectedSide, type ConnectedSide, type ConnectedSides } from '../../workflow/sides.js';
import { describeError, ExitError, sideTagged } from '../cli-error.js';

export type { ConnectedSide } from '../../workflow/sides.js';

export async function connectSide(which: 'source' | 'dest', options: ConnectOptions): Promise<ConnectedSide> {
  let cluster: Cluster;
  try {
    cluster = await connect(options);
  } catch (err) {
    const what = which === 'source' ? 'source' : 'destination';
    if (err instanceof EsferryError && err.kind === 'bad_input') throw new ExitError(`--${which}: ${err.message}`, ExitCode.badInput);
    throw new ExitError(`cannot connect to the ${what} cluster: ${describeError(err, which)}`, ExitCode.connection);
  }
  return connectedSide(cluster, options, (t) => sideTagged(t, which));
}

export function connectBoth(source: ConnectOptions, dest: ConnectOptions): Promise<ConnectedSides> {
  return connectSides(source, dest, connectSide);
}
