import { describe, expect, it } from 'vitest';
import {
  isRedisStoreError,
  REDIS_STORE_ERROR_CODES,
  RedisStoreError,
} from './redis-store-error.js';
import { toRedisStoreError, withTimeout } from './with-timeout.js';

describe('RedisStoreError', () => {
  it('carries code, operation, message and cause', () => {
    const cause = new Error('socket closed');
    const error = new RedisStoreError('Redis get failed: socket closed', {
      code: REDIS_STORE_ERROR_CODES.UNAVAILABLE,
      operation: 'get',
      cause,
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('RedisStoreError');
    expect(error.code).toBe('REDIS_UNAVAILABLE');
    expect(error.operation).toBe('get');
    expect(error.message).toBe('Redis get failed: socket closed');
    expect(error.cause).toBe(cause);
  });

  it('is recognised by marker across copies and by name, by one check under both names', () => {
    const error = new RedisStoreError('x', { code: 'REDIS_TIMEOUT', operation: 'get' });
    const foreign = Object.assign(new Error('x'), {
      [Symbol.for('enkash.auth-redis.store-error')]: true,
    });
    const crossed = Object.assign(new Error('x'), {
      name: 'RedisStoreError',
      code: 'REDIS_TIMEOUT',
    });
    const cases: [unknown, boolean][] = [
      [error, true],
      [foreign, true],
      [crossed, true],
      [Object.assign(new Error('x'), { name: 'RedisStoreError' }), false],
      [{ name: 'RedisStoreError', code: 'REDIS_TIMEOUT' }, false],
      [new Error('x'), false],
      [null, false],
      ['RedisStoreError', false],
    ];
    for (const [value, expected] of cases) {
      expect(isRedisStoreError(value)).toBe(expected);
      expect(RedisStoreError.isInstance(value)).toBe(expected);
    }
  });
});

describe('toRedisStoreError', () => {
  it('keeps name, message and system code of the cause, and drops the command it carried', () => {
    const original = Object.assign(new Error('OOM command not allowed'), {
      name: 'ReplyError',
      code: 'EOOM',
      command: { name: 'eval', args: ['script', '1', 'key', 'secret-token'] },
    });
    const error = toRedisStoreError(original, 'set');
    expect(error.code).toBe('REDIS_UNAVAILABLE');
    expect(error.message).toBe('Redis set failed: OOM command not allowed');
    expect(error.cause).toMatchObject({
      name: 'ReplyError',
      message: 'OOM command not allowed',
      code: 'EOOM',
    });
    expect(error.cause).not.toHaveProperty('command');
  });

  it('reads an ioredis command timeout as REDIS_TIMEOUT', () => {
    expect(toRedisStoreError(new Error('Command timed out'), 'get').code).toBe('REDIS_TIMEOUT');
  });

  it('passes a RedisStoreError through', () => {
    const error = new RedisStoreError('x', { code: 'REDIS_CLOSED', operation: 'get' });
    expect(toRedisStoreError(error, 'set')).toBe(error);
  });
});

describe('withTimeout', () => {
  it('rejects with REDIS_TIMEOUT and still observes the late rejection', async () => {
    let fail: (error: Error) => void = () => undefined;
    const work = new Promise<never>((_, reject) => {
      fail = reject;
    });
    await expect(withTimeout(work, 'get', 5)).rejects.toMatchObject({
      code: 'REDIS_TIMEOUT',
      operation: 'get',
      message: 'Redis did not answer get within 5 ms.',
    });
    // Would surface as an unhandled rejection (failing the run) if nobody observed it.
    fail(new Error('late'));
    await new Promise((resolve) => setTimeout(resolve, 10));
  });

  it('resolves with the value in time', async () => {
    await expect(withTimeout(Promise.resolve(7), 'get', 1_000)).resolves.toBe(7);
  });
});
