/**
 * Every spelling of a secret that could end up somewhere it must not: as is,
 * URL-encoded, form-encoded, base64 (padded or not), base64url and hex of its
 * UTF-8 bytes.
 */
export function secretSpellings(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  return [
    ...new Set([
      value,
      encodeURIComponent(value),
      new URLSearchParams({ v: value }).toString().slice(2),
      bytes.toString('base64'),
      bytes.toString('base64').replace(/=+$/, ''),
      bytes.toString('base64url'),
      bytes.toString('hex'),
    ]),
  ];
}

/** The secrets (by name) found in `haystack` in any {@link secretSpellings} spelling, as `secret name: spelling`. */
export function findSecrets(
  haystack: string | Buffer,
  secrets: Readonly<Record<string, string>>,
): string[] {
  const bytes = typeof haystack === 'string' ? Buffer.from(haystack, 'utf8') : haystack;
  const found: string[] = [];
  for (const [name, secret] of Object.entries(secrets)) {
    for (const spelling of secretSpellings(secret)) {
      if (bytes.includes(Buffer.from(spelling, 'utf8'))) {
        found.push(`${name}: ${spelling}`);
      }
    }
  }
  return found;
}
