/**
 * Everything Periscope reads from the process environment, in one place: what Lambda sets for a
 * function, and Periscope's and Powertools' own settings. Each reader takes the environment as an
 * argument (default `process.env`), so a test or a local stand-in passes its own. Nothing here is
 * set from code: where Lambda would set a variable (the trace header, an endpoint), a local run
 * sets it from outside, as Lambda does.
 * @packageDocumentation
 */

/** `AWS_EXECUTION_ENV` of the Amplify CLI's function mock, which is not a Lambda sandbox. */
const AMPLIFY_MOCK = 'AWS_Lambda_amplify-mock';

/**
 * Whether this process is a Lambda execution environment, by Powertools Tracer's rule: Lambda
 * sets `AWS_EXECUTION_ENV` (`AWS_Lambda_nodejs22.x`); SAM local (`AWS_SAM_LOCAL`) and the Amplify
 * mock set it too but are not Lambda. The one answer every part of Periscope uses.
 *
 * @example
 * ```ts
 * inLambdaSandbox({ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x' }); // true
 * inLambdaSandbox({}); // false: a test, a build, `serverless invoke local`
 * ```
 */
export function inLambdaSandbox(env: NodeJS.ProcessEnv = process.env): boolean {
  const executionEnv = env.AWS_EXECUTION_ENV ?? '';
  return executionEnv !== '' && executionEnv !== AMPLIFY_MOCK && !env.AWS_SAM_LOCAL;
}

/**
 * Whether X-Ray tracing is on: in a Lambda sandbox (see {@link inLambdaSandbox}) unless
 * `POWERTOOLS_TRACE_ENABLED` is `false`, as for Powertools Tracer.
 */
export function tracingEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return inLambdaSandbox(env) && env.POWERTOOLS_TRACE_ENABLED?.trim().toLowerCase() !== 'false';
}

/** `PERISCOPE_TRACING`, trimmed: the tracing mode an operator chose for the function (`powertools` or `lean`), if any. */
export function tracingModeSetting(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env.PERISCOPE_TRACING?.trim();
  return value ? value : undefined;
}

/**
 * Whether Powertools Tracer's HTTP capture is explicitly asked for (`POWERTOOLS_TRACER_CAPTURE_HTTPS_REQUESTS=true`).
 * Unset means Powertools' default (on), which lean tracing does not claim to honour.
 */
export function httpCaptureRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.POWERTOOLS_TRACER_CAPTURE_HTTPS_REQUESTS?.trim().toLowerCase() === 'true';
}

/**
 * Whether `defineService` checks a catalog as it is loaded: everywhere but a Lambda sandbox (the
 * packaged catalog already passed the check at `serverless package`, and checking again costs a
 * cold start 2–3 ms), unless `PERISCOPE_VALIDATE_CATALOG=true` asks for it there too.
 */
export function catalogCheckedAtLoad(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.PERISCOPE_VALIDATE_CATALOG?.trim().toLowerCase() === 'true' || !inLambdaSandbox(env);
}

/**
 * Whether this environment's first invocation is a cold start: only when Lambda initialised it on
 * demand (`AWS_LAMBDA_INITIALIZATION_TYPE=on-demand`); provisioned and SnapStart environments were
 * initialised ahead of any request. Powertools counts `ColdStart` by the same rule.
 */
export function initializedOnDemand(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.AWS_LAMBDA_INITIALIZATION_TYPE?.trim() === 'on-demand';
}

/**
 * Whether log timestamps are UTC (`toISOString()`), by Powertools Logger's rule: `TZ` unset, empty or
 * naming UTC (Lambda sets `:UTC`). Read once: Lambda never changes a function's time zone while it runs.
 */
export function utcTimestamps(env: NodeJS.ProcessEnv = process.env): boolean {
  const timezone = env.TZ ?? '';
  return timezone === '' || timezone.includes('UTC');
}

/** The service name logs, metrics and traces carry: `POWERTOOLS_SERVICE_NAME` when set, else the catalog's. */
export function serviceNameFrom(catalogService: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.POWERTOOLS_SERVICE_NAME || catalogService;
}

/** The function's handler setting (`_HANDLER`, e.g. `handlers/orders/handler.createOrder`), or `handler` outside Lambda. */
export function handlerSetting(env: NodeJS.ProcessEnv = process.env): string {
  return env._HANDLER || 'handler';
}

/** The current invocation's X-Ray trace header (`_X_AMZN_TRACE_ID`), which Lambda sets before each invocation. */
export function traceHeaderOf(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env._X_AMZN_TRACE_ID;
}

/** Where the X-Ray daemon listens (`AWS_XRAY_DAEMON_ADDRESS`, `host:port`), if Lambda says. */
export function xrayDaemonAddressOf(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.AWS_XRAY_DAEMON_ADDRESS;
}

/** How long a DynamoDB call may take before it is abandoned as a timeout (a 503), unless `DYNAMODB_REQUEST_TIMEOUT_MS` says otherwise. */
export const DEFAULT_DYNAMODB_REQUEST_TIMEOUT_MS = 2000;

/** Thrown when `DYNAMODB_REQUEST_TIMEOUT_MS` is not a positive whole number; the message quotes it. */
export class DynamoDbTimeoutSettingError extends Error {
  public constructor(value: string, options?: ErrorOptions) {
    super(`DYNAMODB_REQUEST_TIMEOUT_MS must be a positive whole number of milliseconds, got ${JSON.stringify(value)}`, options);
    this.name = 'DynamoDbTimeoutSettingError';
  }
}

/**
 * `DYNAMODB_REQUEST_TIMEOUT_MS`, or {@link DEFAULT_DYNAMODB_REQUEST_TIMEOUT_MS} when unset.
 * @throws {@link DynamoDbTimeoutSettingError} when it is not a positive whole number
 */
export function dynamoDbRequestTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const value = env.DYNAMODB_REQUEST_TIMEOUT_MS;
  if (value === undefined || value === '') return DEFAULT_DYNAMODB_REQUEST_TIMEOUT_MS;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms <= 0) throw new DynamoDbTimeoutSettingError(value);
  return ms;
}

/** A setting the function needs is missing from its environment: a deployment mistake. */
export class ConfigurationError extends Error {
  /** The environment variable that is missing. */
  public readonly variable: string;

  public constructor(variable: string, purpose: string, options?: ErrorOptions) {
    super(`Environment variable ${variable} is not set; it names ${purpose}. Set it in serverless.yml (provider.environment).`, options);
    this.name = 'ConfigurationError';
    this.variable = variable;
  }
}

/**
 * Reads a setting the function cannot run without.
 * @throws {@link ConfigurationError} naming the variable when it is missing or empty
 * @example
 * ```ts
 * const tableName = requireEnv('ORDERS_TABLE_NAME', 'the orders DynamoDB table');
 * ```
 */
export function requireEnv(variable: string, purpose: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[variable];
  if (value === undefined || value === '') throw new ConfigurationError(variable, purpose);
  return value;
}
