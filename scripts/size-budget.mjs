#!/usr/bin/env node
// The bundle size budget, a step of `npm test`: for every product package, esbuild bundles
// `export { createXAuth } from '@enkash/x'` from the workspace's dist (minified, tree-shaken, as
// an application's bundler would), gzips it at level 9, prints the figure with the core's share
// and every module's size, and fails when a product is over the budget.
//
// Usage: node scripts/size-budget.mjs [--budget-kb N]   (or SIZE_BUDGET_KB=N; for trying it out)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { attributeSizes, sumByOwner } from './lib/bundle-size.mjs';

/**
 * The one budget: gzip -9 bytes of each product's bundle, in KB of 1,000 bytes (the unit the
 * issue's figures use). The goal is 18 KB; the products do not fit it yet (22.2-22.4 KB: ky
 * alone is 8.9 KB, since `auth.client` is a ky instance, valibot 1.1 KB, the core 12 KB). Until
 * they do, the budget holds the line just above today's size, so that no change grows the bundle
 * unseen: lower it as the core shrinks. Raised from 22.3 once, knowingly, for 0.12 KB of safety
 * (a token from a redirect a custom fetch followed is refused; a rebuilt response drops the
 * Content-Encoding its decoded body no longer has). Raised from 22.4 to 24.6 for issue 21
 * (secrets and bytes at every exit), measured 22.29 -> 24.53 KB (expense, the largest), core
 * 12.0 -> 14.2 KB: the platform AES path 0.35 KB (platform-aes.js with its known-answer test,
 * payload-cipher.js choosing it); redaction that holds at any size 0.42 KB (the Two-Way search
 * in substring-search.js, redact.js); bounded API answers and envelopes that keep their fields
 * and statuses 0.85 KB (open-response.js +0.42, answer-deadline.js 0.22, api-options.js +0.1,
 * bearer-fetch.js +0.2 with the JSON-string sealing and the redacted transport error); ky's
 * errors redacted and its timeout made TIMEOUT 0.33 KB (client-error-hook.js, create-auth.js);
 * the token event's payload 0.08 KB; the rest (cause and provider-name hardening) 0.07 KB.
 * Raised from 24.6 to 29.2 for the lockout promise (issue 25) and the operators' events
 * (issue 22), measured 24.53 -> 29.14 KB (expense), core 14.2 -> 18.9 KB, step by step: the
 * lockout promise 3.44 KB (the attempt record by compare-and-set, storeOutage and
 * STORE_UNAVAILABLE, maxConsecutiveFailures 1.2 in lifecycle/lockout-guard.js, attempt-record.js,
 * lockout-errors.js; the ledger's write-back in the background and its reservations 0.5 in
 * attempt-ledger.js; the credential binding's HMAC and one owner of the credentials 0.5 in
 * credentials/; store operations by compare-and-set and bounded by timeoutMs 0.35 in
 * store/store-access.js and announced-rejection.js; held and stored tokens checked on their
 * binding and like the wire, freshness on a monotonic clock about 0.65 in the lifecycle; the
 * Date-header expiry, the lifetime clamp and its event, success pacing about 0.2; the payload key
 * following a rotation 0.09 in bearer-fetch.js); the operators' events 1.19 KB (token-request,
 * retry, guard-refused and token-adopted events 0.34; events per account 0.2 with listeners kept
 * across forgetAccounts; the publisher and the enkash:auth diagnostics channel 0.29 in observe/;
 * the redacting logger and ENKASH_AUTH_DEBUG 0.29; the JSON-escaped spelling the redactor gained
 * for the logger's fields 0.07); the core's dist bundled into one module per entry 0.1 KB;
 * undefined options read as left out (issue 26) 0.02 KB; issues 21 and 25 compressed together
 * -0.1 KB; the reshape (issue 23) and the products' bundled dists -0.04 KB. The store error base
 * (issue 24), the HTTPError re-export and resetStoredLockout cost nothing: they are tree-shaken.
 * Raised from 29.2 to 29.3 for issue 21's point 7 done whole, measured 29.14 -> 29.23 KB: a JSON
 * string inside a Request (auth.client's `body: JSON.stringify(x)`) read back and sealed 0.08 KB
 * in api/bearer-request.js; the lockout guard's refusal as a function of its own 0.01 KB.
 */
const BUDGET_KB = 29.3;
const CORE = '@enkash/auth-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Product packages: those whose dist declares a `createXAuth` factory. */
function productPackages() {
  const found = [];
  for (const folder of readdirSync(path.join(root, 'packages')).sort()) {
    const directory = path.join(root, 'packages', folder);
    const manifestFile = path.join(directory, 'package.json');
    if (!existsSync(manifestFile)) continue;
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    const types = path.join(directory, 'dist', 'index.d.ts');
    const source = path.join(directory, 'src', 'index.ts');
    const declared = existsSync(types) ? readFileSync(types, 'utf8') : '';
    const factory = /export declare function (create[A-Z]\w*Auth)\(/.exec(declared)?.[1];
    if (factory !== undefined) {
      found.push({ name: manifest.name, directory, factory });
    } else if (
      existsSync(source) &&
      /export function create[A-Z]\w*Auth\(/.test(readFileSync(source, 'utf8'))
    ) {
      throw new Error(`${manifest.name} has no dist/index.d.ts with its factory: build it first.`);
    }
  }
  return found;
}

async function measure(product) {
  const result = await build({
    stdin: {
      contents: `export { ${product.factory} } from '${product.name}';`,
      // The package resolves its own name (its "exports"), then its dependencies as installed.
      resolveDir: product.directory,
      sourcefile: 'size-budget-entry.js',
    },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    legalComments: 'none',
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  const minified = output.contents.byteLength;
  const gzip = gzipSync(output.contents, { level: 9 }).byteLength;
  const [meta] = Object.values(result.metafile.outputs);
  const inputs = Object.fromEntries(
    Object.entries(meta.inputs).map(([input, { bytesInOutput }]) => [input, bytesInOutput]),
  );
  return { ...product, minified, gzip, modules: attributeSizes(inputs, minified, gzip) };
}

const kb = (bytes) => `${(bytes / 1000).toFixed(2)} KB`;
const int = (bytes) => Math.round(bytes).toLocaleString('en-US');

function printModules(results) {
  // One row per module across every product: a module's size hardly differs between them.
  const rows = new Map();
  for (const result of results) {
    for (const row of result.modules) {
      const key = `${row.owner} ${row.module}`;
      const entry = rows.get(key) ?? { ...row, perProduct: new Map() };
      entry.minified = Math.max(entry.minified, row.minified);
      entry.perProduct.set(result.name, row.gzip);
      rows.set(key, entry);
    }
  }
  const names = results.map((result) => result.name.replace('@enkash/', ''));
  const labelWidth = Math.max(
    ...[...rows.values()].map((row) => `${row.owner} ${row.module}`.length),
  );
  console.log('');
  console.log(
    `every module: minified bytes, then gzip bytes attributed per product (share of minified)`,
  );
  console.log(
    `  ${'module'.padEnd(labelWidth)}  ${'min'.padStart(6)}  ${names.map((name) => name.padStart(8)).join('')}`,
  );
  const sorted = [...rows.values()].sort((a, b) => b.minified - a.minified);
  for (const row of sorted) {
    const cells = results
      .map((result) => {
        const gzip = row.perProduct.get(result.name);
        return (gzip === undefined ? '-' : int(gzip)).padStart(8);
      })
      .join('');
    console.log(
      `  ${`${row.owner} ${row.module}`.padEnd(labelWidth)}  ${int(row.minified).padStart(6)}  ${cells}`,
    );
  }
}

async function main() {
  const { values } = parseArgs({ options: { 'budget-kb': { type: 'string' } } });
  const budgetText = values['budget-kb'] ?? process.env.SIZE_BUDGET_KB;
  const budgetKb = budgetText === undefined ? BUDGET_KB : Number(budgetText);
  if (!(budgetKb > 0))
    throw new Error(`the budget must be a positive number of KB; got ${budgetText}`);
  const budgetBytes = budgetKb * 1000;
  const products = productPackages();
  if (products.length === 0) throw new Error('no product package found (is the workspace built?)');
  const results = [];
  for (const product of products) results.push(await measure(product));

  console.log(
    `bundle of export { createXAuth } from '@enkash/x': esbuild --minify, gzip -9; budget ${budgetKb} KB gz per product (1 KB = 1,000 bytes)`,
  );
  const nameWidth = Math.max(...results.map((result) => result.name.length));
  for (const result of results) {
    const owners = sumByOwner(result.modules);
    const core = owners.find((owner) => owner.owner === CORE)?.gzip ?? 0;
    const shares = owners.map((owner) => `${owner.owner} ${kb(owner.gzip)}`).join(', ');
    const verdict = result.gzip <= budgetBytes ? 'ok  ' : 'OVER';
    console.log(
      `  ${verdict} ${result.name.padEnd(nameWidth)}  ${kb(result.gzip).padStart(9)} gz  ${kb(result.minified).padStart(9)} min  core ${kb(core)} gz (${((100 * core) / result.gzip).toFixed(0)}%)`,
    );
    console.log(`       ${''.padEnd(nameWidth)}  ${shares}`);
  }
  printModules(results);
  const over = results.filter((result) => result.gzip > budgetBytes);
  console.log('');
  if (over.length > 0) {
    for (const result of over) {
      console.log(
        `size budget exceeded: ${result.name} is ${kb(result.gzip)} gz, over the ${budgetKb} KB budget by ${int(result.gzip - budgetBytes)} bytes.`,
      );
    }
    return 1;
  }
  console.log(`size budget holds: every product is within ${budgetKb} KB gz.`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(`size budget: ${error instanceof Error ? error.message : error}`);
    process.exitCode = 1;
  },
);
