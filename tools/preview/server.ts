import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { type PreviewDashboard, type PreviewSources, viewData, widgetLayouts } from './dashboard-data';

/** Thrown when the preview server cannot listen. */
export class PreviewServerError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PreviewServerError';
  }
}

/** Options of {@link startPreviewServer}. */
export interface PreviewServerOptions {
  /** TCP port on 127.0.0.1; 0 picks a free one. @default 4000 */
  readonly port?: number;
  readonly dashboards: readonly PreviewDashboard[];
  readonly sources: PreviewSources;
  /** @default Date.now */
  readonly now?: () => number;
}

/** A running preview server. */
export interface PreviewServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  close(): Promise<void>;
}

/** The loopback address: the preview shows a developer's local data to that developer only. */
const HOST = '127.0.0.1';
const PAGE_DIR = join(__dirname, 'page');

/** Files the page needs; Chart.js is served from the installed package, never from a CDN. */
const STATIC: Readonly<Record<string, { readonly file: () => string; readonly type: string }>> = {
  '/': { file: () => join(PAGE_DIR, 'index.html'), type: 'text/html; charset=utf-8' },
  '/preview.js': { file: () => join(PAGE_DIR, 'preview.js'), type: 'text/javascript; charset=utf-8' },
  '/preview.css': { file: () => join(PAGE_DIR, 'preview.css'), type: 'text/css; charset=utf-8' },
  '/vendor/chart.umd.min.js': { file: () => join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'), type: 'text/javascript; charset=utf-8' },
};

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** `range` and `period` query parameters: a whole number of seconds in bounds, else undefined. */
const seconds = (value: string | null, max: number): number | undefined => {
  const n = value === null ? NaN : Number(value);
  return Number.isInteger(n) && n > 0 && n <= max ? n : undefined;
};

/**
 * Serves the dashboard preview on 127.0.0.1: the page (`/`), Chart.js from node_modules, and a JSON API:
 * - `GET /api/dashboards`: each view's key, name, time range and widget layout (titles, text, alarms);
 * - `GET /api/data?view=<exec|ops|dev>[&range=<s>&period=<s>]`: every metric and log widget's data now,
 *   over the dashboard's range and periods, or the last `range` seconds in `period`-second periods, and
 *   each alarm widget's alarms in their states (evaluated up to this minute first, see `PreviewAlarms`).
 * Requests for another host name (DNS rebinding) are refused.
 *
 * @throws {PreviewServerError} when the port cannot be bound.
 */
export async function startPreviewServer(options: PreviewServerOptions): Promise<PreviewServer> {
  const now = options.now ?? Date.now;
  // The page refreshes its data, not its files: each file is read once per server.
  const assets = new Map<string, Promise<Buffer>>();
  const assetBody = (path: string, file: () => string): Promise<Buffer> => {
    let body = assets.get(path);
    if (body === undefined) {
      body = readFile(file());
      body.catch(() => assets.delete(path));
      assets.set(path, body);
    }
    return body;
  };
  const byKey = new Map(options.dashboards.map((dashboard) => [dashboard.key, dashboard]));
  let port = options.port ?? 4000;

  const send = (response: ServerResponse, status: number, type: string, body: string | Buffer): void => {
    response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...SECURITY_HEADERS });
    response.end(body);
  };
  const json = (response: ServerResponse, status: number, body: unknown): void => send(response, status, 'application/json; charset=utf-8', JSON.stringify(body));

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const host = request.headers.host ?? '';
    if (host !== `${HOST}:${port}` && host !== `localhost:${port}`) return json(response, 421, { error: `the preview answers only at ${HOST}:${port}` });
    if (request.method !== 'GET' && request.method !== 'HEAD') return json(response, 405, { error: `${request.method ?? ''} is not supported: the preview is read-only` });
    const url = new URL(request.url ?? '/', `http://${HOST}:${port}`);
    const asset = STATIC[url.pathname === '/index.html' ? '/' : url.pathname];
    if (asset !== undefined) return send(response, 200, asset.type, await assetBody(url.pathname, asset.file));
    if (url.pathname === '/favicon.ico') return send(response, 204, 'image/x-icon', '');
    if (url.pathname === '/api/dashboards') {
      return json(response, 200, { views: options.dashboards.map((d) => ({ key: d.key, name: d.name, start: d.body.start, widgets: widgetLayouts(d.body) })) });
    }
    if (url.pathname === '/api/data') {
      const dashboard = byKey.get(url.searchParams.get('view') as PreviewDashboard['key']);
      if (dashboard === undefined) return json(response, 404, { error: `no view "${url.searchParams.get('view') ?? ''}": use one of ${[...byKey.keys()].join(', ')}` });
      const range = seconds(url.searchParams.get('range'), 90 * 86_400);
      const period = seconds(url.searchParams.get('period'), 86_400);
      const override = range !== undefined && period !== undefined && range / period <= 2000 ? { rangeMs: range * 1000, periodSeconds: period } : undefined;
      return json(response, 200, viewData(dashboard, options.sources, now(), override));
    }
    return json(response, 404, { error: `nothing at ${url.pathname}` });
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => json(response, 500, { error: error instanceof Error ? error.message : String(error) }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(new PreviewServerError(`the preview cannot listen on ${HOST}:${port}: ${error.message}`, { cause: error })));
    server.listen(port, HOST, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://${HOST}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
