import { camelCaseShape, type ProductDefinition, snakeCaseShape } from '@enkash/auth-core';
import { VERSION } from './version.js';

/**
 * Bharat Connect bill payments: encoded exactly as payouts (clientId in the
 * body, the camelCase body, then the snake_case one). No EnKash page says its
 * payloads are encrypted.
 */
export const bbpsDefinition: ProductDefinition = {
  product: 'bbps',
  version: VERSION,
  encryptsPayloads: false,
  responses: [camelCaseShape, snakeCaseShape],
};
