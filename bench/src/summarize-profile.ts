// Summarizes a V8 .cpuprofile (node --cpu-prof): self time per package and the functions with
// the most self time, per token request.
// Usage: node dist/summarize-profile.js [file or folder, default .profiles] [requests]
// (a folder: its newest .cpuprofile; requests: what the profiled run made, warm-up included)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The package a script URL belongs to: a workspace package, a dependency, or Node itself. */
export function packageOf(url: string): string {
  if (url === '') return '(native/gc/idle)';
  if (url.startsWith('node:')) return url.includes('undici') ? 'undici (fetch)' : 'node internals';
  const workspace = /\/(packages|bench)\/([^/]+)\//.exec(url);
  const dependency = /node_modules\/(?!\.pnpm)((?:@[^/]+\/)?[^/]+)\//g;
  let last: string | undefined;
  for (const match of url.matchAll(dependency)) last = match[1];
  if (last !== undefined) return last;
  if (workspace !== null) return workspace[1] === 'bench' ? 'bench' : `@enkash/${workspace[2]}`;
  return url;
}

function main(): void {
  const [given = '.profiles', requestsText] = process.argv.slice(2);
  const file = statSync(given).isDirectory() ? newestProfile(given) : given;
  const requests = Number(requestsText ?? 20_500);
  console.log(`${file}, per request over ${requests} requests`);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfByNode = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    selfByNode.set(id, (selfByNode.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const [id, micros] of selfByNode) {
    const node = nodes.get(id);
    if (node === undefined) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)' || functionName === '(program)') continue;
    total += micros;
    const owner = packageOf(url);
    byPackage.set(owner, (byPackage.get(owner) ?? 0) + micros);
    const file = url.split('/').slice(-1)[0] ?? '';
    const key = `${owner}  ${functionName || '(anonymous)'}  ${file}:${lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + micros);
  }
  const per = (micros: number) => `${(micros / requests).toFixed(2).padStart(8)} µs`;
  console.log(`busy time (idle and (program) excluded): ${per(total)} per request`);
  console.log('\nself time per package:');
  for (const [owner, micros] of [...byPackage].sort((a, b) => b[1] - a[1])) {
    console.log(`  ${per(micros)}  ${owner}`);
  }
  console.log('\nfunctions with the most self time:');
  for (const [key, micros] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 40)) {
    console.log(`  ${per(micros)}  ${key}`);
  }
}

function newestProfile(folder: string): string {
  const files = readdirSync(folder)
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((name) => path.join(folder, name))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (files[0] === undefined) throw new Error(`no .cpuprofile in ${folder}`);
  return files[0];
}

main();
