// Small (~600 B) nginx-like log documents: the test cluster's port of ../shared/corpus/gen-logs.mjs,
// so the bench copies exactly the documents the shared generator loads for the same index name.
import { corpusDocs } from '../../fixtures/cluster/corpus.js';

/** Returns a function giving the JSON source of the next document each call. */
export function smallLogSource(index: string): () => string {
  const docs = corpusDocs(index, Number.MAX_SAFE_INTEGER);
  return () => docs.next().value!.source;
}
