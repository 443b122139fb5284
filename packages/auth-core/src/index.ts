// What `auth.client` throws for an API answer outside 2xx, and its guard (which also matches on
// `name`, so it works across duplicated installs): re-exported because pnpm, unlike npm, does
// not hoist ky where an application could import it.
export { HTTPError, isHTTPError } from 'ky';
export type { AccessToken } from './access-token.js';
export type { PayloadEncryptionOptions } from './api-options.js';
export type { AuthOptions, GetTokenOptions, ProductOptionName } from './auth-options.js';
export type { AuthStatus, AuthTokenState } from './auth-status.js';
export { createAuth } from './create-auth.js';
export type { CredentialProvider } from './credential-provider.js';
export type { EnkashAuth, EnkashAuthEvent } from './enkash-auth.js';
export {
  EnkashAuthError,
  type EnkashAuthErrorOptions,
  isEnkashAuthError,
} from './enkash-auth-error.js';
export { type EnkashAuthErrorCode, ERROR_CODES } from './error-codes.js';
export type {
  EnkashAuthEvents,
  LifetimeClampedEvent,
  LockoutEvent,
  RefreshErrorEvent,
  StoreErrorEvent,
  TokenEvent,
} from './events.js';
export { createMemoryStore, type MemoryStoreOptions } from './memory-store.js';
export { decryptPayload, encryptPayload } from './payload-cipher.js';
export {
  defineResponseShape,
  type OutcomeContext,
  type ProductDefinition,
  type RejectionDetails,
  type ResponseShape,
  type TokenOutcome,
} from './product-definition.js';
export { resetStoredLockout } from './reset-stored-lockout.js';
export {
  camelCaseShape,
  createSnakeCaseShape,
  type SnakeCaseOptionalField,
  snakeCaseShape,
  type TokenFields,
  tokenFromFields,
} from './response-shapes.js';
export { deriveStoreKey, type StoreKeyIdentity } from './store-key.js';
export {
  createStoredValueCodec,
  SEALED_VALUE_PREFIX,
  type StoredValueCodec,
  type StoredValueCodecSettings,
} from './stored-value-codec.js';
export type { TokenStore } from './token-store.js';
export {
  matchesStoreError,
  TokenStoreError,
  type TokenStoreErrorOptions,
} from './token-store-error.js';
export {
  type WaitForStoredValueSettings,
  waitForStoredValue,
} from './wait-for-stored-value.js';
