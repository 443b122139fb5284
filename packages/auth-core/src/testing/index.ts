// The public testing entry: what a user writing a `TokenStore` needs, and `forgetAccounts` for a
// suite that reuses one account across cases (every auth of an account in a process shares its
// token and lockout count). Its types import nothing but this package's own; at run time the
// contract needs `vitest` (any version from 3). The repository's own test helpers live in the
// private `@enkash/test-kit`.
export { forgetAccounts } from '../lifecycle/account-registry.js';
export { runTokenStoreContract, type TokenStoreContractOptions } from './store-contract.js';
