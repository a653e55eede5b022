import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the fake answers one request. */
export type FakeSlackResponse =
  | { readonly status: number; readonly body: string; readonly headers?: Readonly<Record<string, string>> }
  /** Keeps the connection open and never answers: the client's timeout is what ends it. */
  | { readonly hang: true };

/** The answers Slack's incoming webhooks give, ready to script. */
export const SlackResponses = {
  ok: { status: 200, body: 'ok' },
  invalidPayload: { status: 400, body: 'invalid_payload' },
  channelNotFound: { status: 404, body: 'channel_not_found' },
  channelIsArchived: { status: 410, body: 'channel_is_archived' },
  serverError: { status: 500, body: 'rollup_error' },
  hang: { hang: true },
  /** 429 with `Retry-After` in seconds. */
  rateLimited: (retryAfterSeconds = 1): FakeSlackResponse => ({ status: 429, body: 'rate_limited', headers: { 'retry-after': String(retryAfterSeconds) } }),
} as const satisfies Record<string, FakeSlackResponse | ((...args: never[]) => FakeSlackResponse)>;

/** One request the fake received. */
export interface FakeSlackRequest {
  /** The body parsed as JSON; `undefined` when it was not JSON. */
  readonly payload: unknown;
  readonly path: string;
  /** Epoch milliseconds. */
  readonly receivedAt: number;
  /** The status it answered with, or `hang`. */
  readonly answer: number | 'hang';
}

/** A running fake Slack. */
export interface FakeSlack {
  /** The webhook URL to post to: `http://127.0.0.1:<port>/services/T…/B…/<secret>`. */
  readonly url: string;
  /** Every payload received, in order, parsed (answered or not). */
  received(): unknown[];
  /** Every request with how it was answered. */
  requests(): FakeSlackRequest[];
  /** Answers for the next requests, in order; after them the default answers. */
  script(...responses: FakeSlackResponse[]): void;
  /** The answer once the script is used up. @default {@link SlackResponses}.ok */
  setDefault(response: FakeSlackResponse): void;
  /**
   * Resolves with the first `count` payloads once that many arrived (including earlier ones).
   * @throws {@link FakeSlackError} after `timeoutMs`
   */
  waitForMessages(count: number, timeoutMs?: number): Promise<unknown[]>;
  /** Stops listening and drops open connections, hung ones included. */
  close(): Promise<void>;
}

/** Options for {@link startFakeSlack}. */
export interface FakeSlackOptions {
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** @default 0 (a free port) */
  readonly port?: number;
}

/** Raised by the fake itself (a wait that timed out). */
export class FakeSlackError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'FakeSlackError';
  }
}

// What Slack checks before posting: a message it would refuse must fail here too.
function payloadProblem(payload: unknown): string | undefined {
  if (typeof payload !== 'object' || payload === null) return 'invalid_payload';
  const message = payload as { text?: unknown; blocks?: unknown[]; attachments?: { blocks?: unknown[] }[] };
  const blockLists = [message.blocks ?? [], ...(message.attachments ?? []).map((a) => a.blocks ?? [])];
  if (typeof message.text !== 'string' && blockLists.every((blocks) => blocks.length === 0)) return 'no_text';
  const tooLong = (block: { type?: string; text?: { text?: string } }): boolean =>
    (block.type === 'header' && (block.text?.text?.length ?? 0) > 150) || (block.type === 'section' && (block.text?.text?.length ?? 0) > 3000);
  return blockLists.some((blocks) => blocks.length > 50 || (blocks as { type?: string; text?: { text?: string } }[]).some(tooLong)) ? 'invalid_blocks' : undefined;
}

const readBody = (request: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });

const parse = (body: string): unknown => {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
};

/**
 * Starts a local stand-in for a Slack incoming webhook: a real HTTP server on loopback that answers
 * `200 ok` like Slack, or what was scripted (429 with `Retry-After`, 500, 400 `invalid_payload`,
 * 404 `channel_not_found`, 410 `channel_is_archived`, or no answer at all), and keeps every payload.
 * A payload Slack would refuse (not JSON, no text, over the block limits) gets Slack's 400.
 *
 * @example
 * ```ts
 * const slack = await startFakeSlack();
 * slack.script(SlackResponses.rateLimited(1), SlackResponses.ok);
 * process.env.SLACK_WEBHOOK_URL = slack.url;
 * // ... invoke the notifier ...
 * const [message] = await slack.waitForMessages(2);
 * await slack.close();
 * ```
 */
export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const host = options.host ?? '127.0.0.1';
  const requests: FakeSlackRequest[] = [];
  const waiters = new Set<() => void>();
  let scripted: FakeSlackResponse[] = [];
  let fallback: FakeSlackResponse = SlackResponses.ok;

  const answer = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const body = await readBody(request);
    const payload = parse(body);
    const planned = scripted.shift() ?? fallback;
    const problem = 'hang' in planned || planned.status !== 200 ? undefined : payloadProblem(payload);
    const chosen: FakeSlackResponse = problem ? { status: 400, body: problem } : planned;
    requests.push({ payload, path: request.url ?? '/', receivedAt: Date.now(), answer: 'hang' in chosen ? 'hang' : chosen.status });
    for (const wake of waiters) wake();
    if ('hang' in chosen) return;
    response.writeHead(chosen.status, { 'content-type': 'text/html', ...chosen.headers });
    response.end(chosen.body);
  };

  const server = createServer((request, response) => {
    if (request.method !== 'POST') {
      response.writeHead(405).end('invalid_method');
      return;
    }
    answer(request, response).catch(() => response.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const secret = randomBytes(12).toString('hex');

  return {
    url: `http://${host}:${port}/services/T0PERISCOPE/B0ALERTS/${secret}`,
    received: () => requests.map((r) => r.payload),
    requests: () => [...requests],
    script: (...responses) => {
      scripted = [...scripted, ...responses];
    },
    setDefault: (response) => {
      fallback = response;
    },
    waitForMessages: (count, timeoutMs = 5000) =>
      new Promise((resolve, reject) => {
        const check = (): boolean => {
          if (requests.length < count) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(requests.slice(0, count).map((r) => r.payload));
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new FakeSlackError(`Expected ${count} Slack message(s) within ${timeoutMs} ms, got ${requests.length}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
