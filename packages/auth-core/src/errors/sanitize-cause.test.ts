import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createRedactor } from './redact.js';
import { sanitizeCause } from './sanitize-cause.js';

const redactor = createRedactor(['secret-value-1']);

describe('sanitizeCause', () => {
  it('keeps the name, code and message of each link, redacted, and nothing else', () => {
    const wire = Buffer.from('HTTP/1.1 2OO OK\r\n\r\n{"accessToken":"wire-token-99"}');
    const inner = Object.assign(new Error('Invalid status code with secret-value-1'), {
      name: 'HTTPParserError',
      code: 'HPE_INVALID_STATUS',
      data: wire.toString(),
      bytes: wire,
    });
    const outer = Object.assign(new TypeError('fetch failed', { cause: inner }), {
      request: { headers: { authorization: 'Basic c2VjcmV0' } },
    });
    const copy = sanitizeCause(outer, redactor);
    expect(copy).toBeInstanceOf(TypeError);
    expect(copy).toMatchObject({ name: 'TypeError', message: 'fetch failed' });
    expect(copy.cause).toMatchObject({
      name: 'HTTPParserError',
      code: 'HPE_INVALID_STATUS',
      message: 'Invalid status code with [redacted]',
    });
    const text = inspect(copy, { depth: 20, showHidden: true });
    for (const needle of ['wire-token-99', 'secret-value-1', 'c2VjcmV0', 'request']) {
      expect(text).not.toContain(needle);
    }
  });

  it('describes a thrown non-error by its type only', () => {
    expect(sanitizeCause('secret-value-1', redactor).message).toBe(
      'A non-error value was thrown (string).',
    );
  });

  it('stops following a cause chain after a few links', () => {
    let error = new Error('deepest');
    for (let depth = 0; depth < 20; depth += 1)
      error = new Error(`link ${depth}`, { cause: error });
    let links = 0;
    for (let link: unknown = sanitizeCause(error, redactor); link; link = (link as Error).cause) {
      links += 1;
    }
    expect(links).toBe(5);
  });
});
