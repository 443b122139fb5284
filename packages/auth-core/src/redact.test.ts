import { describe, expect, it } from 'vitest';
import { pickRejectionDetails, redactDetails, redactSecrets } from './redact.js';

describe('pickRejectionDetails', () => {
  it('keeps only the allowlisted fields with their expected types', () => {
    expect(
      pickRejectionDetails({
        error: 'invalid_grant',
        error_description: 'Bad credentials',
        resultCode: 401,
        resultMessage: 'Invalid',
        access_token: 'leaked-token-value',
        username: 'ops@example.com',
        password: 'hunter2-password',
      }),
    ).toEqual({
      error: 'invalid_grant',
      error_description: 'Bad credentials',
      resultCode: 401,
      resultMessage: 'Invalid',
    });
  });

  it('drops wrongly typed and empty values, reads numeric string result codes', () => {
    expect(
      pickRejectionDetails({
        error: 42,
        error_description: '',
        resultCode: '500',
        resultMessage: {},
      }),
    ).toEqual({ resultCode: 500 });
    expect(pickRejectionDetails({ resultCode: 'abc' })).toEqual({});
    expect(pickRejectionDetails({ resultCode: Number.NaN })).toEqual({});
  });

  it('returns nothing for non-objects', () => {
    expect(pickRejectionDetails(null)).toEqual({});
    expect(pickRejectionDetails('invalid_grant')).toEqual({});
    expect(pickRejectionDetails(undefined)).toEqual({});
  });

  it('shortens very long explanations', () => {
    const details = pickRejectionDetails({ error_description: 'x'.repeat(1_000) });
    expect(details.error_description).toHaveLength(201);
  });
});

describe('redactSecrets', () => {
  it('replaces every occurrence of every secret', () => {
    expect(redactSecrets('p4ssw0rd and again p4ssw0rd; s3cret!', ['p4ssw0rd', 's3cret!'])).toBe(
      '[redacted] and again [redacted]; [redacted]',
    );
  });

  it('leaves very short values alone rather than mangling ordinary words', () => {
    expect(redactSecrets('a bad request', ['a', 'ba'])).toBe('a bad request');
  });

  it('redacts the strings of a details object', () => {
    expect(
      redactDetails({ error: 'x', error_description: 'wrong password p4ssw0rd', resultCode: 1 }, [
        'p4ssw0rd',
      ]),
    ).toEqual({ error: 'x', error_description: 'wrong password [redacted]', resultCode: 1 });
  });
});
