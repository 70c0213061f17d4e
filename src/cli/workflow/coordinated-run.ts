// `esferry run --coordinate NAME`: this process joins a migration shared through a coordination
// index (on the destination or --coordinator) and works items until every item has ended.
import { connect } from '../../cluster/connect.js';
import type { ConnectOptions } from '../../cluster/connect-options.js';
import type { CopyHandle, CopyOptions } from '../../engine/types.js';
import { resolveIndices } from '../../engine/resolve-indices.js';
import { CoordIndex } from '../../coordinate/coord-index.js';
import { Coordinator } from '../../coordinate/coordinator.js';
import { coordinationStatus, renderCoordStatus } from '../../coordinate/status.js';
import { workItems } from '../../coordinate/work-items.js';
import { runWorker } from '../../coordinate/worker.js';
import { DestinationTuner } from '../../meta/tuning.js';
import { TuningMarkerStore } from '../../meta/tuning-marker.js';
import { parentJoinTransform } from '../../meta/parent-join.js';
import { defaultDeadLetterPath } from '../../write/dead-letter.js';
import type { Plan } from '../../plan/build-plan.js';
import { ExitCode, type ExitCodeValue } from '../../report/exit-codes.js';
import { defaultOwner } from '../../state/store.js';
import { curlAuthHint } from '../connection-options.js';
import type { EngineSettings } from '../engine-options.js';
import type { Output } from '../output.js';
import { SignalGuard } from '../signals.js';
import { engineTypeHandling, type CopyFn } from '../../workflow/copy-one-index.js';
import { resumableReadMode } from '../../read/read-mode.js';
import type { ConnectedSide } from './sides.js';

export interface CoordinateInput {
  name: string;
  /** --coordinator URL: where the coordination index lives when not on the destination */
  coordinator?: ConnectOptions;
  leaseMs: number;
  splitDocs: number;
  retryFailed: boolean;
}

export interface CoordinatedRun {
  coordinate: CoordinateInput;
  plan: Plan;
  source: ConnectedSide;
  dest: ConnectedSide;
  engine: EngineSettings;
  tune: boolean;
  copy: CopyFn;
}

export async function runCoordinated(r: CoordinatedRun, out: Output): Promise<ExitCodeValue> {
  const { source, dest, plan } = r;
  const coordCluster = r.coordinate.coordinator ? await connect(r.coordinate.coordinator) : undefined;
  const where = coordCluster ?? dest.cluster;
  const index = new CoordIndex(where.transport, where.dialect, r.coordinate.name);
  const owner = defaultOwner();
  const coordinator = new Coordinator({ index, owner });
  const controller = new AbortController();
  const handles = new Set<CopyHandle>();
  const guard = new SignalGuard(
    (sig) => {
      out.warn(`${sig}: handing the item back (others continue it from its checkpoint); send again to exit at once`);
      controller.abort(new Error(`cancelled by ${sig}`));
      for (const h of handles) h.cancel(`cancelled by ${sig}`);
    },
    (sig) => {
      out.warn(`${sig} again: exiting now; the item's lease expires and another worker takes it over`);
      process.exit(ExitCode.cancelled);
    },
  ).install();
  try {
    const splitDocs = r.coordinate.splitDocs;
    // an index to split is sliced by whole shards where the source can resume them: count its shards
    const sized = await Promise.all(
      plan.items.map(async (i) => ({
        source: i.source,
        dest: i.dest,
        docs: i.docs,
        ...(i.docs > splitDocs ? { shards: (await resolveIndices(source.cluster, { sourceIndex: i.source } as CopyOptions))[0]?.shards ?? 1 } : {}),
      })),
    );
    const items = workItems(sized, source.cluster.dialect, splitDocs);
    const { plan: shared, planned } = await coordinator.join({
      kind: 'plan', items, leaseMs: r.coordinate.leaseMs, source: source.label, dest: dest.label, createdBy: owner, createdAt: new Date().toISOString(),
    });
    out.info(`${planned ? 'planned' : 'joined'} coordinated migration ${r.coordinate.name}: ${shared.items.length} items, lease ${shared.leaseMs / 1000} s (${index.location}), worker ${owner}`);
    const tuner = r.tune ? new DestinationTuner(dest.transport, dest.label.split(',')[0]!, curlAuthHint(dest.options), new TuningMarkerStore(dest.transport, dest.cluster.dialect.typeModel)) : undefined;
    const result = await runWorker({
      coordinator,
      planItems: new Map(plan.items.map((i) => [i.source, i])),
      destTransport: dest.transport,
      ...(tuner ? { tuner } : {}),
      copy: r.copy,
      options: (p) => {
        const joinField = p.mappings?.joinField;
        return {
          ...r.engine.options,
          // unsplit items read in a mode that resumes after the last checkpoint
          readMode: r.engine.options.readMode ?? resumableReadMode(source.cluster.dialect),
          ...(joinField ? { transform: parentJoinTransform(joinField, r.engine.options.transform) } : {}),
          typeHandling: engineTypeHandling(r.engine.typeHandling, p),
          source: source.options,
          dest: dest.options,
          sourceIndex: p.source,
          // the CLI keeps refused documents in a file by default (the library does not)
          deadLetterFile: r.engine.options.deadLetterFile ?? defaultDeadLetterPath(p.source),
        };
      },
      retryFailed: r.coordinate.retryFailed,
      signal: controller.signal,
      onHandle: (h) => {
        handles.add(h);
        h.on('log', (line) => out.info(line));
        void h.done.finally(() => handles.delete(h)).catch(() => undefined);
      },
      log: (line) => out.info(line),
    });
    const status = await coordinationStatus(index);
    out.result(renderCoordStatus(status, r.coordinate.name));
    const mine = result.items.filter((i) => i.outcome === 'done').length;
    out.info(`this worker finished ${mine} item(s)`);
    if (controller.signal.aborted) return ExitCode.cancelled;
    return status.rows.every((row) => row.state === 'done') ? ExitCode.success : ExitCode.failed;
  } finally {
    guard.uninstall();
    await coordCluster?.close().catch(() => undefined);
  }
}
