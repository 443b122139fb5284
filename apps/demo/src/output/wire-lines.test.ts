import { describe, expect, it } from 'vitest';
import type { WireRequest } from '../wire-request.js';
import { formatWire } from './wire-lines.js';

const tokenRequest: WireRequest = {
  method: 'POST',
  path: '/payouts/oauth/token',
  headers: {
    host: '127.0.0.1:4010',
    connection: 'keep-alive',
    authorization: 'Basic [redacted]',
    'content-length': '100',
    'user-agent': '@enkash/payouts/1.0.0 node/24.0.0',
  },
  form: { username: 'a@b.com', password: '[redacted]', grant_type: 'password' },
};

describe('formatWire', () => {
  it('shows the request line, the SDK headers and the form, not transport headers', () => {
    expect(formatWire(tokenRequest)).toEqual([
      'POST /payouts/oauth/token',
      '  authorization: Basic [redacted]',
      '  user-agent: @enkash/payouts/1.0.0 node/24.0.0',
      '  form: username=a@b.com&password=[redacted]&grant_type=password',
    ]);
  });

  it('has no form line without a form body', () => {
    const ping: WireRequest = { method: 'GET', path: '/cards/api/ping', headers: {} };
    expect(formatWire(ping)).toEqual(['GET /cards/api/ping']);
  });
});
