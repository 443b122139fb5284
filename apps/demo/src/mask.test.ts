import { describe, expect, it } from 'vitest';
import { MASK, maskForm, maskHeader, redactText } from './mask.js';

describe('maskHeader', () => {
  it('keeps the scheme of Authorization and masks the credentials', () => {
    expect(maskHeader('Authorization', 'Basic Q0VLOnNlY3JldA==')).toBe(`Basic ${MASK}`);
    expect(maskHeader('authorization', 'Bearer abc.def')).toBe(`Bearer ${MASK}`);
    expect(maskHeader('authorization', 'opaque-value')).toBe(MASK);
  });

  it('keeps cookie names and masks their values', () => {
    expect(maskHeader('Cookie', '_cfuvid=abc; JSESSIONID=d=e; flag')).toBe(
      `_cfuvid=${MASK}; JSESSIONID=${MASK}; flag`,
    );
  });

  it('masks API keys and leaves ordinary headers alone', () => {
    expect(maskHeader('API-Key', 'key-value')).toBe(MASK);
    expect(maskHeader('x-api-key', 'key-value')).toBe(MASK);
    expect(maskHeader('content-type', 'application/json')).toBe('application/json');
  });
});

describe('maskForm', () => {
  it('masks the password and keeps the other fields', () => {
    expect(
      maskForm('username=a%40b.com&password=P%40ss%2612&grant_type=password&clientId=CEK1'),
    ).toEqual({ username: 'a@b.com', password: MASK, grant_type: 'password', clientId: 'CEK1' });
  });

  it('masks extra fields on request', () => {
    expect(maskForm('username=a%40b.com&password=x', ['username'])).toEqual({
      username: MASK,
      password: MASK,
    });
  });
});

describe('redactText', () => {
  it('replaces raw, URI-encoded and form-encoded spellings of each secret', () => {
    const secret = 'P@ss word&1';
    const text = `raw ${secret} uri ${encodeURIComponent(secret)} form ${new URLSearchParams({ p: secret }).toString().slice(2)}`;
    expect(redactText(text, [secret])).toBe(`raw ${MASK} uri ${MASK} form ${MASK}`);
  });

  it('ignores empty secrets and leaves other text unchanged', () => {
    expect(redactText('nothing secret here', ['', 'absent'])).toBe('nothing secret here');
  });
});
