import { Agent, createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type DynamoDbWireError, dynamoDbErrorResponse } from './dynamodb-error-response';
import { checkFault, type DynamoDbFault, type DynamoDbFaultKind, DynamoDbFaultProxyError, faultApplies, operationOf } from './dynamodb-fault';
import { type DynamoDbRequestRecord, type DynamoDbRequestTarget, indexesTouched, requestTargetOf, type TableIndexes } from './dynamodb-request';

export { type DynamoDbFault, DynamoDbFaultProxyError } from './dynamodb-fault';

/** Options for {@link startDynamoDbFaultProxy}. */
export interface DynamoDbFaultProxyOptions {
  /** The DynamoDB to forward to, e.g. the `endpoint` of `startDynalite()`. Loopback only: `http://127.0.0.1:<port>`, `http://localhost:<port>` or `http://[::1]:<port>`. */
  readonly target: string;
  /** Port on 127.0.0.1. @default 0 (a free port; read it from `endpoint`) */
  readonly port?: number;
  /** The fault in force from the start. @default undefined (every request is forwarded) */
  readonly fault?: DynamoDbFault;
  /** Decides `probability`: a request is faulted when `random() < probability`. @default Math.random */
  readonly random?: () => number;
  /**
   * The tables' global secondary indexes as `CreateTable` declares them (`ordersTableDefinition(name)`
   * fits), so that a fault on an index also hits the writes that update it. @default [] (a fault on an
   * index then hits only the reads through it)
   */
  readonly tables?: readonly TableIndexes[];
  /**
   * Called for each request the proxy answers — forwarded (once the target's answer headers arrive),
   * throttled or failed — before the client reads the answer: what CloudWatch would count of it.
   * @default none
   */
  readonly onRequest?: (record: DynamoDbRequestRecord) => void;
}

/** Requests seen for one operation. */
export interface DynamoDbOperationStats {
  /** Requests sent on to the target (a delayed request counts once its delay is over). */
  readonly forwarded: number;
  /** Requests a fault applied to, whatever its kind: the sum of the five counts below. */
  readonly faulted: number;
  /** Answered with a throttling error (what CloudWatch counts as `ThrottledRequests`). */
  readonly throttled: number;
  /** Answered with `InternalServerError` (what CloudWatch counts as `SystemErrors`). */
  readonly serverErrors: number;
  /** Held back before being forwarded (or dropped, when the client gave up first). */
  readonly delayed: number;
  /** Never answered. */
  readonly hung: number;
  /** Connection reset. */
  readonly resets: number;
}

/** What the proxy did so far, by operation (`PutItem`; `Unknown` for a request without `X-Amz-Target`). */
export type DynamoDbFaultProxyStats = Readonly<Record<string, DynamoDbOperationStats>>;

/** A running fault proxy. */
export interface DynamoDbFaultProxy {
  /** `http://127.0.0.1:<port>`: give it to the DynamoDB client as `endpoint`. */
  readonly endpoint: string;
  /**
   * Sets the fault for requests arriving from now on (`undefined` forwards everything again); a request
   * already being delayed or hung keeps the fault it arrived under.
   * @throws {DynamoDbFaultProxyError} for an unknown kind or field, or a value out of range.
   */
  setFault(fault: DynamoDbFault | undefined): void;
  /** A snapshot of the counts. */
  stats(): DynamoDbFaultProxyStats;
  /** Stops listening and destroys every open connection, hung ones included; idempotent. */
  close(): Promise<void>;
}

const FAULT_COUNTER = {
  throttle: 'throttled',
  'server-error': 'serverErrors',
  delay: 'delayed',
  hang: 'hung',
  reset: 'resets',
} as const satisfies Record<DynamoDbFaultKind, keyof DynamoDbOperationStats>;

// Per-connection headers (RFC 9110 §7.6.1): each hop sets its own, and Node frames the body itself.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/**
 * Starts an HTTP proxy on 127.0.0.1 in front of a local DynamoDB (dynalite or DynamoDB Local) that
 * forwards every request unchanged (method, path, headers, body; the response streamed back) unless the
 * fault in force applies. Faults are real on the wire, so the AWS SDK reacts as it does to DynamoDB
 * itself: a throttle becomes a `ProvisionedThroughputExceededException` (or `ThrottlingException`) the
 * retry strategy treats as throttling, a server error an `InternalServerError` it treats as transient,
 * a delay or hang trips the client's timeouts, a reset is a network error. A target that cannot be reached
 * is answered with 502 and `__type` `FaultProxyTargetUnreachable`: the SDK throws a `DynamoDBServiceException`
 * of that name whose message says why (and retries it, as it does any 502). Each request's JSON body is
 * read whole before anything else (DynamoDB requests are small), to know what it touches — its table,
 * the index it reads through, the indexes its write updates — for faults scoped to an index and for
 * `onRequest`, which reports each answered request with its latency.
 *
 * @throws {DynamoDbFaultProxyError} when the target is not a loopback http URL (the proxy never talks to
 * AWS), an option or the fault is invalid, or the port cannot be bound.
 * @example
 * ```ts
 * const dynamo = await startDynalite(0);
 * const proxy = await startDynamoDbFaultProxy({ target: dynamo.endpoint });
 * const client = localDynamoDbClient(proxy.endpoint);
 * proxy.setFault({ kind: 'throttle', operations: ['PutItem'], probability: 0.2 });
 * // … drive traffic; about one PutItem in five is throttled …
 * console.log(proxy.stats().PutItem); // { forwarded: 41, faulted: 9, throttled: 9, serverErrors: 0, … }
 * await proxy.close();
 * ```
 */
export async function startDynamoDbFaultProxy(options: DynamoDbFaultProxyOptions): Promise<DynamoDbFaultProxy> {
  const target = loopbackTarget(options.target);
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new DynamoDbFaultProxyError(`DynamoDB fault proxy port must be an integer from 0 to 65535, got ${JSON.stringify(options.port)}`);
  }
  const random = options.random ?? Math.random;
  let fault = options.fault === undefined ? undefined : checkFault(options.fault);
  const counts = new Map<string, { -readonly [K in keyof DynamoDbOperationStats]: number }>();
  const delays = new Set<NodeJS.Timeout>();
  // Our own pool, so close() can drop the keep-alive connections to the target too.
  const agent = new Agent({ keepAlive: true });

  const count = (operation: string, what: 'forwarded' | DynamoDbFaultKind): void => {
    const entry = counts.get(operation) ?? { forwarded: 0, faulted: 0, throttled: 0, serverErrors: 0, delayed: 0, hung: 0, resets: 0 };
    if (what === 'forwarded') entry.forwarded += 1;
    else {
      entry.faulted += 1;
      entry[FAULT_COUNTER[what]] += 1;
    }
    counts.set(operation, entry);
  };

  const forward = (request: IncomingMessage, response: ServerResponse, body: Buffer, touches: DynamoDbRequestTarget, arrived: number): void => {
    count(touches.operation, 'forwarded');
    const upstream = httpRequest(
      // The client's own header spelling, as a transparent hop would keep it. It matters in-process: the
      // X-Ray SDK's HTTP capture skips a request that carries `X-Amzn-Trace-Id` (an AWS call already
      // traced), and would otherwise trace this forward as a second, remote call of the handler.
      { ...target, method: request.method, path: request.url, headers: Object.fromEntries(pairsOf(rawWithoutHopByHop(request.rawHeaders))), agent },
      (answer) => {
        options.onRequest?.({ ...touches, outcome: 'answered', status: answer.statusCode ?? 502, latencyMs: performance.now() - arrived });
        response.writeHead(answer.statusCode ?? 502, answer.statusMessage, rawWithoutHopByHop(answer.rawHeaders));
        answer.pipe(response);
      },
    );
    upstream.on('error', (error) => {
      if (response.headersSent) {
        response.destroy(error);
        return;
      }
      // JSON in DynamoDB's shape, so the SDK's error carries the reason instead of a JSON SyntaxError.
      const body = JSON.stringify({ __type: 'periscope.local#FaultProxyTargetUnreachable', message: `DynamoDB fault proxy could not reach ${options.target}: ${error.message}` });
      response.writeHead(502, { 'Content-Type': 'application/x-amz-json-1.0', 'Content-Length': String(Buffer.byteLength(body)) }).end(body);
    });
    // A client that gives up (timeout, reset) must not leave the upstream request running.
    response.on('close', () => {
      if (!response.writableFinished) upstream.destroy();
    });
    upstream.end(body);
  };

  const answerWith = (response: ServerResponse, error: DynamoDbWireError, record: Omit<DynamoDbRequestRecord, 'status'>): void => {
    const { statusCode, headers, body } = dynamoDbErrorResponse(error);
    options.onRequest?.({ ...record, status: statusCode });
    response.writeHead(statusCode, headers).end(body);
  };

  /** With the whole body read (DynamoDB requests are small JSON): what it touches decides whether the fault applies. */
  const route = (request: IncomingMessage, response: ServerResponse, body: Buffer, arrived: number): void => {
    const touches = requestTargetOf(operationOf(request.headers['x-amz-target']), body, options.tables ?? []);
    const touched = indexesTouched(touches);
    const applied = fault !== undefined && faultApplies(fault, { operation: touches.operation, indexes: touched }, random) ? fault : undefined;
    if (applied === undefined) {
      forward(request, response, body, touches, arrived);
      return;
    }
    count(touches.operation, applied.kind);
    const elapsed = () => performance.now() - arrived;
    switch (applied.kind) {
      case 'throttle': {
        // The resource out of capacity: the faulted index the request touches, else the index it reads through, else the table.
        const throttledIndex = touched.find((index) => applied.indexes?.includes(index)) ?? touches.indexName;
        answerWith(response, applied.exception ?? 'ProvisionedThroughputExceededException', {
          ...touches,
          outcome: 'throttled',
          latencyMs: elapsed(),
          ...(throttledIndex === undefined ? {} : { throttledIndex }),
        });
        return;
      }
      case 'server-error':
        answerWith(response, 'InternalServerError', { ...touches, outcome: 'server-error', latencyMs: elapsed() });
        return;
      case 'delay': {
        const timer = setTimeout(() => {
          delays.delete(timer);
          forward(request, response, body, touches, arrived);
        }, applied.ms);
        delays.add(timer);
        response.on('close', () => {
          clearTimeout(timer);
          delays.delete(timer);
        });
        return;
      }
      case 'hang':
        return;
      case 'reset':
        request.socket.resetAndDestroy();
        return;
    }
  };

  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    const arrived = performance.now();
    // Read the body first, as DynamoDB does, so the keep-alive connection stays usable for the next request.
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.once('end', () => route(request, response, Buffer.concat(chunks), arrived));
  };

  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const why = error.code === 'EADDRINUSE' ? `port ${port} is already in use` : error.message;
      reject(new DynamoDbFaultProxyError(`DynamoDB fault proxy cannot listen on 127.0.0.1:${port}: ${why}`, { cause: error }));
    });
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;

  let closed: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${bound}`,
    setFault(next) {
      fault = next === undefined ? undefined : checkFault(next);
    },
    stats: () => Object.fromEntries([...counts].map(([operation, entry]) => [operation, { ...entry }])),
    close() {
      closed ??= new Promise<void>((resolve) => {
        for (const timer of delays) clearTimeout(timer);
        delays.clear();
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      });
      return closed;
    },
  };
}

/** Where to forward, as `http.request` options; refuses anything but plain http on loopback. */
function loopbackTarget(target: string): { readonly host: string; readonly port: number } {
  let url: URL;
  try {
    url = new URL(target);
  } catch (error) {
    throw new DynamoDbFaultProxyError(`DynamoDB fault proxy target ${JSON.stringify(target)} is not a URL; expected http://127.0.0.1:<port>`, { cause: error });
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const loopback = host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
  if (url.protocol !== 'http:' || !loopback) {
    throw new DynamoDbFaultProxyError(
      `DynamoDB fault proxy refuses target ${JSON.stringify(target)}: it must be http:// on a loopback address (127.0.0.1, localhost or [::1]); faults are for local DynamoDB, never a real AWS endpoint`,
    );
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.username !== '') {
    throw new DynamoDbFaultProxyError(`DynamoDB fault proxy target ${JSON.stringify(target)} must be an origin only (http://127.0.0.1:<port>), without path, query or credentials`);
  }
  return { host, port: url.port === '' ? 80 : Number(url.port) };
}

/** `[name, value]` pairs of a raw header list (name, value, name, value…). */
function pairsOf(raw: readonly string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i] as string, raw[i + 1] as string]);
  return pairs;
}

/** Raw headers keep their sender's spelling (`x-amzn-RequestId`) and order; they come as name, value, name, value… */
function rawWithoutHopByHop(raw: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    if (!HOP_BY_HOP.has(name.toLowerCase())) kept.push(name, raw[i + 1] as string);
  }
  return kept;
}
