import { describe, expect, it } from 'vitest';
import {
  camelDefinition,
  eitherShapeDefinition,
  resultCodeDefinition,
  strictOAuthDefinition,
} from '../../test-support/definitions.js';
import { failureOf } from '../../test-support/failure-of.js';
import { sandboxAuth, useSandbox } from '../../test-support/sandbox.js';
import { parseTokenResponse } from '../token-request/parse-token-response.js';

const sandbox = useSandbox();

const answer = (
  product: 'payouts' | 'cards' | 'rewards' | 'expense',
  body: Record<string, unknown>,
  status = 200,
) => sandbox().enqueueFault(product, { type: 'status', status, body });

describe('real-world token bodies', () => {
  it('reads null as absent in the optional fields of a camelCase token', async () => {
    answer('payouts', {
      accessToken: 'camel-token',
      expiresIn: 300,
      tokenType: null,
      refreshToken: null,
      scope: null,
    });
    const token = await sandboxAuth(sandbox(), camelDefinition).getToken();
    expect(token).toEqual({
      accessToken: 'camel-token',
      tokenType: 'bearer',
      expiresAt: token.expiresAt,
    });
  });

  it('reads null as absent in the optional fields of a snake_case token', async () => {
    answer('cards', {
      access_token: 'snake-token',
      expires_in: 300,
      token_type: null,
      refresh_token: null,
      scope: null,
    });
    const token = await sandboxAuth(sandbox(), eitherShapeDefinition).getToken();
    expect(token).toMatchObject({ accessToken: 'snake-token', tokenType: 'bearer' });
    expect(token).not.toHaveProperty('refreshToken');
  });

  it('keeps required fields strict: null is not a token, nor a lifetime, nor a required rewards field', async () => {
    for (const [product, definition, body] of [
      ['payouts', camelDefinition, { accessToken: null, expiresIn: 300 }],
      ['payouts', camelDefinition, { accessToken: 'a', expiresIn: null }],
      [
        'rewards',
        strictOAuthDefinition,
        {
          access_token: 'a',
          expires_in: 300,
          token_type: 'bearer',
          refresh_token: null,
          scope: 'read',
        },
      ],
    ] as const) {
      answer(product, body);
      const auth = sandboxAuth(sandbox(), definition);
      const error = await failureOf(auth.getToken());
      expect(error.code).toBe('INVALID_RESPONSE');
      // Each body is counted by the guard: start the next one from zero.
      await auth.resetLockout();
    }
  });

  it('recognises a refusal by what it says, under HTTP 200 as well', async () => {
    answer('payouts', {
      error: 'invalid_grant',
      error_description: 'Bad credentials',
      accessToken: null,
    });
    const oauth = await failureOf(sandboxAuth(sandbox(), camelDefinition).getToken());
    expect(oauth).toMatchObject({
      code: 'REJECTED',
      status: 200,
      details: { error: 'invalid_grant', error_description: 'Bad credentials' },
    });
    answer('expense', {
      token: null,
      expiry: null,
      resultCode: 401,
      resultMessage: 'Bad credentials',
    });
    const expense = await failureOf(sandboxAuth(sandbox(), resultCodeDefinition).getToken());
    expect(expense).toMatchObject({
      code: 'REJECTED',
      status: 200,
      details: { resultCode: 401, resultMessage: 'Bad credentials' },
    });
    // A refusal that comes with a token is still a refusal.
    answer('payouts', { accessToken: 'not-for-you', expiresIn: 300, resultCode: '403' });
    const counted = sandboxAuth(sandbox(), camelDefinition);
    await counted.resetLockout();
    const coded = await failureOf(counted.getToken());
    expect(coded).toMatchObject({ code: 'REJECTED', details: { resultCode: 403 } });
  });

  it('never takes an empty or null error, nor resultCode 200, for a refusal', async () => {
    answer('payouts', {
      accessToken: 'fine-token',
      expiresIn: 300,
      error: null,
      error_description: '',
      resultCode: 200,
    });
    await expect(sandboxAuth(sandbox(), camelDefinition).getToken()).resolves.toMatchObject({
      accessToken: 'fine-token',
    });
  });

  it('refuses a token a header cannot carry', async () => {
    for (const accessToken of ['two words', 'line\r\nbreak', 'ünïcode']) {
      answer('payouts', { accessToken, expiresIn: 300 });
      const auth = sandboxAuth(sandbox(), camelDefinition);
      const error = await failureOf(auth.getToken());
      expect(error.code).toBe('INVALID_RESPONSE');
      await auth.resetLockout();
      expect(error.message).toContain('accessToken (expected visible ASCII without spaces');
    }
  });

  it('does not match a shape whose token is empty or whose lifetime is endless: the next shape decides', () => {
    const now = 1_000;
    const camel = { accessToken: 'camel-token', expiresIn: 300 };
    for (const body of [
      { access_token: '', expires_in: 300, ...camel },
      // JSON.parse reads an out-of-range number as Infinity.
      JSON.parse(
        '{"access_token":"snake-token","expires_in":1e999,"accessToken":"camel-token","expiresIn":300}',
      ),
    ]) {
      expect(parseTokenResponse(eitherShapeDefinition, body, { now })).toMatchObject({
        type: 'token',
        token: { accessToken: 'camel-token', expiresAt: now + 300_000 },
      });
    }
  });
});
