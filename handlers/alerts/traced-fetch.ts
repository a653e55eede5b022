import type { PeriscopeTracer } from 'periscope';

/**
 * `fetch` with every call traced (`tracer.traceHttpCall`) as a subsegment named after the host,
 * recording the URL's origin only: a Slack webhook's path is its secret, so automatic HTTP capture,
 * which records the path, stays off in the notifier. A URL that cannot be read goes to `send` untraced,
 * which refuses it as fetch does.
 * @example
 * ```ts
 * const notifier = new SlackNotifier({ telemetry, webhookUrl, fetch: originTracedFetch(telemetry.tracer) });
 * ```
 */
export function originTracedFetch(tracer: Pick<PeriscopeTracer, 'traceHttpCall'>, send: typeof fetch = fetch): typeof fetch {
  return (input, init) => {
    let url: URL;
    try {
      url = new URL(input instanceof Request ? input.url : String(input));
    } catch {
      return send(input, init);
    }
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    return tracer.traceHttpCall({ name: url.host, method, url: url.origin }, () => send(input, init));
  };
}
