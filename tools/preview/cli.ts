/**
 * `npm run preview`: the local stack plus a page that draws the generated executive, operations and
 * developer dashboards from what the stack records, refreshing as requests come in.
 *
 * Environment: PREVIEW_PORT (page, default 4000), PORT (API, 3000), DYNAMODB_PORT (4567), SQS_PORT (9324),
 * XRAY_PORT (2000), LAMBDA_PORT (3002), LOG_LEVEL (INFO).
 */
import { exitQuietlyOnClosedPipe, portFromEnv, readyLines, stopOnSignals } from '../stack/cli';
import { startPreview } from './preview';
import { startTraffic, type Traffic } from './traffic';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const HELP = `Usage: npm run preview [-- --traffic] [-- --help]

Runs the sample orders service locally (as npm start does) and serves a preview of its three
CloudWatch dashboards — executive, operations, developer — drawn from what the local stack records:
EMF metrics, API and Lambda metrics from each request's log line, DynamoDB metrics from X-Ray traces,
and the handlers' log lines for the Logs Insights tables. The generated alarms are evaluated on
those metrics as CloudWatch would (once a minute) and the alarm widgets show their states; graphs
carry each alarm's threshold as a line. The page refreshes every 3 seconds.

Options:
  --traffic      also send a steady trickle of requests (orders created, read, listed, some
                 invalid, some not found) so the graphs move; it stops by itself after 3600 requests
  --help, -h     this help

Environment:
  PREVIEW_PORT   preview page port on 127.0.0.1 (default 4000)
  PORT           API port (default 3000)
  DYNAMODB_PORT  dynalite port (default 4567)
  SQS_PORT       SQS server port (default 9324)
  XRAY_PORT      X-Ray collector UDP port (default 2000)
  LAMBDA_PORT    serverless-offline Lambda port (default 3002)
  LOG_LEVEL      handler log level (default INFO)
`;

exitQuietlyOnClosedPipe();
const write = (text: string): void => void process.stdout.write(text);

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    write(HELP);
    return;
  }
  const preview = await startPreview({
    previewPort: portFromEnv('PREVIEW_PORT', 4000),
    httpPort: portFromEnv('PORT', 3000),
    dynamoDbPort: portFromEnv('DYNAMODB_PORT', 4567),
    sqsPort: portFromEnv('SQS_PORT', 9324),
    xrayPort: portFromEnv('XRAY_PORT', 2000),
    lambdaPort: portFromEnv('LAMBDA_PORT', 3002),
    onProgress: (message) => write(`periscope: ${message}...\n`),
    onMetricsError: (error) => process.stderr.write(`periscope: metrics: ${error.message}\n`),
  });
  const page = preview.server.url;
  write(
    [
      ...readyLines(preview.stack),
      `periscope: dashboard preview at ${page}  (tabs: ${page}/#exec  ${page}/#ops  ${page}/#dev)`,
      `  data API  curl -s '${page}/api/data?view=ops&range=900&period=10'`,
      '',
      '',
    ].join('\n'),
  );

  let traffic: Traffic | undefined;
  if (process.argv.includes('--traffic')) {
    const counts = new Map<number, number>();
    traffic = startTraffic({
      apiUrl: preview.stack.apiUrl,
      onResult: (result) => {
        counts.set(result.status, (counts.get(result.status) ?? 0) + 1);
        if (traffic !== undefined && traffic.sent() % 20 === 0) write(`periscope: traffic: ${traffic.sent()} requests (${[...counts].map(([status, n]) => `${status}×${n}`).join(' ')})\n`);
      },
    });
    void traffic.finished.then(() => write(`periscope: traffic: stopped after ${traffic?.sent() ?? 0} requests\n`));
    write('periscope: sending traffic (about 2 requests a second)...\n');
  }
  write('Press Ctrl-C to stop.\n');
  stopOnSignals(async () => {
    await traffic?.stop();
    await preview.close();
  }, write);
}

main().catch((error: unknown) => {
  process.stderr.write(`periscope: could not start the preview: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
