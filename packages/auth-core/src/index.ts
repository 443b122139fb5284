// What `auth.client` throws for an API answer outside 2xx, and its guard (which also matches on
// `name`, so it works across duplicated installs): re-exported because pnpm, unlike npm, does
// not hoist ky where an application could import it.
export { HTTPError, isHTTPError } from 'ky';
export type { AccessToken } from './access-token.js';
export { decryptPayload, encryptPayload } from './api/payload-cipher.js';
export type { AuthStatus, AuthTokenState } from './auth-status.js';
export { createAuth } from './create-auth.js';
export type { CredentialProvider } from './credentials/credential-provider.js';
export type { EnkashAuth, EnkashAuthEvent } from './enkash-auth.js';
export {
  EnkashAuthError,
  type EnkashAuthErrorOptions,
  isEnkashAuthError,
} from './errors/enkash-auth-error.js';
export { type EnkashAuthErrorCode, ERROR_CODES } from './errors/error-codes.js';
export type {
  EnkashAuthEvents,
  LifetimeClampedEvent,
  LockoutEvent,
  RefreshErrorEvent,
  StoreErrorEvent,
  TokenEvent,
} from './events.js';
export type { AuthOptions, GetTokenOptions, ProductOptionName } from './options/auth-options.js';
export type { PayloadEncryptionOptions } from './options/resolve-api-options.js';
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
export { createMemoryStore, type MemoryStoreOptions } from './store/memory-store.js';
export { deriveStoreKey, type StoreKeyIdentity } from './store/store-key.js';
export {
  createStoredValueCodec,
  SEALED_VALUE_PREFIX,
  type StoredValueCodec,
  type StoredValueCodecSettings,
} from './store/stored-value-codec.js';
export type { TokenStore } from './store/token-store.js';
export {
  matchesStoreError,
  TokenStoreError,
  type TokenStoreErrorOptions,
} from './store/token-store-error.js';
export {
  type WaitForStoredValueSettings,
  waitForStoredValue,
} from './store/wait-for-stored-value.js';
