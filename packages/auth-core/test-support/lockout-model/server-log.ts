/** One token request as the server saw it, in the order of events. */
export interface Exchange {
  process: number;
  /** The step at which the store went down, when it was down as the request was sent. */
  downSince: number | undefined;
  sent: number;
  answered?: number;
  outcome?: 'token' | 'refused' | 'other';
}

export interface Violation {
  what: string;
  step: number;
}

/**
 * The refusals answered before `at` since the last success: refusals answered
 * after that success's request was sent (one that overlapped it may have
 * reached EnKash after it, so it counts).
 */
export function refusalsSinceLastSuccess(exchanges: readonly Exchange[], at: number): number {
  const answered = exchanges.filter((exchange) => (exchange.answered ?? at) < at);
  const success = answered.filter((exchange) => exchange.outcome === 'token').at(-1);
  return answered.filter(
    (exchange) =>
      exchange.outcome === 'refused' &&
      (success === undefined || (exchange.answered as number) > success.sent),
  ).length;
}

/** With `'proceed'`: per process and outage, at most one refused request, and none sent after it. */
export function outageViolations(exchanges: readonly Exchange[]): Violation[] {
  const violations: Violation[] = [];
  const groups = new Map<string, Exchange[]>();
  for (const exchange of exchanges) {
    if (exchange.downSince === undefined) continue;
    const key = `${exchange.process}@${exchange.downSince}`;
    groups.set(key, [...(groups.get(key) ?? []), exchange]);
  }
  for (const [key, group] of groups) {
    const refused = group.filter((exchange) => exchange.outcome === 'refused');
    const first = refused[0];
    const after =
      first === undefined
        ? []
        : group.filter((exchange) => exchange.sent > (first.answered as number));
    if (refused.length > 1 || after.length > 0) {
      violations.push({
        what: `process ${key}: ${refused.length} refused and ${after.length} sent after a refusal during one outage`,
        step: -1,
      });
    }
  }
  return violations;
}
