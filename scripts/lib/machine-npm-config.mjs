// The npm configuration files the machine's own npm reads, so that every npm and pnpm these
// scripts start reads them too. npm looks for its global config at `{prefix}/etc/npmrc`, the
// prefix following the Node that runs it: the machine's npm run under a Node fetched into
// `.tools/` would look under `.tools/` and miss what the machine sets there (a corporate CA in
// `cafile`, a proxy, a registry mirror), then fail on every fetch.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

/** Carries the answer to child processes, so none of them asks the machine's npm again. */
const GLOBAL_VARIABLE = 'ENKASH_MACHINE_NPM_GLOBALCONFIG';
const USER_VARIABLE = 'ENKASH_MACHINE_NPM_USERCONFIG';

/** `env` without the PATH entries inside `.tools/`, as the machine's own shell has it. */
export function machineEnvironment(env, paths) {
  const tools = path.resolve(paths.tools);
  const entries = (env.PATH ?? '').split(path.delimiter).filter((entry) => {
    const resolved = path.resolve(entry || '.');
    return entry !== '' && resolved !== tools && !resolved.startsWith(`${tools}${path.sep}`);
  });
  return { ...env, PATH: entries.join(path.delimiter) };
}

/** Parses `npm config get globalconfig userconfig` (`name=value` lines). */
function parseConfigLines(text) {
  const values = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^(globalconfig|userconfig)=(.+)$/.exec(line.trim());
    if (match?.[1] !== undefined && match[2] !== undefined) values[match[1]] = match[2];
  }
  return values;
}

const answers = new Map();

/**
 * `{ globalconfig, userconfig }`: the files the machine's npm reads, as `npm config get` answers
 * with the machine's PATH (the `.tools/` entries left out, so its own Node runs it). Empty when
 * the machine has no npm. Asked once per process; child processes get the answer through
 * `npmConfigEnvironment`.
 */
export function machineNpmConfig(paths, env = process.env) {
  if (env[GLOBAL_VARIABLE] !== undefined) {
    return {
      globalconfig: env[GLOBAL_VARIABLE],
      ...(env[USER_VARIABLE] === undefined ? {} : { userconfig: env[USER_VARIABLE] }),
    };
  }
  const machine = machineEnvironment(env, paths);
  const key = machine.PATH;
  if (!answers.has(key)) {
    const result = spawnSync('npm', ['config', 'get', 'globalconfig', 'userconfig'], {
      env: machine,
      encoding: 'utf8',
      shell: process.platform === 'win32',
      timeout: 60_000,
    });
    answers.set(key, result.status === 0 ? parseConfigLines(result.stdout ?? '') : {});
  }
  return answers.get(key);
}

/**
 * The variables that make an npm or pnpm under any Node read the machine npm's global and user
 * config: `npm_config_globalconfig`, `npm_config_userconfig`, and the same values under names
 * of ours that tools in between (pnpm scripts) leave alone.
 */
export function npmConfigEnvironment(paths, env = process.env) {
  const { globalconfig, userconfig } = machineNpmConfig(paths, env);
  return {
    ...(globalconfig === undefined
      ? {}
      : { npm_config_globalconfig: globalconfig, [GLOBAL_VARIABLE]: globalconfig }),
    ...(userconfig === undefined
      ? {}
      : { npm_config_userconfig: userconfig, [USER_VARIABLE]: userconfig }),
  };
}
