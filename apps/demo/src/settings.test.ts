import { describe, expect, it } from 'vitest';
import { readSettings } from './settings.js';
import { SettingsError } from './settings-error.js';

const COMPLETE = {
  ENKASH_PRODUCT: 'payouts',
  ENKASH_BASE_URL: 'https://ekpayout-uat.enkash.in',
  ENKASH_CLIENT_ID: 'CLIENT-ID-VALUE',
  ENKASH_CLIENT_SECRET: 'client-secret-value',
  ENKASH_USERNAME: 'someone@example.com',
  ENKASH_PASSWORD: 'password-value',
};

function problemsOf(run: () => unknown): { names: string[]; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof SettingsError) {
      return { names: error.problems.map((problem) => problem.name), message: error.message };
    }
    throw error;
  }
  throw new Error('expected a SettingsError');
}

describe('readSettings', () => {
  it('chooses the sandbox when no ENKASH_* setting is present', () => {
    expect(readSettings({ PATH: '/usr/bin', ENKASH_OTHER: 'x' })).toEqual({ mode: 'sandbox' });
  });

  it('treats empty and blank values as absent', () => {
    expect(readSettings({ ENKASH_PRODUCT: '', ENKASH_PASSWORD: '  ' })).toEqual({
      mode: 'sandbox',
    });
  });

  it('reads a complete real configuration', () => {
    expect(readSettings(COMPLETE)).toEqual({
      mode: 'real',
      product: 'payouts',
      baseUrl: 'https://ekpayout-uat.enkash.in',
      clientId: 'CLIENT-ID-VALUE',
      clientSecret: 'client-secret-value',
      username: 'someone@example.com',
      password: 'password-value',
    });
  });

  it('names every missing setting when only ENKASH_PRODUCT is set', () => {
    const { names, message } = problemsOf(() => readSettings({ ENKASH_PRODUCT: 'cards' }));
    expect(names).toEqual([
      'ENKASH_BASE_URL',
      'ENKASH_CLIENT_ID',
      'ENKASH_CLIENT_SECRET',
      'ENKASH_USERNAME',
      'ENKASH_PASSWORD',
    ]);
    expect(message).toContain('ENKASH_PASSWORD: missing');
  });

  it('asks for ENKASH_PRODUCT when only credentials are set', () => {
    const { ENKASH_PRODUCT: _product, ...rest } = COMPLETE;
    expect(problemsOf(() => readSettings(rest)).names).toEqual(['ENKASH_PRODUCT']);
  });

  it('rejects an unknown product without echoing it', () => {
    const { names, message } = problemsOf(() =>
      readSettings({ ...COMPLETE, ENKASH_PRODUCT: 'payroll-xyz' }),
    );
    expect(names).toEqual(['ENKASH_PRODUCT']);
    expect(message).toContain('must be one of payouts, cards, bbps, rewards, expense');
    expect(message).not.toContain('payroll-xyz');
  });

  it.each([
    ['not a url', 'is not an absolute URL'],
    ['http://ekpayout-uat.enkash.in', 'must use https'],
    ['https://user:pw@ekpayout-uat.enkash.in', 'must not contain credentials'],
    ['https://ekpayout-uat.enkash.in/?token=1', 'must not contain a query'],
  ])('rejects ENKASH_BASE_URL %s', (baseUrl, reason) => {
    const { names, message } = problemsOf(() =>
      readSettings({ ...COMPLETE, ENKASH_BASE_URL: baseUrl }),
    );
    expect(names).toEqual(['ENKASH_BASE_URL']);
    expect(message).toContain(`ENKASH_BASE_URL: ${reason}`);
  });

  it('accepts plain http to localhost, as the SDK does', () => {
    const settings = readSettings({
      ...COMPLETE,
      ENKASH_BASE_URL: 'http://127.0.0.1:4010/payouts',
    });
    expect(settings).toMatchObject({ mode: 'real', baseUrl: 'http://127.0.0.1:4010/payouts' });
  });

  it('takes the API key for expense and the cookie for cards only', () => {
    expect(
      readSettings({ ...COMPLETE, ENKASH_PRODUCT: 'expense', ENKASH_API_KEY: 'key-value' }),
    ).toMatchObject({ product: 'expense', apiKey: 'key-value' });
    expect(
      readSettings({ ...COMPLETE, ENKASH_PRODUCT: 'cards', ENKASH_COOKIE: 'JSESSIONID=abc' }),
    ).toMatchObject({ product: 'cards', cookie: 'JSESSIONID=abc' });
    const { names, message } = problemsOf(() =>
      readSettings({ ...COMPLETE, ENKASH_API_KEY: 'key-value', ENKASH_COOKIE: 'a=b' }),
    );
    expect(names).toEqual(['ENKASH_API_KEY', 'ENKASH_COOKIE']);
    expect(message).toContain('ENKASH_API_KEY: is only used by ENKASH_PRODUCT=expense');
  });

  it('reads a .env file and lets the environment win over it', () => {
    const settings = readSettings(
      { ENKASH_PASSWORD: 'from-environment' },
      { ...COMPLETE, ENKASH_PASSWORD: 'from-file' },
    );
    expect(settings).toMatchObject({ mode: 'real', password: 'from-environment' });
  });

  it('never puts a value into the message', () => {
    const { message } = problemsOf(() =>
      readSettings({
        ENKASH_CLIENT_SECRET: 'client-secret-value',
        ENKASH_PASSWORD: 'password-value',
        ENKASH_BASE_URL: 'http://remote.example.com',
      }),
    );
    for (const value of ['client-secret-value', 'password-value', 'remote.example.com']) {
      expect(message).not.toContain(value);
    }
  });
});
