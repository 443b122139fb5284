import { describe, expect, it } from 'vitest';
import {
  camelDefinition,
  eitherShapeDefinition,
  resultCodeDefinition,
} from '../../test-support/definitions.js';
import type { AuthOptions } from '../options/auth-options.js';
import { resolveOptions } from '../options/resolve-options.js';
import type { ProductDefinition } from '../product/product-definition.js';
import { buildTokenWireRequest } from './token-wire-request.js';

const valid: AuthOptions = {
  baseUrl: 'https://ekpayout-uat.enkash.in',
  clientId: 'enkash-client',
  clientSecret: 'client-secret-Zq9',
  username: 'ops@example.com',
  password: 'password-Xy7!',
};

/** The wire request an auth with these options sends. */
function wireOf(
  options: AuthOptions & Record<string, unknown>,
  definition: ProductDefinition = camelDefinition,
) {
  const resolved = resolveOptions(definition, options);
  // These tests give strings only: the credentials are what was configured.
  const wire = buildTokenWireRequest(definition, resolved, {
    ...resolved.credentials,
    clientSecret: String(resolved.credentials.clientSecret),
    password: String(resolved.credentials.password),
  });
  return {
    ...wire,
    headers: wire.init.headers as Record<string, string>,
    form: new URLSearchParams(wire.init.body as string),
  };
}

describe('the wire request of a token request', () => {
  it('POSTs to baseUrl/oauth/token and never follows a redirect', () => {
    const wire = wireOf({ ...valid, baseUrl: 'https://enkash.in/payouts/' });
    expect(wire.url).toBe('https://enkash.in/payouts/oauth/token');
    expect(wire.init).toMatchObject({ method: 'POST', redirect: 'manual' });
  });

  it('builds the Basic header from clientId:clientSecret, or from basicAuth', () => {
    expect(wireOf({ ...valid }).headers.authorization).toBe(
      `Basic ${Buffer.from('enkash-client:client-secret-Zq9').toString('base64')}`,
    );
    expect(wireOf({ ...valid, basicAuth: { id: '', secret: '' } }).headers.authorization).toBe(
      'Basic Og==',
    );
    expect(wireOf({ ...valid, basicAuth: { id: 'idé', secret: 'sé' } }).headers.authorization).toBe(
      `Basic ${Buffer.from('idé:sé').toString('base64')}`,
    );
  });

  it('builds the form body, with clientId only when the product sends it', () => {
    expect(Object.fromEntries(wireOf({ ...valid }).form)).toEqual({
      username: 'ops@example.com',
      password: 'password-Xy7!',
      grant_type: 'password',
      clientId: 'enkash-client',
    });
    expect(wireOf({ ...valid }, resultCodeDefinition).form.has('clientId')).toBe(false);
    const { sendsClientId: _omitted, ...defaulted } = camelDefinition;
    expect(wireOf({ ...valid }, defaulted).form.get('clientId')).toBe('enkash-client');
  });

  it('sends extra and product option headers, never letting them replace protocol headers', () => {
    const wire = wireOf(
      {
        ...valid,
        cookie: '_cfuvid=abc; JSESSIONID=def',
        headers: {
          'X-Trace': 't-1',
          Authorization: 'Bearer nope',
          'user-agent': 'mine',
          'CONTENT-TYPE': 'text/plain',
        },
      },
      eitherShapeDefinition,
    );
    expect(wire.headers['x-trace']).toBe('t-1');
    expect(wire.headers.cookie).toBe('_cfuvid=abc; JSESSIONID=def');
    expect(wire.headers.authorization).toMatch(/^Basic /);
    expect(wire.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(wire.headers.accept).toBe('application/json');
    expect(wire.headers['user-agent']).toBe(
      `@enkash/cards/9.8.7-test node/${process.versions.node}`,
    );
    expect(wire.secrets).toContain('_cfuvid=abc; JSESSIONID=def');
  });

  it('lists every secret, and each id:secret pair whose base64 is a Basic value', () => {
    const wire = wireOf({
      ...valid,
      password: 'p@ss word+1',
      basicAuth: { id: 'basic-id', secret: 'basic-secret-1' },
    });
    expect(wire.secrets).toEqual(
      expect.arrayContaining([
        'p@ss word+1',
        'client-secret-Zq9',
        'basic-secret-1',
        'basic-id:basic-secret-1',
        'enkash-client:client-secret-Zq9',
        'ops@example.com:p@ss word+1',
      ]),
    );
  });
});
