import type { SandboxProduct } from './products.js';
import type { SandboxUser } from './sandbox-user.js';

/**
 * Demo credentials shaped like the EnKash pages: an e-mail for payouts, bbps and
 * expense, a mobile number for rewards and cards. Fixed values, so the CLI prints
 * the same credentials every run. They are sandbox-only and grant nothing real.
 */
export const DEMO_USERS: Readonly<Record<SandboxProduct, Readonly<SandboxUser>>> = {
  payouts: {
    clientId: 'CEKFOWV7UQ',
    clientSecret: 'sandbox-payouts-secret',
    username: 'demo.payouts@example.com',
    password: 'Payouts@12345',
  },
  cards: {
    clientId: 'CEKEY1SKIU',
    clientSecret: 'sandbox-cards-secret',
    username: '9000000001',
    password: 'Cards@12345',
  },
  bbps: {
    clientId: 'CEKBBPS7QX',
    clientSecret: 'sandbox-bbps-secret',
    username: 'demo.bbps@example.com',
    password: 'Bbps@12345',
  },
  rewards: {
    clientId: 'CEK1GZBO6A',
    clientSecret: 'sandbox-rewards-secret',
    username: '9000000002',
    password: 'Rewards@12345',
  },
  expense: {
    clientId: 'enkash-client',
    clientSecret: 'enkash-secret',
    username: 'demo.expense@example.com',
    password: 'Expense@12345',
    apiKey: 'sandbox-expense-api-key',
  },
};
