import { describe, expect, it } from 'vitest';
import { redisKeyOf } from './redis-key.js';

describe('redisKeyOf', () => {
  it('puts the account part of every key the core names in one hash tag', () => {
    const account = 'enkash:payouts:3f1c9a';
    const keys = ['token', 'lock', 'attempts', 'rejection'].map((kind) =>
      redisKeyOf('enkash:auth:', `${account}:${kind}`),
    );
    expect(keys).toEqual([
      'enkash:auth:{enkash:payouts:3f1c9a}:token',
      'enkash:auth:{enkash:payouts:3f1c9a}:lock',
      'enkash:auth:{enkash:payouts:3f1c9a}:attempts',
      'enkash:auth:{enkash:payouts:3f1c9a}:rejection',
    ]);
    // What Redis Cluster hashes: the text between the first { and the next }.
    for (const key of keys) expect(/\{([^}]*)\}/.exec(key)?.[1]).toBe(account);
  });

  it('tags a key without a colon as a whole, and keeps other accounts apart', () => {
    expect(redisKeyOf('p:', 'lock')).toBe('p:{lock}');
    expect(redisKeyOf('p:', ':lock')).toBe('p:{:lock}');
    expect(redisKeyOf('p:', 'enkash:cards:aa:token')).not.toContain('{enkash:payouts');
  });
});
