// The request events `--debug` logs, published like undici's (same message shapes) on channels of
// esferry's own, so one logger hears requests whichever HTTP client carried them.
import diagnostics from 'node:diagnostics_channel';

export const requestChannels = {
  create: diagnostics.channel('esferry:request:create'),
  headers: diagnostics.channel('esferry:request:headers'),
  error: diagnostics.channel('esferry:request:error'),
};

export interface RequestEventTarget {
  origin: string;
  method: string;
  path: string;
}
