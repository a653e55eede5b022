import { randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import type { SegmentDocument } from '../emulators/xray-daemon';

/** Sends what X-Ray records of the Lambda platform faults a drill injects without running the handler. */
export interface PlatformTraces {
  /** An invocation of `handler` that ran into its `timeoutMs`: a fault lasting the timeout. */
  timedOut(handler: string, timeoutMs: number): void;
  /** An invocation of `handler` that Lambda refused: a throttle (429), no time spent. */
  throttled(handler: string): void;
  /** An invocation of `handler` whose code threw `message` after `durationMs` (a bad build). */
  failed(handler: string, durationMs: number, message: string): void;
  close(): Promise<void>;
}

const HEADER = '{"format":"json","version":1}\n';
const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

/**
 * Throttles and timeouts the drill injects at the Lambda platform never run the handler, so the
 * handler's tracer records nothing; X-Ray still sees them (Lambda records the throttled call and the
 * timed-out function). This sends their documents to the daemon stand-in on `port`, shaped as the
 * handler's own subsegment (`## <handler>`, with the `Service` annotation) so the service map counts
 * them against the function they hit.
 *
 * @param service the `Service` annotation the handlers write
 */
export function startPlatformTraces(port: number, service: string): PlatformTraces {
  const socket: Socket = createSocket('udp4');
  socket.unref();
  const send = (document: Omit<SegmentDocument, 'id' | 'trace_id' | 'parent_id' | 'type'>): void => {
    const now = Date.now() / 1000;
    const full = { ...document, id: hex(8), trace_id: `1-${Math.floor(now).toString(16)}-${hex(12)}`, parent_id: hex(8), type: 'subsegment' };
    socket.send(HEADER + JSON.stringify(full), port, '127.0.0.1');
  };
  return {
    timedOut(handler, timeoutMs) {
      const start = Date.now() / 1000;
      const message = `Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`;
      send({
        name: `## ${handler}`,
        start_time: start,
        end_time: start + timeoutMs / 1000,
        fault: true,
        annotations: { Service: service },
        cause: { exceptions: [{ message, type: 'Sandbox.Timedout' }] },
      });
    },
    throttled(handler) {
      const start = Date.now() / 1000;
      send({ name: `## ${handler}`, start_time: start, end_time: start, error: true, throttle: true, http: { response: { status: 429 } }, annotations: { Service: service } });
    },
    failed(handler, durationMs, message) {
      const start = Date.now() / 1000;
      send({ name: `## ${handler}`, start_time: start, end_time: start + durationMs / 1000, fault: true, annotations: { Service: service }, cause: { exceptions: [{ message, type: 'Error' }] } });
    },
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}
