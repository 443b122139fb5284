import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRedactor } from './redact.js';
import { pickRejectionDetails } from './rejection-details.js';

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

describe('createRedactor at any size', () => {
  const MiB = 1024 * 1024;

  it('redacts secrets and tokens of 1 MiB in every spelling, and builds no expression from them', () => {
    // A token response may be 1 MiB; a provider may yield a secret as long.
    const token = `T${'k9-_'.repeat(MiB / 4 - 1)}end`;
    const secret = `p@ss word/${'s3cr3t+'.repeat(MiB / 7)}`;
    const redactor = createRedactor([secret, `client-id:${secret}`]);
    redactor.remember(token);
    const base64 = (value: string) => Buffer.from(value).toString('base64');
    const echoes = [
      token,
      secret,
      encodeURIComponent(secret),
      encodeURIComponent(secret).toLowerCase(),
      new URLSearchParams({ v: secret }).toString().slice(2),
      base64(secret),
      Buffer.from(secret).toString('base64url'),
      `Basic ${base64(`client-id:${secret}`)}`,
      base64(token),
    ];
    const text = echoes.map((echo, index) => `<${index}:${echo}>`).join(' ');
    const redacted = redactor.redact(text);
    expect(redacted).toMatch(/^<0:\[redacted\]> <1:\[redacted\]> /);
    expect(redacted.length).toBeLessThan(400);
    for (const echo of echoes) expect(redacted).not.toContain(echo.slice(-40));
  });

  it('covers every occurrence of every secret, overlapping and periodic ones included, as a naive search does', () => {
    const alphabet = fc.constantFrom('a', 'b', 'c');
    const word = (minLength: number) => fc.string({ unit: alphabet, minLength, maxLength: 12 });
    fc.assert(
      fc.property(fc.array(word(4), { minLength: 1, maxLength: 4 }), word(0), (secrets, filler) => {
        const text = `${filler}${secrets.join('')}${filler}${secrets.at(-1)}${filler}`;
        const redactor = createRedactor(secrets);
        expect(redactor.redact(text)).toBe(naiveRedaction(text, secrets));
      }),
      { numRuns: 2000 },
    );
  });

  it('still redacts the other spellings of a secret that URL encoding refuses (a lone surrogate)', () => {
    const secret = 'half-\uD800-surrogate';
    expect(createRedactor([secret]).redact(`said ${secret}`)).toBe('said [redacted]');
  });

  it('replaces the text by a fixed notice when redacting fails, never passing it through', () => {
    const hostile = {
      get length(): number {
        throw new Error('p4ssw0rd-in-a-getter');
      },
    } as unknown as string;
    const notice = createRedactor(['p4ssw0rd']).redact(hostile);
    expect(notice).toBe('[withheld: the text could not be checked for secrets]');
  });
});

/** Every occurrence of every secret, found one start at a time; overlapping ones make one run. */
function naiveRedaction(text: string, secrets: readonly string[]): string {
  const spans: Array<[number, number]> = [];
  for (const secret of secrets) {
    for (let start = text.indexOf(secret); start !== -1; start = text.indexOf(secret, start + 1)) {
      spans.push([start, start + secret.length]);
    }
  }
  spans.sort((left, right) => left[0] - right[0]);
  let result = '';
  let done = 0;
  for (let index = 0; index < spans.length; ) {
    const [start] = spans[index] as [number, number];
    let end = (spans[index] as [number, number])[1];
    for (
      index += 1;
      index < spans.length && (spans[index] as [number, number])[0] < end;
      index += 1
    ) {
      end = Math.max(end, (spans[index] as [number, number])[1]);
    }
    result += `${text.slice(done, start)}[redacted]`;
    done = end;
  }
  return result + text.slice(done);
}
