import { camelCaseShape, type ProductDefinition, snakeCaseShape } from '@enkash/auth-core';
import { VERSION } from './version.js';

/**
 * Prepaid cards: the page documents an empty `{}` response, so both known token
 * bodies are accepted, snake_case first. The page lists a captured `Cookie` as
 * required: the caller may pass one (`cookie`); the SDK never invents it.
 * Card API payloads are encrypted, and card API calls carry `partnerId`.
 */
export const cardsDefinition: ProductDefinition = {
  product: 'cards',
  version: VERSION,
  optionHeaders: { cookie: 'Cookie' },
  encryptsPayloads: true,
  apiOptionHeaders: { partnerId: 'partnerId' },
  responses: [snakeCaseShape, camelCaseShape],
};
