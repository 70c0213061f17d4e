// Index name rules shared by Elasticsearch 2.x–8.x and OpenSearch (MetadataCreateIndexService):
// lowercase, none of \ / * ? " < > | space , #, not starting with - _ +, not "." or "..",
// at most 255 bytes. List entries may also use `*` as a wildcard.

const FORBIDDEN = ['\\', '/', '?', '"', '<', '>', '|', ' ', ',', '#', ':'];

/** Why `name` is not a valid index name or pattern, or undefined when it is fine. */
export function indexNameProblem(name: string, allowWildcard = true): string | undefined {
  if (name.length === 0) return 'empty name';
  if (name === '.' || name === '..') return `"${name}" is not allowed`;
  if (/^[-_+]/.test(name)) return 'must not start with "-", "_" or "+"';
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'must not contain control characters';
  if (name !== name.toLowerCase()) return 'must be lowercase';
  for (const c of FORBIDDEN) if (name.includes(c)) return `must not contain ${c === ' ' ? 'spaces' : `"${c}"`}`;
  if (!allowWildcard && name.includes('*')) return 'must not contain "*"';
  if (Buffer.byteLength(name, 'utf8') > 255) return 'is longer than 255 bytes';
  return undefined;
}

export function isPattern(name: string): boolean {
  return name.includes('*');
}

/** `*` glob match on a whole index name. */
export function matchesPattern(pattern: string, name: string): boolean {
  if (!isPattern(pattern)) return pattern === name;
  const re = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`);
  return re.test(name);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A name quoted for a message, with control characters escaped so a terminal never receives them raw. */
export function showName(name: string): string {
  return JSON.stringify(name);
}
