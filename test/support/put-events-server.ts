import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One PutEvents entry as the client sent it (EventBridge's JSON field names). */
export interface SentEntry {
  readonly Source?: string;
  readonly DetailType?: string;
  readonly Detail?: string;
  readonly EventBusName?: string;
}

/** One request the server took. */
export interface PutEventsRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: { readonly Entries?: readonly SentEntry[] };
}

/** What the server answers the next requests: a status and a JSON body. */
export interface PutEventsAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** EventBridge's answer when it took every entry. */
export const acceptedAll = (entries: number): PutEventsAnswer => ({
  status: 200,
  body: { FailedEntryCount: 0, Entries: Array.from({ length: entries }, (_, i) => ({ EventId: `11111111-2222-3333-4444-${String(i).padStart(12, '0')}` })) },
});

/** A local stand-in for EventBridge's PutEvents, as the AWS SDK reaches it. */
export interface PutEventsServer {
  /** `http://127.0.0.1:<port>`, the endpoint to give the client. */
  readonly endpoint: string;
  /** Every request, in order. */
  readonly requests: PutEventsRequest[];
  /** The answer to the following requests; without one, every entry is accepted. */
  answerWith(answer: PutEventsAnswer | undefined): void;
  close(): Promise<void>;
}

/**
 * Starts a loopback HTTP server that speaks EventBridge's `AWSEvents.PutEvents` over the AWS JSON 1.1
 * protocol: it records each request and answers as EventBridge does (by default, every entry taken).
 * A request for any other operation gets EventBridge's `UnknownOperationException`.
 */
export async function startPutEventsServer(): Promise<PutEventsServer> {
  const requests: PutEventsRequest[] = [];
  let answer: PutEventsAnswer | undefined;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const body = (text === '' ? {} : JSON.parse(text)) as PutEventsRequest['body'];
      requests.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers, body });
      const reply =
        request.headers['x-amz-target'] !== 'AWSEvents.PutEvents'
          ? { status: 400, body: { __type: 'UnknownOperationException', message: `unknown operation ${String(request.headers['x-amz-target'])}` } }
          : (answer ?? acceptedAll(body.Entries?.length ?? 0));
      const json = JSON.stringify(reply.body);
      response.writeHead(reply.status, { 'content-type': 'application/x-amz-json-1.1', 'content-length': Buffer.byteLength(json), 'x-amzn-requestid': `request-${requests.length}` });
      response.end(json);
    });
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    answerWith: (next) => {
      answer = next;
    },
    close: () =>
      new Promise<void>((closed, failed) => {
        server.close((error) => (error ? failed(error) : closed()));
        // The SDK keeps its connections alive: end them, or close waits for them.
        server.closeAllConnections();
      }),
  };
}

/** An endpoint nothing listens on: a server's port, taken and let go. */
export async function refusedEndpoint(): Promise<string> {
  const server = await startPutEventsServer();
  await server.close();
  return server.endpoint;
}
