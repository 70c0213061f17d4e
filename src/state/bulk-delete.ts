// Deleting documents by id with `_bulk` delete actions, in batches. A delete of an id that is already gone
// (404) counts as missing, not as a failure.
import { EsferryError } from '../cluster/errors.js';
import type { Dialect, Transport } from '../cluster/types.js';

export interface DeleteResult {
  deleted: number;
  missing: number;
  failed: number;
  /** first few item errors, for the report */
  errors: string[];
}

/** the delete action line for this destination, from the dialect's own metadata rules */
export function deleteActionLine(dialect: Dialect, index: string, id: string, type?: string): string {
  const line = JSON.parse(dialect.bulkActionLine('index', { index, id, ...(type !== undefined ? { type } : {}) })) as {
    index: Record<string, unknown>;
  };
  return JSON.stringify({ delete: line.index });
}

export async function bulkDelete(
  side: { transport: Transport; dialect: Dialect },
  index: string,
  docs: Array<{ id: string; type?: string }>,
  result: DeleteResult,
  signal?: AbortSignal,
): Promise<void> {
  if (docs.length === 0) return;
  const body = docs.map((d) => deleteActionLine(side.dialect, index, d.id, d.type)).join('\n') + '\n';
  const res = await side.transport.request<{ items?: Array<Record<string, { status: number; error?: unknown }>> }>({
    method: 'POST',
    path: '/_bulk',
    body,
    contentType: 'application/x-ndjson',
    ...(signal ? { signal } : {}),
  });
  const items = res.body.items ?? [];
  if (items.length !== docs.length) {
    throw new EsferryError('server', `bulk delete on ${index}: sent ${docs.length} actions, got ${items.length} items back`);
  }
  for (const item of items) {
    const r = Object.values(item)[0];
    if (!r) continue;
    if (r.status < 300) result.deleted++;
    else if (r.status === 404) result.missing++;
    else {
      result.failed++;
      if (result.errors.length < 5) result.errors.push(JSON.stringify(r.error ?? r.status));
    }
  }
}
