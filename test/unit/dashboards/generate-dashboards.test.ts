import { generateAlarms, kebab } from '../../../alarms';
import { dashboardMetrics, generateDashboards, type MetricWidgetProperties, type Widget } from '../../../dashboards';
import { TIER_COLOURS } from '../../../dashboards/alarm-thresholds';
import { alarmQueries, graphQueries, seriesKeys } from '../../../dashboards/series-key';
import { ordersServiceResources } from '../../../deploy/service-resources';
import { catalog } from '../../../observability.config';
import { ordersDashboards } from '../../../tools/stack/orders-dashboards';

type Props = Record<string, any>;

describe('generateDashboards for the orders service', () => {
  const dashboards = ordersDashboards();
  const widgets = (key: 'exec' | 'ops' | 'dev'): Widget[] => [...dashboards[key].body.widgets];
  const titled = (key: 'exec' | 'ops' | 'dev', title: string | RegExp): Props => {
    const found = widgets(key).find((w) => 'title' in w.properties && (typeof title === 'string' ? w.properties.title === title : title.test(w.properties.title)));
    if (!found)
      throw new Error(
        `no widget titled ${String(title)} on ${key}: ${widgets(key)
          .map((w) => ('title' in w.properties ? w.properties.title : w.type))
          .join(' | ')}`,
      );
    return found.properties as Props;
  };

  it('names the three dashboards service-stage-audience, as the alarm descriptions link them', () => {
    expect([dashboards.exec.name, dashboards.ops.name, dashboards.dev.name]).toEqual(['orders-dev-executive', 'orders-dev-operations', 'orders-dev-developer']);
  });

  it.each(['exec', 'ops', 'dev'] as const)('places every %s widget on the 24-column grid without overlaps', (key) => {
    const placed = widgets(key);
    for (const w of placed) expect(w.x + w.width).toBeLessThanOrEqual(24);
    for (const [i, a] of placed.entries()) {
      for (const b of placed.slice(i + 1)) {
        const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
        expect([a.properties, b.properties, overlap]).toEqual([a.properties, b.properties, false]);
      }
    }
  });

  it('shows executives SLO attainment and error budget over the whole window, against the targets, in words too', () => {
    const availability = titled('exec', /^Availability, last 28 days/);
    expect(availability).toMatchObject({ view: 'singleValue', setPeriodToTimeRange: true });
    expect(availability.metrics.at(-1)[0].expression).toBe('100 * (1 - FILL(errors, 0) / requests)');
    expect(titled('exec', 'Error budget left').metrics.at(-1)[0].expression).toBe('100 * (1 - (FILL(errors, 0) / requests) / 0.001)');
    expect(titled('exec', 'p99 latency (target 1000 ms)').annotations.horizontal).toEqual([{ label: 'SLO target', value: 1000 }]);
    expect(dashboards.exec.body.start).toBe('-P28D');
    const text = widgets('exec')
      .filter((w) => w.type === 'text')
      .map((w) => (w.properties as Props).markdown)
      .join('\n');
    expect(text).toContain('**Availability** is the share of API requests that did not fail with a 5XX');
    expect(text).toContain('**Error budget left**');
  });

  it('graphs the executive business KPIs from the catalog, by dimension where they have one', () => {
    const metrics = dashboardMetrics(dashboards.exec.body).filter((m) => m.namespace === 'Periscope/Orders');
    expect(metrics).toEqual([
      { kind: 'metric', namespace: 'Periscope/Orders', metricName: 'OrderCreated', dimensions: { service: 'orders' }, stat: 'Sum' },
      { kind: 'search', namespace: 'Periscope/Orders', metricName: 'OrderValue', dimensionNames: ['service', 'currency'], stat: 'Sum' },
      { kind: 'metric', namespace: 'Periscope/Orders', metricName: 'OrderFulfilled', dimensions: { service: 'orders' }, stat: 'Sum' },
    ]);
  });

  it('opens the operations view with every alarm, tier composites first', () => {
    const [first] = widgets('ops').filter((w) => w.type === 'alarm');
    const alarms = (first!.properties as Props).alarms as string[];
    const all = generateAlarms(catalog, ordersServiceResources()).alarms;
    expect(alarms).toHaveLength(all.length);
    expect(alarms.slice(0, 2)).toEqual([
      'arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:orders-dev-critical',
      'arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:orders-dev-warning',
    ]);
  });

  it('graphs API Gateway, Lambda, DynamoDB and SQS metrics with their real dimension names', () => {
    const dimensionNames = new Map<string, Set<string>>();
    for (const metric of dashboardMetrics(dashboards.ops.body)) {
      if (metric.kind !== 'metric' || !metric.namespace.startsWith('AWS/')) continue;
      const names = dimensionNames.get(metric.namespace) ?? new Set();
      names.add(Object.keys(metric.dimensions).join('+'));
      dimensionNames.set(metric.namespace, names);
    }
    expect(Object.fromEntries([...dimensionNames].map(([ns, names]) => [ns, [...names].sort()]))).toEqual({
      'AWS/ApiGateway': ['ApiName+Stage'],
      'AWS/Lambda': ['FunctionName'],
      'AWS/DynamoDB': ['TableName', 'TableName+GlobalSecondaryIndexName', 'TableName+Operation'],
      'AWS/SQS': ['QueueName'],
    });
    expect(titled('ops', 'API latency (5-minute periods)').metrics.map((m: Props[]) => (m.at(-1) as Props).stat)).toEqual(['p50', 'p90', 'p99']);
    expect(titled('ops', 'Lambda concurrency').metrics).toHaveLength(catalog.functions.length);
    expect(titled('ops', 'Alerts waiting in the dead letter queue (should be 0)').metrics[0]).toEqual([
      'AWS/SQS',
      'ApproximateNumberOfMessagesVisible',
      'QueueName',
      'orders-dev-alerts-dead-letter',
      { stat: 'Maximum', label: 'alerts waiting' },
    ]);
  });

  it("draws each alarm's threshold on the operations graph of the series it compares, coloured by tier, shaded where it breaches", () => {
    // Prepare
    const alarms = generateAlarms(catalog, ordersServiceResources()).alarms;
    const lineOf = (signal: string, tier: string) => {
      const watches = alarms.find((alarm) => alarm.name === `orders-dev-${signal}-${tier}`)?.watches;
      if (watches === undefined) throw new Error(`no alarm orders-dev-${signal}-${tier} with a threshold`);
      return { value: watches.threshold, label: expect.stringContaining(signal), color: TIER_COLOURS[tier as keyof typeof TIER_COLOURS], fill: 'above' };
    };
    const lines = (title: RegExp): Props[] => titled('ops', title).annotations?.horizontal ?? [];

    // Assess
    expect(lines(/^API error rates/)).toEqual([lineOf('api-5xx-rate', 'critical'), lineOf('api-4xx-rate', 'info')]);
    expect(lines(/^API latency/)).toEqual([lineOf('api-latency-p99', 'warning')]);
    for (const fn of ['create-order', 'get-order', 'list-orders']) {
      expect(lines(/^Lambda error rate/)).toContainEqual(lineOf(`${fn}-errors`, 'warning'));
      expect(lines(/^Lambda throttles$/)).toContainEqual(lineOf(`${fn}-throttles`, 'warning'));
      expect(lines(/^Lambda p99 duration/)).toContainEqual(lineOf(`${fn}-duration-p99`, 'warning'));
    }
    expect(lines(/: system errors/)).toEqual([lineOf('dynamodb-orders-system-errors', 'warning')]);
    expect(lines(/^Alerts waiting in the dead letter queue/)).toEqual([lineOf('alert-delivery-failed', 'critical')]);
    expect(lines(/^Lambda invocations$/)).toEqual([]);
  });

  it('shows the error rate of each function and of the API as their alarms compute it', () => {
    // Prepare: the key of each alarm's compared series, and of each series a graph shows
    const alarms = generateAlarms(catalog, ordersServiceResources()).alarms;
    const alarmSeries = (name: string): string | undefined => {
      const watches = alarms.find((alarm) => alarm.name === name)?.watches;
      return watches && seriesKeys(alarmQueries(watches.metrics)).get(watches.returnedId);
    };
    const shown = (title: RegExp): { label: string; key: string | undefined }[] => {
      const properties = titled('ops', title) as MetricWidgetProperties;
      const keys = seriesKeys(graphQueries(properties));
      return properties.metrics.flatMap((metricRow) => {
        const [first] = metricRow;
        return typeof first === 'object' && 'expression' in first ? [{ label: first.label, key: keys.get(first.id) }] : [];
      });
    };

    // Assess
    expect(shown(/^API error rates/)).toEqual([
      { label: '5XX rate (%)', key: alarmSeries('orders-dev-api-5xx-rate-critical') },
      { label: '4XX rate (%)', key: alarmSeries('orders-dev-api-4xx-rate-info') },
    ]);
    expect(shown(/^Lambda error rate/)).toEqual(catalog.functions.map((fn) => ({ label: fn.name, key: alarmSeries(`orders-dev-${kebab(fn.name)}-errors-warning`) })));
    expect(titled('ops', /^Lambda error rate/).yAxis).toEqual({ left: { min: 0, label: '%', showUnits: false } });
  });

  it('graphs the OrderPlaced queue fulfilOrder consumes, with the age the catalog promises, and its dead letter queue', () => {
    // Assess
    expect(titled('ops', 'fulfilOrder ← periscope-orders-dev-order-placed: oldest message (s)').annotations.horizontal).toEqual([
      { label: 'fulfil-order-queue-age: critical > 120', value: 120, color: TIER_COLOURS.critical, fill: 'above' },
    ]);
    expect(titled('ops', 'Dead letter queue periscope-orders-dev-order-placed-dlq: messages (should be 0)').metrics[0][3]).toBe('periscope-orders-dev-order-placed-dlq');
    expect(titled('ops', 'fulfilOrder: batch records and failed records').metrics.map((m: Props[]) => m[1])).toEqual(['BatchRecords', 'BatchItemFailures']);
  });

  it('keeps alarm thresholds off the executive dashboard, which shows the SLO and delivery targets', () => {
    const labels = widgets('exec').flatMap((w) => (w.type === 'metric' ? (w.properties.annotations?.horizontal ?? []).map((line) => line.label) : []));
    expect(new Set(labels)).toEqual(
      new Set([
        'SLO target',
        // The delivery row's targets, from the catalog's `delivery.targets` (rework rate at its default, 15%, like the change fail rate)
        'Target met (at least 1 per day)',
        'Target met (at most 24 h)',
        'Target met (at most 15%)',
        'Target met (at most 2 h)',
        'Target missed',
        'Deployment frequency target (at least 1 per day)',
      ]),
    );
  });

  it('gives developers cold starts per function, init duration, errors and slow requests with correlation ids, and traces', () => {
    expect(titled('dev', 'Cold starts per function (ColdStart metric)').metrics[0]).toEqual([
      'Periscope/Orders',
      'ColdStart',
      'service',
      'orders',
      'function_name',
      'periscope-orders-dev-createOrder',
      { stat: 'Sum', label: 'createOrder' },
    ]);
    const errors = titled('dev', 'Recent errors, with correlation ids').query as string;
    expect(errors.startsWith("SOURCE '/aws/lambda/periscope-orders-dev-createOrder' | SOURCE '/aws/lambda/periscope-orders-dev-getOrder'")).toBe(true);
    expect(errors).toContain('correlation_id');
    expect(titled('dev', 'Init duration of cold starts (REPORT lines)').query).toContain('@initDuration');
    expect(dashboardMetrics(dashboards.dev.body)).toContainEqual({ kind: 'search', namespace: 'Periscope/Orders', metricName: 'OrderRejected', dimensionNames: ['service', 'reason'], stat: 'Sum' });
    expect(JSON.stringify(dashboards.dev.body)).toContain('annotation.CorrelationId');
  });

  it('gives the same JSON for the same input', () => {
    const resources = ordersServiceResources();
    const again = generateDashboards(catalog, resources, { alarms: generateAlarms(catalog, resources).alarms });
    expect(JSON.stringify(again)).toBe(JSON.stringify(dashboards));
  });
});
