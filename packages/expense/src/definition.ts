import { defineResponseShape, oauthTokenResponse, type ProductDefinition } from '@enkash/auth-core';
import * as v from 'valibot';
import { VERSION } from './version.js';

/**
 * The body the expense page documents. Only the fields the SDK reads are
 * declared; `token` and `expiry` are optional here because a refusal
 * (`resultCode` other than 200) comes without them.
 */
export const expenseTokenResponseSchema = v.object({
  resultCode: v.pipe(v.number(), v.integer()),
  resultMessage: v.optional(v.string()),
  token: v.optional(v.pipe(v.string(), v.minLength(1))),
  /** Absolute expiry in epoch milliseconds, not a lifetime. */
  expiry: v.optional(v.pipe(v.number(), v.integer())),
});

/** `{token, expiry, resultCode, resultMessage}`: a `resultCode` other than 200 is a refusal, even under HTTP 200. */
export const expenseTokenResponse = defineResponseShape(
  'expense',
  expenseTokenResponseSchema,
  ({ resultCode, resultMessage, token, expiry }) => {
    if (resultCode !== 200) {
      return {
        type: 'rejection',
        details: resultMessage === undefined ? { resultCode } : { resultCode, resultMessage },
      };
    }
    if (token === undefined || expiry === undefined) {
      const missing = [token === undefined ? 'token' : [], expiry === undefined ? 'expiry' : []];
      return { type: 'invalid', paths: missing.flat() };
    }
    return { type: 'token', token: { accessToken: token, tokenType: 'bearer', expiresAt: expiry } };
  },
);

/**
 * Expense: no clientId in the body (it only feeds the Basic pair), an optional
 * `API-Key` header, the expense body first and the OAuth body that EnKash's
 * API reference shows for the same product.
 */
export const expenseDefinition: ProductDefinition = {
  product: 'expense',
  version: VERSION,
  sendsClientId: false,
  // No EnKash page says expense payloads are encrypted.
  encryptsPayloads: false,
  optionHeaders: { apiKey: 'API-Key' },
  responses: [expenseTokenResponse, oauthTokenResponse],
};
