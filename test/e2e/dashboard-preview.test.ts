import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import type { DashboardViewKey, Widget } from '../../dashboards/types';
import { type RunningPreview, startPreview } from '../../tools/preview/preview';
import { ordersDashboards } from '../../tools/stack/orders-dashboards';
import { PROJECT_ROOT } from '../../tools/stack/stack';
import { CHECKOUT_LOCK_WAIT_MS, lockCheckout } from '../support/checkout-lock';
import { freePort } from '../support/ports';

/** Debian's Chromium: the CI installs it (see .ci/run); no browser is downloaded. */
const CHROMIUM = '/usr/bin/chromium';
/** Where Chromium is absent the test is skipped, saying so; CI sets PERISCOPE_REQUIRE_CHROMIUM=1 so it fails there instead. */
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  if (process.env['PERISCOPE_REQUIRE_CHROMIUM'] === '1') throw new Error(`${CHROMIUM} is missing and PERISCOPE_REQUIRE_CHROMIUM=1: install it with apt-get install chromium`);
  process.stderr.write(`${CHROMIUM} is missing: skipping the dashboard preview browser test (apt-get install chromium to run it)\n`);
}
/** Flags this closed network needs: no sandbox (root), no GPU, nothing that phones home. */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const STAGE = 'dev';
const ARTIFACTS = join(PROJECT_ROOT, 'test-artifacts');
const VIEWS: readonly DashboardViewKey[] = ['exec', 'ops', 'dev'];

const validOrder = (currency: string) => ({ customerId: 'c-preview', currency, items: [{ sku: 'book-1', quantity: 2, unitPrice: 12.5 }] });
/** The browser globals the page functions below use: the project compiles without the DOM library. */
interface BrowserElement {
  readonly textContent: string | null;
  readonly style: { readonly gridColumn: string };
  getAttribute(name: string): string | null;
  querySelector(selector: string): BrowserElement | null;
}
interface ChartDataset {
  readonly label?: string;
  readonly periscopeKind?: string;
  readonly data: readonly { readonly y: number }[];
}
declare const document: { querySelector(selector: string): BrowserElement | null };
declare const window: { Chart: { getChart(canvas: BrowserElement): { data: { datasets: readonly ChartDataset[] } } | undefined } };

const titleOf = (widget: Widget): string | undefined => ('title' in widget.properties ? widget.properties.title : undefined);

/** The series points of the Chart.js chart drawn in widget `index` of `view`, as the library holds them. */
function chartPoints(page: Page, view: DashboardViewKey, index: number): Promise<{ label: string; ys: number[] }[] | null> {
  return page.evaluate(
    ([key, i]) => {
      const canvas = document.querySelector(`#view-${key} [data-widget-index="${i}"] canvas`);
      const chart = canvas === null ? undefined : window.Chart.getChart(canvas);
      if (chart === undefined) return null;
      return chart.data.datasets.filter((dataset) => dataset.periscopeKind === 'series').map((dataset) => ({ label: String(dataset.label), ys: dataset.data.map((point) => point.y) }));
    },
    [view, index] as const,
  );
}

/** The labels of the horizontal lines (targets, alarm thresholds) drawn in widget `index` of `view`. */
function chartLines(page: Page, view: DashboardViewKey, index: number): Promise<string[] | null> {
  return page.evaluate(
    ([key, i]) => {
      const canvas = document.querySelector(`#view-${key} [data-widget-index="${i}"] canvas`);
      const chart = canvas === null ? undefined : window.Chart.getChart(canvas);
      if (chart === undefined) return null;
      return chart.data.datasets.filter((dataset) => dataset.periscopeKind === 'annotation').map((dataset) => String(dataset.label));
    },
    [view, index] as const,
  );
}

/**
 * `npm run preview` as a developer meets it: the local stack serving real requests, and the three
 * generated dashboards drawn in a real (headless) Chromium from what the stack recorded.
 */
(hasChromium ? describe : describe.skip)('the dashboard preview in a browser', () => {
  const dashboards = ordersDashboards(STAGE);
  let preview: RunningPreview;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  const pageErrors: string[] = [];

  /** Waits until `check` passes, retrying; the stack's lines and traces arrive just after each response. */
  const eventually = async (check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  // Parallel jest workers: this suite builds or runs serverless in the checkout, which others do too.
  let releaseCheckout: (() => void) | undefined;

  beforeAll(async () => {
    releaseCheckout = await lockCheckout();
    // Prepare: the stack and the preview on free ports, then real traffic over HTTP
    preview = await startPreview({ stage: STAGE, previewPort: 0, httpPort: await freePort(), lambdaPort: await freePort(), dynamoDbPort: await freePort(), sqsPort: 0, xrayPort: 0 });
    const api = preview.stack.apiUrl;
    const post = (body: unknown) => fetch(`${api}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const created: string[] = [];
    for (const currency of ['EUR', 'USD', 'EUR']) {
      const response = await post(validOrder(currency));
      expect(response.status).toBe(201);
      created.push(((await response.json()) as { orderId: string }).orderId);
    }
    for (const orderId of created) expect((await fetch(`${api}/orders/${orderId}`)).status).toBe(200);
    expect((await fetch(`${api}/orders?customerId=c-preview&limit=2`)).status).toBe(200);
    expect((await post({ ...validOrder('EUR'), items: [{ sku: 'book-1', quantity: 0, unitPrice: 1 }] })).status).toBe(400);
    expect((await fetch(`${api}/orders/not-there`)).status).toBe(404);

    const sum = (namespace: string, metricName: string): number =>
      preview.store
        .list({ namespace, metricName })
        .flatMap((metric) => preview.store.query(metric, { stat: 'Sum', periodSeconds: 3600, start: Date.now() - 3_600_000, end: Date.now() + 1 }).values)
        .reduce((a, b) => a + b, 0);
    await eventually(() => sum('AWS/ApiGateway', 'Count') >= 9 && sum('Periscope/Orders', 'OrderCreated') >= 3 && sum('AWS/DynamoDB', 'ConsumedWriteCapacityUnits') >= 3, 'the requests as metrics');

    profile = mkdtempSync(join(tmpdir(), 'periscope-chromium-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1400, height: 1000 } });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    mkdirSync(ARTIFACTS, { recursive: true });
  }, CHECKOUT_LOCK_WAIT_MS + 180_000);

  afterAll(async () => {
    await context?.close();
    await preview?.close();
    if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
    releaseCheckout?.();
  });

  /** Opens a view's tab and waits for its first data refresh. */
  const open = async (view: DashboardViewKey): Promise<void> => {
    await page.goto(`${preview.server.url}/#${view}`);
    await page.click(`#tabs button[data-view="${view}"]`);
    await page.waitForSelector(`#view-${view}[data-updated]`, { timeout: 15_000 });
  };
  const indexOf = (view: DashboardViewKey, title: RegExp): number => {
    const index = dashboards[view].body.widgets.findIndex((widget) => title.test(titleOf(widget) ?? ''));
    if (index < 0) throw new Error(`no widget titled ${String(title)} on ${view}`);
    return index;
  };

  it.each(VIEWS)('draws every widget of the %s dashboard on its grid, each with its title, and saves a screenshot', async (view) => {
    // Act
    await open(view);

    // Assess
    const widgets = dashboards[view].body.widgets;
    const rendered = await page.$$eval(`#view-${view} .widget`, (nodes: BrowserElement[]) =>
      nodes.map((node) => ({
        index: Number(node.getAttribute('data-widget-index')),
        type: node.getAttribute('data-widget-type'),
        title: node.querySelector('.widget-title')?.textContent ?? undefined,
        column: node.style.gridColumn,
      })),
    );
    expect(rendered).toHaveLength(widgets.length);
    expect(rendered.map((r) => [r.type, r.title, r.column])).toEqual(widgets.map((w) => [w.type, titleOf(w), `${w.x + 1} / span ${w.width}`]));
    expect(await page.isVisible(`#view-${view}`)).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, `preview-${view}.png`), fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('shows the business KPIs and availability on the executive dashboard after traffic', async () => {
    // Act
    await open('exec');

    // Assess
    const orders = await chartPoints(page, 'exec', indexOf('exec', /^OrderCreated/));
    expect(orders?.[0]?.ys.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(3);
    const values = await chartPoints(page, 'exec', indexOf('exec', /^OrderValue by currency/));
    expect(values?.map((series) => series.label).sort()).toEqual([expect.stringMatching(/EUR$/), expect.stringMatching(/USD$/)]);
    expect(await page.textContent(`#view-exec [data-widget-index="${indexOf('exec', /^Availability, last/)}"] .single-value .value`)).toBe('100');
  });

  it('shows API requests, Lambda invocations and DynamoDB latency on the operations dashboard', async () => {
    // Act
    await open('ops');

    // Assess
    const api = await chartPoints(page, 'ops', indexOf('ops', /^API requests and errors$/));
    const total = (label: string): number => api?.find((series) => series.label === label)?.ys.reduce((a, b) => a + b, 0) ?? 0;
    expect([total('requests') >= 9, total('4XX') >= 2, total('5XX')]).toEqual([true, true, 0]);
    const invocations = await chartPoints(page, 'ops', indexOf('ops', /^Lambda invocations$/));
    // … the queue's consumer among them: each placed order fulfilled through the OrderPlaced queue (UpdateItem)
    expect(invocations?.filter((series) => series.ys.some((y) => y > 0)).map((series) => series.label)).toEqual(expect.arrayContaining(['createOrder', 'getOrder', 'listOrders', 'fulfilOrder']));
    const latency = await chartPoints(page, 'ops', indexOf('ops', /: latency \(/));
    expect(latency?.filter((series) => series.ys.some((y) => y > 0)).map((series) => series.label)).toEqual(['GetItem', 'PutItem', 'Query', 'UpdateItem']);
    expect(await page.textContent(`#view-ops [data-widget-index="${indexOf('ops', /^Lambda throttles$/)}"] .notes`)).toMatch(/has no local source/);
    expect(await chartLines(page, 'ops', indexOf('ops', /^API error rates/))).toEqual([expect.stringMatching(/^api-5xx-rate: critical > /), expect.stringMatching(/^api-4xx-rate: info > /)]);

    // Act: back to the range and periods the dashboard is deployed with (3 hours, per minute)
    const before = await page.getAttribute('#view-ops', 'data-updated');
    await page.selectOption('#window', '');
    await page.waitForFunction((previous) => document.querySelector('#view-ops')?.getAttribute('data-updated') !== previous, before);

    // Assess
    const perMinute = await chartPoints(page, 'ops', indexOf('ops', /^API requests and errors$/));
    expect(perMinute?.find((series) => series.label === 'requests')?.ys.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(9);
  });

  it('shows every alarm of the operations dashboard in the state the local evaluator gives it', async () => {
    // Act
    await open('ops');

    // Assess
    const alarmWidget = dashboards.ops.body.widgets.findIndex((widget) => widget.type === 'alarm');
    const shown = await page.$$eval(`#view-ops [data-widget-index="${alarmWidget}"] .alarm`, (nodes: BrowserElement[]) =>
      nodes.map((node) => ({ state: node.getAttribute('data-state'), reason: node.querySelector('.alarm-reason')?.textContent ?? '' })),
    );
    const widget = dashboards.ops.body.widgets[alarmWidget];
    expect(shown).toHaveLength(widget?.type === 'alarm' ? widget.properties.alarms.length : -1);
    for (const alarm of shown) expect(['OK', 'ALARM', 'INSUFFICIENT_DATA']).toContain(alarm.state);
    expect(shown.filter((alarm) => alarm.reason === '')).toEqual([]);
    expect(await page.textContent(`#view-ops [data-widget-index="${alarmWidget}"] .notes`)).toMatch(/^Evaluated here at .* as CloudWatch evaluates them/);
  });

  it('shows cold starts and the slowest requests on the developer dashboard', async () => {
    // Act
    await open('dev');

    // Assess
    const coldStarts = await chartPoints(page, 'dev', indexOf('dev', /^Cold starts per function/));
    expect(coldStarts?.filter((series) => series.ys.some((y) => y > 0)).map((series) => series.label)).toEqual(expect.arrayContaining(['createOrder', 'getOrder', 'listOrders']));
    const slowest = await page.$$eval(`#view-dev [data-widget-index="${indexOf('dev', /^Slowest requests$/)}"] tbody tr`, (rows: BrowserElement[]) => rows.map((row) => row.textContent ?? ''));
    expect(slowest.length).toBeGreaterThanOrEqual(9);
    expect(slowest.join('\n')).toMatch(/POST \/orders/);
    const initDuration = `#view-dev [data-widget-index="${indexOf('dev', /^Init duration of cold starts/)}"]`;
    expect(await page.textContent(`${initDuration} .notes`)).toMatch(/not previewable locally: `stats`/);
    expect(await page.textContent(`${initDuration} tbody`)).toBe('Not run locally (see below).');
  });
});
