import { camelCaseTokenResponse, type ProductDefinition } from '@enkash/auth-core';
import { VERSION } from './version.js';

/** Bharat Connect bill payments: encoded exactly as payouts (clientId in the body, camelCase body). */
export const bbpsDefinition: ProductDefinition = {
  product: 'bbps',
  version: VERSION,
  responses: [camelCaseTokenResponse],
};
