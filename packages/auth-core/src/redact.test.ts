import { describe, expect, it } from 'vitest';
import { createRedactor, pickRejectionDetails } from './redact.js';

const nothing = createRedactor([]);

describe('pickRejectionDetails', () => {
  it('keeps only the allowlisted fields with their expected types', () => {
    expect(
      pickRejectionDetails(
        {
          error: 'invalid_grant',
          error_description: 'Bad credentials',
          resultCode: 401,
          resultMessage: 'Invalid',
          access_token: 'leaked-token-value',
          username: 'ops@example.com',
          password: 'hunter2-password',
        },
        nothing,
      ),
    ).toEqual({
      error: 'invalid_grant',
      error_description: 'Bad credentials',
      resultCode: 401,
      resultMessage: 'Invalid',
    });
  });

  it('drops wrongly typed and empty values, reads numeric string result codes', () => {
    expect(
      pickRejectionDetails(
        { error: 42, error_description: '', resultCode: '500', resultMessage: {} },
        nothing,
      ),
    ).toEqual({ resultCode: 500 });
    expect(pickRejectionDetails({ resultCode: 'abc' }, nothing)).toEqual({});
    expect(pickRejectionDetails({ resultCode: Number.NaN }, nothing)).toEqual({});
  });

  it('returns nothing for non-objects', () => {
    expect(pickRejectionDetails(null, nothing)).toEqual({});
    expect(pickRejectionDetails('invalid_grant', nothing)).toEqual({});
    expect(pickRejectionDetails(undefined, nothing)).toEqual({});
  });

  it('shortens very long explanations', () => {
    const details = pickRejectionDetails({ error_description: 'x'.repeat(1_000) }, nothing);
    expect(details.error_description).toHaveLength(201);
  });

  it('redacts first and cuts after, so a secret across the cut leaves nothing behind', () => {
    const redactor = createRedactor(['p4ssw0rd-long']);
    const details = pickRejectionDetails(
      { error_description: `${'x'.repeat(195)}p4ssw0rd-long` },
      redactor,
    );
    expect(details.error_description).toBe(`${'x'.repeat(195)}[reda…`);
  });
});

describe('createRedactor', () => {
  it('replaces every occurrence of every secret', () => {
    const redactor = createRedactor(['p4ssw0rd', 's3cret!']);
    expect(redactor.redact('p4ssw0rd and again p4ssw0rd; s3cret!')).toBe(
      '[redacted] and again [redacted]; [redacted]',
    );
  });

  it('leaves very short values alone rather than mangling ordinary words', () => {
    expect(createRedactor(['a', 'ba']).redact('a bad request')).toBe('a bad request');
  });

  it('redacts URL-encoded (either hex case), form-encoded, base64 and base64url spellings', () => {
    const secret = 'p@ss word/?>~';
    const redactor = createRedactor([secret, 'client-id:client-secret']);
    const base64 = Buffer.from(secret).toString('base64');
    const spellings = [
      secret,
      encodeURIComponent(secret),
      encodeURIComponent(secret).toLowerCase(),
      new URLSearchParams({ v: secret }).toString().slice(2),
      base64,
      base64.replace(/=+$/, ''),
      Buffer.from(secret).toString('base64url'),
      `Basic ${Buffer.from('client-id:client-secret').toString('base64')}`,
    ];
    for (const spelling of spellings) {
      expect(redactor.redact(`echo <${spelling}>`)).toMatch(/^echo <(Basic )?\[redacted\]=*>$/);
    }
  });

  it('redacts remembered tokens, keeping only the last four', () => {
    const redactor = createRedactor([]);
    for (let index = 1; index <= 5; index += 1) redactor.remember(`token-number-${index}`);
    expect(redactor.redact('token-number-5 token-number-2')).toBe('[redacted] [redacted]');
    expect(redactor.redact('token-number-1')).toBe('token-number-1');
  });

  it('treats regular expression characters in a secret literally', () => {
    const redactor = createRedactor(['a.b*c(d)']);
    expect(redactor.redact('a.b*c(d) axbbc(d)')).toBe('[redacted] axbbc(d)');
  });
});
