// Where option values come from besides the command line: ESFERRY_* environment variables and a
// --config file (JSON or YAML). Precedence: command line > environment > config file > defaults.
// Only variables naming an option of the command at hand are read, so one environment serves
// every command (ESFERRY_PARALLEL_INDICES does not break `esferry status`).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname } from 'node:path';
import { UsageError } from './cli-error.js';
import type { OptionSpecs } from './commands/common.js';
import type { Redactor } from '../report/redact.js';

/** `source-password` → `ESFERRY_SOURCE_PASSWORD` */
export function envName(option: string): string {
  return `ESFERRY_${option.toUpperCase().replace(/-/g, '_')}`;
}

/** values of ESFERRY_* variables that name an option (or an alias) of `specs` */
export function envValues(specs: OptionSpecs, env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const aliases = spec.alias === undefined ? [] : Array.isArray(spec.alias) ? (spec.alias as string[]) : [String(spec.alias)];
    for (const n of [name, ...aliases]) {
      const value = env[envName(n)];
      if (value !== undefined && value !== '') {
        out[name] = value;
        break;
      }
    }
  }
  return out;
}

/** --config FILE: a JSON or YAML object of option names (as on the command line, without --) */
export function readConfigFile(path: string, specs: OptionSpecs): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`--config: cannot read "${path}" (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const yaml = ['.yaml', '.yml'].includes(extname(path).toLowerCase());
  let parsed: unknown;
  try {
    // the YAML parser is loaded only for YAML files
    parsed = yaml ? (createRequire(import.meta.url)('yaml') as typeof import('yaml')).parse(text) : JSON.parse(text);
  } catch (err) {
    throw new UsageError(`--config: "${path}" is not valid ${yaml ? 'YAML' : 'JSON'}: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UsageError(`--config: "${path}" must hold an object of options, e.g. {"source": "http://localhost:9200", "bulk-docs": 2000}`);
  }
  const known = new Set(Object.entries(specs).flatMap(([name, spec]) => [name, ...(spec.alias === undefined ? [] : [spec.alias].flat().map(String))]));
  for (const key of Object.keys(parsed)) {
    const kebab = key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    if (!known.has(key) && !known.has(kebab)) throw new UsageError(`--config: "${path}" names an option this command does not have: "${key}"`);
  }
  return parsed as Record<string, unknown>;
}

const SECRET_OPTION = /(?:password|api-?key|secret|token)$/i;
const URL_OPTION = /^(?:source|dest|coordinator|proxy)$/;

/**
 * Passwords, API keys and URL credentials that came from the environment or a config file are
 * known to the redactor before anything is printed (a failing option check included).
 */
export function registerSecrets(values: Record<string, unknown>, redactor: Redactor): void {
  for (const [key, value] of Object.entries(values)) {
    if (typeof value !== 'string') continue;
    const option = key.replace(/^ESFERRY_/, '').replace(/_/g, '-');
    if (SECRET_OPTION.test(option)) redactor.add(value);
    else if (URL_OPTION.test(option.toLowerCase())) redactor.addFromUrls(value.split(',').map((s) => s.trim()));
  }
}
