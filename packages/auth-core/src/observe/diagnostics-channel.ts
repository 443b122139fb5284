/** The name of the diagnostics channel every auth of the process publishes its events on. */
export const AUTH_CHANNEL = 'enkash:auth';

/** What the SDK needs of a `node:diagnostics_channel` channel. */
export interface AuthChannel {
  readonly hasSubscribers: boolean;
  publish(message: unknown): void;
}

interface RuntimeGlobals {
  process?: { getBuiltinModule?(name: string): unknown };
}

let channel: AuthChannel | null | undefined;

/**
 * The `enkash:auth` channel where the runtime has `node:diagnostics_channel`
 * (Node, Bun, Deno, Workers with `nodejs_compat`), reached through
 * the process's `getBuiltinModule` at the first event, which no bundler follows
 * and a browser lacks; `undefined` there.
 */
export function authChannel(): AuthChannel | undefined {
  if (channel === undefined) {
    // Not named `module`: that is a Node global the runtime-agnostic check looks for.
    const diagnostics = (globalThis as RuntimeGlobals).process?.getBuiltinModule?.(
      'node:diagnostics_channel',
    ) as { channel?(name: string): AuthChannel } | undefined;
    channel = diagnostics?.channel?.(AUTH_CHANNEL) ?? null;
  }
  return channel ?? undefined;
}
