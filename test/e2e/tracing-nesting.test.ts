import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { type CompletedTrace, startXRayCollector, type TraceNode, type XRayCollector } from '../../tools/emulators/xray-daemon';
import { apiEvent } from '../support/lambda';
import { type LambdaProcess, startLambdaProcess } from '../support/lambda-process';

/** A stand-in for another team's service: a price and a stock level, and the trace header each request came with. */
function startStockService(seen: { path: string; headers: IncomingHttpHeaders }[]): Promise<Server> {
  const server = createServer((request, response) => {
    seen.push({ path: request.url ?? '', headers: request.headers });
    const body = request.url?.startsWith('/prices/') ? { unitPrice: 12.5 } : { available: 3 };
    response.writeHead(request.url === '/secret/fail' ? 503 : 200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const child = (node: TraceNode | undefined, name: string, index = 0): TraceNode | undefined => node?.children.filter((c) => c.document.name === name)[index];

/**
 * Issue 15: in the default tracing mode, what a team traces itself — its Powertools Tracer's
 * `captureMethod()` and the `fetch` calls Powertools captures — nests under Periscope's handler
 * subsegment, as it would under Powertools' own `captureLambdaHandler`; once per call, whether the
 * team uses `telemetry.powertoolsTracer` or a Tracer of its own handed to `createTelemetry`. Each case is a fresh execution
 * environment (its own process, so its first invocation is a cold start).
 */
describe('a handler with a Powertools Tracer method and fetch calls, in the default tracing mode', () => {
  const seen: { path: string; headers: IncomingHttpHeaders }[] = [];
  let collector: XRayCollector;
  let stockService: Server;
  let fn: LambdaProcess | undefined;

  beforeAll(async () => {
    collector = await startXRayCollector({ port: 0, quietMs: 300 });
    stockService = await startStockService(seen);
  });
  afterEach(async () => {
    await fn?.stop();
    seen.length = 0;
  });
  afterAll(async () => {
    await collector?.close();
    await new Promise((resolve) => stockService?.close(resolve));
  });

  it.each([
    ['telemetry.powertoolsTracer', 'periscope'],
    ['a Tracer of its own, handed to createTelemetry', 'own'],
  ])('nests the captureMethod subsegment and each fetch under ## handler, once, when the team uses %s', async (_case, teamTracer) => {
    // Prepare
    fn = await startLambdaProcess({
      module: 'test/support/user-traced-handler',
      functionName: 'periscope-orders-test-quote',
      xrayDaemonAddress: `127.0.0.1:${collector.address.port}`,
      env: { STOCK_SERVICE_URL: `http://127.0.0.1:${(stockService.address() as AddressInfo).port}`, TEAM_TRACER: teamTracer },
    });

    // Act
    const { result, traceId } = await fn.invoke<APIGatewayProxyResult>('handler', apiEvent({ method: 'GET', resource: '/quote', path: '/quote' }));
    const trace: CompletedTrace = await collector.waitForTrace((t) => t.traceId === traceId, 20_000);

    // Assess: the answer, then the trace tree
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ sku: 'book-1', total: 25, inStock: true });
    expect(trace.roots.map((root) => root.document.name)).toEqual(['## test/support/user-traced-handler.handler']);
    const handler = trace.roots[0];
    expect(handler?.document).toMatchObject({ annotations: { ColdStart: true, Service: 'orders', Route: 'GET /quote', Outcome: 'success' } });
    // … the fetch inside the team's method under that method, the handler's own fetch under the handler, each once
    expect(handler?.children.map((node) => node.document.name)).toEqual(['### quote', '127.0.0.1']);
    expect(child(handler, '### quote')?.children.map((node) => node.document.name)).toEqual(['127.0.0.1']);
    const priceCall = child(child(handler, '### quote'), '127.0.0.1');
    const stockCall = child(handler, '127.0.0.1');
    expect(priceCall?.document).toMatchObject({ namespace: 'remote', http: { request: { method: 'GET', url: expect.stringMatching(/\/prices\/book-1$/) }, response: { status: 200 } } });
    expect(stockCall?.document).toMatchObject({ namespace: 'remote', http: { request: { method: 'GET', url: expect.stringMatching(/\/stock\/book-1$/) }, response: { status: 200 } } });
    expect([priceCall, stockCall].map((call) => [call?.document.error, call?.document.fault])).toEqual([
      [undefined, undefined],
      [undefined, undefined],
    ]);
    // … and the stock service was told which subsegment called it, so its own trace joins this one
    expect(seen.map(({ path, headers }) => [path, headers['x-amzn-trace-id']])).toEqual([
      ['/prices/book-1', `Root=${traceId};Parent=${priceCall?.id};Sampled=1`],
      ['/stock/book-1', `Root=${traceId};Parent=${stockCall?.id};Sampled=1`],
    ]);
  });

  it.each([
    ['the default mode', {}],
    ['lean mode', { PERISCOPE_TRACING: 'lean' }],
  ])('traces a call made through tracer.traceHttpCall under ## handler with the origin only, in %s', async (_mode, modeEnv) => {
    // Prepare
    const origin = `http://127.0.0.1:${(stockService.address() as AddressInfo).port}`;
    fn = await startLambdaProcess({
      module: 'test/support/http-traced-handler',
      functionName: 'periscope-orders-test-secret',
      xrayDaemonAddress: `127.0.0.1:${collector.address.port}`,
      env: { STOCK_SERVICE_URL: origin, ...modeEnv },
    });

    // Act
    const { result, traceId } = await fn.invoke<APIGatewayProxyResult>('handler', apiEvent({ method: 'GET', resource: '/relay', path: '/relay' }));
    const trace: CompletedTrace = await collector.waitForTrace((t) => t.traceId === traceId, 20_000);

    // Assess: both calls under the handler, named after the host, with the origin and never the path
    expect(JSON.parse(result.body)).toEqual({ statuses: [200, 503] });
    const handler = trace.roots[0];
    const host = new URL(origin).host;
    expect(handler?.children.map((node) => node.document.name)).toEqual([host, host]);
    const [ok, failing] = handler?.children.map((node) => node.document) ?? [];
    expect(ok).toMatchObject({ namespace: 'remote', http: { request: { method: 'GET', url: origin }, response: { status: 200 } } });
    expect([ok?.error, ok?.fault]).toEqual([undefined, undefined]);
    expect(failing).toMatchObject({ namespace: 'remote', http: { request: { method: 'GET', url: origin }, response: { status: 503 } }, fault: true });
    expect(JSON.stringify(trace.roots.map((root) => root.document))).not.toContain('/secret');
    expect(seen.map(({ path }) => path)).toEqual(['/secret/T000/B000/XXXX', '/secret/fail']);
  });
});
