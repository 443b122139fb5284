/** One setting that is missing or unusable; `reason` never quotes the value. */
export interface SettingProblem {
  name: string;
  reason: string;
}

/** Thrown when real-mode settings are incomplete or invalid; the demo exits with code 2. */
export class SettingsError extends Error {
  override readonly name = 'SettingsError';
  readonly problems: readonly SettingProblem[];

  constructor(problems: readonly SettingProblem[]) {
    const names = problems.map((problem) => problem.name).join(', ');
    const lines = problems.map((problem) => `  ${problem.name}: ${problem.reason}`);
    super(`Real mode needs valid settings; fix ${names}:\n${lines.join('\n')}`);
    this.problems = problems;
  }
}
