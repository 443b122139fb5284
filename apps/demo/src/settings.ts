import { isProductName, type ProductName } from './products.js';
import { type SettingProblem, SettingsError } from './settings-error.js';

/** The settings real mode requires. */
export const REQUIRED_SETTINGS = [
  'ENKASH_PRODUCT',
  'ENKASH_BASE_URL',
  'ENKASH_CLIENT_ID',
  'ENKASH_CLIENT_SECRET',
  'ENKASH_USERNAME',
  'ENKASH_PASSWORD',
] as const;

/** Product-specific settings: the expense `API-Key` and the cards `Cookie`. */
export const OPTIONAL_SETTINGS = ['ENKASH_API_KEY', 'ENKASH_COOKIE'] as const;

const ALL_SETTINGS: readonly string[] = [...REQUIRED_SETTINGS, ...OPTIONAL_SETTINGS];
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Credentials for one product in a real EnKash environment. */
export interface RealSettings {
  mode: 'real';
  product: ProductName;
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
  apiKey?: string;
  cookie?: string;
}

/** No configuration at all: the demo runs against its embedded sandbox. */
export interface SandboxSettings {
  mode: 'sandbox';
}

/** What {@link readSettings} decided. */
export type Settings = SandboxSettings | RealSettings;

type Values = Readonly<Record<string, string | undefined>>;

function baseUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not an absolute URL (e.g. https://ekpayout-uat.enkash.in)';
  }
  if (url.username !== '' || url.password !== '') return 'must not contain credentials';
  if (url.search !== '' || url.hash !== '') return 'must not contain a query or fragment';
  const loopback = url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
  return url.protocol === 'https:' || loopback
    ? undefined
    : 'must use https (plain http only to localhost)';
}

function optionalProblem(name: string, product: ProductName | undefined): string | undefined {
  if (name === 'ENKASH_API_KEY' && product !== undefined && product !== 'expense') {
    return 'is only used by ENKASH_PRODUCT=expense; remove it';
  }
  if (name === 'ENKASH_COOKIE' && product !== undefined && product !== 'cards') {
    return 'is only used by ENKASH_PRODUCT=cards; remove it';
  }
  return undefined;
}

/**
 * Decides between the sandbox walkthrough (no ENKASH_* setting at all) and real
 * mode (any of them), merging the environment over a `.env` file's values.
 * Throws {@link SettingsError} naming every missing or invalid setting; a
 * message never contains a value.
 */
export function readSettings(environment: Values, envFile: Values = {}): Settings {
  const values: Record<string, string> = {};
  for (const name of ALL_SETTINGS) {
    const value = (environment[name] ?? '').trim() || (envFile[name] ?? '').trim();
    if (value !== '') values[name] = value;
  }
  if (Object.keys(values).length === 0) return { mode: 'sandbox' };

  const problems: SettingProblem[] = [];
  for (const name of REQUIRED_SETTINGS) {
    if (values[name] === undefined) problems.push({ name, reason: 'missing' });
  }
  const productValue = values.ENKASH_PRODUCT;
  const product =
    productValue !== undefined && isProductName(productValue) ? productValue : undefined;
  if (productValue !== undefined && product === undefined) {
    problems.push({
      name: 'ENKASH_PRODUCT',
      reason: 'must be one of payouts, cards, bbps, rewards, expense',
    });
  }
  const baseUrl = values.ENKASH_BASE_URL;
  const urlProblem = baseUrl === undefined ? undefined : baseUrlProblem(baseUrl);
  if (urlProblem !== undefined) problems.push({ name: 'ENKASH_BASE_URL', reason: urlProblem });
  for (const name of OPTIONAL_SETTINGS) {
    const reason = values[name] === undefined ? undefined : optionalProblem(name, product);
    if (reason !== undefined) problems.push({ name, reason });
  }
  if (problems.length > 0 || product === undefined) throw new SettingsError(problems);

  return {
    mode: 'real',
    product,
    baseUrl: values.ENKASH_BASE_URL as string,
    clientId: values.ENKASH_CLIENT_ID as string,
    clientSecret: values.ENKASH_CLIENT_SECRET as string,
    username: values.ENKASH_USERNAME as string,
    password: values.ENKASH_PASSWORD as string,
    ...(values.ENKASH_API_KEY === undefined ? {} : { apiKey: values.ENKASH_API_KEY }),
    ...(values.ENKASH_COOKIE === undefined ? {} : { cookie: values.ENKASH_COOKIE }),
  };
}
