// Visible ASCII only: every RFC 6750 b64token and every JWT fits, and no
// character can end a header line, smuggle a second header or be re-encoded.
const HEADER_SAFE_TOKEN = /^[\x21-\x7e]+$/;
// Tab, space and visible ASCII: no CR, LF, NUL or other control, no byte fetch would re-encode.
const HEADER_VALUE = /^[\t\x20-\x7e]*$/;

/**
 * True when an access token can go into `Authorization: Bearer <token>` as
 * is: one or more visible ASCII characters (0x21 to 0x7E), no space, no
 * control character, nothing outside ASCII.
 */
export function isHeaderSafeToken(token: string): boolean {
  return HEADER_SAFE_TOKEN.test(token);
}

/** True when a configured value can travel as an HTTP header value: tab, space and visible ASCII only. */
export function isHeaderValue(value: string): boolean {
  return HEADER_VALUE.test(value);
}
