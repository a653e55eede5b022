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
 * Reads a required environment variable.
 * @throws {@link ConfigurationError} naming the variable when it is missing or empty
 */
export function requireEnv(variable: string, purpose: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[variable];
  if (value === undefined || value === '') throw new ConfigurationError(variable, purpose);
  return value;
}
