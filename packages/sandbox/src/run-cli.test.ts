import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLI_USAGE, runCli } from './run-cli.js';
import { requestToken } from './test-support/token-request.js';

describe('runCli', () => {
  it('prints every base URL and the demo credentials, then one redacted line per request', async () => {
    let output = '';
    const sandbox = await runCli(['--port', '0'], (text) => {
      output += text;
    });
    if (sandbox === undefined) throw new Error('runCli did not start a sandbox');
    try {
      expect(output).toContain(`EnKash sandbox listening on ${sandbox.url}`);
      for (const product of ['payouts', 'cards', 'bbps', 'rewards', 'expense'] as const) {
        const user = sandbox.users[product];
        expect(output).toContain(`${product}: baseUrl ${sandbox.url}/${product}`);
        expect(output).toContain(`username ${user.username}  password ${user.password}`);
      }
      const banner = output;
      await requestToken(sandbox, 'payouts');
      const logged = output.slice(banner.length);
      expect(logged).toMatch(
        /^\S+ POST \/payouts\/oauth\/token 200 issued user=\S+ basicId=\S+\n$/,
      );
      expect(logged).not.toContain(sandbox.users.payouts.password);
      expect(logged).not.toContain(sandbox.users.payouts.clientSecret);
    } finally {
      await sandbox.close();
    }
  });

  it('prints the usage for --help without starting anything', async () => {
    let output = '';
    expect(await runCli(['--help'], (text) => (output += text))).toBeUndefined();
    expect(output).toBe(CLI_USAGE);
  });

  it('refuses a non-loopback host without --allow-non-loopback', async () => {
    await expect(runCli(['--port', '0', '--host', '0.0.0.0'], () => {})).rejects.toThrow(
      /non-loopback/,
    );
  });

  it("is the package's only bin, so `npx @enkash/sandbox` runs it, and says so in its usage", () => {
    const manifest = JSON.parse(
      readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
    ) as { bin: Record<string, string> };
    expect(Object.values(manifest.bin)).toEqual(['./bin/enkash-sandbox.js']);
    expect(CLI_USAGE).toMatch(/^Usage: npx @enkash\/sandbox /);
  });
});
