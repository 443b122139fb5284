import { describe, expect, it } from 'vitest';
import { buildUserAgent, describeRuntime } from './user-agent.js';

describe('describeRuntime', () => {
  it('names Node from process.versions', () => {
    expect(describeRuntime()).toBe(`node/${process.versions.node}`);
  });

  it('names Deno and Bun before the Node imitation they carry', () => {
    const node = { versions: { node: '22.0.0' } };
    expect(describeRuntime({ Deno: { version: { deno: '2.1.4' } }, process: node })).toBe(
      'deno/2.1.4',
    );
    expect(describeRuntime({ Bun: { version: '1.2.3' }, process: node })).toBe('bun/1.2.3');
  });

  it('falls back to navigator.userAgent, then to unknown', () => {
    expect(describeRuntime({ navigator: { userAgent: 'Cloudflare-Workers' } })).toBe(
      'Cloudflare-Workers',
    );
    expect(describeRuntime({ navigator: { userAgent: '' } })).toBe('unknown-runtime');
    expect(describeRuntime({})).toBe('unknown-runtime');
  });
});

describe('buildUserAgent', () => {
  it('is @enkash/<product>/<version> <runtime>', () => {
    expect(buildUserAgent('payouts', '1.2.3', 'node/24.1.0')).toBe(
      '@enkash/payouts/1.2.3 node/24.1.0',
    );
    expect(buildUserAgent('cards', '0.1.0')).toBe(
      `@enkash/cards/0.1.0 node/${process.versions.node}`,
    );
  });
});
