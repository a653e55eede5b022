/**
 * `npm run invoke -- -f <function> -p <event.json>`: `serverless invoke local` against the DynamoDB
 * `npm start` serves, with the environment Lambda would give the function set from outside: the
 * region, placeholder credentials and `AWS_ENDPOINT_URL_DYNAMODB` (which the AWS SDK reads), so the
 * handler never reaches a real AWS endpoint.
 */
import { spawnSync } from 'node:child_process';
import { LOCAL_LAMBDA_ENV, localDynamoDbEnv } from '../emulators/lambda-sandbox/lambda-context';
import { portFromEnv } from './cli';
import { PROJECT_ROOT } from './stack';

const HELP = `Usage: npm run invoke -- -f <function> -p <event.json> [other serverless invoke local options]

Runs one function of the sample locally (serverless invoke local) against the DynamoDB that
\`npm start\` serves on 127.0.0.1:$DYNAMODB_PORT (default 4567), with placeholder credentials.
Example: npm run invoke -- -f createOrder -p events/create-order.json
`;

function main(argv: readonly string[]): number {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(HELP);
    return argv.length === 0 ? 2 : 0;
  }
  const endpoint = `http://127.0.0.1:${portFromEnv('DYNAMODB_PORT', 4567)}`;
  const cli = require.resolve('serverless/bin/serverless.js', { paths: [PROJECT_ROOT] });
  const run = spawnSync(process.execPath, [cli, 'invoke', 'local', ...argv], {
    cwd: PROJECT_ROOT,
    stdio: 'inherit',
    env: { ...process.env, ...LOCAL_LAMBDA_ENV, ...localDynamoDbEnv(endpoint) },
  });
  return run.status ?? 1;
}

process.exitCode = main(process.argv.slice(2));
