/**
 * `npm start`: the orders service on local parts, no AWS account. Prints the handlers' JSON logs
 * and EMF lines as they come, one trace tree per request, and stops cleanly on Ctrl-C.
 *
 * Environment: PORT (API, default 3000), DYNAMODB_PORT (4567), SQS_PORT (9324), XRAY_PORT (2000),
 * LAMBDA_PORT (3002), LOG_LEVEL (INFO).
 */
import { exitQuietlyOnClosedPipe, portFromEnv, readyLines, stopOnSignals } from './cli';
import { startLocalStack } from './stack';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { renderTraceTree } from '../emulators/xray-daemon';

const HELP = `Usage: npm start [-- --help]

Runs the sample orders service locally: dynalite (DynamoDB), an SQS server (the OrderPlaced queue
that fulfilOrder consumes, with its dead letter queue), serverless-offline (API Gateway + Lambda)
and an X-Ray collector that prints a trace tree per request — one tree for a POST and the
fulfilment it causes. No AWS account needed.

Environment:
  PORT           API port (default 3000)
  DYNAMODB_PORT  dynalite port (default 4567)
  SQS_PORT       SQS server port (default 9324)
  XRAY_PORT      X-Ray collector UDP port (default 2000)
  LAMBDA_PORT    serverless-offline Lambda port (default 3002)
  LOG_LEVEL      handler log level (default INFO; DEBUG also logs each event, redacted)
`;

exitQuietlyOnClosedPipe();

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(HELP);
    return;
  }
  const color = process.stdout.isTTY === true;
  const stack = await startLocalStack({
    httpPort: portFromEnv('PORT', 3000),
    dynamoDbPort: portFromEnv('DYNAMODB_PORT', 4567),
    sqsPort: portFromEnv('SQS_PORT', 9324),
    xrayPort: portFromEnv('XRAY_PORT', 2000),
    lambdaPort: portFromEnv('LAMBDA_PORT', 3002),
    onProgress: (message) => process.stdout.write(`periscope: ${message}...\n`),
    onLine: (line, stream) => (stream === 'stdout' ? process.stdout : process.stderr).write(`${line}\n`),
    onTrace: (trace) => process.stdout.write(`${renderTraceTree(trace, { color })}\n`),
  });

  process.stdout.write([...readyLines(stack), 'Press Ctrl-C to stop.', ''].join('\n'));

  stopOnSignals(
    () => stack.close(),
    (line) => process.stdout.write(line),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`periscope: could not start the local stack: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
