/**
 * A handler that calls another service whose URL path is a secret (as a Slack webhook's), traced by
 * hand with `telemetry.tracer.traceHttpCall`, which records the origin only: the same in both
 * tracing modes (`PERISCOPE_TRACING`). HTTP capture is off, so the call is traced once. Loaded in a
 * Lambda process of its own (see `startLambdaProcess`), never by jest.
 */
import { type ApiHandler, createTelemetry, jsonResponse, requireEnv, withObservability } from 'periscope';
import { catalog } from '../../observability.config';

const telemetry = createTelemetry(catalog, { captureHttpRequests: false });
const service = new URL(requireEnv('STOCK_SERVICE_URL', 'the service the handler calls'));

/** `fetch`, traced with the origin only: the path (`/secret/…`) never reaches the trace. */
const tracedFetch = (path: string) => telemetry.tracer.traceHttpCall({ name: service.host, method: 'GET', url: service.origin }, () => fetch(new URL(path, service)));

const callTwice: ApiHandler = async () => {
  const ok = await tracedFetch('/secret/T000/B000/XXXX');
  const failing = await tracedFetch('/secret/fail');
  return jsonResponse(200, { statuses: [ok.status, failing.status] });
};

/** `_HANDLER=test/support/http-traced-handler.handler` */
export const handler = withObservability(callTwice, { telemetry });
