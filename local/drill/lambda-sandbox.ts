/**
 * What the Lambda Node.js runtime sets that the X-Ray SDK and Powertools read when they are first
 * loaded: set it before anything imports them, so the drill's handlers trace as in Lambda.
 */
export const LAMBDA_SANDBOX_ENV: Readonly<Record<string, string>> = {
  LAMBDA_TASK_ROOT: process.cwd(),
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
  AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
};
