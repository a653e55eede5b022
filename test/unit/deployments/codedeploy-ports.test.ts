import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { codeDeployPorts } from '../../../handlers/deployments/codedeploy-ports';
import { InvokeTimeoutError, PreTrafficHookError } from '../../../handlers/deployments/errors';
import { lambdaVersionInvoker } from '../../../handlers/deployments/version-invoker';

const VERSION = 'arn:aws:lambda:us-east-1:123456789012:function:periscope-orders-prod-getOrder:7';
const CLIENT = { region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } } as const;
const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

/** One request the local AWS received. */
interface Received {
  readonly method: string;
  readonly path: string;
  readonly target: string | undefined;
  /** `X-Amz-Invocation-Type`, for a Lambda invoke. */
  readonly invocationType: string | undefined;
  readonly body: string;
}

/** What the local AWS answers a request with. */
interface Answer {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly body: string;
  /** Hold the answer this long, in milliseconds. */
  readonly delayMs?: number;
}

/**
 * CodeDeploy (AWS JSON 1.1, `X-Amz-Target: CodeDeploy_20141006.<Operation>`) and Lambda's REST
 * invoke (`POST /2015-03-31/functions/<ARN>/invocations`) on 127.0.0.1, answering with `respond`.
 */
class LocalAws {
  public readonly received: Received[] = [];
  public respond: (request: Received) => Answer = () => ({ status: 404, body: '{}' });
  readonly #server: Server;

  private constructor(server: Server) {
    this.#server = server;
  }

  public static async start(): Promise<LocalAws> {
    let aws: LocalAws | undefined;
    const server = createServer((request: IncomingMessage, response: ServerResponse) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const received = {
          method: request.method ?? '',
          path: request.url ?? '',
          target: request.headers['x-amz-target'] as string | undefined,
          invocationType: request.headers['x-amz-invocation-type'] as string | undefined,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        aws?.received.push(received);
        const answer = aws?.respond(received) ?? { status: 500, body: '{}' };
        const send = () => response.writeHead(answer.status ?? 200, { 'Content-Type': 'application/json', ...answer.headers }).end(answer.body);
        if (answer.delayMs === undefined) send();
        else setTimeout(send, answer.delayMs).unref();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    aws = new LocalAws(server);
    return aws;
  }

  public get endpoint(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  public async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

let aws: LocalAws;
beforeAll(async () => {
  aws = await LocalAws.start();
});
afterAll(() => aws.close());
beforeEach(() => {
  aws.received.length = 0;
});

/** Answers CodeDeploy's two operations as CodeDeploy does. */
const codeDeployAnswering =
  (deploymentGroupName: string | undefined) =>
  (request: Received): Answer => {
    if (request.target === 'CodeDeploy_20141006.GetDeployment') {
      return { body: JSON.stringify({ deploymentInfo: { deploymentId: JSON.parse(request.body).deploymentId, applicationName: 'periscope-orders-prod', deploymentGroupName } }) };
    }
    if (request.target === 'CodeDeploy_20141006.PutLifecycleEventHookExecutionStatus')
      return { body: JSON.stringify({ lifecycleEventHookExecutionId: JSON.parse(request.body).lifecycleEventHookExecutionId }) };
    return { status: 400, body: JSON.stringify({ __type: 'UnknownOperationException' }) };
  };

/** Answers a Lambda invoke with `payload` (and `X-Amz-Function-Error` when given), after `delayMs`. */
const lambdaAnswering =
  (payload: unknown, functionError?: string, delayMs?: number) =>
  (request: Received): Answer => {
    if (request.method !== 'POST' || !INVOKE_PATH.test(request.path)) return { status: 404, body: JSON.stringify({ Type: 'User', message: 'not an invoke' }) };
    const headers: Record<string, string> = { 'X-Amz-Executed-Version': '7', ...(functionError ? { 'X-Amz-Function-Error': functionError } : {}) };
    return { headers, body: typeof payload === 'string' ? payload : JSON.stringify(payload), ...(delayMs === undefined ? {} : { delayMs }) };
  };

/** The function an invoke named, decoded from its path. */
const invokedFunction = (request: Received | undefined): string | undefined => {
  const match = request === undefined ? null : INVOKE_PATH.exec(request.path);
  return match?.[1] === undefined ? undefined : decodeURIComponent(match[1]);
};

describe('codeDeployPorts', () => {
  it('finds a deployment’s group with GetDeployment', async () => {
    // Prepare
    aws.respond = codeDeployAnswering('periscope-orders-prod-getOrder');
    const { deployments } = codeDeployPorts(undefined, { ...CLIENT, endpoint: aws.endpoint });

    // Act
    const group = await deployments.deploymentGroupOf('d-ABCDEF123');

    // Assess
    expect(group).toBe('periscope-orders-prod-getOrder');
    expect(aws.received).toEqual([expect.objectContaining({ method: 'POST', target: 'CodeDeploy_20141006.GetDeployment' })]);
    expect(JSON.parse(aws.received[0]!.body)).toEqual({ deploymentId: 'd-ABCDEF123' });
  });

  it('refuses a deployment CodeDeploy names no group for', async () => {
    // Prepare
    aws.respond = codeDeployAnswering(undefined);
    const { deployments } = codeDeployPorts(undefined, { ...CLIENT, endpoint: aws.endpoint });

    // Act
    const lookup = deployments.deploymentGroupOf('d-ABCDEF123');

    // Assess
    await expect(lookup).rejects.toThrow(PreTrafficHookError);
    await expect(lookup).rejects.toThrow("CodeDeploy's GetDeployment names no deployment group for deployment d-ABCDEF123");
  });

  it('reports the hook’s status with PutLifecycleEventHookExecutionStatus', async () => {
    // Prepare
    aws.respond = codeDeployAnswering('periscope-orders-prod-getOrder');
    const { reporter } = codeDeployPorts(undefined, { ...CLIENT, endpoint: aws.endpoint });

    // Act
    await reporter.report('d-ABCDEF123', 'exec-1', 'Failed');

    // Assess
    expect(aws.received.map((request) => request.target)).toEqual(['CodeDeploy_20141006.PutLifecycleEventHookExecutionStatus']);
    expect(JSON.parse(aws.received[0]!.body)).toEqual({ deploymentId: 'd-ABCDEF123', lifecycleEventHookExecutionId: 'exec-1', status: 'Failed' });
  });

  it('fails the report when CodeDeploy refuses it', async () => {
    // Prepare
    aws.respond = () => ({ status: 400, body: JSON.stringify({ __type: 'LifecycleEventAlreadyCompletedException', message: 'already completed' }) });
    const { reporter } = codeDeployPorts(undefined, { ...CLIENT, endpoint: aws.endpoint });

    // Act
    const report = reporter.report('d-ABCDEF123', 'exec-1', 'Succeeded');

    // Assess
    await expect(report).rejects.toMatchObject({ name: 'LifecycleEventAlreadyCompletedException' });
  });

  it('builds one traced client, at the first call', async () => {
    // Prepare
    aws.respond = codeDeployAnswering('periscope-orders-prod-getOrder');
    const traced: unknown[] = [];
    const tracer = {
      captureAWSv3Client: <T>(client: T): T => {
        traced.push(client);
        return client;
      },
    };

    // Act
    const ports = codeDeployPorts(tracer, { ...CLIENT, endpoint: aws.endpoint });
    const before = traced.length;
    await ports.deployments.deploymentGroupOf('d-ABCDEF123');
    await ports.reporter.report('d-ABCDEF123', 'exec-1', 'Succeeded');

    // Assess
    expect(before).toBe(0);
    expect(traced).toHaveLength(1);
  });
});

describe('lambdaVersionInvoker', () => {
  const invoker = () => lambdaVersionInvoker(undefined, { ...CLIENT, endpoint: aws.endpoint });

  it('invokes the version synchronously with the event as JSON and parses its answer', async () => {
    // Prepare
    aws.respond = lambdaAnswering({ statusCode: 404, body: '{"message":"Order not found"}' });
    const event = { httpMethod: 'GET', pathParameters: { orderId: 'no-such-order' } };

    // Act
    const answer = await invoker().invoke(VERSION, event, 5000);

    // Assess
    expect(answer).toEqual({ payload: { statusCode: 404, body: '{"message":"Order not found"}' } });
    expect(invokedFunction(aws.received[0])).toBe(VERSION);
    expect(aws.received[0]?.invocationType).toBe('RequestResponse');
    expect(JSON.parse(aws.received[0]!.body)).toEqual(event);
    expect(aws.received).toHaveLength(1);
  });

  it('answers the function error Lambda reports, with the error payload', async () => {
    // Prepare
    aws.respond = lambdaAnswering({ errorType: 'Error', errorMessage: 'Task timed out after 6.00 seconds' }, 'Unhandled');

    // Act
    const answer = await invoker().invoke(VERSION, {}, 5000);

    // Assess
    expect(answer).toEqual({ functionError: 'Unhandled', payload: { errorType: 'Error', errorMessage: 'Task timed out after 6.00 seconds' } });
  });

  it('answers a payload that is not JSON as its text', async () => {
    // Prepare
    aws.respond = lambdaAnswering('not json');

    // Act
    const answer = await invoker().invoke(VERSION, {}, 5000);

    // Assess
    expect(answer).toEqual({ payload: 'not json' });
  });

  it('aborts an invoke that does not answer in time, with an InvokeTimeoutError', async () => {
    // Prepare
    aws.respond = lambdaAnswering({ statusCode: 200 }, undefined, 5000);
    const started = Date.now();

    // Act
    const invoke = invoker().invoke(VERSION, {}, 100);

    // Assess
    await expect(invoke).rejects.toThrow(InvokeTimeoutError);
    await expect(invoke).rejects.toMatchObject({ versionArn: VERSION, timeoutMs: 100, message: `${VERSION} did not answer within 100 ms` });
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('passes on an error Lambda answers the invoke with', async () => {
    // Prepare
    aws.respond = () => ({ status: 404, headers: { 'X-Amzn-ErrorType': 'ResourceNotFoundException' }, body: JSON.stringify({ Type: 'User', Message: `Function not found: ${VERSION}` }) });

    // Act
    const invoke = invoker().invoke(VERSION, {}, 5000);

    // Assess
    await expect(invoke).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});
