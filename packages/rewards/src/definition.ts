import { createSnakeCaseShape, type ProductDefinition } from '@enkash/auth-core';
import { VERSION } from './version.js';

/**
 * The rewards body: snake_case with all five fields documented as required.
 * Only the fields the SDK reads are declared (see `createSnakeCaseShape`).
 */
export const rewardsShape = createSnakeCaseShape({
  name: 'rewards',
  required: ['token_type', 'refresh_token', 'scope'],
});

/** Rewards documents 5-minute tokens while its sample says `expires_in: 86399`: never trust more. */
export const REWARDS_MAX_TOKEN_LIFETIME_MS = 5 * 60_000;

/**
 * Rewards: clientId in the body, the strict snake_case body, lifetime capped
 * at 5 minutes; encrypted API payloads (the pages make them mandatory).
 */
export const rewardsDefinition: ProductDefinition = {
  product: 'rewards',
  version: VERSION,
  encryptsPayloads: true,
  responses: [rewardsShape],
  maxLifetimeMs: REWARDS_MAX_TOKEN_LIFETIME_MS,
};
