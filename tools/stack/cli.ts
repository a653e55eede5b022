import type { LocalStack } from './stack';

/**
 * What the local commands (`npm start`, `npm run preview`) share: reading ports from the environment,
 * surviving a closed pipe, and stopping cleanly on Ctrl-C.
 */

/** The port in environment variable `name`, or `fallback` when unset; exits with status 2 naming the variable when it is not a port. */
export function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    process.stderr.write(`${name}=${raw} is not a port number (1–65535)\n`);
    process.exit(2);
  }
  return port;
}

/** `npm start -- --help | head` closes the pipe early; that is the reader's choice, not a crash. */
export function exitQuietlyOnClosedPipe(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

/**
 * On the first SIGINT or SIGTERM, says so, runs `stop` and exits 0 once it is done; later signals
 * while stopping are ignored.
 */
export function stopOnSignals(stop: () => Promise<void>, write: (line: string) => void): void {
  let stopping = false;
  const onSignal = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    write(`\nperiscope: ${signal} received, stopping...\n`);
    void stop().then(() => {
      write('periscope: stopped.\n');
      process.exit(0);
    });
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
}

/** Where the running stack's parts are, and two requests to try, one line each (a blank line before and after). */
export function readyLines(stack: LocalStack): string[] {
  const url = stack.apiUrl;
  return [
    '',
    `periscope: orders API ready at ${url}`,
    `  DynamoDB  ${stack.dynamoDbEndpoint} (table ${stack.tableName})`,
    `  SQS       ${stack.queues.endpoint} (queue ${stack.queues.queueName} → fulfilOrder, dead letters in ${stack.queues.deadLetterQueueName})`,
    `  X-Ray     udp://127.0.0.1:${stack.collector.address.port}`,
    '',
    'Try:',
    `  curl -s -X POST ${url}/orders -H 'content-type: application/json' \\`,
    `    -d '{"customerId":"c-42","currency":"EUR","items":[{"sku":"book-1","quantity":2,"unitPrice":12.5}]}'`,
    `  curl -s '${url}/orders?customerId=c-42'`,
    '',
  ];
}
