// The public testing entry: only what a user writing a `TokenStore` needs. Its types import
// nothing but this package's own; at run time it needs `vitest` (any version from 3) in the
// project that runs it. The repository's own test helpers live in the private `@enkash/test-kit`.
export { runTokenStoreContract, type TokenStoreContractOptions } from './store-contract.js';
