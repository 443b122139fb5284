import { MASK } from '../mask.js';
import { formatWire } from '../output/wire-lines.js';
import type { Step } from './step.js';

/** The first token request as it went on the wire, secrets masked. */
export const showWireStep: Step = {
  label: 'on the wire',
  column: 'wire',
  async run({ target }) {
    const request = target.requests().find((entry) => entry.path.endsWith('/oauth/token'));
    if (request === undefined) {
      return { ok: false, lines: ['no token request was recorded'], summary: 'missing' };
    }
    const masked =
      request.form?.password === MASK && request.headers.authorization === `Basic ${MASK}`;
    const source = target.kind === 'sandbox' ? "the sandbox's request log" : 'the recording fetch';
    return {
      ok: masked,
      lines: [`(from ${source}, secrets masked)`, ...formatWire(request)],
      summary: masked ? 'masked' : 'NOT MASKED',
    };
  },
};
