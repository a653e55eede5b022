import { request } from 'node:http';
import { MetricStore } from '../../../../tools/emulators/cloudwatch/metric-store';
import { PreviewAlarms } from '../../../../tools/preview/alarm-states';
import { previewDashboards } from '../../../../tools/preview/dashboards';
import { LogBuffer } from '../../../../tools/preview/log-buffer';
import { type PreviewServer, PreviewServerError, startPreviewServer } from '../../../../tools/preview/server';
import { fixtureAlarmResources } from './fixture-alarms';
import { fixtureDashboard } from './fixture-dashboard';

/** A raw HTTP request, so the Host header can be anything. */
const send = (url: string, options: { method?: string; host?: string } = {}): Promise<{ status: number; type: string; body: string }> =>
  new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = request(
      { host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: options.method ?? 'GET', headers: options.host ? { host: options.host } : {} },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
      },
    );
    req.on('error', reject);
    req.end();
  });

describe('the preview server', () => {
  let server: PreviewServer;
  beforeAll(async () => {
    server = await startPreviewServer({
      port: 0,
      dashboards: previewDashboards({ exec: fixtureDashboard, ops: fixtureDashboard, dev: fixtureDashboard }),
      sources: { store: new MetricStore(), logs: new LogBuffer(), alarms: new PreviewAlarms(fixtureAlarmResources) },
      now: () => Date.parse('2026-11-22T20:00:00Z'),
    });
  });
  afterAll(() => server.close());

  it('listens on loopback only', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves the page, its script and Chart.js from node_modules', async () => {
    // Act
    const [page, script, chart] = await Promise.all([send(`${server.url}/`), send(`${server.url}/preview.js`), send(`${server.url}/vendor/chart.umd.min.js`)]);

    // Assess
    expect([page.status, page.type]).toEqual([200, 'text/html; charset=utf-8']);
    expect(page.body).toContain('<script src="/vendor/chart.umd.min.js" defer></script>');
    expect([script.status, script.type]).toEqual([200, 'text/javascript; charset=utf-8']);
    expect(chart.status).toBe(200);
    expect(chart.body).toMatch(/Chart\.js v4/);
  });

  it('lists the three views with their widgets', async () => {
    // Act
    const response = await send(`${server.url}/api/dashboards`);

    // Assess
    const { views } = JSON.parse(response.body) as { views: { key: string; name: string; widgets: unknown[] }[] };
    expect(views.map((view) => [view.key, view.name, view.widgets.length])).toEqual([
      ['exec', 'orders-dev-fixture', 8],
      ['ops', 'orders-dev-fixture', 8],
      ['dev', 'orders-dev-fixture', 8],
    ]);
  });

  it("answers a view's data, over the dashboard's range or an override, with the alarms' states", async () => {
    // Act
    const designed = JSON.parse((await send(`${server.url}/api/data?view=ops`)).body) as {
      key: string;
      start: number;
      widgets: Record<string, { type: string; alarms?: { name: string; state: string }[] }>;
    };
    const overridden = JSON.parse((await send(`${server.url}/api/data?view=ops&range=900&period=10`)).body) as { start: number; widgets: Record<string, { periodSeconds: number }> };

    // Assess
    expect(designed.key).toBe('ops');
    expect(Object.entries(designed.widgets).map(([index, widget]) => `${index}:${widget.type}`)).toEqual(['1:alarm', '2:metric', '3:metric', '4:metric', '5:metric', '6:log', '7:log']);
    expect(designed.widgets['1']?.alarms?.map((alarm) => `${alarm.name}:${alarm.state}`)).toEqual(['orders-dev-critical:OK', 'orders-dev-api-5xx-rate-critical:OK']);
    expect(designed.start).toBe(Date.parse('2026-11-22T17:00:00Z'));
    expect(overridden.start).toBe(Date.parse('2026-11-22T19:45:00Z'));
    expect(overridden.widgets['2']?.periodSeconds).toBe(10);
  });

  it.each([
    ['an unknown view', '/api/data?view=nope', {}, 404, /no view "nope": use one of exec, ops, dev/],
    ['an unknown path', '/etc/passwd', {}, 404, /nothing at \/etc\/passwd/],
    ['a POST', '/api/data?view=ops', { method: 'POST' }, 405, /POST is not supported: the preview is read-only/],
    ['another host name (DNS rebinding)', '/api/dashboards', { host: 'attacker.example:80' }, 421, /the preview answers only at 127\.0\.0\.1:/],
  ])('refuses %s', async (_what, path, options, status, message) => {
    // Act
    const response = await send(`${server.url}${path}`, options);

    // Assess
    expect(response.status).toBe(status);
    expect(JSON.parse(response.body).error).toMatch(message);
  });

  it('says which port it could not take', async () => {
    // Act
    const taken = startPreviewServer({ port: Number(new URL(server.url).port), dashboards: [], sources: { store: new MetricStore(), logs: new LogBuffer() } });

    // Assess
    await expect(taken).rejects.toThrow(PreviewServerError);
    await expect(taken).rejects.toThrow(/cannot listen on 127\.0\.0\.1:\d+: .*EADDRINUSE/);
  });
});
