import { describe, expect, it } from 'vitest';
import { parseAnnouncedRejection, serializeAnnouncedRejection } from './announced-rejection.js';
import { parseStoredToken, type StoredToken, serializeToken } from './stored-token.js';

const binding = 'B'.repeat(43);
const token = {
  accessToken: 'token-a',
  tokenType: 'bearer',
  expiresAt: 10_000,
  refreshToken: 'refresh-a',
  scope: 'read write trust',
};
const stored: StoredToken = { token, issuedAt: 4_000, binding };
const limits = { now: 5_000, maxLifetimeMs: undefined };

describe('stored tokens', () => {
  it('round-trips a token with its issue time and binding, frozen', () => {
    const parsed = parseStoredToken(serializeToken(stored), limits);
    expect(parsed).toEqual(stored);
    expect(Object.isFrozen(parsed?.token)).toBe(true);
  });

  it('treats an expired token as absent', () => {
    expect(parseStoredToken(serializeToken(stored), { ...limits, now: 10_000 })).toBeUndefined();
  });

  it('treats anything unreadable as absent', () => {
    for (const raw of [
      undefined,
      'not json',
      'null',
      '42',
      JSON.stringify({ ...token, issuedAt: 'yesterday', binding }),
      JSON.stringify({ ...token, issuedAt: 1, scope: 7, binding }),
      JSON.stringify({ ...token, issuedAt: 1, refreshToken: false, binding }),
      JSON.stringify({ accessToken: 'x' }),
    ]) {
      expect(parseStoredToken(raw, { now: 0, maxLifetimeMs: undefined })).toBeUndefined();
    }
  });

  it.each([
    ['a CR/LF in the token', { accessToken: 'token\r\nX-Injected: 1' }],
    ['a space in the token', { accessToken: 'token a' }],
    ['an empty token', { accessToken: '' }],
    ['a 10 MB token', { accessToken: 'a'.repeat(10_000_000) }],
    ['a CR/LF in the token type', { tokenType: 'bearer\r\n' }],
    ['an expiry of 1e308', { expiresAt: 1e308 }],
    ['an issue time after the expiry', { issuedAt: 20_000, expiresAt: 10_000 }],
    ['a lifetime over a day', { issuedAt: 0, expiresAt: 5_000 + 86_400_001 }],
    ['no binding', { binding: undefined }],
    ['a binding that is not one', { binding: 'x' }],
  ])('is a miss for a stored value with %s (checked like the wire)', (_label, change) => {
    const raw = JSON.stringify({ ...token, issuedAt: 4_000, binding, ...change });
    expect(parseStoredToken(raw, { now: 5_000, maxLifetimeMs: undefined })).toBeUndefined();
  });

  it('holds a product to its cap: a rewards token claimed for 24 h is a miss', () => {
    const day = JSON.stringify({ ...token, issuedAt: 0, expiresAt: 86_400_000, binding });
    expect(parseStoredToken(day, { now: 1_000, maxLifetimeMs: 300_000 })).toBeUndefined();
    // A late issue time cannot stretch it either: what is left must fit the cap.
    const late = JSON.stringify({ ...token, issuedAt: 86_000_000, expiresAt: 86_400_000, binding });
    expect(parseStoredToken(late, { now: 1_000, maxLifetimeMs: 300_000 })).toBeUndefined();
    const fair = JSON.stringify({ ...token, issuedAt: 0, expiresAt: 300_000, binding });
    expect(parseStoredToken(fair, { now: 1_000, maxLifetimeMs: 300_000 })).toBeDefined();
    // A token capped at 5 minutes when its answer came, issued when its request left, is kept.
    const capped = JSON.stringify({ ...token, issuedAt: 800, expiresAt: 1_050 + 300_000, binding });
    expect(parseStoredToken(capped, { now: 1_050, maxLifetimeMs: 300_000 })).toBeDefined();
  });
});

describe('shared rejections', () => {
  it('round-trip with their binding, keeping only allowlisted details', () => {
    const raw = serializeAnnouncedRejection({
      status: 401,
      details: { error: 'invalid_grant' },
      binding,
    });
    expect(parseAnnouncedRejection(raw)).toEqual({
      status: 401,
      details: { error: 'invalid_grant' },
      binding,
    });
    expect(
      parseAnnouncedRejection(
        JSON.stringify({ status: 400, details: { password: 'p', error: 'x' }, binding }),
      ),
    ).toEqual({ status: 400, details: { error: 'x' }, binding });
  });

  it('treats anything unreadable, or without a binding, as absent', () => {
    for (const raw of [undefined, 'not json', '{}', '{"status":"401"}', '{"status":401}']) {
      expect(parseAnnouncedRejection(raw)).toBeUndefined();
    }
  });
});
