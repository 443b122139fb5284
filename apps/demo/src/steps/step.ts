import type { AccessToken, EnkashAuth } from '@enkash/auth-core';
import type { DemoAuthOptions } from '../products.js';
import type { Target } from '../targets/target.js';

/** What earlier steps of a product found out, for the later ones. */
export interface Facts {
  /** The first token and when it was asked for (epoch ms). */
  first?: { token: AccessToken; requestedAt: number; durationMs: number };
}

/** Everything a step gets. */
export interface StepContext {
  readonly target: Target;
  /** The product's auth, shared by the steps as one application would share it. */
  readonly auth: EnkashAuth;
  /**
   * Another auth for the same product, with other options. It shares the
   * account's token and lockout count with `auth` (one client per account in
   * a process): a step that needs a fresh start calls `invalidate()` first.
   */
  createAuth(overrides?: Partial<DemoAuthOptions>): EnkashAuth;
  readonly facts: Facts;
  /** Adds a token to the values the output never prints. */
  remember(secret: string): void;
  /** Changes the live progress text (shown on a terminal only). */
  progress(text: string): void;
}

/** A step's result: lines for the product section and a cell for the summary table. */
export interface StepOutcome {
  ok: boolean;
  lines: string[];
  summary: string;
}

/** One part of the walkthrough, run for each product. */
export interface Step {
  /** Label in the product section, e.g. `on the wire`. */
  readonly label: string;
  /** Column header in the summary table. */
  readonly column: string;
  /** Set for steps only the embedded sandbox can show; the text says why. */
  readonly sandboxOnly?: string;
  run(context: StepContext): Promise<StepOutcome>;
}
