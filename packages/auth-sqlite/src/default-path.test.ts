import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createSqliteStore } from './create-sqlite-store.js';
import { defaultStorePath } from './default-path.js';

const home = () => '/home/app';

describe('defaultStorePath', () => {
  it('is in the XDG state directory on Linux, and ~/.local/state without one', () => {
    expect(defaultStorePath({ platform: 'linux', env: {}, homedir: home })).toBe(
      '/home/app/.local/state/enkash-auth/tokens.sqlite',
    );
    expect(
      defaultStorePath({
        platform: 'linux',
        env: { XDG_STATE_HOME: '/var/lib/app' },
        homedir: home,
      }),
    ).toBe('/var/lib/app/enkash-auth/tokens.sqlite');
    // The XDG spec: a relative value is ignored.
    expect(
      defaultStorePath({ platform: 'freebsd', env: { XDG_STATE_HOME: 'state' }, homedir: home }),
    ).toBe('/home/app/.local/state/enkash-auth/tokens.sqlite');
  });

  it('is in Application Support on macOS', () => {
    expect(defaultStorePath({ platform: 'darwin', env: {}, homedir: home })).toBe(
      '/home/app/Library/Application Support/enkash-auth/tokens.sqlite',
    );
  });

  it('is in %LOCALAPPDATA% on Windows', () => {
    const path = defaultStorePath({
      platform: 'win32',
      env: { LOCALAPPDATA: '/c/Users/app/AppData/Local' },
      homedir: home,
    });
    expect(path).toBe('/c/Users/app/AppData/Local/enkash-auth/tokens.sqlite');
    expect(defaultStorePath({ platform: 'win32', env: {}, homedir: home })).toBe(
      '/home/app/AppData/Local/enkash-auth/tokens.sqlite',
    );
  });
});

describe('createSqliteStore without a path', () => {
  it('creates the per-user folder (0700) and file (0600) and uses it', async () => {
    const state = mkdtempSync(join(tmpdir(), 'enkash-sqlite-state-'));
    vi.stubEnv('XDG_STATE_HOME', state);
    try {
      const store = createSqliteStore();
      try {
        expect(store.path).toBe(join(state, 'enkash-auth', 'tokens.sqlite'));
        await store.set('key', 'value', 60_000);
        expect(statSync(join(state, 'enkash-auth')).mode & 0o777).toBe(0o700);
        expect(statSync(store.path).mode & 0o777).toBe(0o600);
        expect(await store.get('key')).toBe('value');
      } finally {
        await store.close();
      }
    } finally {
      vi.unstubAllEnvs();
      rmSync(state, { recursive: true, force: true });
    }
  });

  it('is CONFIG, naming the folder and the fix, when the folder cannot be created', () => {
    const state = mkdtempSync(join(tmpdir(), 'enkash-sqlite-state-'));
    // A file where the folder should be: nobody can create a folder under it, root included.
    const blocked = join(state, 'a-file');
    writeFileSync(blocked, '');
    vi.stubEnv('XDG_STATE_HOME', blocked);
    try {
      expect(() => createSqliteStore()).toThrow(
        expect.objectContaining({
          code: 'CONFIG',
          product: 'sqlite',
          message: `The SQLite store's folder ${join(blocked, 'enkash-auth')} cannot be created (ENOTDIR); give createSqliteStore a \`path\` this user can write.`,
        }),
      );
    } finally {
      vi.unstubAllEnvs();
      rmSync(state, { recursive: true, force: true });
    }
  });
});
