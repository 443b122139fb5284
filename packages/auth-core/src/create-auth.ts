import type { AuthOptions } from './auth-options.js';
import type { EnkashAuth } from './enkash-auth.js';
import type { ProductDefinition } from './product-definition.js';

/**
 * Assembles an {@link EnkashAuth} for one product and one credential set.
 * Product packages call it with their definition; applications call the
 * product factory (`createPayoutsAuth(options)`) instead.
 */
export function createAuth(
  definition: ProductDefinition,
  options: AuthOptions & Record<string, unknown>,
): EnkashAuth {
  // Work in progress: the lifecycle lands in the next commit.
  void definition;
  void options;
  throw new Error('createAuth: not implemented yet');
}
