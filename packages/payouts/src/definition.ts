import { camelCaseTokenResponse, type ProductDefinition } from '@enkash/auth-core';
import { VERSION } from './version.js';

/**
 * Payouts: clientId in the body; the camelCase body with `accessToken` and
 * `expiresIn` (seconds) required; every API payload encrypted (EnKash's
 * "Encryption & Decryption Guide" makes it mandatory).
 */
export const payoutsDefinition: ProductDefinition = {
  product: 'payouts',
  version: VERSION,
  encryptsPayloads: true,
  responses: [camelCaseTokenResponse],
};
