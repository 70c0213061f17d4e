// Small raw HTTP helpers for the state tests (writing "application" documents beside a copy).
export async function bulk(url: string, lines: unknown[]): Promise<{ errors: boolean; items: Array<Record<string, { status: number; error?: unknown }>> }> {
  const res = await fetch(`${url}/_bulk?refresh=true`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson' },
    body: lines.map((l) => JSON.stringify(l)).join('\n') + '\n',
  });
  return (await res.json()) as { errors: boolean; items: Array<Record<string, { status: number; error?: unknown }>> };
}
