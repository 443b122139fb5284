import { describe, expect, it } from 'vitest';
import {
  HOSTILE_CREDENTIALS,
  hostileAuth,
  useHostileServer,
} from '../../test-support/hostile-auth.js';
import { answer } from '../../test-support/hostile-server.js';
import { recordEvents } from '../../test-support/sandbox.js';
import { createRedactor } from '../errors/redact.js';
import { tokenEventOf } from './token-event.js';

const server = useHostileServer();

describe('the token event payload', () => {
  it('holds no server text but a normalised bearer type and a header-safe, short, redacted scope', async () => {
    const { clientId, clientSecret, password } = HOSTILE_CREDENTIALS;
    const basic = Buffer.from(`${clientId}:${clientSecret}`).toString('base64');
    server().enqueue(
      answer(
        200,
        JSON.stringify({
          accessToken: 'event-token-0001',
          tokenType: `Basic ${basic} ${password}\r\nX-Injected: 1`,
          scope: `payouts ${password}\r\nSet-Cookie: stolen=1`,
          expiresIn: 3600,
        }),
      ),
    );
    const auth = hostileAuth(server());
    const events = recordEvents(auth);
    const token = await auth.getToken();
    const [event] = events;
    expect(event).toEqual({
      event: 'token',
      payload: { product: 'payouts', expiresAt: token.expiresAt },
    });
    const text = JSON.stringify(events);
    for (const needle of [password, basic, clientSecret, '\r', '\n', 'X-Injected']) {
      expect(text).not.toContain(needle);
    }
  });

  it('keeps bearer in any case as "bearer", and a scope that is header-safe, under 1 KB, redacted', () => {
    const redactor = createRedactor(['p4ssw0rd-secret']);
    const token = { accessToken: 'a', expiresAt: 5, tokenType: 'BeArEr' };
    expect(tokenEventOf('cards', { ...token, scope: 'read p4ssw0rd-secret' }, redactor)).toEqual({
      product: 'cards',
      tokenType: 'bearer',
      expiresAt: 5,
      scope: 'read [redacted]',
    });
    expect(
      tokenEventOf('cards', { ...token, tokenType: 'mac', scope: 'x'.repeat(1024) }, redactor),
    ).toEqual({
      product: 'cards',
      expiresAt: 5,
    });
    expect(
      tokenEventOf('cards', { ...token, scope: `${'x'.repeat(1023)}` }, redactor).scope,
    ).toHaveLength(1023);
    expect(tokenEventOf('cards', { ...token, scope: 'naïve' }, redactor)).not.toHaveProperty(
      'scope',
    );
    expect(tokenEventOf('cards', { ...token, scope: '' }, redactor)).not.toHaveProperty('scope');
  });
});
