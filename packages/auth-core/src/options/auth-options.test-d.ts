import { describe, expectTypeOf, it } from 'vitest';
import { createAuth } from '../create-auth.js';
import type { EnkashAuth } from '../enkash-auth.js';
import type { ProductDefinition } from '../product/product-definition.js';
import type { MemoryStoreOptions } from '../store/memory-store.js';
import type { AuthOptions, GetTokenOptions, PayloadEncryptionOptions } from './auth-options.js';

// Under `exactOptionalPropertyTypes` an optional property accepts `undefined` only when its type
// says so; a project with that setting passes `store: process.env.X ? store : undefined` and the like.
type OptionalKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? K : never }[keyof T];
/** The optional keys of `T` that refuse an explicit `undefined`: `never` when there is none. */
type RefusingUndefined<T> = {
  [K in OptionalKeys<T>]: { [P in K]: undefined } extends Pick<T, K> ? never : K;
}[OptionalKeys<T>];

declare const definition: ProductDefinition;

describe('every optional option accepts undefined (exactOptionalPropertyTypes)', () => {
  it('in AuthOptions, the payload options, getToken options and the memory store options', () => {
    expectTypeOf<RefusingUndefined<AuthOptions>>().toEqualTypeOf<never>();
    expectTypeOf<RefusingUndefined<PayloadEncryptionOptions>>().toEqualTypeOf<never>();
    expectTypeOf<RefusingUndefined<GetTokenOptions>>().toEqualTypeOf<never>();
    expectTypeOf<RefusingUndefined<MemoryStoreOptions>>().toEqualTypeOf<never>();
  });

  it('lets a factory take `store: undefined` from a conditional', () => {
    const store = process.env.REDIS_URL === undefined ? undefined : ({} as AuthOptions['store']);
    const auth = createAuth(definition, {
      baseUrl: 'https://ekpayout-uat.enkash.in',
      clientId: 'id',
      clientSecret: 'secret',
      username: 'user@example.com',
      password: 'password',
      store,
      timeoutMs: undefined,
      encryptionKey: process.env.ENKASH_PAYLOAD_KEY,
    });
    expectTypeOf(auth).toEqualTypeOf<EnkashAuth>();
  });
});
