/**
 * One cold start sample, run as `node cold-start-child.js <handler.js> <export> <event.json>` in a
 * fresh process with a Lambda sandbox's environment: loads the handler bundle as the Lambda Node
 * runtime does (`require`), serves one invocation and prints the times on one result line.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { lambdaContext } from '../../emulators/lambda-sandbox/lambda-context';
import { type ColdStartSample, writeResult, xraySdkLoaded } from './child-protocol';

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

async function main([handlerFile, exportName, eventFile]: readonly (string | undefined)[]): Promise<void> {
  if (handlerFile === undefined || exportName === undefined || eventFile === undefined) {
    throw new Error(`usage: cold-start-child <handler.js> <export> <event.json>; got ${JSON.stringify(process.argv.slice(2))}`);
  }
  const event = JSON.parse(readFileSync(eventFile, 'utf8')) as APIGatewayProxyEvent;
  const context = lambdaContext({ functionName: process.env['AWS_LAMBDA_FUNCTION_NAME'] ?? 'bench', requestId: crypto.randomUUID() });

  const loadStarted = performance.now();
  // Loading the bundle (module code and init) is what the load time measures.
  const handler = (require(handlerFile) as Record<string, unknown>)[exportName];
  const loaded = performance.now();
  if (typeof handler !== 'function') throw new Error(`${handlerFile} exports no function '${exportName}'`);

  const response = await (handler as Handler)(event, context);
  const answered = performance.now();
  if (response.statusCode !== 201) throw new Error(`${handlerFile} answered ${response.statusCode}, not 201: ${response.body}`);

  const sample: ColdStartSample = { totalMs: answered, loadMs: loaded - loadStarted, firstInvokeMs: answered - loaded, statusCode: response.statusCode, xraySdkLoaded: xraySdkLoaded() };
  writeResult(sample);
  // Let the X-Ray datagrams leave; the DynamoDB client's keep-alive socket must not keep the process.
  setTimeout(() => process.exit(0), 50);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
