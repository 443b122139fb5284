/** The five EnKash products the sandbox serves, each under its own path prefix. */
export const SANDBOX_PRODUCTS = ['payouts', 'cards', 'bbps', 'rewards', 'expense'] as const;

/** One of the {@link SANDBOX_PRODUCTS}. */
export type SandboxProduct = (typeof SANDBOX_PRODUCTS)[number];

/**
 * Whether a value names a product the sandbox serves.
 *
 * @example
 * ```ts
 * isSandboxProduct('payouts'); // true
 * ```
 */
export function isSandboxProduct(value: unknown): value is SandboxProduct {
  return typeof value === 'string' && (SANDBOX_PRODUCTS as readonly string[]).includes(value);
}
