import { describe, expectTypeOf, it } from 'vitest';
import {
  createSandboxHandler,
  type Sandbox,
  type SandboxFault,
  type SandboxProduct,
  type SandboxProductOptions,
  type SandboxUser,
  type StartSandboxOptions,
  startSandbox,
} from './index.js';

type OptionalKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? K : never }[keyof T];
/** The optional keys of `T` that refuse an explicit `undefined` under exactOptionalPropertyTypes. */
type RefusingUndefined<T> = {
  [K in OptionalKeys<T>]: { [P in K]: undefined } extends Pick<T, K> ? never : K;
}[OptionalKeys<T>];

describe('public types', () => {
  it('startSandbox resolves a Sandbox whose users spread into product options', () => {
    expectTypeOf(startSandbox).returns.resolves.toEqualTypeOf<Sandbox>();
    expectTypeOf<Sandbox['users']['payouts']>().toMatchTypeOf<{
      clientId: string;
      clientSecret: string;
      username: string;
      password: string;
    }>();
    expectTypeOf<Sandbox['baseUrl']>().parameter(0).toEqualTypeOf<SandboxProduct>();
    expectTypeOf<Sandbox['close']>().returns.toEqualTypeOf<Promise<void>>();
  });

  it('the handler is a fetch-style function', () => {
    const handler = createSandboxHandler();
    expectTypeOf(handler).toBeCallableWith(new Request('http://sandbox.test/payouts/api/ping'));
    expectTypeOf(handler).returns.toEqualTypeOf<Promise<Response>>();
  });

  it('refuses unknown products and faults at compile time', () => {
    // @ts-expect-error: not a product
    expectTypeOf<Sandbox['counters']>().toBeCallableWith('wallet');
    // @ts-expect-error: not a fault
    const bad: SandboxFault = { type: 'explode' };
    expectTypeOf(bad).toEqualTypeOf<SandboxFault>();
    expectTypeOf<SandboxUser['basicAuth']>().toEqualTypeOf<
      { id: string; secret: string } | undefined
    >();
  });

  it('takes undefined for every optional option (exactOptionalPropertyTypes)', () => {
    expectTypeOf<RefusingUndefined<StartSandboxOptions>>().toEqualTypeOf<never>();
    expectTypeOf<RefusingUndefined<SandboxProductOptions>>().toEqualTypeOf<never>();
  });
});
