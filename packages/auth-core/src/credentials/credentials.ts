import type { Redactor } from '../errors/redact.js';
import type { ProductDefinition } from '../product/product-definition.js';
import type { KeepAlive } from '../util/keep-alive.js';
import { bindingOf } from './credential-binding.js';
import {
  type CredentialSources,
  hasProvider,
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

/**
 * The one owner of an auth's credentials: it reads them (strings as they
 * are, providers when a token request is about to be made), keeps the
 * latest read with its wire request and binding, teaches the redactor every
 * value read, and answers the payload key's current secret. Nothing else
 * asks whether a credential is a provider.
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
  /** The client secret of the latest read (read once when none yet), for the payload key. */
  currentClientSecret(keepAlive: KeepAlive): Promise<string>;
}

/** What the credentials are read and built with. */
export interface CredentialSettings extends TokenWireSettings {
  /** How long a provider may take. */
  timeoutMs: number;
}

/** Creates the credentials of one auth; nothing is read or computed until asked. */
export function createCredentials(
  definition: ProductDefinition,
  sources: CredentialSources,
  settings: CredentialSettings,
  redactor: Redactor,
): Credentials {
  const rotates = hasProvider(sources);
  let latest: PreparedTokenRequest | undefined;
  // The payload key's secret read before any token request, kept until one reads its own.
  let secretReadForKey: Promise<string> | undefined;

  function remember(values: TokenCredentials): PreparedTokenRequest {
    if (latest !== undefined && sameValues(latest.credentials, values)) {
      return latest;
    }
    const wire = buildTokenWireRequest(definition, settings, values);
    redactor.rememberSecrets(wire.secrets);
    let computed: Promise<string> | undefined;
    const prepared: PreparedTokenRequest = {
      credentials: values,
      wire,
      binding: () => {
        computed ??= bindingOf(values).then((value) => {
          // Only the latest read decides what the auth is bound to.
          if (latest === prepared) credentials.binding = value;
          return value;
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
    const values = await readCredentials(sources, {
      product: settings.product,
      timeoutMs: settings.timeoutMs,
      keepAlive,
    });
    return remember(values);
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
    async currentClientSecret(keepAlive) {
      if (latest !== undefined) return latest.credentials.clientSecret;
      // Only the secret is needed: the password's provider is left alone.
      secretReadForKey ??= readCredential(sources.clientSecret, 'clientSecret', {
        product: settings.product,
        timeoutMs: settings.timeoutMs,
        keepAlive,
      }).catch((error: unknown) => {
        // A failed read is not kept: the next call asks the provider again.
        secretReadForKey = undefined;
        throw error;
      });
      return secretReadForKey;
    },
  };
  return credentials;
}

/** Whether two reads gave the same password and client secret. */
function sameValues(left: TokenCredentials, right: TokenCredentials): boolean {
  return left.password === right.password && left.clientSecret === right.clientSecret;
}
