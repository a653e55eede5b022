import type { DashboardBody, GeneratedDashboard } from '../../../../dashboards/types';

const API = ['AWS/ApiGateway', 'Count', 'ApiName', 'dev-periscope-orders', 'Stage', 'dev'] as const;
const ERRORS = ['AWS/ApiGateway', '5XXError', 'ApiName', 'dev-periscope-orders', 'Stage', 'dev'] as const;
const GROUPS = "SOURCE '/aws/lambda/periscope-orders-dev-createOrder' | SOURCE '/aws/lambda/periscope-orders-dev-getOrder'";

/** A hand-written dashboard body with every widget form the generator uses, tokens included. */
export const fixtureBody: DashboardBody = {
  start: '-PT3H',
  periodOverride: 'inherit',
  widgets: [
    {
      type: 'text',
      x: 0,
      y: 0,
      width: 24,
      height: 2,
      properties: { markdown: '# orders\n**Bold** [docs](https://${AWS::Region}.example.com) <script>alert(1)</script>\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |' },
    },
    {
      type: 'alarm',
      x: 0,
      y: 2,
      width: 24,
      height: 3,
      properties: {
        title: 'Alarms',
        alarms: [
          'arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:orders-dev-critical',
          'arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:orders-dev-api-5xx-rate-critical',
        ],
      },
    },
    {
      type: 'metric',
      x: 0,
      y: 5,
      width: 12,
      height: 6,
      properties: {
        title: 'Availability',
        view: 'timeSeries',
        region: '${AWS::Region}',
        period: 60,
        metrics: [
          [...ERRORS, { id: 'errors', stat: 'Sum', visible: false }],
          [...API, { id: 'requests', stat: 'Sum', visible: false }],
          [{ id: 'availability', expression: '100 * (1 - FILL(errors, 0) / requests)', label: 'Availability (%)' }],
          [{ id: 'burn', expression: 'IF(requests > 0, MAX([errors, requests]) - MIN([errors, requests]), 0)', label: 'ok requests' }],
          [{ id: 'total', expression: 'RUNNING_SUM(requests)', label: 'requests so far' }],
        ],
        annotations: { horizontal: [{ label: 'SLO target', value: 99.9 }] },
        yAxis: { left: { max: 100, label: '%' } },
      },
    },
    {
      type: 'metric',
      x: 12,
      y: 5,
      width: 6,
      height: 6,
      properties: { title: 'Requests, whole range', view: 'singleValue', setPeriodToTimeRange: true, region: '${AWS::Region}', period: 3600, metrics: [[...API, { stat: 'Sum', label: 'requests' }]] },
    },
    {
      type: 'metric',
      x: 18,
      y: 5,
      width: 6,
      height: 6,
      properties: {
        title: 'Order value by currency',
        view: 'timeSeries',
        stacked: true,
        region: '${AWS::Region}',
        period: 300,
        metrics: [[{ id: 'm0', expression: `SEARCH('{Periscope/Orders,service,currency} MetricName="OrderValue"', 'Sum', 300)`, label: 'OrderValue' }]],
      },
    },
    {
      type: 'metric',
      x: 0,
      y: 11,
      width: 12,
      height: 6,
      properties: {
        title: 'Latency and throttles',
        view: 'timeSeries',
        region: '${AWS::Region}',
        period: 60,
        stat: 'p99',
        metrics: [
          ['AWS/ApiGateway', 'Latency', 'ApiName', 'dev-periscope-orders', 'Stage', 'dev'],
          ['AWS/Lambda', 'Throttles', 'FunctionName', 'periscope-orders-dev-createOrder', { stat: 'Sum' }],
          [{ id: 'band', expression: 'ANOMALY_DETECTION_BAND(m1, 2)', label: 'expected' }],
        ],
      },
    },
    {
      type: 'log',
      x: 12,
      y: 11,
      width: 12,
      height: 6,
      properties: {
        title: 'Failed requests',
        region: '${AWS::Region}',
        view: 'table',
        query: `${GROUPS} | fields @timestamp, level, statusCode, correlation_id | filter level = "ERROR" or statusCode >= 400 | sort @timestamp desc | limit 5`,
      },
    },
    { type: 'log', x: 0, y: 17, width: 24, height: 6, properties: { title: 'Per route', region: '${AWS::Region}', view: 'table', query: `${GROUPS} | stats count() by route` } },
  ],
};

/** The fixture as the generator returns a dashboard. */
export const fixtureDashboard: GeneratedDashboard = { name: 'orders-dev-fixture', body: fixtureBody };
