import {
  annotateDeployments,
  type DashboardBodyJson,
  type DashboardWidgetJson,
  DEPLOY_MARK_COLOURS,
  type DeploymentMark,
  isDeployMark,
  MAX_DRAWN_DEPLOYMENTS,
} from '../../../handlers/delivery/deploy-annotations';

const T0 = Date.parse('2026-11-23T10:00:00Z');
const MINUTE = 60_000;

/** A finished deployment of version `1.4.<n>`, `n` minutes after T0, that took 4 minutes. */
const finished = (n: number, outcome: DeploymentMark['outcome'] = 'succeeded'): DeploymentMark => ({
  id: `stack@${T0 + n * MINUTE}`,
  startedAt: T0 + n * MINUTE,
  endedAt: T0 + (n + 4) * MINUTE,
  outcome,
  version: `1.4.${n}`,
});

/** A graph as the dashboard generator writes it: a threshold line, no vertical annotation. */
const graph = (title: string, extra: Record<string, unknown> = {}): DashboardWidgetJson => ({
  type: 'metric',
  x: 0,
  y: 0,
  width: 12,
  height: 6,
  properties: {
    title,
    view: 'timeSeries',
    region: 'us-east-1',
    period: 60,
    metrics: [['AWS/ApiGateway', '5XXError', 'ApiName', 'dev-periscope-orders', 'Stage', 'dev']],
    annotations: { horizontal: [{ label: 'api-5xx-rate: critical > 5', value: 5, color: '#d62728', fill: 'above' }] },
    ...extra,
  },
});

const bodyOf = (...widgets: DashboardWidgetJson[]): DashboardBodyJson => ({ start: '-PT3H', periodOverride: 'inherit', widgets });
const verticalOf = (body: DashboardBodyJson, index = 0): unknown[] => [...(body.widgets?.[index]?.properties?.annotations?.vertical ?? [])];

/** Freezes a value and everything in it, so a write to it throws. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

describe('annotateDeployments', () => {
  it.each([
    ['succeeded', 'deploy: 1.4.0 succeeded', '#2ca02c'],
    ['rolled-back', 'deploy: 1.4.0 rolled back', '#ff7f0e'],
    ['failed', 'deploy: 1.4.0 failed', '#d62728'],
  ] as const)('draws a %s deployment as a band from its start to its end, labelled with its version and coloured by its outcome', (outcome, label, color) => {
    // Act
    const annotated = annotateDeployments(bodyOf(graph('API 5XX rate')), [finished(0, outcome)]);

    // Assess
    expect(verticalOf(annotated)).toEqual([[{ value: '2026-11-23T10:00:00.000Z', label, color, visible: true }, { value: '2026-11-23T10:04:00.000Z' }]]);
  });

  it('draws a running deployment as a line shaded after its start, labelled with its id when it has no version', () => {
    // Act
    const annotated = annotateDeployments(bodyOf(graph('API 5XX rate')), [{ id: 'codedeploy@d-8XKQ2', startedAt: T0 }]);

    // Assess
    expect(verticalOf(annotated)).toEqual([{ value: '2026-11-23T10:00:00.000Z', label: 'deploy: codedeploy@d-8XKQ2 running', color: DEPLOY_MARK_COLOURS.running, visible: true, fill: 'after' }]);
  });

  it('draws a deployment that ended as it started as a plain line, grey when its outcome is unknown', () => {
    // Act
    const annotated = annotateDeployments(bodyOf(graph('API 5XX rate')), [{ id: 'stack@1', startedAt: T0, endedAt: T0 }]);

    // Assess
    expect(verticalOf(annotated)).toEqual([{ value: '2026-11-23T10:00:00.000Z', label: 'deploy: stack@1 ended', color: '#7f7f7f', visible: true }]);
  });

  it('replaces its earlier marks, lines and bands, and keeps the thresholds, alarm annotations and a user’s own vertical lines', () => {
    // Prepare: a graph annotated before, where someone also marked a feature flag
    const flag = { value: '2026-11-23T09:30:00.000Z', label: 'flag: new checkout on', color: '#9467bd' };
    const before = annotateDeployments(bodyOf(graph('API 5XX rate', { annotations: { alarms: ['arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-dev-api-5xx'] } })), [
      finished(0),
      { id: 'stack@2', startedAt: T0 + 30 * MINUTE },
    ]);
    const edited = bodyOf({
      ...before.widgets![0]!,
      properties: { ...before.widgets![0]!.properties, annotations: { ...before.widgets![0]!.properties!.annotations, vertical: [flag, ...verticalOf(before)] } },
    });

    // Act
    const annotated = annotateDeployments(edited, [finished(40, 'rolled-back')]);

    // Assess
    expect(annotated.widgets?.[0]?.properties?.annotations).toEqual({
      alarms: ['arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-dev-api-5xx'],
      vertical: [flag, [{ value: '2026-11-23T10:40:00.000Z', label: 'deploy: 1.4.40 rolled back', color: '#ff7f0e', visible: true }, { value: '2026-11-23T10:44:00.000Z' }]],
    });
    expect(annotateDeployments(bodyOf(graph('API 5XX rate')), [finished(0)]).widgets?.[0]?.properties?.annotations?.horizontal).toEqual([
      { label: 'api-5xx-rate: critical > 5', value: 5, color: '#d62728', fill: 'above' },
    ]);
  });

  it(`draws only the ${MAX_DRAWN_DEPLOYMENTS} most recent deployments, oldest first, whatever order they come in`, () => {
    // Prepare: 14 deployments, 10 minutes apart, shuffled
    const marks = [7, 2, 13, 0, 11, 5, 9, 1, 12, 3, 8, 4, 10, 6].map((i) => finished(i * 10));

    // Act
    const annotated = annotateDeployments(bodyOf(graph('API 5XX rate')), marks);

    // Assess
    const labels = verticalOf(annotated).map((band) => (band as [{ label: string }])[0].label);
    expect(labels).toEqual([40, 50, 60, 70, 80, 90, 100, 110, 120, 130].map((n) => `deploy: 1.4.${n} succeeded`));
  });

  it('marks every graph, including one with no view set (a graph, by default) and one without annotations', () => {
    // Prepare
    const plain: DashboardWidgetJson = { type: 'metric', properties: { title: 'Invocations', metrics: [['AWS/Lambda', 'Invocations']] } };

    // Act
    const annotated = annotateDeployments(bodyOf(graph('API 5XX rate'), plain), [finished(0)]);

    // Assess
    expect(verticalOf(annotated, 0)).toHaveLength(1);
    expect(annotated.widgets?.[1]?.properties).toEqual({ title: 'Invocations', metrics: [['AWS/Lambda', 'Invocations']], annotations: { vertical: [verticalOf(annotated, 0)[0]] } });
  });

  it('leaves numbers, gauges, text, alarm status and log widgets, and the rest of the body, as they are', () => {
    // Prepare
    const others: DashboardWidgetJson[] = [
      { type: 'metric', properties: { title: 'Availability', view: 'singleValue', metrics: [] } },
      { type: 'metric', properties: { title: 'Budget left', view: 'gauge', metrics: [] } },
      { type: 'text', properties: { markdown: '# Orders' } },
      { type: 'alarm', properties: { title: 'Alarms', alarms: [] } },
      { type: 'log', properties: { title: 'Errors', query: 'fields @message' } },
    ];
    const body = bodyOf(...others);

    // Act
    const annotated = annotateDeployments(body, [finished(0)]);

    // Assess
    expect(annotated).toEqual(body);
    annotated.widgets?.forEach((widget, i) => {
      expect(widget).toBe(others[i]);
    });
  });

  it('does not change the body or the deployments it is given', () => {
    // Prepare
    const body = deepFreeze(bodyOf(graph('API 5XX rate', { annotations: { vertical: [{ value: '2026-11-22T10:00:00.000Z', label: 'deploy: 1.3.9 succeeded' }] } })));
    const marks = deepFreeze([finished(20), finished(0)]);
    const copy = JSON.stringify({ body, marks });

    // Act
    annotateDeployments(body, marks);

    // Assess
    expect(JSON.stringify({ body, marks })).toBe(copy);
  });

  it('gives back the same body when the dashboard already shows these deployments', () => {
    // Prepare
    const once = annotateDeployments(bodyOf(graph('API 5XX rate'), graph('Latency')), [finished(0), { id: 'stack@9', startedAt: T0 + 9 * MINUTE }]);

    // Act
    const twice = annotateDeployments(JSON.parse(JSON.stringify(once)), [{ id: 'stack@9', startedAt: T0 + 9 * MINUTE }, finished(0)]);

    // Assess
    expect(JSON.stringify(twice)).toBe(JSON.stringify(once));
  });

  it('clears its marks, and only its marks, when there are no deployments to draw', () => {
    // Prepare
    const flag = { value: '2026-11-23T09:30:00.000Z', label: 'flag: new checkout on' };
    const body = annotateDeployments(bodyOf(graph('API 5XX rate', { annotations: { vertical: [flag] } }), graph('Latency')), [finished(0)]);

    // Act
    const annotated = annotateDeployments(body, []);

    // Assess
    expect(verticalOf(annotated, 0)).toEqual([flag]);
    expect(verticalOf(annotated, 1)).toEqual([]);
    expect(annotateDeployments(bodyOf(graph('Latency')), []).widgets?.[0]).toEqual(graph('Latency'));
  });

  it('skips a deployment without a usable start instead of failing', () => {
    // Act
    const annotated = annotateDeployments(bodyOf(graph('API 5XX rate')), [{ id: 'stack@?', startedAt: Number.NaN }, finished(0)]);

    // Assess
    expect(verticalOf(annotated)).toHaveLength(1);
  });
});

describe('isDeployMark', () => {
  it.each([
    [{ value: '2026-11-23T10:00:00Z', label: 'deploy: 1.4.0 running' }, true],
    [[{ value: '2026-11-23T10:00:00Z', label: 'deploy: 1.4.0 failed' }, { value: '2026-11-23T10:04:00Z' }], true],
    [{ value: '2026-11-23T10:00:00Z', label: 'Deployment 1.4.0' }, false],
    [[{ value: '2026-11-23T10:00:00Z' }, { value: '2026-11-23T10:04:00Z', label: 'deploy: end' }], false],
    [{ value: '2026-11-23T10:00:00Z' }, false],
    ['deploy: text', false],
  ])('tells Periscope’s marks by the label of their first edge: %j → %s', (annotation, expected) => {
    expect(isDeployMark(annotation)).toBe(expected);
  });
});
