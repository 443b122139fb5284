import type { AuthOptions, EnkashAuth } from '@enkash/auth-core';
import { createBbpsAuth } from '@enkash/bbps';
import { createCardsAuth } from '@enkash/cards';
import { createExpenseAuth } from '@enkash/expense';
import { createPayoutsAuth } from '@enkash/payouts';
import { createRewardsAuth } from '@enkash/rewards';

/** The five EnKash products, in the order the demo walks through them. */
export const PRODUCT_NAMES = ['payouts', 'cards', 'bbps', 'rewards', 'expense'] as const;

/** One of the {@link PRODUCT_NAMES}. */
export type ProductName = (typeof PRODUCT_NAMES)[number];

/** The options every factory accepts; `cookie` and `partnerId` reach cards only, `apiKey` expense only. */
export interface DemoAuthOptions extends AuthOptions {
  cookie?: string;
  apiKey?: string;
  partnerId?: string;
}

/** What the demo needs to know about a product to show it. */
export interface ProductEntry {
  name: ProductName;
  title: string;
  packageName: string;
  factoryName: string;
  /** The product-specific option this product sends as a header, if any. */
  extraOption?: 'cookie' | 'apiKey';
  create(options: DemoAuthOptions): EnkashAuth;
}

/** Whether a value names one of the five products. */
export function isProductName(value: string): value is ProductName {
  return (PRODUCT_NAMES as readonly string[]).includes(value);
}

/** Picks the product-specific option a factory understands and drops the others. */
function withOnly(
  options: DemoAuthOptions,
  keep?: 'cookie' | 'apiKey',
): AuthOptions & { partnerId?: string } {
  const { cookie, apiKey, partnerId, ...core } = options;
  const extra = keep === 'cookie' ? cookie : keep === 'apiKey' ? apiKey : undefined;
  const withExtra = keep === undefined || extra === undefined ? core : { ...core, [keep]: extra };
  // Only the cards factory knows partnerId.
  return keep === 'cookie' && partnerId !== undefined ? { ...withExtra, partnerId } : withExtra;
}

/** The catalogue: each product's package, factory and title. */
export const PRODUCTS: Readonly<Record<ProductName, ProductEntry>> = {
  payouts: {
    name: 'payouts',
    title: 'Payouts',
    packageName: '@enkash/payouts',
    factoryName: 'createPayoutsAuth',
    create: (options) => createPayoutsAuth(withOnly(options)),
  },
  cards: {
    name: 'cards',
    title: 'Prepaid cards',
    packageName: '@enkash/cards',
    factoryName: 'createCardsAuth',
    extraOption: 'cookie',
    create: (options) => createCardsAuth(withOnly(options, 'cookie')),
  },
  bbps: {
    name: 'bbps',
    title: 'Bharat Connect (BBPS) bill payments',
    packageName: '@enkash/bbps',
    factoryName: 'createBbpsAuth',
    create: (options) => createBbpsAuth(withOnly(options)),
  },
  rewards: {
    name: 'rewards',
    title: 'Rewards & incentives',
    packageName: '@enkash/rewards',
    factoryName: 'createRewardsAuth',
    create: (options) => createRewardsAuth(withOnly(options)),
  },
  expense: {
    name: 'expense',
    title: 'Expense management',
    packageName: '@enkash/expense',
    factoryName: 'createExpenseAuth',
    extraOption: 'apiKey',
    create: (options) => createExpenseAuth(withOnly(options, 'apiKey')),
  },
};
