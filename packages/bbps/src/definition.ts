import { camelCaseTokenResponse, type ProductDefinition } from '@enkash/auth-core';
import { VERSION } from './version.js';

/**
 * Bharat Connect bill payments: encoded exactly as payouts (clientId in the
 * body, camelCase body). No EnKash page says its payloads are encrypted.
 */
export const bbpsDefinition: ProductDefinition = {
  product: 'bbps',
  version: VERSION,
  encryptsPayloads: false,
  responses: [camelCaseTokenResponse],
};
