import type { TokenStore } from '../store/token-store.js';

/** Waits `milliseconds` (the contract's expiry cases wait out real TTLs). */
export const wait = (milliseconds: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, milliseconds));

/** The contract's timings and load, defaults applied. */
export interface ContractSettings {
  shortTtlMs: number;
  settleMs: number;
  concurrency: number;
}

/** The store of the case under way (each case gets a store of its own). */
export type CurrentStore = () => TokenStore;

let keyCounter = 0;

/** A key no other case (nor an earlier run against a shared server) uses. */
export function uniqueKey(label: string): string {
  keyCounter += 1;
  return `contract:${label}:${Date.now().toString(36)}:${Math.random().toString(36).slice(2)}:${keyCounter}`;
}
