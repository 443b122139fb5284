interface RuntimeGlobals {
  Deno?: { version?: { deno?: string } };
  Bun?: { version?: string };
  process?: { versions?: { node?: string } };
  navigator?: { userAgent?: string };
}

/**
 * Names the JavaScript runtime without importing anything: `node/24.1.0`,
 * `deno/2.1.0`, `bun/1.2.0`, else the platform's `navigator.userAgent`.
 * Deno and Bun come first because both also imitate Node's version object.
 */
export function describeRuntime(globals: RuntimeGlobals = globalThis as RuntimeGlobals): string {
  const deno = globals.Deno?.version?.deno;
  const bun = globals.Bun?.version;
  const node = globals.process?.versions?.node;
  return deno !== undefined
    ? `deno/${deno}`
    : bun !== undefined
      ? `bun/${bun}`
      : node !== undefined
        ? `node/${node}`
        : globals.navigator?.userAgent || 'unknown-runtime';
}

/** The `User-Agent` of every token request: `@enkash/<product>/<version> <runtime>`. */
export function buildUserAgent(
  product: string,
  version: string,
  runtime = describeRuntime(),
): string {
  return `@enkash/${product}/${version} ${runtime}`;
}
