// Runs an install that goes to the network (npm or pnpm) under a stall watchdog. An install
// whose registry never answers (a TLS-intercepting proxy whose CA npm was not told about, a dead
// mirror) retries in silence for many minutes, then leaves a dozen unrelated failures behind it.
// Here, no progress for `stallMs` stops it; it is tried again at most `retries` times, and a
// failure comes back as one sentence quoting the tool's last error.
//
// Also a command line, for the synchronous callers (the toolchain fetch runs before anything
// else can): `node watched-install.mjs [--stall-ms N] [--retries N] [--watch DIR] [--label TEXT] -- cmd args…`
// runs in the current folder, shows the tool's output on stderr and prints the result as one
// JSON line on stdout.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** No progress for this long stops an attempt (`ENKASH_INSTALL_STALL_SECONDS` overrides it). */
export const DEFAULT_STALL_MS = 90_000;
/** Attempts after the first one, each after a stalled one. */
export const DEFAULT_RETRIES = 2;
/** How long a stopped tool gets to exit before it is killed. */
const KILL_GRACE_MS = 5_000;

/** The stall limit: `ENKASH_INSTALL_STALL_SECONDS` when set to a positive number, else 90 s. */
export function stallMsFrom(env = process.env) {
  const seconds = Number(env.ENKASH_INSTALL_STALL_SECONDS);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : DEFAULT_STALL_MS;
}

// npm at `--loglevel=http` prints a line per request: a status or a cache hit is progress, an
// `attempt N failed` line is not. pnpm warns before it retries.
const ERROR_LINE =
  /^npm (error|ERR!)|attempt \d+ failed|\bERR_PNPM_|\bWARN\b.*\b(error|failed|retry|retrying)\b|\bError:/i;
const HTTP_LINE = /^npm http /;

/** Whether a line of the tool's output says the install moved on. */
export function isProgressLine(line) {
  return line.trim() !== '' && !ERROR_LINE.test(line);
}

/** Whether a line is worth showing a person (npm's per-request lines are not). */
function isWorthShowing(line) {
  return !HTTP_LINE.test(line) || ERROR_LINE.test(line);
}

/**
 * The tool's last error as one line: npm's last `npm error` block (its code and reason, without
 * the pointers to log files), else the last line that reported a failure.
 */
export function lastErrorOf(lines) {
  let end = -1;
  for (let index = lines.length - 1; index >= 0; index -= 1) {
    if (/^npm (error|ERR!)/.test(lines[index] ?? '')) {
      end = index;
      break;
    }
  }
  if (end >= 0) {
    let start = end;
    while (start > 0 && /^npm (error|ERR!)/.test(lines[start - 1] ?? '')) start -= 1;
    const block = lines
      .slice(start, end + 1)
      .map((line) => line.replace(/^npm (error|ERR!)\s*/, '').trim())
      .filter((line) => line !== '' && !/^(A complete log|Log files were not written)/.test(line));
    const code = block.find((line) => /^code /.test(line))?.slice(5);
    const reasons = block.filter((line) => !/^(code|errno|syscall) /.test(line));
    return [code, reasons.join(' ')].filter((part) => part).join(': ');
  }
  const failure = [...lines].reverse().find((line) => ERROR_LINE.test(line));
  return failure?.trim() ?? '';
}

/** Total size of the files directly in `directory` (npm streams a download into its cache's tmp). */
function sizeOf(directory) {
  if (directory === undefined) return 0;
  try {
    let total = 0;
    for (const name of readdirSync(directory)) {
      try {
        total += statSync(path.join(directory, name)).size;
      } catch {
        // Renamed into the cache meanwhile: the next look counts what replaced it.
      }
    }
    return total;
  } catch {
    return 0;
  }
}

function stop(child) {
  const signal = (name) => {
    try {
      if (process.platform === 'win32' || child.pid === undefined) child.kill(name);
      else process.kill(-child.pid, name);
    } catch {
      // Gone already.
    }
  };
  signal('SIGTERM');
  const kill = setTimeout(() => signal('SIGKILL'), KILL_GRACE_MS);
  kill.unref?.();
  child.once('exit', () => clearTimeout(kill));
}

/** One attempt: resolves `{ code, stalled, lines }`. */
function attempt(command, args, options) {
  return new Promise((resolve) => {
    const lines = [];
    let stalled = false;
    let lastProgress = Date.now();
    let watched = sizeOf(options.watch);
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so a stop reaches what npm or pnpm started too.
      detached: process.platform !== 'win32',
      shell: process.platform === 'win32',
    });
    const pending = { stdout: '', stderr: '' };
    const take = (stream, chunk) => {
      pending[stream] += chunk;
      const parts = pending[stream].split(/\r?\n/);
      pending[stream] = parts.pop() ?? '';
      for (const line of parts) {
        if (isProgressLine(line)) lastProgress = Date.now();
        if (!isWorthShowing(line)) continue;
        lines.push(line);
        options.echo?.(line);
      }
    };
    child.stdout.setEncoding('utf8').on('data', (chunk) => take('stdout', chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => take('stderr', chunk));
    const check = setInterval(
      () => {
        const size = sizeOf(options.watch);
        if (size !== watched) {
          watched = size;
          lastProgress = Date.now();
        }
        if (!stalled && Date.now() - lastProgress >= options.stallMs) {
          stalled = true;
          stop(child);
        }
      },
      Math.min(5_000, Math.max(50, options.stallMs / 10)),
    );
    const finish = (code) => {
      clearInterval(check);
      for (const stream of ['stdout', 'stderr']) {
        if (pending[stream] !== '') take(stream, '\n');
      }
      resolve({ code, stalled, lines });
    };
    child.on('error', (error) => {
      lines.push(`could not start ${command}: ${error.message}`);
      finish(127);
    });
    child.on('close', (code, signal) => finish(code ?? (signal ? 128 : 1)));
  });
}

/**
 * Runs `command args` until it succeeds, fails on its own, or has stalled `1 + retries` times.
 * Resolves `{ ok, code, attempts, output, failure }`: `output` is what it printed, every attempt,
 * npm's per-request lines left out; `failure` (when not ok) names the install (`label`, default
 * the command and its first argument), what happened and the tool's last error. `echo(line)`
 * receives the same lines as they come; `watch` is a folder whose growth counts as progress
 * (npm's `_cacache/tmp`, where a large download grows).
 */
export async function runWatchedInstall(command, args, options = {}) {
  const stallMs = options.stallMs ?? stallMsFrom(options.env);
  const retries = options.retries ?? DEFAULT_RETRIES;
  const label = options.label ?? `${path.basename(command)} ${args[0] ?? ''}`.trim();
  const output = [];
  for (let number = 1; ; number += 1) {
    const result = await attempt(command, args, { ...options, stallMs });
    output.push(...result.lines);
    if (result.code === 0 && !result.stalled) {
      return { ok: true, code: 0, attempts: number, output: output.join('\n'), failure: '' };
    }
    const quoted = lastErrorOf(result.lines);
    if (!result.stalled || number > retries) {
      const what = result.stalled
        ? `showed no progress for ${Math.round(stallMs / 1000)} s in each of ${number} attempts`
        : `failed (exit ${result.code})${number > 1 ? ` on attempt ${number}` : ''}`;
      const failure = `${label} ${what}; its last error: ${quoted || 'none printed'}`;
      return { ok: false, code: result.code, attempts: number, output: output.join('\n'), failure };
    }
    options.echo?.(
      `[watchdog] ${label}: no progress for ${Math.round(stallMs / 1000)} s, stopped; trying again (${number + 1} of ${retries + 1})`,
    );
  }
}

/** The command line: see the top of this file. */
async function main(argv) {
  const separator = argv.indexOf('--');
  const flags = argv.slice(0, separator);
  const [command, ...args] = argv.slice(separator + 1);
  const flag = (name) => {
    const index = flags.indexOf(name);
    return index === -1 ? undefined : flags[index + 1];
  };
  const stall = flag('--stall-ms');
  const retries = flag('--retries');
  const label = flag('--label');
  const result = await runWatchedInstall(command, args, {
    ...(label === undefined ? {} : { label }),
    cwd: process.cwd(),
    env: process.env,
    ...(stall === undefined ? {} : { stallMs: Number(stall) }),
    ...(retries === undefined ? {} : { retries: Number(retries) }),
    watch: flag('--watch'),
    echo: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`${JSON.stringify(result)}\n`);
  return result.ok ? 0 : 1;
}

if (
  process.argv[1] !== undefined &&
  path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
