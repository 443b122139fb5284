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

/** What the credentials are read and built with, besides their sources. */
export interface CredentialSettings extends TokenWireSettings {
  /** How long a provider may take. */
  timeoutMs: number;
}

/**
 * Creates the credentials of one auth; nothing is read or computed until
 * asked. Only the latest read decides what the auth is bound to: until its
 * binding is known, no held token counts as its own. The payload key's
 * secret, when it is needed before any token request, is read alone (the
 * password's provider is left alone) on a keep-alive no caller waits on, and
 * kept until a token request reads its own; a failed read is not kept. After
 * a refusal, a provider that fails leaves the refusal in hand as the answer.
 * `binding` is a plain field, not a getter: the hot path reads it on every call.
 */
export function createCredentials(
  definition: ProductDefinition,
  sources: CredentialSources,
  settings: CredentialSettings,
): Credentials {
  const rotates = isProvider(sources.password) || isProvider(sources.clientSecret);
  let latest: PreparedTokenRequest | undefined;
  let secrets: readonly string[] = [];
  let secretReadForKey: Promise<string> | undefined;

  /** The read `values` as the latest, unless they are the latest already. */
  function keepRead(values: TokenCredentials): PreparedTokenRequest {
    if (latest !== undefined && sameValues(latest.credentials, values)) {
      return latest;
    }
    const wire = buildTokenWireRequest(definition, settings, values);
    secrets = [...wire.secrets, ...(latest?.wire.secrets ?? [])];
    let computed: Promise<string> | undefined;
    const prepared: PreparedTokenRequest = {
      credentials: values,
      wire,
      binding: () => {
        computed ??= bindingOf(values).then((binding) => {
          // Only the latest read decides what the auth is bound to.
          if (latest === prepared) credentials.binding = binding;
          return binding;
        });
        return computed;
      },
    };
    latest = prepared;
    // Until the new values' binding is known, no held token counts as theirs.
    credentials.binding = undefined;
    return prepared;
  }

  async function read(keepAlive: KeepAlive): Promise<PreparedTokenRequest> {
    if (!rotates && latest !== undefined) return latest;
    return keepRead(await readCredentials(sources, settings, keepAlive));
  }

  function currentClientSecret(): Promise<string> {
    if (latest !== undefined) return Promise.resolve(latest.credentials.clientSecret);
    secretReadForKey ??= readCredential(
      sources.clientSecret,
      'clientSecret',
      settings,
      createKeepAlive(),
    ).catch((error: unknown) => {
      // A failed read is not kept: the next call asks the provider again.
      secretReadForKey = undefined;
      throw error;
    });
    return secretReadForKey;
  }

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

/** Whether two reads gave the same password and client secret. */
function sameValues(left: TokenCredentials, right: TokenCredentials): boolean {
  return left.password === right.password && left.clientSecret === right.clientSecret;
}
