/** What every masked value reads as. */
export const MASK = '[redacted]';

const SECRET_HEADERS = new Set(['api-key', 'x-api-key', 'proxy-authorization']);
const SECRET_FIELDS = new Set(['password', 'client_secret', 'refresh_token', 'access_token']);

/** Keeps the scheme of an `Authorization` value (`Basic`, `Bearer`) and masks the credentials. */
function maskAuthorization(value: string): string {
  const scheme = /^\s*(\S+)\s+\S/.exec(value)?.[1];
  return scheme === undefined ? MASK : `${scheme} ${MASK}`;
}

/** Keeps cookie names (which cookies were sent is useful) and masks every value. */
function maskCookie(value: string): string {
  return value.replace(/=[^;]*/g, `=${MASK}`);
}

/** Masks one header value by its (any case) name. */
export function maskHeader(name: string, value: string): string {
  const lower = name.toLowerCase();
  if (lower === 'authorization') return maskAuthorization(value);
  if (lower === 'cookie') return maskCookie(value);
  return SECRET_HEADERS.has(lower) ? MASK : value;
}

/**
 * Masks the secret fields (`password`, tokens, secrets) of a url-encoded form
 * body, and the `alsoMask` ones (real mode hides the username too).
 */
export function maskForm(body: string, alsoMask: readonly string[] = []): Record<string, string> {
  const form: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(body)) {
    const lower = name.toLowerCase();
    form[name] = SECRET_FIELDS.has(lower) || alsoMask.includes(lower) ? MASK : value;
  }
  return form;
}

/**
 * The last line of defence before anything is printed: replaces every
 * occurrence of a known secret, raw or url-encoded, with {@link MASK}.
 */
export function redactText(text: string, secrets: Iterable<string>): string {
  let result = text;
  for (const secret of secrets) {
    if (secret === '') continue;
    const formEncoded = new URLSearchParams({ value: secret }).toString().slice('value='.length);
    for (const spelling of new Set([secret, encodeURIComponent(secret), formEncoded])) {
      result = result.split(spelling).join(MASK);
    }
  }
  return result;
}
