// The deterministic generator of the shared corpus (../shared/corpus/gen-logs.mjs): an LCG
// seeded from the index name, so the same name gives the same documents in the same order.
export function seededRandom(name: string): () => number {
  let seed = 0;
  for (const c of name) seed = (seed * 31 + c.charCodeAt(0)) >>> 0;
  return () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}
