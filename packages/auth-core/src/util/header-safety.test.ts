import { describe, expect, it } from 'vitest';
import { isHeaderSafeToken, isHeaderValue } from './header-safety.js';

describe('header safety', () => {
  it('accepts tokens of visible ASCII only', () => {
    expect(isHeaderSafeToken('eyJhbGciOi.J9-_~+/=')).toBe(true);
    expect(isHeaderSafeToken('3811b357-b64f-1fb6')).toBe(true);
    for (const bad of ['', 'a b', 'a\tb', 'a\r\nb', 'a\u0000', 'tök', 'a\u007f']) {
      expect(isHeaderSafeToken(bad)).toBe(false);
    }
  });

  it('accepts header values of tab, space and visible ASCII only', () => {
    expect(isHeaderValue('_cfuvid=abc; JSESSIONID=def')).toBe(true);
    expect(isHeaderValue('a\tb')).toBe(true);
    for (const bad of ['a\r\nb', 'a\nb', 'a\u0000', 'välue', 'a\u007f']) {
      expect(isHeaderValue(bad)).toBe(false);
    }
  });
});
