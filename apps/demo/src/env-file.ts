import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';

/** A `.env` file that was found and parsed. */
export interface EnvFile {
  path: string;
  values: Record<string, string>;
}

/**
 * Reads the first `.env` among `directories` (later duplicates ignored). Only
 * parsed, never applied to `process.env` and never printed.
 */
export function readEnvFile(directories: readonly string[]): EnvFile | undefined {
  for (const directory of new Set(directories)) {
    const file = path.join(directory, '.env');
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ENOENT') continue;
      throw error;
    }
    return { path: file, values: parseEnv(text) as Record<string, string> };
  }
  return undefined;
}
