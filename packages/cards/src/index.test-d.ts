import { expectTypeOf, test } from 'vitest';
import { type CardsAuthOptions, createCardsAuth, type EnkashAuth } from './index.js';

test('createCardsAuth takes the core options plus an optional cookie', () => {
  expectTypeOf(createCardsAuth).parameter(0).toEqualTypeOf<CardsAuthOptions>();
  expectTypeOf(createCardsAuth).returns.toEqualTypeOf<EnkashAuth>();
  expectTypeOf<CardsAuthOptions['cookie']>().toEqualTypeOf<string | undefined>();
  expectTypeOf<{ apiKey: string }>().not.toExtend<Partial<CardsAuthOptions>>();
});

test('every optional option accepts undefined, as under exactOptionalPropertyTypes', () => {
  const auth = createCardsAuth({
    baseUrl: 'https://ekpayout-uat.enkash.in',
    clientId: 'company-42',
    clientSecret: 'secret',
    username: '9876543210',
    password: 'password',
    cookie: process.env.ENKASH_COOKIE,
    partnerId: undefined,
    store: undefined,
  });
  expectTypeOf(auth).toEqualTypeOf<EnkashAuth>();
});
