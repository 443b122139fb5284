import { formatWire } from '../output/wire-lines.js';
import type { Step } from './step.js';

const PING_PATH = 'api/ping';

/** An API call through `auth.client`, which attaches `Authorization: Bearer <token>`. */
export const bearerCallStep: Step = {
  label: 'bearer call',
  column: 'bearer call',
  sandboxOnly: 'EnKash has no ping endpoint; call your own API through auth.client',
  async run({ auth, target }) {
    const response = await auth.client.get(PING_PATH, { throwHttpErrors: false });
    const body = await response.text();
    const request = target.requests().findLast((entry) => entry.path.endsWith(`/${PING_PATH}`));
    const authorization = request?.headers.authorization ?? '(none)';
    return {
      ok: response.status === 200 && authorization.startsWith('Bearer '),
      lines: [
        `auth.client.get('${PING_PATH}') -> ${response.status} ${body}`,
        ...(request === undefined ? [] : formatWire(request).slice(0, 1)),
        `  authorization: ${authorization}`,
      ],
      summary: String(response.status),
    };
  },
};
