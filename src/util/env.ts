/**
 * Reading settings from environment variables: numbers with a lower bound,
 * yes/no flags and comma-separated lists, each refused with a ConfigError
 * that names the variable.
 */

export class ConfigError extends Error {}

export type NumberOf = (name: string, min: number) => number | undefined;

export function numbers(env: NodeJS.ProcessEnv): NumberOf {
  return (name, min) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min) throw new ConfigError(`${name} must be a number >= ${min}`);
    return n;
  };
}

/** A comma-separated setting. */
export function list(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
}

/** A yes/no setting: 1/on/true/yes or 0/off/false/no (unset: no). */
export function flag(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = (env[name] ?? '').trim().toLowerCase();
  if (['', '0', 'off', 'false', 'no'].includes(raw)) return false;
  if (['1', 'on', 'true', 'yes'].includes(raw)) return true;
  throw new ConfigError(`${name} must be 1 or 0 (on/off)`);
}
