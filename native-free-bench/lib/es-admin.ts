// The few admin calls the bench itself makes on the test clusters (never on the copy's hot path).
export async function esCall(url: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const headers: Record<string, string> = {};
  let payload: string | undefined;
  if (typeof body === 'string') {
    payload = body;
    headers['content-type'] = 'application/x-ndjson';
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['content-type'] = 'application/json';
  }
  const r = await fetch(url + path, { method, headers, body: payload });
  const text = await r.text();
  let json: any = text;
  try { json = text ? JSON.parse(text) : undefined; } catch { /* cat endpoints answer text */ }
  return { status: r.status, json };
}

export async function deleteIndex(url: string, index: string): Promise<void> {
  const r = await esCall(url, 'DELETE', `/${encodeURIComponent(index)}`);
  if (r.status !== 200 && r.status !== 404) throw new Error(`DELETE ${index}: ${r.status} ${JSON.stringify(r.json)}`);
}

export async function createIndex(url: string, index: string, shards: number): Promise<void> {
  const r = await esCall(url, 'PUT', `/${encodeURIComponent(index)}`, {
    settings: { number_of_shards: shards, number_of_replicas: 0 },
  });
  if (r.status !== 200) throw new Error(`PUT ${index}: ${r.status} ${JSON.stringify(r.json)}`);
}

/** refresh then _count: how many documents a search can see now. */
export async function countDocs(url: string, index: string): Promise<number> {
  await esCall(url, 'POST', `/${encodeURIComponent(index)}/_refresh`);
  const r = await esCall(url, 'GET', `/${encodeURIComponent(index)}/_count`);
  if (r.status !== 200) return r.status === 404 ? 0 : -1;
  return Number(r.json.count);
}
