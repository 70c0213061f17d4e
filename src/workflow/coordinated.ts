// One worker of a coordinated migration (`esferry run --coordinate NAME`, the library's
// `coordinate` option): joins the shared plan in the coordination index, works items under leases
// until every item has ended, and — when asked — copies the templates once per migration (before
// any index is created), adds aliases once per destination whose items are all done, and verifies
// the whole migration when it ends. Each worker verifies on its own when it sees the end (a read-only
// check: two workers doing it change nothing).
import { connect } from '../cluster/connect.js';
import type { ConnectOptions } from '../cluster/connect-options.js';
import { CoordIndex } from '../coordinate/coord-index.js';
import { Coordinator } from '../coordinate/coordinator.js';
import { coordinationStatus, type CoordStatus } from '../coordinate/status.js';
import { workItems } from '../coordinate/work-items.js';
import { runWorker, type WorkerResult } from '../coordinate/worker.js';
import type { CopyHandle, CopyOptions } from '../engine/types.js';
import { resolveIndices } from '../engine/resolve-indices.js';
import { copyAliases } from '../meta/aliases.js';
import { parentJoinTransform } from '../meta/parent-join.js';
import { copyTemplates } from '../meta/templates.js';
import type { Plan } from '../plan/build-plan.js';
import { resumableReadMode } from '../read/read-mode.js';
import type { VerifyResult } from '../report/verify.js';
import { defaultOwner } from '../state/store.js';
import { engineTypeHandling, type CopyFn } from './copy-one-index.js';
import { destinationTuner, verifyMigration, type MigrationSettings } from './migrate.js';
import type { ConnectedSide } from './sides.js';

/** `--coordinate NAME` and its companions */
export interface CoordinateOptions {
  /** the coordination index: every worker started with the same name shares one migration */
  name: string;
  /** where the coordination index lives when not on the destination */
  coordinator?: ConnectOptions;
  /** lease time in ms (default 60 s): a worker silent this long loses its item to another */
  leaseMs: number;
  /** an index with more documents than this is split into several items (sliced reads) */
  splitDocs: number;
  /** claim items that failed before and copy them again */
  retryFailed: boolean;
}

export interface CoordinatedMigration {
  coordinate: CoordinateOptions;
  plan: Plan;
  source: ConnectedSide;
  dest: ConnectedSide;
  settings: Omit<MigrationSettings, 'parallelIndices'>;
  copy: CopyFn;
  signal: AbortSignal;
  handles: Set<CopyHandle>;
  /** verify every index of the migration when it ended (each worker that sees the end) */
  verify?: { sample: number; query?: Record<string, unknown> };
  log: (line: string) => void;
  curlAuthHint?: string;
}

export interface CoordinatedResult {
  owner: string;
  planned: boolean;
  location: string;
  /** the items this worker worked on */
  items: WorkerResult['items'];
  /** every item of the migration as the coordination index holds it at the end */
  status: CoordStatus;
  /** every item done */
  allDone: boolean;
  verification?: VerifyResult;
}

export async function runCoordinatedMigration(r: CoordinatedMigration): Promise<CoordinatedResult> {
  const { source, dest, plan, settings } = r;
  const coordCluster = r.coordinate.coordinator ? await connect(r.coordinate.coordinator) : undefined;
  try {
    const where = coordCluster ?? dest.cluster;
    const index = new CoordIndex(where.transport, where.dialect, r.coordinate.name);
    const owner = defaultOwner();
    const coordinator = new Coordinator({ index, owner });
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
    r.log(`${planned ? 'planned' : 'joined'} coordinated migration ${r.coordinate.name}: ${shared.items.length} items, lease ${shared.leaseMs / 1000} s (${index.location}), worker ${owner}`);
    const tuner = settings.tune ? destinationTuner(dest, r.curlAuthHint) : undefined;
    const engine = settings.engineOptions;
    const worker = await runWorker({
      coordinator,
      planItems: new Map(plan.items.map((i) => [i.source, i])),
      destTransport: dest.transport,
      ...(tuner ? { tuner } : {}),
      copy: r.copy,
      options: (p) => {
        const joinField = p.mappings?.joinField;
        return {
          ...engine,
          // unsplit items read in a mode that resumes after the last checkpoint
          readMode: engine.readMode ?? resumableReadMode(source.cluster.dialect),
          ...(joinField ? { transform: parentJoinTransform(joinField, engine.transform) } : {}),
          typeHandling: engineTypeHandling(settings.typeHandling, p),
          source: source.options,
          dest: dest.options,
          sourceIndex: p.source,
          // the CLI keeps refused documents in a file by default (the library does not)
          ...(engine.deadLetterFile === undefined && settings.deadLetterPath ? { deadLetterFile: settings.deadLetterPath(p.source) } : {}),
        };
      },
      retryFailed: r.coordinate.retryFailed,
      signal: r.signal,
      onHandle: (h) => {
        r.handles.add(h);
        h.on('log', (line) => r.log(line));
        void h.done.finally(() => r.handles.delete(h)).catch(() => undefined);
      },
      log: r.log,
      ...(settings.copyTemplates
        ? {
            templates: async () => {
              const done = await copyTemplates(source, dest, { rename: settings.rename, typeHandling: settings.typeHandling });
              const failed = done.filter((t) => !t.ok);
              for (const t of failed) r.log(`template ${t.name} (${t.kind}) not copied: ${t.skipped ?? t.error}`);
              return failed.some((t) => t.error) ? `${failed.length} template(s) not copied` : undefined;
            },
          }
        : {}),
      ...(settings.copyAliases
        ? {
            aliases: async (destIndex: string, sources: string[]) => {
              const added = await copyAliases(source.transport, dest.transport, sources.map((s) => ({ source: s, dest: destIndex })));
              for (const a of added) if (!a.ok) r.log(`alias ${a.alias} → ${a.destIndex} not added: ${a.error}`);
            },
          }
        : {}),
    });
    const status = await coordinationStatus(index);
    const allDone = status.rows.length > 0 && status.rows.every((row) => row.state === 'done');
    const verification = r.verify && allDone && !r.signal.aborted
      ? await verifyMigration({ plan, source, dest }, plan.items.map((i) => ({ sourceIndex: i.source, destIndex: i.dest, destination: i.action, status: 'copied' as const })), r.verify)
      : undefined;
    return { owner, planned, location: index.location, items: worker.items, status, allDone, ...(verification ? { verification } : {}) };
  } finally {
    await coordCluster?.close().catch(() => undefined);
  }
}
