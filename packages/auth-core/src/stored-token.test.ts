import { describe, expect, it } from 'vitest';
import {
  parseAnnouncedRejection,
  parseStoredToken,
  serializeAnnouncedRejection,
  serializeToken,
} from './stored-token.js';

const token = {
  accessToken: 'token-a',
  tokenType: 'bearer',
  expiresAt: 10_000,
  refreshToken: 'refresh-a',
  scope: 'read write trust',
};

describe('stored tokens', () => {
  it('round-trips a token with its issue time, frozen', () => {
    const stored = parseStoredToken(serializeToken(token, 4_000), 5_000, undefined);
    expect(stored).toEqual({ token, issuedAt: 4_000 });
    expect(Object.isFrozen(stored?.token)).toBe(true);
  });

  it('treats an expired token, or the one being replaced, as absent', () => {
    const raw = serializeToken(token, 4_000);
    expect(parseStoredToken(raw, 10_000, undefined)).toBeUndefined();
    expect(parseStoredToken(raw, 5_000, token)).toBeUndefined();
    expect(parseStoredToken(raw, 5_000, { ...token, accessToken: 'token-b' })).toBeDefined();
  });

  it('treats anything unreadable as absent', () => {
    for (const raw of [
      undefined,
      'not json',
      'null',
      '42',
      JSON.stringify({ ...token, issuedAt: 'yesterday' }),
      JSON.stringify({ ...token, issuedAt: 1, scope: 7 }),
      JSON.stringify({ ...token, issuedAt: 1, refreshToken: false }),
      JSON.stringify({ accessToken: 'x' }),
    ]) {
      expect(parseStoredToken(raw, 0, undefined)).toBeUndefined();
    }
  });
});

describe('shared rejections', () => {
  it('round-trip, keeping only allowlisted details', () => {
    const raw = serializeAnnouncedRejection({ status: 401, details: { error: 'invalid_grant' } });
    expect(parseAnnouncedRejection(raw)).toEqual({
      status: 401,
      details: { error: 'invalid_grant' },
    });
    expect(
      parseAnnouncedRejection(
        JSON.stringify({ status: 400, details: { password: 'p', error: 'x' } }),
      ),
    ).toEqual({ status: 400, details: { error: 'x' } });
  });

  it('treat anything unreadable as absent', () => {
    for (const raw of [undefined, 'garbage', '{}', JSON.stringify({ status: '401' })]) {
      expect(parseAnnouncedRejection(raw)).toBeUndefined();
    }
  });
});
