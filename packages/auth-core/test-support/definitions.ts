import * as v from 'valibot';
import type { ProductDefinition } from '../src/product/product-definition.js';
import { defineResponseShape } from '../src/product/product-definition.js';
import {
  camelCaseShape,
  createSnakeCaseShape,
  snakeCaseShape,
} from '../src/product/response-shapes.js';

/** Test-only products, named after the sandbox products they talk to. */
export const TEST_VERSION = '9.8.7-test';

/** camelCase body, clientId in the form (like payouts). */
export const camelDefinition: ProductDefinition = {
  product: 'payouts',
  version: TEST_VERSION,
  sendsClientId: true,
  responses: [camelCaseShape],
};

/** Strict snake_case body with a 5-minute cap (like rewards). */
export const strictOAuthDefinition: ProductDefinition = {
  product: 'rewards',
  version: TEST_VERSION,
  sendsClientId: true,
  responses: [
    createSnakeCaseShape({
      name: 'strict',
      required: ['token_type', 'refresh_token', 'scope'],
    }),
  ],
  maxLifetimeMs: 5 * 60_000,
};

/** Either camelCase or snake_case, camelCase first (like payouts and BBPS). */
export const camelThenSnakeDefinition: ProductDefinition = {
  product: 'payouts',
  version: TEST_VERSION,
  sendsClientId: true,
  responses: [camelCaseShape, snakeCaseShape],
};

/** Either body, with a Cookie option header (like cards). */
export const eitherShapeDefinition: ProductDefinition = {
  product: 'cards',
  version: TEST_VERSION,
  sendsClientId: true,
  optionHeaders: { cookie: 'Cookie' },
  responses: [snakeCaseShape, camelCaseShape],
};

const resultCodeSchema = v.object({
  resultCode: v.number(),
  resultMessage: v.nullish(v.string()),
  token: v.nullish(v.string()),
  expiry: v.nullish(v.number()),
});

/** `{token, expiry (epoch ms), resultCode, resultMessage}`; no clientId; API-Key option (like expense). */
export const resultCodeDefinition: ProductDefinition = {
  product: 'expense',
  version: TEST_VERSION,
  sendsClientId: false,
  optionHeaders: { apiKey: 'API-Key' },
  responses: [
    defineResponseShape(
      'resultCode',
      resultCodeSchema,
      (body) => {
        if (body.resultCode !== 200) {
          return {
            type: 'rejection',
            details: {
              resultCode: body.resultCode,
              ...(typeof body.resultMessage === 'string'
                ? { resultMessage: body.resultMessage }
                : {}),
            },
          };
        }
        if (typeof body.token !== 'string' || typeof body.expiry !== 'number') {
          return { type: 'invalid', paths: ['token', 'expiry'] };
        }
        return {
          type: 'token',
          token: { accessToken: body.token, tokenType: 'bearer', expiresAt: body.expiry },
        };
      },
      { absoluteExpiry: true },
    ),
  ],
};
