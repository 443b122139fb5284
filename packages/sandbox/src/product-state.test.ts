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
    for (let index = 0; index < 10_000; index += 1) {
      rememberToken(cards, `expired-${index}`, 1_000, 0);
    }
    rememberToken(cards, 'live-old', 5_000, 0);
    expect(cards.tokens.size).toBe(10_001);
    rememberToken(cards, 'live-new', 9_000, 2_000);
    expect([...cards.tokens.keys()]).toEqual(['live-old', 'live-new']);
  });
});
