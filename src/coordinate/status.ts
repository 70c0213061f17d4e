// `esferry status --coordinate NAME`: one row per work item from the coordination index.
import { formatNumber, formatTable } from '../report/table.js';
import type { CoordIndex } from './coord-index.js';
import { PLAN_ID } from './coordinator.js';
import type { IndexRecord, ItemRecord, PlanRecord } from './types.js';

export interface CoordStatusRow {
  item: string;
  destIndex: string;
  state: string;
  owner: string | null;
  acknowledged: number;
  docs: number;
  docsPerSecond: number;
  attempts: number;
  /** seconds since the holder's last renewal, by the holder's wall clock (display only) */
  lastRenewS: number | null;
  error: string | null;
}

export interface CoordStatus {
  planned: boolean;
  rows: CoordStatusRow[];
  indices: Array<{ destIndex: string; state: string; owner: string }>;
}

export async function coordinationStatus(index: CoordIndex, nowMs = Date.now()): Promise<CoordStatus> {
  const all = await index.all();
  const plan = all.find((s) => s.id === PLAN_ID)?.doc as PlanRecord | undefined;
  if (!plan) return { planned: false, rows: [], indices: [] };
  const items = new Map(all.filter((s) => s.doc.kind === 'item').map((s) => [(s.doc as ItemRecord).item, s.doc as ItemRecord]));
  const rows = plan.items.map((it): CoordStatusRow => {
    const r = items.get(it.id);
    return {
      item: it.id,
      destIndex: it.destIndex,
      state: r?.status ?? 'pending',
      owner: r?.owner ?? null,
      acknowledged: r?.acknowledged ?? 0,
      docs: it.docs,
      docsPerSecond: r?.status === 'running' ? r.docsPerSecond : 0,
      attempts: r?.attempts ?? 0,
      lastRenewS: r?.status === 'running' ? Math.max(0, Math.round((nowMs - Date.parse(r.updatedAt)) / 1000)) : null,
      error: r?.error ?? null,
    };
  });
  const indices = all.filter((s) => s.doc.kind === 'index').map((s) => {
    const d = s.doc as IndexRecord;
    return { destIndex: d.dest, state: d.status, owner: d.owner };
  });
  return { planned: true, rows, indices };
}

export function renderCoordStatus(st: CoordStatus, name: string): string {
  if (!st.planned) return `coordination ${name}: no migration planned yet (start workers with esferry run --coordinate ${name})`;
  const counts = new Map<string, number>();
  for (const r of st.rows) counts.set(r.state, (counts.get(r.state) ?? 0) + 1);
  const head = `coordination ${name}: ${st.rows.length} items — ${[...counts].map(([k, v]) => `${v} ${k}`).join(', ')}`;
  const table = formatTable(
    ['item', 'state', 'owner', 'acknowledged', 'docs', 'docs/s', 'attempts', 'last renew', 'error'],
    st.rows.map((r) => [r.item, r.state, r.owner ?? '', formatNumber(r.acknowledged), formatNumber(r.docs), r.docsPerSecond ? formatNumber(r.docsPerSecond) : '', String(r.attempts), r.lastRenewS === null ? '' : `${r.lastRenewS} s ago`, r.error ?? '']),
  );
  return `${head}\n${table}`;
}
