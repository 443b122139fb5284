import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { EnkashAuthError, isEnkashAuthError } from './enkash-auth-error.js';

describe('EnkashAuthError', () => {
  it('carries code, product, status and details', () => {
    const error = new EnkashAuthError('EnKash rejected the credentials.', {
      code: 'REJECTED',
      product: 'payouts',
      status: 401,
      details: { error: 'invalid_grant', error_description: 'Bad credentials' },
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('EnkashAuthError');
    expect(error.code).toBe('REJECTED');
    expect(error.product).toBe('payouts');
    expect(error.status).toBe(401);
    expect(error.details).toEqual({ error: 'invalid_grant', error_description: 'Bad credentials' });
    expect(error.message).toBe('EnKash rejected the credentials.');
  });

  it('leaves status, details and cause out when not given', () => {
    const error = new EnkashAuthError('Bad option.', { code: 'CONFIG', product: 'cards' });
    expect('status' in error).toBe(false);
    expect('details' in error).toBe(false);
    expect('cause' in error).toBe(false);
    expect(error.toJSON()).toEqual({
      name: 'EnkashAuthError',
      code: 'CONFIG',
      product: 'cards',
      message: 'Bad option.',
    });
  });

  it('keeps the cause', () => {
    const cause = new TypeError('fetch failed');
    const error = new EnkashAuthError('No answer.', { code: 'NETWORK', product: 'bbps', cause });
    expect(error.cause).toBe(cause);
  });

  it('is recognised across copies through the Symbol.for marker', () => {
    const error = new EnkashAuthError('x', { code: 'HTTP', product: 'payouts' });
    expect(EnkashAuthError.isInstance(error)).toBe(true);
    // A structurally separate copy (another installed version) carries the same marker.
    const foreign = Object.assign(new Error('x'), { [Symbol.for('enkash.auth.error')]: true });
    expect(EnkashAuthError.isInstance(foreign)).toBe(true);
    expect(EnkashAuthError.isInstance(new Error('x'))).toBe(false);
    expect(EnkashAuthError.isInstance(null)).toBe(false);
    expect(EnkashAuthError.isInstance('EnkashAuthError')).toBe(false);
  });

  it('has a guard that also matches on name and code', () => {
    expect(isEnkashAuthError(new EnkashAuthError('x', { code: 'HTTP', product: 'p' }))).toBe(true);
    const revived = Object.assign(new Error('x'), { name: 'EnkashAuthError', code: 'HTTP' });
    expect(isEnkashAuthError(revived)).toBe(true);
    const named = Object.assign(new Error('x'), { name: 'EnkashAuthError' });
    expect(isEnkashAuthError(named)).toBe(false);
    expect(isEnkashAuthError({ name: 'EnkashAuthError', code: 'HTTP' })).toBe(false);
    expect(isEnkashAuthError(undefined)).toBe(false);
  });

  it('has one guard: isInstance and isEnkashAuthError agree on every value', () => {
    const values = [
      new EnkashAuthError('x', { code: 'HTTP', product: 'p' }),
      Object.assign(new Error('x'), { [Symbol.for('enkash.auth.error')]: true }),
      Object.assign(new Error('x'), { name: 'EnkashAuthError', code: 'HTTP' }),
      Object.assign(new Error('x'), { name: 'EnkashAuthError' }),
      { name: 'EnkashAuthError', code: 'HTTP' },
      new Error('x'),
      null,
      undefined,
      'EnkashAuthError',
    ];
    for (const value of values) {
      expect(EnkashAuthError.isInstance(value)).toBe(isEnkashAuthError(value));
    }
  });

  it('inspects to its fields and a summary of its cause, never the cause internals', () => {
    const cause = Object.assign(new TypeError('fetch failed'), {
      code: 'ECONNREFUSED',
      request: { headers: { authorization: 'Basic c2VjcmV0LXZhbHVl' } },
    });
    const error = new EnkashAuthError('No answer.', {
      code: 'NETWORK',
      product: 'payouts',
      cause,
    });
    const text = inspect(error, { depth: 10 });
    expect(text).toContain('EnkashAuthError: No answer.');
    expect(text).toContain('"code":"NETWORK"');
    expect(text).toContain('TypeError ECONNREFUSED: fetch failed');
    expect(text).not.toContain('c2VjcmV0LXZhbHVl');
    const plain = inspect(new EnkashAuthError('x', { code: 'HTTP', product: 'p', cause: 42 }));
    expect(plain).toContain('"cause":"number"');
  });

  it('serialises to JSON without its cause', () => {
    const error = new EnkashAuthError('Rejected.', {
      code: 'REJECTED',
      product: 'rewards',
      status: 400,
      details: { error: 'invalid_grant' },
      cause: new Error('secret-bearing cause'),
    });
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'EnkashAuthError',
      code: 'REJECTED',
      product: 'rewards',
      status: 400,
      details: { error: 'invalid_grant' },
      message: 'Rejected.',
    });
  });
});
