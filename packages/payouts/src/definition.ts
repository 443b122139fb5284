import { camelCaseTokenResponse, type ProductDefinition } from '@enkash/auth-core';
import { VERSION } from './version.js';

/** Payouts: clientId in the body; the camelCase body with `accessToken` and `expiresIn` (seconds) required. */
export const payoutsDefinition: ProductDefinition = {
  product: 'payouts',
  version: VERSION,
  responses: [camelCaseTokenResponse],
};
