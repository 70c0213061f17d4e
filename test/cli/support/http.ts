// Minimal HTTP helpers for preparing and inspecting test clusters from CLI tests.

export async function es<T = any>(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const isBulk = typeof body === 'string';
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': isBulk ? 'application/x-ndjson' : 'application/json' },
    body: body === undefined ? undefined : isBulk ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* plain text */
  }
  return { status: res.status, body: parsed as T };
}

/** Bulk-index `docs` into `index` (typed when `type` is given) and refresh. */
export async function bulkDocs(base: string, index: string, docs: { id: string; source: Record<string, unknown> }[], type?: string): Promise<void> {
  const lines = docs.flatMap((d) => [JSON.stringify({ index: { _index: index, ...(type ? { _type: type } : {}), _id: d.id } }), JSON.stringify(d.source)]);
  const r = await es<{ errors?: boolean }>(base, 'POST', '/_bulk', lines.join('\n') + '\n');
  if (r.status !== 200 || r.body.errors) throw new Error(`bulk failed: ${JSON.stringify(r.body).slice(0, 500)}`);
  await es(base, 'POST', `/${index}/_refresh`);
}

export async function count(base: string, index: string): Promise<number> {
  await es(base, 'POST', `/${index}/_refresh`);
  const r = await es<{ count: number }>(base, 'GET', `/${index}/_count`);
  return r.body.count;
}

export async function flatSettings(base: string, index: string): Promise<Record<string, string>> {
  const r = await es<Record<string, { settings: Record<string, string> }>>(base, 'GET', `/${index}/_settings?flat_settings=true`);
  return r.body[index]!.settings;
}
