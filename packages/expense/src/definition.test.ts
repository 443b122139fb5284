import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { expenseSchema } from './definition.js';

describe('the expense response schema', () => {
  it('accepts the documented body', () => {
    const body = { resultCode: 200, resultMessage: 'OK', token: 'abc', expiry: 1_800_000_000_000 };
    expect(v.safeParse(expenseSchema, body).success).toBe(true);
  });

  it('counts null as absent in token, expiry and resultMessage', () => {
    const body = { resultCode: 401, resultMessage: null, token: null, expiry: null };
    expect(v.safeParse(expenseSchema, body).success).toBe(true);
  });

  it.each([
    ['an empty token', { resultCode: 200, token: '', expiry: 1 }, 'token', 'non-empty string'],
    [
      'a token that is a number',
      { resultCode: 200, token: 7, expiry: 1 },
      'token',
      'non-empty string',
    ],
    ['a fractional expiry', { resultCode: 200, token: 'abc', expiry: 1.5 }, 'expiry', 'integer'],
    ['an expiry in a string', { resultCode: 200, token: 'abc', expiry: '1' }, 'expiry', 'integer'],
    ['a fractional resultCode', { resultCode: 200.5 }, 'resultCode', 'integer'],
    ['a missing resultCode', { token: 'abc', expiry: 1 }, 'resultCode', '"resultCode"'],
  ])('refuses %s, naming the field and the type expected', (_title, body, path, expected) => {
    const result = v.safeParse(expenseSchema, body);
    expect(result.success).toBe(false);
    const issue = result.issues?.[0];
    expect(issue?.path?.map((item) => item.key)).toEqual([path]);
    expect(issue?.expected).toBe(expected);
  });
});
