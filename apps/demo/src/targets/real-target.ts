import { PRODUCTS } from '../products.js';
import type { RealSettings } from '../settings.js';
import type { Target } from './target.js';
import { createWireRecorder } from './wire-recorder.js';

const TOKEN_PATH = /\/oauth\/token$/;

/** The one product of a real EnKash environment, watched through a recording `fetch`. */
export function createRealTarget(settings: RealSettings): Target {
  // A real username and client id identify the account: the demo never prints a value from the settings.
  const recorder = createWireRecorder(['username', 'clientid']);
  const { mode: _mode, product, ...credentials } = settings;
  return {
    product: PRODUCTS[product],
    kind: 'real',
    baseUrl: settings.baseUrl,
    options: { ...credentials, fetch: recorder.fetch },
    tokenRequestCount: () =>
      recorder.requests().filter((request) => TOKEN_PATH.test(request.path)).length,
    requests: recorder.requests,
  };
}
