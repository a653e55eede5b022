import { SmokeTestConfigurationError } from './errors';
import type { SmokeTarget } from './smoke-test';

/**
 * The environment variable the generator sets on the hook function: a JSON object mapping each
 * CodeDeploy deployment group name to the {@link SmokeTarget} its deployments test.
 */
export const SMOKE_TESTS_ENV = 'PERISCOPE_SMOKE_TESTS';

/** Lambda's longest function timeout, in seconds. */
const MAX_LAMBDA_TIMEOUT_SECONDS = 900;

/** A qualified function ARN whose qualifier is a version or an alias (`…:function:name:7`). */
const QUALIFIED_FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}:[A-Za-z0-9_$-]{1,128}$/;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** What is wrong with one group's entry, in words; none when it is a smoke test. */
function problemsOf(group: string, entry: unknown): string[] {
  if (!isRecord(entry)) return [`group "${group}" maps to ${JSON.stringify(entry)}, not an object { function, version, timeoutSeconds }`];
  const problems: string[] = [];
  if (typeof entry.function !== 'string' || entry.function === '') problems.push(`group "${group}": "function" must be the catalog's function key, got ${JSON.stringify(entry.function)}`);
  if (typeof entry.version !== 'string' || !QUALIFIED_FUNCTION_ARN.test(entry.version)) {
    problems.push(`group "${group}": "version" must be the qualified ARN of the new version (arn:aws:lambda:<region>:<account>:function:<name>:<version>), got ${JSON.stringify(entry.version)}`);
  }
  const timeout = entry.timeoutSeconds;
  if (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout <= 0 || timeout > MAX_LAMBDA_TIMEOUT_SECONDS) {
    problems.push(`group "${group}": "timeoutSeconds" must be the function's timeout, above 0 and at most ${MAX_LAMBDA_TIMEOUT_SECONDS}, got ${JSON.stringify(timeout)}`);
  }
  return problems;
}

/**
 * Reads {@link SMOKE_TESTS_ENV}: deployment group name → the function, new version and timeout its
 * deployments test.
 *
 * @example
 * ```ts
 * const targets = parseSmokeTargets(process.env.PERISCOPE_SMOKE_TESTS);
 * targets.get('periscope-orders-prod-getOrder'); // { function: 'getOrder', version: 'arn:aws:lambda:…:getOrder:7', timeoutSeconds: 6 }
 * ```
 * @throws {@link SmokeTestConfigurationError} naming the variable when it is unset or not JSON, and
 *   every group whose entry is not a smoke test, with the field at fault
 */
export function parseSmokeTargets(raw: string | undefined): ReadonlyMap<string, SmokeTarget> {
  if (raw === undefined || raw.trim() === '') {
    throw new SmokeTestConfigurationError(`${SMOKE_TESTS_ENV} is not set: it maps each CodeDeploy deployment group to the function version the hook tests (the Periscope plugin sets it)`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new SmokeTestConfigurationError(`${SMOKE_TESTS_ENV} is not JSON: ${(error as Error).message}`, { cause: error });
  }
  if (!isRecord(parsed))
    throw new SmokeTestConfigurationError(
      `${SMOKE_TESTS_ENV} must be a JSON object of deployment group → { function, version, timeoutSeconds }, got ${Array.isArray(parsed) ? 'an array' : JSON.stringify(parsed)}`,
    );
  const problems = Object.entries(parsed).flatMap(([group, entry]) => problemsOf(group, entry));
  if (problems.length > 0) throw new SmokeTestConfigurationError(`${SMOKE_TESTS_ENV} is not valid: ${problems.join('; ')}`);
  // Checked above: every entry is a SmokeTarget. Copied field by field so nothing else rides along.
  const entries = Object.entries(parsed as Record<string, SmokeTarget>);
  return new Map(entries.map(([group, { function: name, version, timeoutSeconds }]) => [group, { function: name, version, timeoutSeconds }]));
}

/**
 * {@link parseSmokeTargets} of `env`'s {@link SMOKE_TESTS_ENV}, or the error that says why it cannot
 * be read: the hook reads it once, at cold start, and fails each deployment with that error's words.
 */
export function readSmokeTargets(env: NodeJS.ProcessEnv = process.env): ReadonlyMap<string, SmokeTarget> | SmokeTestConfigurationError {
  try {
    return parseSmokeTargets(env[SMOKE_TESTS_ENV]);
  } catch (error) {
    if (error instanceof SmokeTestConfigurationError) return error;
    throw error;
  }
}
