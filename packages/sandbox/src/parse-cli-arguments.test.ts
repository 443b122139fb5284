import { describe, expect, it } from 'vitest';
import { DEFAULT_CLI_PORT, parseCliArguments } from './parse-cli-arguments.js';

describe('parseCliArguments', () => {
  it('defaults to 127.0.0.1 on the default port', () => {
    expect(parseCliArguments([])).toEqual({
      port: DEFAULT_CLI_PORT,
      host: '127.0.0.1',
      allowNonLoopback: false,
      help: false,
    });
  });

  it('reads --port N, --port=N, --host and the flags', () => {
    expect(parseCliArguments(['--port', '0']).port).toBe(0);
    expect(parseCliArguments(['--port=8081']).port).toBe(8081);
    expect(parseCliArguments(['--host', '::1', '--allow-non-loopback', '--help'])).toMatchObject({
      host: '::1',
      allowNonLoopback: true,
      help: true,
    });
  });

  it('throws on a bad port or an unknown argument', () => {
    expect(() => parseCliArguments(['--port', 'abc'])).toThrow(
      new TypeError('--port needs an integer from 0 to 65535, got abc'),
    );
    expect(() => parseCliArguments(['--port'])).toThrow('got nothing');
    expect(() => parseCliArguments(['--port', '65536'])).toThrow(TypeError);
    expect(() => parseCliArguments(['--verbose'])).toThrow(
      new TypeError('Unknown argument: --verbose'),
    );
  });
});
