import type { ProductDefinition } from '../product/product-definition.js';
import { createKeepAlive, type KeepAlive } from '../util/keep-alive.js';
import { bindingOf } from './credential-binding.js';
import {
  type CredentialSources,
  isProvider,
  readCredential,
  readCredentials,
} from './credential-provider.js';
import {
  buildTokenWireRequest,
  type TokenCredentials,
  type TokenWireRequest,
  type TokenWireSettings,
} from './token-wire-request.js';

/** One read of the credentials, ready to send: the values, their wire request and their binding. */
export interface PreparedTokenRequest {
  readonly credentials: TokenCredentials;
  readonly wire: TokenWireRequest;
  /** The binding of these values (see `bindingOf`), computed once. */
  binding(): Promise<string>;
}

/** The client secret as the payload key takes it when `encryptionKey` is left out. */
export interface PayloadKeySource {
  /** The client secret when it is given as a string: the key never changes. */
  readonly fixed?: string | undefined;
  /** The client secret of the latest read (read once when there is none yet). */
  current(): Promise<string>;
  /** The client secret read anew from its provider. */
  again(): Promise<string>;
}

/**
 * The one owner of an auth's credentials: it reads them (strings as they
 * are, providers when a token request is about to be made), keeps the
 * latest read with its wire request and binding, compares a read after a
 * refusal with the one before, answers the payload key's current client
 * secret, and tells the redactor every secret of its last two reads.
 * Nothing else asks whether a credential is a provider.
 */
export interface Credentials {
  /**
   * The binding of the latest read, once computed: what the hot path
   * compares a held token's binding with. `undefined` before.
   */
  readonly binding: string | undefined;
  /** Whether a credential comes from a provider, so that values may change between reads. */
  readonly rotates: boolean;
  /**
   * The values for one token request, or to see whether a token obtained
   * with other values is one they give too: providers read anew (nothing is
   * sent to EnKash), strings built once.
   */
  prepare(keepAlive: KeepAlive): Promise<PreparedTokenRequest>;
  /** A new read after a refusal, when the values changed since `previous`; else `undefined`. */
  readAgain(
    keepAlive: KeepAlive,
    previous: PreparedTokenRequest,
  ): Promise<PreparedTokenRequest | undefined>;
  /** The client secret for the payload key. */
  readonly payloadKey: PayloadKeySource;
  /**
   * Every secret the last two reads carry (the one before a rotation may
   * still be echoed by a slow answer): a new array whenever they change.
   */
  recentSecrets(): readonly string[];
}

/** What the credentials are read and built with. */
export interface CredentialSettings extends TokenWireSettings {
  /** The credentials as configured: `password` and `clientSecret` may be providers. */
  credentials: CredentialSources;
  /** How long a provider may take. */
  timeoutMs: number;
}

/** Creates the credentials of one auth; nothing is read or computed until asked. */
export function createCredentials(
  definition: ProductDefinition,
  settings: CredentialSettings,
): Credentials {
  const sources = settings.credentials;
  const rotates = isProvider(sources.password) || isProvider(sources.clientSecret);
  const readSettings = (keepAlive: KeepAlive) => ({
    product: settings.product,
    timeoutMs: settings.timeoutMs,
    keepAlive,
  });
  let latest: PreparedTokenRequest | undefined;
  let secrets: readonly string[] = [];
  // The payload key's secret read before any token request, kept until one reads its own.
  let secretReadForKey: Promise<string> | undefined;

  /** The read `values` as the latest, unless they are the latest already. */
  function keepRead(values: TokenCredentials): PreparedTokenRequest {
    if (latest !== undefined && sameValues(latest.credentials, values)) {
      return latest;
    }
    const next = prepareTokenRequest(definition, settings, values, (prepared, binding) => {
      // Only the latest read decides what the auth is bound to.
      if (latest === prepared) credentials.binding = binding;
    });
    secrets = [...next.wire.secrets, ...(latest?.wire.secrets ?? [])];
    latest = next;
    // Until the new values' binding is known, no held token counts as theirs.
    credentials.binding = undefined;
    return next;
  }

  async function read(keepAlive: KeepAlive): Promise<PreparedTokenRequest> {
    if (!rotates && latest !== undefined) return latest;
    return keepRead(await readCredentials(sources, readSettings(keepAlive)));
  }

  function currentClientSecret(): Promise<string> {
    if (latest !== undefined) return Promise.resolve(latest.credentials.clientSecret);
    // Only the secret is needed: the password's provider is left alone. No caller waits on
    // this read's deadline: its keep-alive lets the process exit.
    secretReadForKey ??= readCredential(
      sources.clientSecret,
      'clientSecret',
      readSettings(createKeepAlive()),
    ).catch((error: unknown) => {
      // A failed read is not kept: the next call asks the provider again.
      secretReadForKey = undefined;
      throw error;
    });
    return secretReadForKey;
  }

  // A plain field, not a getter: the hot path reads it on every call.
  const credentials: { -readonly [K in keyof Credentials]: Credentials[K] } = {
    binding: undefined,
    rotates,
    prepare: read,
    async readAgain(keepAlive, previous) {
      if (!rotates) return undefined;
      try {
        const next = await read(keepAlive);
        return sameValues(next.credentials, previous.credentials) ? undefined : next;
      } catch {
        // A provider that fails now: the refusal already in hand is the answer.
        return undefined;
      }
    },
    payloadKey: {
      fixed: isProvider(sources.clientSecret) ? undefined : sources.clientSecret,
      current: currentClientSecret,
      again: async () => (await read(createKeepAlive())).credentials.clientSecret,
    },
    recentSecrets: () => secrets,
  };
  return credentials;
}

/** One read's wire request, and its binding computed once, on first use. */
function prepareTokenRequest(
  definition: ProductDefinition,
  settings: CredentialSettings,
  values: TokenCredentials,
  bound: (prepared: PreparedTokenRequest, binding: string) => void,
): PreparedTokenRequest {
  let computed: Promise<string> | undefined;
  const prepared: PreparedTokenRequest = {
    credentials: values,
    wire: buildTokenWireRequest(definition, settings, values),
    binding: () => {
      computed ??= bindingOf(values).then((binding) => {
        bound(prepared, binding);
        return binding;
      });
      return computed;
    },
  };
  return prepared;
}

/** Whether two reads gave the same password and client secret. */
function sameValues(left: TokenCredentials, right: TokenCredentials): boolean {
  return left.password === right.password && left.clientSecret === right.clientSecret;
}
