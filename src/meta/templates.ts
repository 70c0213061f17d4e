// Copying index templates (--copy-templates) before any index is created, converted like index
// metadata: legacy `_template` (pattern key `template` ≤ 5.x, `index_patterns` ≥ 6.0) and
// composable `_index_template` + `_component_template` (ES ≥ 7.8, OpenSearch). Built-in templates
// (dot-prefixed names, `_meta.managed: true`) are left alone.
import type { Transport } from '../cluster/types.js';
import { renameIndex, type RenameRule } from '../plan/rename.js';
import { isObj, type Obj } from './field-mapping.js';
import { convertMappings, type TypeHandling } from './mappings.js';
import { convertSettings } from './settings.js';
import type { VersionFacts } from './versions.js';

export interface TemplateResult {
  name: string;
  kind: 'legacy' | 'composable' | 'component';
  ok: boolean;
  skipped?: string;
  error?: string;
  notes: string[];
}

export interface TemplateSide {
  transport: Transport;
  facts: VersionFacts;
}

function builtIn(name: string, body: Obj): boolean {
  return name.startsWith('.') || (isObj(body._meta) && body._meta.managed === true);
}

function supportsComposable(f: VersionFacts): boolean {
  return f.distribution === 'opensearch' || f.esMajor > 7 || (f.esMajor === 7 && f.esMinor >= 8);
}

/** Converts one legacy template body for the destination. Pure; exported for tests. */
export function convertLegacyTemplate(body: Obj, dest: VersionFacts, rename: RenameRule[], typeHandling: TypeHandling): { body: Obj; notes: string[]; conflicts: string[] } {
  const notes: string[] = [];
  const patterns = (Array.isArray(body.index_patterns) ? body.index_patterns : body.template !== undefined ? [body.template] : []).map((p) => renameIndex(String(p), rename));
  const out: Obj = {};
  if (dest.esMajor >= 6) out.index_patterns = patterns;
  else {
    out.template = patterns[0];
    if (patterns.length > 1) notes.push(`only the first pattern "${patterns[0]}" kept (${dest.major}.x templates take one)`);
  }
  if (body.order !== undefined) out.order = body.order;
  if (body.version !== undefined) out.version = body.version;
  const settings = convertSettings(isObj(body.settings) ? body.settings : {}, dest);
  if (Object.keys(settings.index).length > 0) out.settings = { index: settings.index };
  const mappings = convertMappings(isObj(body.mappings) ? body.mappings : {}, dest, typeHandling);
  if (Object.keys(mappings.mappings).length > 0) out.mappings = mappings.mappings;
  if (isObj(body.aliases) && Object.keys(body.aliases).length > 0) out.aliases = body.aliases;
  return { body: out, notes: [...notes, ...settings.notes, ...mappings.notes], conflicts: mappings.conflicts };
}

/**
 * A legacy template for a destination without `_template` (serverless): the same patterns, settings,
 * mappings and aliases as a composable template, its `order` as the priority.
 */
export function legacyAsComposable(legacy: Obj): Obj {
  const template: Obj = {};
  for (const key of ['settings', 'mappings', 'aliases']) if (legacy[key] !== undefined) template[key] = legacy[key];
  return {
    index_patterns: legacy.index_patterns,
    ...(typeof legacy.order === 'number' ? { priority: legacy.order } : {}),
    ...(legacy.version !== undefined ? { version: legacy.version } : {}),
    template,
  };
}

export async function copyTemplates(
  source: TemplateSide,
  dest: TemplateSide,
  opts: { rename: RenameRule[]; typeHandling: TypeHandling },
): Promise<TemplateResult[]> {
  const results: TemplateResult[] = [];
  // a source without `_template` (serverless) is not asked for it
  const legacy = source.facts.legacyTemplates === false ? { status: 404, body: {} as Record<string, Obj> } : await source.transport.request<Record<string, Obj>>({ method: 'GET', path: '/_template', okStatuses: [404] });
  for (const [name, body] of Object.entries(legacy.status === 200 && isObj(legacy.body) ? legacy.body : {})) {
    if (builtIn(name, body)) continue;
    const conv = convertLegacyTemplate(body, dest.facts, opts.rename, opts.typeHandling);
    if (conv.conflicts.length > 0) {
      results.push({ name, kind: 'legacy', ok: false, skipped: conv.conflicts.join('; '), notes: conv.notes });
      continue;
    }
    if (dest.facts.legacyTemplates === false) {
      const notes = [...conv.notes, 'stored as a composable template (the destination has no legacy _template)'];
      results.push(await put(dest.transport, `/_index_template/${encodeURIComponent(name)}`, legacyAsComposable(conv.body), { name, kind: 'composable', notes }));
      continue;
    }
    results.push(await put(dest.transport, `/_template/${encodeURIComponent(name)}`, conv.body, { name, kind: 'legacy', notes: conv.notes }));
  }
  if (!supportsComposable(source.facts)) return results;
  const components = await source.transport.request<{ component_templates?: { name: string; component_template: Obj }[] }>({ method: 'GET', path: '/_component_template', okStatuses: [404, 400] });
  const indexTemplates = await source.transport.request<{ index_templates?: { name: string; index_template: Obj }[] }>({ method: 'GET', path: '/_index_template', okStatuses: [404, 400] });
  const comp = (components.status === 200 ? components.body.component_templates ?? [] : []).filter((c) => !builtIn(c.name, c.component_template));
  const idx = (indexTemplates.status === 200 ? indexTemplates.body.index_templates ?? [] : []).filter((c) => !builtIn(c.name, c.index_template));
  if (!supportsComposable(dest.facts)) {
    for (const c of comp) results.push({ name: c.name, kind: 'component', ok: false, skipped: 'destination has no composable templates', notes: [] });
    for (const c of idx) results.push({ name: c.name, kind: 'composable', ok: false, skipped: 'destination has no composable templates (before 7.8)', notes: [] });
    return results;
  }
  for (const c of comp) results.push(await put(dest.transport, `/_component_template/${encodeURIComponent(c.name)}`, c.component_template, { name: c.name, kind: 'component', notes: [] }));
  for (const c of idx) {
    const body = { ...c.index_template };
    if (Array.isArray(body.index_patterns)) body.index_patterns = body.index_patterns.map((p) => renameIndex(String(p), opts.rename));
    results.push(await put(dest.transport, `/_index_template/${encodeURIComponent(c.name)}`, body, { name: c.name, kind: 'composable', notes: [] }));
  }
  return results;
}

async function put(t: Transport, path: string, body: Obj, base: Omit<TemplateResult, 'ok'>): Promise<TemplateResult> {
  try {
    await t.request({ method: 'PUT', path, body });
    return { ...base, ok: true };
  } catch (err) {
    return { ...base, ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}
