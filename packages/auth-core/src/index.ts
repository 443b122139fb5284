export type { AccessToken } from './access-token.js';
export type { AuthOptions, GetTokenOptions } from './auth-options.js';
export type { EnkashAuth, EnkashAuthEvent } from './enkash-auth.js';
export { ERROR_CODES, type EnkashAuthErrorCode } from './error-codes.js';
export {
  defineResponseShape,
  type OutcomeContext,
  type ProductDefinition,
  type RejectionDetails,
  type ResponseShape,
  type TokenOutcome,
} from './product-definition.js';
export type { TokenStore } from './token-store.js';
