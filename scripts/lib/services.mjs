// Makes the external programs some tests need present, and tells the tests where they are:
// redis-server (REDIS_SERVER_BIN) and redis-cli (REDIS_CLI_BIN, which forms the Redis Cluster)
// for @enkash/auth-redis, and a Chromium (CHROMIUM_BIN, only when a test asks for it). Each test suite starts its own server on a random loopback port and
// stops it, so nothing is started here. Installing uses Debian packages and needs root; without
// root the runner says exactly what is missing and those tests skip.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { log } from './log.mjs';

const SERVICES = [
  {
    variable: 'REDIS_SERVER_BIN',
    commands: ['redis-server'],
    debianPackage: 'redis-server',
    neededBy: 'the Redis token store tests (@enkash/auth-redis)',
  },
  {
    variable: 'REDIS_CLI_BIN',
    commands: ['redis-cli'],
    // Debian's redis-server depends on it, so installing the server usually brings it.
    debianPackage: 'redis-tools',
    neededBy: 'the Redis Cluster tests (@enkash/auth-redis)',
  },
  {
    variable: 'CHROMIUM_BIN',
    commands: ['chromium', 'chromium-browser', 'google-chrome'],
    debianPackage: 'chromium',
    neededBy: 'browser tests',
    // Chromium is a large download: only fetch it once some test actually reads CHROMIUM_BIN.
    onlyWhenReferenced: true,
  },
];

function findCommand(names) {
  for (const directory of (process.env.PATH ?? '').split(path.delimiter)) {
    for (const name of names) {
      const candidate = path.join(directory, name);
      if (directory && existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    }
  }
  return undefined;
}

function* testFiles(directory) {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.'))
      continue;
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) yield* testFiles(full);
    else if (
      /\.(test|bench|spec)\.[cm]?[jt]sx?$|vitest\.config\.[cm]?[jt]s$|test-support/.test(full)
    ) {
      yield full;
    }
  }
}

function isReferencedByTests(variable, root) {
  for (const folder of ['packages', 'apps', 'scripts']) {
    const directory = path.join(root, folder);
    if (!existsSync(directory)) continue;
    for (const file of testFiles(directory)) {
      if (readFileSync(file, 'utf8').includes(variable)) return true;
    }
  }
  return false;
}

function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function aptGet(args) {
  const result = spawnSync('apt-get', args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return result.status === 0;
}

/**
 * Returns the environment variables (REDIS_SERVER_BIN, CHROMIUM_BIN) for the services found or
 * installed, and the list of those still missing.
 */
export function ensureServices(root) {
  const env = {};
  const missing = [];
  let aptUpdated = false;
  for (const service of SERVICES) {
    const given = process.env[service.variable];
    if (given && existsSync(given)) {
      env[service.variable] = given;
      continue;
    }
    if (service.onlyWhenReferenced && !isReferencedByTests(service.variable, root)) continue;
    let found = findCommand(service.commands);
    if (!found && isRoot() && findCommand(['apt-get'])) {
      log(`installing ${service.debianPackage} (Debian package) for ${service.neededBy}`);
      aptUpdated = aptUpdated || aptGet(['update', '-q']);
      if (aptUpdated)
        aptGet(['install', '-y', '-q', '--no-install-recommends', service.debianPackage]);
      found = findCommand(service.commands);
    }
    if (found) {
      env[service.variable] = found;
    } else {
      missing.push(service);
    }
  }
  for (const service of missing) {
    log(
      `MISSING: ${service.commands[0]} (Debian: apt-get install ${service.debianPackage}, needs root); ` +
        `${service.neededBy} will skip. Set ${service.variable} to its path to use one elsewhere.`,
    );
  }
  for (const [variable, value] of Object.entries(env)) log(`${variable}=${value}`);
  return { env, missing };
}
