import diagnosticsChannel from 'node:diagnostics_channel';
import { afterEach, describe, expect, it } from 'vitest';
import { camelDefinition, strictOAuthDefinition } from '../../test-support/definitions.js';
import { failureOf } from '../../test-support/failure-of.js';
import { inAnotherProcess, sandboxAuth, useSandbox } from '../../test-support/sandbox.js';
import { createRedactor } from '../errors/redact.js';
import { createEventHub } from '../events.js';
import { createAccount } from '../lifecycle/account.js';
import { AUTH_CHANNEL } from './diagnostics-channel.js';
import { createPublisher } from './publisher.js';

const sandbox = useSandbox();

interface ChannelMessage {
  event: string;
  product: string;
  payload: Record<string, unknown>;
  account: number;
}

const stops: Array<() => void> = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

/** Subscribes to `enkash:auth` until the test ends, and collects what it hears. */
function subscribe(): ChannelMessage[] {
  const heard: ChannelMessage[] = [];
  const onMessage = (message: unknown) => heard.push(message as ChannelMessage);
  diagnosticsChannel.subscribe(AUTH_CHANNEL, onMessage);
  stops.push(() => diagnosticsChannel.unsubscribe(AUTH_CHANNEL, onMessage));
  return heard;
}

/** Counts the channel's publish calls until the test ends (the channel itself stays real). */
function countPublishes(): { count: number } {
  const channel = diagnosticsChannel.channel(AUTH_CHANNEL);
  const counted = { count: 0 };
  const publish = channel.publish;
  channel.publish = (message: unknown) => {
    counted.count += 1;
    publish.call(channel, message);
  };
  stops.push(() => {
    // The own property shadowed the prototype's method: deleting it restores that.
    delete (channel as { publish?: unknown }).publish;
  });
  return counted;
}

describe('the enkash:auth diagnostics channel', () => {
  it('sees every event of every auth of the process as { event, product, payload }', async () => {
    const heard = subscribe();
    const payouts = sandboxAuth(sandbox(), camelDefinition, { retries: 1, retryDelayMs: 0 });
    const rewards = inAnotherProcess(() => sandboxAuth(sandbox(), strictOAuthDefinition));
    const wrong = sandboxAuth(sandbox(), camelDefinition, { password: 'wrong-password-71' });
    // No auth has a listener: the channel hears regardless.
    sandbox().enqueueFault('payouts', { type: 'status', status: 503 });
    const payoutsToken = await payouts.getToken();
    const rewardsToken = await rewards.getToken();
    for (let call = 0; call < 3; call += 1) await failureOf(wrong.getToken({ forceRefresh: true }));

    expect(heard.map(({ event, product }) => `${product} ${event}`)).toEqual([
      'payouts token-request',
      'payouts retry',
      'payouts token-request',
      'payouts token',
      'rewards token-request',
      'rewards token',
      'payouts token-request',
      'payouts token-request',
      'payouts lockout',
      'payouts guard-refused',
    ]);
    for (const message of heard) {
      expect(Object.keys(message).sort()).toEqual(['account', 'event', 'payload', 'product']);
      expect(message.payload.product).toBe(message.product);
    }
    expect(heard[3]).toEqual({
      event: 'token',
      product: 'payouts',
      account: expect.any(Number),
      payload: { product: 'payouts', tokenType: 'bearer', expiresAt: payoutsToken.expiresAt },
    });
    expect(heard[5]?.payload).toMatchObject({ expiresAt: rewardsToken.expiresAt });
    // The account number tells accounts apart (the wrong password is the same account), naming nothing.
    const accounts = heard.map(({ product, account }) => `${product} ${account}`);
    expect(new Set(accounts).size).toBe(2);
  });

  it('publishes each event once, however many auths of the account listen', async () => {
    const heard = subscribe();
    const listening = [1, 2, 3].map(() => sandboxAuth(sandbox(), camelDefinition));
    for (const auth of listening) auth.on('token', () => undefined);
    await sandboxAuth(sandbox(), camelDefinition).getToken();
    expect(heard.map(({ event }) => event)).toEqual(['token-request', 'token']);
  });

  it('publishes nothing while no one subscribes, listeners or not', async () => {
    const publishes = countPublishes();
    const auth = sandboxAuth(sandbox(), camelDefinition, { retries: 1, retryDelayMs: 0 });
    const heard: string[] = [];
    auth.on('token', () => heard.push('token'));
    sandbox().enqueueFault('payouts', { type: 'status', status: 503 });
    await auth.getToken();
    expect(diagnosticsChannel.hasSubscribers(AUTH_CHANNEL)).toBe(false);
    expect(publishes.count).toBe(0);
    expect(heard).toEqual(['token']);

    // The same channel, counted the same way, does publish once someone subscribes.
    subscribe();
    await auth.getToken({ forceRefresh: true });
    expect(publishes.count).toBe(2);
  });

  it('stops publishing to a subscriber that unsubscribed', async () => {
    const heard = subscribe();
    const auth = sandboxAuth(sandbox(), camelDefinition);
    await auth.getToken();
    for (const stop of stops.splice(0)) stop();
    await auth.getToken({ forceRefresh: true });
    expect(heard.map(({ event }) => event)).toEqual(['token-request', 'token']);
  });
});

describe('a payload that costs something is built only for someone who hears it', () => {
  function publisherWith(logger?: { debug(message: string): void }) {
    const account = createAccount({
      product: 'payouts',
      baseUrl: 'https://enkash.invalid/payouts',
      clientId: 'client-id-71',
      username: 'someone@example.com',
    });
    const publisher = (hub = createEventHub()) =>
      createPublisher({
        product: 'payouts',
        hub,
        account: () => account,
        logger,
        redactor: () => createRedactor([]),
      });
    return { first: publisher(), second: publisher() };
  }

  it('is not wanted with no listener, no subscriber and no logger', () => {
    expect(publisherWith().first.wanted('token')).toBe(false);
  });

  it('is wanted by a listener of another auth of the account, for that event only', () => {
    const { first, second } = publisherWith();
    second.on('token', () => undefined);
    expect(first.wanted('token')).toBe(true);
    expect(first.wanted('refresh-error')).toBe(false);
  });

  it('is wanted by a subscriber of the channel', () => {
    const { first } = publisherWith();
    subscribe();
    expect(first.wanted('token')).toBe(true);
  });

  it('is wanted by a logger', () => {
    expect(publisherWith({ debug: () => undefined }).first.wanted('token')).toBe(true);
  });
});
