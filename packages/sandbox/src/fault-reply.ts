import type { SandboxFault } from './sandbox-fault.js';
import type { SandboxReply } from './sandbox-request.js';

const HTML_PAGE = `<!DOCTYPE html>
<html><head><title>502 Bad Gateway</title></head>
<body><center><h1>502 Bad Gateway</h1></center><hr><center>cloudflare</center></body></html>
`;

/** Half of a token response, cut inside a string: no JSON parser accepts it. */
const TRUNCATED_JSON = '{"access_token":"c2FuZGJveC10cnVuY2F0ZWQ","token_type":"bea';

function statusReply(fault: Extract<SandboxFault, { type: 'status' }>): SandboxReply {
  const headers: Record<string, string> = {};
  let body = '';
  if (typeof fault.body === 'string') {
    headers['content-type'] = 'text/plain;charset=UTF-8';
    body = fault.body;
  } else if (fault.body !== undefined) {
    headers['content-type'] = 'application/json;charset=UTF-8';
    body = JSON.stringify(fault.body);
  }
  for (const [name, value] of Object.entries(fault.headers ?? {})) {
    headers[name.toLowerCase()] = value;
  }
  return { kind: 'response', status: fault.status, headers, body };
}

/** The reply a fault plays. `delay` is not a reply: the engine waits, then answers normally. */
export function faultReply(fault: Exclude<SandboxFault, { type: 'delay' }>): SandboxReply {
  switch (fault.type) {
    case 'status':
      return statusReply(fault);
    case 'hang':
      return { kind: 'hang' };
    case 'reset':
      return { kind: 'reset' };
    case 'truncated-json':
      return fixedBody(fault.status, 'application/json', TRUNCATED_JSON);
    case 'html':
      return fixedBody(fault.status, 'text/html', HTML_PAGE);
    case 'empty':
      return fixedBody(fault.status, 'application/json', '');
  }
}

const FAULT_TYPES = new Set([
  'status',
  'delay',
  'hang',
  'reset',
  'truncated-json',
  'html',
  'empty',
]);

/** Throws a `TypeError` unless the value is a well-formed fault, so a typo fails at `enqueueFault()`, not mid-test. */
export function assertFault(fault: SandboxFault): void {
  if (typeof fault !== 'object' || fault === null || !FAULT_TYPES.has(fault.type)) {
    throw new TypeError(`Unknown sandbox fault: ${JSON.stringify(fault)}`);
  }
  if (
    fault.type === 'status' &&
    !(Number.isInteger(fault.status) && fault.status >= 200 && fault.status <= 599)
  ) {
    throw new TypeError('A status fault needs an integer status between 200 and 599');
  }
  if (fault.type === 'delay' && !(Number.isFinite(fault.ms) && fault.ms >= 0)) {
    throw new TypeError('A delay fault needs a non-negative ms');
  }
}

/** A canned body with its content type, 200 unless the fault names another status. */
function fixedBody(status: number | undefined, mediaType: string, body: string): SandboxReply {
  return {
    kind: 'response',
    status: status ?? 200,
    headers: { 'content-type': `${mediaType};charset=UTF-8` },
    body,
  };
}
