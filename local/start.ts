/**
 * `npm start`: the orders service on local parts, no AWS account. Prints the handlers' JSON logs
 * and EMF lines as they come, one trace tree per request, and stops cleanly on Ctrl-C.
 *
 * Environment: PORT (API, default 3000), DYNAMODB_PORT (4567), XRAY_PORT (2000), LAMBDA_PORT (3002),
 * LOG_LEVEL (INFO).
 */
import { startLocalStack } from './stack';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
import { renderTraceTree } from './xray';

const HELP = `Usage: npm start [-- --help]

Runs the sample orders service locally: dynalite (DynamoDB), serverless-offline (API Gateway +
Lambda) and an X-Ray collector that prints a trace tree per request. No AWS account needed.

Environment:
  PORT           API port (default 3000)
  DYNAMODB_PORT  dynalite port (default 4567)
  XRAY_PORT      X-Ray collector UDP port (default 2000)
  LAMBDA_PORT    serverless-offline Lambda port (default 3002)
  LOG_LEVEL      handler log level (default INFO; DEBUG also logs each event, redacted)
`;

const portFrom = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    process.stderr.write(`${name}=${raw} is not a port number (1–65535)\n`);
    process.exit(2);
  }
  return port;
};

// `npm start -- --help | head` closes the pipe early; that is the reader's choice, not a crash.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(HELP);
    return;
  }
  const color = process.stdout.isTTY === true;
  const stack = await startLocalStack({
    httpPort: portFrom('PORT', 3000),
    dynamoDbPort: portFrom('DYNAMODB_PORT', 4567),
    xrayPort: portFrom('XRAY_PORT', 2000),
    lambdaPort: portFrom('LAMBDA_PORT', 3002),
    onProgress: (message) => process.stdout.write(`periscope: ${message}...\n`),
    onLine: (line, stream) => (stream === 'stdout' ? process.stdout : process.stderr).write(`${line}\n`),
    onTrace: (trace) => process.stdout.write(`${renderTraceTree(trace, { color })}\n`),
  });

  const url = stack.apiUrl;
  process.stdout.write(
    [
      '',
      `periscope: orders API ready at ${url}`,
      `  DynamoDB  ${stack.dynamoDbEndpoint} (table ${stack.tableName})`,
      `  X-Ray     udp://127.0.0.1:${stack.collector.address.port}`,
      '',
      'Try:',
      `  curl -s -X POST ${url}/orders -H 'content-type: application/json' \\`,
      `    -d '{"customerId":"c-42","currency":"EUR","items":[{"sku":"book-1","quantity":2,"unitPrice":12.5}]}'`,
      `  curl -s '${url}/orders?customerId=c-42'`,
      '',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\nperiscope: ${signal} received, stopping...\n`);
    void stack.close().then(() => {
      process.stdout.write('periscope: stopped.\n');
      process.exit(0);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`periscope: could not start the local stack: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
