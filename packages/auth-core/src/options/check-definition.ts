import { EnkashAuthError } from '../errors/enkash-auth-error.js';
import type { ProductDefinition } from '../product/product-definition.js';
import { configError, isFilled } from './config-error.js';

/**
 * The definition's product name, once the definition is one the core can
 * use: a name, at least one response shape, and a positive `maxLifetimeMs`
 * when it has one. Throws `CONFIG`.
 */
export function checkDefinition(definition: ProductDefinition): string {
  const product = (definition as Partial<ProductDefinition> | undefined)?.product;
  if (!isFilled(product)) {
    throw new EnkashAuthError('createAuth: the product definition has no product name.', {
      code: 'CONFIG',
      product: 'unknown',
    });
  }
  if (!Array.isArray(definition.responses) || definition.responses.length === 0) {
    throw configError(product, 'the product definition lists no response shapes.');
  }
  const { maxLifetimeMs } = definition;
  if (maxLifetimeMs !== undefined && !(Number.isFinite(maxLifetimeMs) && maxLifetimeMs > 0)) {
    throw configError(product, 'the product definition has a non-positive maxLifetimeMs.');
  }
  return product;
}
