/** Thrown when traffic would leave this machine. */
export class TrafficError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TrafficError';
  }
}

/** One request the generator sent, and how it was answered (status 0: no answer). */
export interface TrafficResult {
  readonly method: string;
  readonly path: string;
  readonly status: number;
}

/** Options of {@link startTraffic}. */
export interface TrafficOptions {
  /** The local API, `http://127.0.0.1:<port>`: only loopback addresses are accepted. */
  readonly apiUrl: string;
  /** Pause after each answer. @default 500 */
  readonly intervalMs?: number;
  /** It stops by itself after this many requests. @default 3600 (about half an hour) */
  readonly maxRequests?: number;
  /** @default Math.random */
  readonly random?: () => number;
  readonly onResult?: (result: TrafficResult) => void;
}

/** A running generator. */
export interface Traffic {
  /** Requests sent so far. */
  readonly sent: () => number;
  /** Resolves when it stops: after `maxRequests`, or `stop()`. */
  readonly finished: Promise<void>;
  /** Stops after the request in flight (which is aborted) and resolves when stopped. */
  stop(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const CUSTOMERS = ['c-ada', 'c-grace', 'c-linus', 'c-margaret', 'c-ken'];
const CURRENCIES = ['EUR', 'EUR', 'USD', 'GBP'];
const SKUS = ['book-1', 'mug-2', 'poster-3', 'pen-4'];

interface Planned {
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
}

/**
 * What a small, realistic client mix sends next: mostly orders placed, read back and listed, with
 * some invalid orders (400), unknown orders and routes (404) — so every graph has something to show.
 */
function nextRequest(pick: <T>(items: readonly T[]) => T, random: () => number, known: readonly string[]): Planned {
  const customerId = pick(CUSTOMERS);
  const roll = random();
  if (roll < 0.35 || known.length === 0) {
    const items = Array.from({ length: 1 + Math.floor(random() * 3) }, () => ({ sku: pick(SKUS), quantity: 1 + Math.floor(random() * 3), unitPrice: Math.round((2 + random() * 40) * 100) / 100 }));
    return { method: 'POST', path: '/orders', body: { customerId, currency: pick(CURRENCIES), items } };
  }
  if (roll < 0.55) return { method: 'GET', path: `/orders/${pick(known)}` };
  if (roll < 0.75) return { method: 'GET', path: `/orders?customerId=${customerId}&limit=${1 + Math.floor(random() * 10)}` };
  if (roll < 0.85) return { method: 'POST', path: '/orders', body: { customerId, currency: 'EUR', items: [{ sku: pick(SKUS), quantity: 0, unitPrice: 5 }] } };
  if (roll < 0.95) return { method: 'GET', path: `/orders/missing-${Math.floor(random() * 1e6)}` };
  return { method: 'GET', path: '/nothing/here' };
}

/**
 * Sends a steady trickle of requests to the local API, one at a time, so the preview's graphs move.
 * Bounded: it stops by itself after `maxRequests`.
 *
 * @throws {TrafficError} when `apiUrl` is not on a loopback address.
 * @example
 * ```ts
 * const traffic = startTraffic({ apiUrl: stack.apiUrl, onResult: (r) => console.log(r.status, r.path) });
 * await traffic.stop();
 * ```
 */
export function startTraffic(options: TrafficOptions): Traffic {
  const base = new URL(options.apiUrl);
  if (!LOOPBACK.has(base.hostname)) throw new TrafficError(`traffic goes only to this machine; ${options.apiUrl} is not a loopback address`);
  const random = options.random ?? Math.random;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length) % items.length] as T;
  const intervalMs = options.intervalMs ?? 500;
  const maxRequests = options.maxRequests ?? 3600;
  const known: string[] = [];
  const abort = new AbortController();
  let sent = 0;

  const pause = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      abort.signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });

  const run = async (): Promise<void> => {
    while (!abort.signal.aborted && sent < maxRequests) {
      const planned = nextRequest(pick, random, known);
      sent += 1;
      let status = 0;
      try {
        const init: RequestInit = { method: planned.method, signal: abort.signal };
        if (planned.body !== undefined) Object.assign(init, { body: JSON.stringify(planned.body), headers: { 'content-type': 'application/json' } });
        const response = await fetch(new URL(planned.path, base), init);
        status = response.status;
        const body = (await response.json().catch(() => undefined)) as { orderId?: unknown } | undefined;
        if (status === 201 && typeof body?.orderId === 'string') known.push(body.orderId);
        if (known.length > 50) known.shift();
      } catch {
        // No answer (stopping, or the API is restarting): reported as status 0.
      }
      if (abort.signal.aborted) break;
      options.onResult?.({ method: planned.method, path: planned.path, status });
      await pause(intervalMs);
    }
  };
  const finished = run();
  return {
    sent: () => sent,
    finished,
    stop: async () => {
      abort.abort();
      await finished;
    },
  };
}
