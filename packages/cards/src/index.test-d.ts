import { expectTypeOf, test } from 'vitest';
import { type CardsAuthOptions, createCardsAuth, type EnkashAuth } from './index.js';

test('createCardsAuth takes the core options plus an optional cookie', () => {
  expectTypeOf(createCardsAuth).parameter(0).toEqualTypeOf<CardsAuthOptions>();
  expectTypeOf(createCardsAuth).returns.toEqualTypeOf<EnkashAuth>();
  expectTypeOf<CardsAuthOptions['cookie']>().toEqualTypeOf<string | undefined>();
  expectTypeOf<{ apiKey: string }>().not.toExtend<Partial<CardsAuthOptions>>();
});
