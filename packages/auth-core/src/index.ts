// The public exports, grouped by who needs them.

// Creating an auth, and what it reports.
export type { AuthTokenState } from './auth-status.js';
export { createAuth } from './create-auth.js';
export type { EnkashAuthEvent } from './enkash-auth.js';
export {
  type EnkashAuthErrorOptions,
  isEnkashAuthError,
} from './errors/enkash-auth-error.js';
export type {
  GuardRefusedEvent,
  LifetimeClampedEvent,
  LockoutEvent,
  RefreshErrorEvent,
  RetryEvent,
  StoreErrorEvent,
  TokenAdoptedEvent,
  TokenEvent,
  TokenRequestEvent,
} from './events.js';
// Writing a token store, and resetting a fleet's lockout count in one.
export { resetStoredLockout } from './lifecycle/reset-stored-lockout.js';
export { AUTH_CHANNEL } from './observe/diagnostics-channel.js';
export type { EnkashAuthLogger } from './observe/logger.js';
export type {
  AuthOptions,
  PayloadEncryptionOptions,
  ProductOptionName,
} from './options/auth-options.js';
// Writing a product definition.
export {
  defineResponseShape,
  type OutcomeContext,
  type ProductDefinition,
  type RejectionDetails,
  type ResponseShape,
  type TokenOutcome,
} from './product/product-definition.js';
export {
  camelCaseShape,
  createSnakeCaseShape,
  type SnakeCaseOptionalField,
  snakeCaseShape,
  type TokenFields,
  tokenFromFields,
} from './product/response-shapes.js';
// What every product package re-exports as well, listed once, in product-exports.ts: the error
// and its codes, ky's HTTPError, the payload helpers, the memory store and the everyday types.
export * from './product-exports.js';
export type { MemoryStoreOptions } from './store/memory-store.js';
export { deriveStoreKey, type StoreKeyIdentity } from './store/store-key.js';
export {
  createStoredValueCodec,
  SEALED_VALUE_PREFIX,
  type StoredValueCodec,
  type StoredValueCodecSettings,
} from './store/stored-value-codec.js';
export {
  matchesStoreError,
  TokenStoreError,
  type TokenStoreErrorOptions,
} from './store/token-store-error.js';
export {
  type WaitForStoredValueSettings,
  waitForStoredValue,
} from './store/wait-for-stored-value.js';
