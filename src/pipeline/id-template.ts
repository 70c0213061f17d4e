// --id-template: the destination _id built from the source's type, index and id, so documents
// whose ids repeat across mapping types (or source indices) merged into one index stay apart
// instead of overwriting each other.

const PLACEHOLDER = /\{([a-z]+)\}/g;
const KNOWN = new Set(['id', 'type', 'index']);

export type IdTemplate = (d: { id: string; type?: string; index: string }) => string;

/** Checks a template; returns the problem, or undefined when it is usable. */
export function idTemplateProblem(template: string): string | undefined {
  const names = [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!);
  const unknown = names.find((n) => !KNOWN.has(n));
  if (unknown) return `unknown placeholder {${unknown}} (use {type}, {index} and {id})`;
  if (!names.includes('id')) return 'must contain {id}, or every document would get the same _id';
  if (/[{}]/.test(template.replace(PLACEHOLDER, ''))) return 'has an unmatched { or }';
  return undefined;
}

/** The id function of a valid template; a typeless source gives "_doc" for {type}. */
export function compileIdTemplate(template: string): IdTemplate {
  return (d) => template.replace(PLACEHOLDER, (_, name: string) => (name === 'id' ? d.id : name === 'type' ? (d.type ?? '_doc') : d.index));
}
