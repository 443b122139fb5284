import { isEnkashAuthError } from '@enkash/auth-core';
import { describeWithoutText } from './describe-without-text.js';
import { formatSkipped, formatStepLines } from './output/section.js';
import type { Progress, Terminal } from './output/terminal.js';
import type { DemoAuthOptions } from './products.js';
import type { Step, StepContext, StepOutcome } from './steps/step.js';
import { secretsOf, type Target } from './targets/target.js';

/** One product's results: a summary cell per step, and whether every check held. */
export interface ProductResult {
  product: string;
  ok: boolean;
  cells: string[];
}

/** The summary cell of a step that threw; it also ends the product's walkthrough. */
const ERROR_SUMMARY = 'error';

function describeFailure(error: unknown, target: Target): string {
  if (target.kind === 'real') return describeWithoutText(error);
  if (isEnkashAuthError(error)) return `${error.code}: ${error.message}`;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Runs steps with one shared context; each step gets its own progress line. */
function createStepRunner(target: Target, terminal: Terminal) {
  const name = target.product.name;
  let progress: Progress | undefined;
  const createAuth = (overrides: Partial<DemoAuthOptions> = {}) =>
    target.product.create({ ...target.options, ...overrides });
  const context: StepContext = {
    target,
    auth: createAuth(),
    createAuth,
    facts: {},
    remember: (secret) => terminal.addSecrets(secret),
    progress: (text) => progress?.update(`${name}: ${text}`),
  };
  return async (step: Step): Promise<StepOutcome> => {
    progress = terminal.progress(`${name}: ${step.label}`);
    try {
      return await step.run(context);
    } catch (error) {
      return {
        ok: false,
        lines: [`failed: ${describeFailure(error, target)}`],
        summary: ERROR_SUMMARY,
      };
    } finally {
      progress.stop();
      progress = undefined;
    }
  };
}

/**
 * Walks one product through every step, printing its section. A step that
 * throws ends the product's walkthrough; later steps show as not run.
 */
export async function walkThrough(
  target: Target,
  steps: readonly Step[],
  terminal: Terminal,
): Promise<ProductResult> {
  const { style } = terminal;
  const { product } = target;
  terminal.addSecrets(...secretsOf(target.options));
  terminal.line(
    `${style.bold(style.cyan(product.title))}  ${style.dim(`${product.packageName} · ${product.factoryName}() · ${target.baseUrl}`)}`,
  );
  const run = createStepRunner(target, terminal);
  const result: ProductResult = { product: product.name, ok: true, cells: [] };
  let stopped = false;
  for (const step of steps) {
    const skip = stopped
      ? 'not run after the failure above'
      : target.sandbox === undefined
        ? step.sandboxOnly
        : undefined;
    if (skip !== undefined) {
      terminal.line(formatSkipped(step.label, skip, style));
      result.cells.push(stopped ? 'not run' : 'skipped');
      continue;
    }
    const outcome = await run(step);
    for (const line of formatStepLines(step.label, outcome.lines, outcome.ok, style)) {
      terminal.line(line);
    }
    result.cells.push(outcome.ok ? outcome.summary : `✗ ${outcome.summary}`);
    result.ok &&= outcome.ok;
    stopped = outcome.summary === ERROR_SUMMARY;
  }
  terminal.line();
  return result;
}
