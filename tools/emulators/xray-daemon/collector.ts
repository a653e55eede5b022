import { createSocket, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { parseDaemonPacket } from './segment-document';
import { type AssembledTrace, TraceAssembler } from './trace-assembler';

/** A trace the collector has finished waiting for. */
export interface CompletedTrace extends AssembledTrace {
  /** When the collector reported it. */
  readonly completedAt: Date;
}

/** Options for {@link startXRayCollector}. */
export interface XRayCollectorOptions {
  /** Interface to bind. Default `127.0.0.1`: the collector is for a developer's machine, not the network. */
  readonly host?: string;
  /** UDP port. Default 2000 (the X-Ray daemon's); 0 picks a free one, see `address.port`. */
  readonly port?: number;
  /** A trace is complete after this long without a new document for it, and nothing in progress. Default 250. */
  readonly quietMs?: number;
  /** A trace still `in_progress` this long after its first document is reported anyway, so a crashed invocation is not held forever. Default 30 000. */
  readonly maxWaitMs?: number;
  /** How many completed traces `traces()` keeps. Default 500. */
  readonly historySize?: number;
  /** Called once per completed trace. */
  readonly onTrace?: (trace: CompletedTrace) => void;
  /** Called for a packet that cannot be parsed, a socket error, or an `onTrace` that throws. Default: one line on stderr. */
  readonly onError?: (error: Error) => void;
}

/** A running collector. */
export interface XRayCollector {
  /** Where it listens; set `AWS_XRAY_DAEMON_ADDRESS=<host>:<port>` for the SDK. */
  readonly address: { readonly host: string; readonly port: number };
  /** Completed traces, oldest first (at most `historySize`). */
  traces(): CompletedTrace[];
  /**
   * The first completed trace matching `predicate`, including ones completed before the call.
   * Rejects with an {@link XRayCollectorError} after `timeoutMs`, or when the collector closes.
   */
  waitForTrace(predicate: (trace: CompletedTrace) => boolean, timeoutMs?: number): Promise<CompletedTrace>;
  /** Stops listening; traces not yet complete are dropped and pending waits reject. */
  close(): Promise<void>;
}

/** Thrown when the collector cannot bind, or a wait for a trace times out or is cut short by `close()`. */
export class XRayCollectorError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'XRayCollectorError';
  }
}

interface Pending {
  readonly firstAt: number;
  readonly timer: NodeJS.Timeout;
}

interface Waiter {
  readonly predicate: (trace: CompletedTrace) => boolean;
  readonly resolve: (trace: CompletedTrace) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

const writeToStderr = (error: Error): void => {
  process.stderr.write(`[xray-collector] ${error.name}: ${error.message}\n`);
};

/**
 * Starts a local stand-in for the X-Ray daemon: receives the SDK's UDP datagrams, reassembles each trace
 * and reports it once it is complete.
 *
 * Completion: a trace is reported when no document for it has arrived for `quietMs` and none of its nodes is
 * `in_progress` (or, failing that, `maxWaitMs` after its first document). It is then reported exactly once
 * and forgotten; a document for the same trace id arriving afterwards starts a new, separate report
 * (its nodes appear as roots, since their parents were in the earlier report).
 *
 * @example
 * ```ts
 * const collector = await startXRayCollector({ port: 0, onTrace: (trace) => console.log(renderTraceTree(trace)) });
 * process.env.AWS_XRAY_DAEMON_ADDRESS = `127.0.0.1:${collector.address.port}`;
 * // … invoke the handler …
 * await collector.close();
 * ```
 */
export async function startXRayCollector(options: XRayCollectorOptions = {}): Promise<XRayCollector> {
  const host = options.host ?? '127.0.0.1';
  const quietMs = options.quietMs ?? 250;
  const maxWaitMs = options.maxWaitMs ?? 30_000;
  const historySize = options.historySize ?? 500;
  const onError = options.onError ?? writeToStderr;

  const assembler = new TraceAssembler();
  const pending = new Map<string, Pending>();
  const history: CompletedTrace[] = [];
  const waiters = new Set<Waiter>();

  const report = (error: unknown): void => {
    try {
      onError(error instanceof Error ? error : new Error(String(error)));
    } catch {
      // An error handler that throws must not take the collector down with it.
    }
  };

  const complete = (traceId: string): void => {
    pending.delete(traceId);
    const built = assembler.build(traceId);
    assembler.delete(traceId);
    if (built === undefined) return;
    const trace: CompletedTrace = { ...built, completedAt: new Date() };
    history.push(trace);
    if (history.length > historySize) history.splice(0, history.length - historySize);
    for (const waiter of waiters) {
      if (matches(waiter.predicate, trace, report)) settle(waiter).resolve(trace);
    }
    try {
      options.onTrace?.(trace);
    } catch (error) {
      report(error);
    }
  };

  const check = (traceId: string): void => {
    const entry = pending.get(traceId);
    if (entry === undefined) return;
    if (assembler.isInProgress(traceId) && Date.now() - entry.firstAt < maxWaitMs) {
      // Still open: look again after another quiet period rather than polling.
      entry.timer.refresh();
      return;
    }
    complete(traceId);
  };

  const receive = (packet: Buffer): void => {
    let traceId: string;
    try {
      traceId = assembler.add(parseDaemonPacket(packet));
    } catch (error) {
      report(error);
      return;
    }
    const entry = pending.get(traceId);
    if (entry !== undefined) {
      entry.timer.refresh();
    } else {
      pending.set(traceId, { firstAt: Date.now(), timer: setTimeout(() => check(traceId), quietMs).unref() });
    }
  };

  const settle = (waiter: Waiter): Waiter => {
    clearTimeout(waiter.timer);
    waiters.delete(waiter);
    return waiter;
  };

  const socket = await bind(host, options.port ?? 2000);
  socket.on('message', receive);
  socket.on('error', report);
  const port = (socket.address() as AddressInfo).port;

  let closed: Promise<void> | undefined;
  return {
    address: { host, port },
    traces: () => [...history],
    waitForTrace(predicate, timeoutMs = 5_000) {
      const found = history.find((trace) => matches(predicate, trace, report));
      if (found !== undefined) return Promise.resolve(found);
      if (closed !== undefined) return Promise.reject(new XRayCollectorError('cannot wait for a trace: the X-Ray collector is closed'));
      return new Promise<CompletedTrace>((resolve, reject) => {
        const timer = setTimeout(() => {
          settle(waiter).reject(new XRayCollectorError(`timed out after ${timeoutMs} ms waiting for a matching trace on ${host}:${port} (${history.length} completed, ${pending.size} still open)`));
        }, timeoutMs);
        const waiter: Waiter = { predicate, resolve, reject, timer };
        waiters.add(waiter);
      });
    },
    close() {
      closed ??= new Promise<void>((resolve) => {
        for (const entry of pending.values()) clearTimeout(entry.timer);
        pending.clear();
        for (const waiter of [...waiters]) {
          settle(waiter).reject(new XRayCollectorError(`the X-Ray collector on ${host}:${port} closed before a matching trace arrived`));
        }
        try {
          socket.close(() => resolve());
        } catch {
          resolve(); // the socket was already closed by an error
        }
      });
      return closed;
    },
  };
}

function bind(host: string, port: number): Promise<Socket> {
  const socket = createSocket('udp4');
  return new Promise((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException): void => {
      try {
        socket.close();
      } catch {
        // Already closed by the failed bind; nothing left to release.
      }
      const why = error.code === 'EADDRINUSE' ? 'the port is already in use (is an X-Ray daemon running?)' : error.message;
      reject(new XRayCollectorError(`X-Ray collector cannot listen on udp ${host}:${port}: ${why}`, { cause: error }));
    };
    socket.once('error', fail);
    socket.bind(port, host, () => {
      socket.off('error', fail);
      resolve(socket);
    });
  });
}

/** A predicate that throws is a bug in the caller's test, not a match; say so and keep going. */
function matches(predicate: (trace: CompletedTrace) => boolean, trace: CompletedTrace, report: (error: unknown) => void): boolean {
  try {
    return predicate(trace);
  } catch (error) {
    report(error);
    return false;
  }
}
