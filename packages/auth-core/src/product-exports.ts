// The names every product package re-exports, listed here once: the error and the codes to match
// on, ky's `HTTPError` and its guard for API answers (pnpm, unlike npm, does not hoist ky where an
// application could import it), the payload helpers, the store to share between tenants, and the
// core types an application writes down. A product's index.ts re-exports them in one line,
// `export * from '@enkash/auth-core/product-exports'`, and names only its own surface besides.
export { HTTPError, isHTTPError } from 'ky';
export type { AccessToken } from './access-token.js';
export { decryptPayload, encryptPayload } from './api/payload-cipher.js';
export type { AuthStatus } from './auth-status.js';
export type { CredentialProvider } from './credentials/credential-provider.js';
export type { EnkashAuth } from './enkash-auth.js';
export { EnkashAuthError } from './errors/enkash-auth-error.js';
export { type EnkashAuthErrorCode, ERROR_CODES } from './errors/error-codes.js';
export type { EnkashAuthEvents } from './events.js';
export type { GetTokenOptions } from './options/auth-options.js';
export { createMemoryStore } from './store/memory-store.js';
export type { TokenStore } from './store/token-store.js';
