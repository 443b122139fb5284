import { camelCaseShape, type ProductDefinition, snakeCaseShape } from '@enkash/auth-core';
import { VERSION } from './version.js';

/**
 * Payouts: clientId in the body; the camelCase body with `accessToken` and
 * `expiresIn` (seconds) required, then the OAuth snake_case body an older
 * payouts page documents (`access_token` and `expires_in` required); every
 * API payload encrypted (EnKash's "Encryption & Decryption Guide" makes it
 * mandatory).
 */
export const payoutsDefinition: ProductDefinition = {
  product: 'payouts',
  version: VERSION,
  encryptsPayloads: true,
  responses: [camelCaseShape, snakeCaseShape],
};
