// The versioned, checksummed JSON envelope of a state file. Anything unexpected is an error that names the
// file and what to do: a damaged state must never silently restart a copy from zero.
import { createHash } from 'node:crypto';
import { EsferryError } from '../cluster/errors.js';
import { STATE_FORMAT_NAME, STATE_FORMAT_VERSION, type RunState } from './types.js';

interface Envelope {
  format: string;
  version: number;
  checksum: string;
  state: RunState;
}

function checksumOf(state: RunState): string {
  return 'sha256:' + createHash('sha256').update(JSON.stringify(state)).digest('hex');
}

export function encodeState(state: RunState): string {
  const env: Envelope = { format: STATE_FORMAT_NAME, version: STATE_FORMAT_VERSION, checksum: checksumOf(state), state };
  return JSON.stringify(env, null, 1) + '\n';
}

function corrupt(where: string, what: string, advice: string): EsferryError {
  return new EsferryError('bad_input', `${where} ${what}; ${advice}`);
}

const ADVICE_RESTORE =
  'restore it from a backup, or move it away to start every index from zero (already copied documents are overwritten, not duplicated)';

/** parse a state file's text; `where` names the file in errors */
export function decodeState(text: string, where: string): RunState {
  let env: Partial<Envelope>;
  try {
    env = JSON.parse(text) as Partial<Envelope>;
  } catch (e) {
    throw corrupt(where, `is not valid JSON (${(e as Error).message}) — probably truncated or edited by hand`, ADVICE_RESTORE);
  }
  if (env === null || typeof env !== 'object' || env.format !== STATE_FORMAT_NAME) {
    throw corrupt(where, 'is not an esferry state file', 'check the --state path');
  }
  if (env.version !== STATE_FORMAT_VERSION) {
    throw corrupt(
      where,
      `has state format version ${String(env.version)}, this esferry reads version ${STATE_FORMAT_VERSION}`,
      'use the esferry version that wrote it to finish that run, or move the file away to start over',
    );
  }
  const state = env.state;
  if (!state || typeof state !== 'object' || typeof state.indices !== 'object' || state.indices === null) {
    throw corrupt(where, 'has no "state.indices" object', ADVICE_RESTORE);
  }
  if (env.checksum !== checksumOf(state)) {
    throw corrupt(where, 'fails its checksum (it was modified or partially written)', ADVICE_RESTORE);
  }
  return state;
}
