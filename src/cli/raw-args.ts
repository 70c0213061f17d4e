// Argument fixes applied before yargs sees the command line, so every bad value reaches our own
// checks and ends as one clear line ("--writers must be a whole number >= 1, got "abc"") instead of
// yargs' NaN or its reading of "-5mb" as the short flags -5, -m, -b.
import { UsageError } from './cli-error.js';
import type { OptionSpecs } from './commands/common.js';

/**
 * `--bulk-bytes -5mb` → `--bulk-bytes=-5mb`: a value that starts with "-" followed by a digit
 * belongs to the option before it (no esferry flag starts with a digit).
 */
export function valuesStartingWithDash(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const next = args[i + 1];
    if (/^--[a-z][a-z0-9-]*$/i.test(a) && next !== undefined && /^-\d/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

/**
 * Numeric options are read as text and converted here, so "abc" is named in the error rather
 * than turned into NaN; an option given twice is refused rather than silently becoming an array.
 */
export function numericOptionsAsChecked(specs: OptionSpecs): OptionSpecs {
  const out: OptionSpecs = {};
  for (const [name, spec] of Object.entries(specs)) {
    if (spec.type !== 'number') {
      out[name] = spec;
      continue;
    }
    out[name] = {
      ...spec,
      type: 'string',
      coerce: (v: unknown) => {
        if (v === undefined) return undefined;
        if (Array.isArray(v)) throw new UsageError(`--${name} was given ${v.length} times: give it once`);
        const text = String(v).trim();
        const n = Number(text);
        if (text === '' || !Number.isFinite(n)) throw new UsageError(`--${name} must be a number, got "${String(v)}"`);
        return n;
      },
    };
  }
  return out;
}
