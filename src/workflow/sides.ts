// Both clusters of a migration, connected once and shared by the plan, the metadata steps and the
// copies (the CLI and the library connect the same way; only their error wording differs).
import { connect } from '../cluster/connect.js';
import type { ConnectOptions } from '../cluster/connect-options.js';
import type { Cluster, Transport } from '../cluster/types.js';
import { versionFacts, type VersionFacts } from '../meta/versions.js';
import type { PlanSide } from '../plan/build-plan.js';

export type Side = 'source' | 'dest';

export interface ConnectedSide extends PlanSide {
  cluster: Cluster;
  options: ConnectOptions;
  facts: VersionFacts;
}

export interface ConnectedSides {
  source: ConnectedSide;
  dest: ConnectedSide;
  close(): Promise<void>;
}

/** A connected cluster as the workflow uses it; `tag` may wrap its transport (e.g. to name the side in errors). */
export function connectedSide(cluster: Cluster, options: ConnectOptions, tag?: (t: Transport) => Transport): ConnectedSide {
  const facts = versionFacts(cluster.info, cluster.dialect.typeModel, cluster.dialect.defaultType, cluster.dialect.features);
  const transport = tag ? tag(cluster.transport) : cluster.transport;
  return { cluster, options, facts, transport, label: cluster.transport.redactedNodes.join(','), dialect: cluster.dialect, ...(cluster.identity ? { identity: cluster.identity } : {}) };
}

/** Source first, then destination; a destination that fails closes the source again. */
export async function connectBoth(
  source: ConnectOptions,
  dest: ConnectOptions,
  connectOne: (which: Side, options: ConnectOptions) => Promise<ConnectedSide> = async (_w, o) => connectedSide(await connect(o), o),
): Promise<ConnectedSides> {
  const s = await connectOne('source', source);
  let d: ConnectedSide;
  try {
    d = await connectOne('dest', dest);
  } catch (err) {
    await s.cluster.close();
    throw err;
  }
  return { source: s, dest: d, close: async () => void (await Promise.allSettled([s.cluster.close(), d.cluster.close()])) };
}
