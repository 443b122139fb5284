import { describe, expect, it } from 'vitest';
import { matchesStoreError, TokenStoreError } from './token-store-error.js';

const MARKER = Symbol.for('enkash.test.store-error');

class TestStoreError extends TokenStoreError<'TEST_DOWN'> {
  override readonly name = 'TestStoreError';
  constructor(message: string, cause?: unknown) {
    super(message, {
      code: 'TEST_DOWN',
      operation: 'get',
      ...(cause === undefined ? {} : { cause }),
    });
    Object.defineProperty(this, MARKER, { value: true });
  }
}

describe('TokenStoreError', () => {
  it('carries code, operation, message and cause, and its subclass name', () => {
    const cause = new Error('socket closed');
    const error = new TestStoreError('Test get failed', cause);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'TestStoreError',
      code: 'TEST_DOWN',
      operation: 'get',
      message: 'Test get failed',
    });
    expect(error.cause).toBe(cause);
    // The marker stays out of JSON.
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'TestStoreError',
      code: 'TEST_DOWN',
      operation: 'get',
    });
  });
});

describe('matchesStoreError', () => {
  it('matches the marker, or the name with a string code, and nothing else', () => {
    const cases: [unknown, boolean][] = [
      [new TestStoreError('x'), true],
      [Object.assign(new Error('x'), { [MARKER]: true }), true],
      [Object.assign(new Error('x'), { name: 'TestStoreError', code: 'TEST_DOWN' }), true],
      [Object.assign(new Error('x'), { name: 'TestStoreError' }), false],
      [Object.assign(new Error('x'), { name: 'OtherStoreError', code: 'TEST_DOWN' }), false],
      [{ name: 'TestStoreError', code: 'TEST_DOWN' }, false],
      [null, false],
      ['TestStoreError', false],
    ];
    for (const [value, expected] of cases) {
      expect(matchesStoreError(value, 'TestStoreError', MARKER)).toBe(expected);
    }
  });
});
