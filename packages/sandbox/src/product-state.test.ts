import { describe, expect, it } from 'vitest';
import {
  appendLogEntry,
  createProductStates,
  MAX_LOG_ENTRIES,
  rememberToken,
} from './product-state.js';
import type { SandboxRequestLogEntry } from './request-log-entry.js';

function entry(index: number): SandboxRequestLogEntry {
  return {
    time: index,
    method: 'GET',
    path: '/payouts/api/ping',
    endpoint: 'ping',
    headers: {},
    outcome: 'ok',
  };
}

describe('product state bounds', () => {
  it('keeps only the newest MAX_LOG_ENTRIES log entries', () => {
    const { payouts } = createProductStates({});
    for (let index = 0; index <= MAX_LOG_ENTRIES; index += 1) appendLogEntry(payouts, entry(index));
    expect(payouts.log).toHaveLength(MAX_LOG_ENTRIES);
    expect(payouts.log[0]?.time).toBe(1);
    expect(payouts.log.at(-1)?.time).toBe(MAX_LOG_ENTRIES);
  });

  it('drops expired tokens once many are remembered, keeping live ones', () => {
    const { cards } = createProductStates({});
    for (let index = 0; index < 9_999; index += 1) {
      rememberToken(cards, `expired-${index}`, 1_000, 0);
    }
    rememberToken(cards, 'live-old', 5_000, 0);
    expect(cards.tokens.size).toBe(10_000);
    rememberToken(cards, 'live-new', 9_000, 2_000);
    expect([...cards.tokens.keys()]).toEqual(['live-old', 'live-new']);
  });

  it('sweeps again only once the tokens have doubled, so many live tokens cost no walk per issue', () => {
    const { rewards } = createProductStates({});
    for (let index = 0; index < 10_000; index += 1) {
      rememberToken(rewards, `live-${index}`, 60_000, 0);
    }
    // The sweep at 10,000 finds nothing expired and moves the next one to 20,000.
    rememberToken(rewards, 'live-10000', 60_000, 0);
    for (let index = 0; index < 9_998; index += 1) {
      rememberToken(rewards, `expired-${index}`, 1_000, 2_000);
    }
    expect(rewards.tokens.size).toBe(19_999);
    expect(rewards.tokens.has('expired-0')).toBe(true);
    rememberToken(rewards, 'at-19999', 60_000, 2_000);
    expect(rewards.tokens.has('expired-0')).toBe(true);
    rememberToken(rewards, 'at-20000', 60_000, 2_000);
    expect(rewards.tokens.has('expired-0')).toBe(false);
    expect(rewards.tokens.size).toBe(10_003);
  });
});
