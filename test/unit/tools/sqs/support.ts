import { createHash } from 'node:crypto';
import { SQSClient } from '@aws-sdk/client-sqs';
import { type SqsServer, type SqsServerOptions, startSqsServer } from '../../../../tools/emulators/sqs';

/** An SQS client for a local endpoint, as the sample's functions build one. */
export const sqsClient = (endpoint: string): SQSClient => new SQSClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

/** A clock a test moves by hand, starting at a fixed instant. */
export class ManualClock {
  public now = Date.parse('2026-12-01T10:00:00.000Z');
  public readonly read = (): number => this.now;
  public advance(seconds: number): void {
    this.now += seconds * 1000;
  }
}

/** The rejection of a promise that must reject; fails the test when it resolves. */
export const rejectionOf = (promise: Promise<unknown>): Promise<any> =>
  promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );

/**
 * `MD5OfMessageAttributes` computed here from SQS's documentation (names sorted; each name, data
 * type and value as a 4-byte length and its bytes; a transport byte 1 or 2 before the value), so a
 * server's digest is checked against something it did not compute.
 */
export function documentedAttributesMd5(attributes: Record<string, { DataType: string; StringValue?: string; BinaryValue?: Uint8Array }>): string {
  const hash = createHash('md5');
  const field = (bytes: Buffer): void => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    hash.update(length).update(bytes);
  };
  for (const name of Object.keys(attributes).sort()) {
    const value = attributes[name]!;
    field(Buffer.from(name));
    field(Buffer.from(value.DataType));
    hash.update(Buffer.from([value.StringValue === undefined ? 2 : 1]));
    field(value.StringValue === undefined ? Buffer.from(value.BinaryValue ?? new Uint8Array()) : Buffer.from(value.StringValue));
  }
  return hash.digest('hex');
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The local SQS server of a `describe`, and a client of it. */
export interface LocalSqs {
  readonly server: SqsServer;
  readonly client: SQSClient;
}

/**
 * Starts a local SQS server (on `options.now`'s clock, when given) and a client of it before the
 * calling `describe`'s tests, and closes both after them. Read `server` and `client` inside the tests.
 * @example
 * ```ts
 * const sqs = localSqsForSuite({ now: clock.read });
 * it('sends', async () => { await sqs.client.send(new CreateQueueCommand({ QueueName: 'q' })); });
 * ```
 */
export function localSqsForSuite(options: SqsServerOptions = {}): LocalSqs {
  let started: LocalSqs | undefined;
  beforeAll(async () => {
    const server = await startSqsServer(options);
    started = { server, client: sqsClient(server.endpoint) };
  });
  afterAll(async () => {
    started?.client.destroy();
    await started?.server.close();
  });
  const running = (): LocalSqs => {
    if (started === undefined) throw new Error('localSqsForSuite: the server is read outside its describe’s tests');
    return started;
  };
  return {
    get server() {
      return running().server;
    },
    get client() {
      return running().client;
    },
  };
}
