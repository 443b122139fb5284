import { defineResponseShape, type ProductDefinition, snakeCaseShape } from '@enkash/auth-core';
import * as v from 'valibot';
import { VERSION } from './version.js';

// Plain checks rather than v.pipe() with actions, which weigh more in the bundle than the
// schema itself. `expects` names the type in INVALID_RESPONSE messages.
const integer = Object.assign(v.custom<number>(Number.isInteger), { expects: 'integer' });
const nonEmptyString = Object.assign(
  v.custom<string>((value) => typeof value === 'string' && value !== ''),
  { expects: 'non-empty string' },
);

/**
 * The body the expense page documents. Only the fields the SDK reads are
 * declared; `token` and `expiry` are optional here because a refusal
 * (`resultCode` other than 200) comes without them, or with `null` in them
 * as a Java backend writes it: `null` counts as absent.
 */
export const expenseSchema = v.object({
  resultCode: integer,
  resultMessage: v.nullish(v.string()),
  token: v.nullish(nonEmptyString),
  /** Absolute expiry in epoch milliseconds, not a lifetime. */
  expiry: v.nullish(integer),
});

/** `{token, expiry, resultCode, resultMessage}`: a `resultCode` other than 200 is a refusal, even under HTTP 200. */
export const expenseShape = defineResponseShape(
  'expense',
  expenseSchema,
  ({ resultCode, resultMessage, token, expiry }) => {
    if (resultCode !== 200) {
      return {
        type: 'rejection',
        details: typeof resultMessage === 'string' ? { resultCode, resultMessage } : { resultCode },
      };
    }
    if (token === null || token === undefined || expiry === null || expiry === undefined) {
      const missing = [];
      if (token === null || token === undefined) missing.push('token');
      if (expiry === null || expiry === undefined) missing.push('expiry');
      return { type: 'invalid', paths: missing };
    }
    return { type: 'token', token: { accessToken: token, tokenType: 'bearer', expiresAt: expiry } };
  },
  // `expiry` is the server's epoch milliseconds: the core reads it against the response's Date.
  { absoluteExpiry: true },
);

/**
 * Expense: no clientId in the body (it only feeds the Basic pair), an optional
 * `API-Key` header, the expense body first and the snake_case body that EnKash's
 * API reference shows for the same product.
 */
export const expenseDefinition: ProductDefinition<'apiKey'> = {
  product: 'expense',
  version: VERSION,
  sendsClientId: false,
  // No EnKash page says expense payloads are encrypted.
  encryptsPayloads: false,
  optionHeaders: { apiKey: 'API-Key' },
  responses: [expenseShape, snakeCaseShape],
};
