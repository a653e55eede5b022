import { LogQueries } from '../../../../src/runtime/log-queries';
import { LogBuffer } from '../../../../tools/preview/log-buffer';
import { runLogQuery } from '../../../../tools/preview/log-query';

const CREATE = 'periscope-orders-dev-createOrder';
const GET = 'periscope-orders-dev-getOrder';
const line = (fields: Record<string, unknown>): string => JSON.stringify({ level: 'INFO', service: 'orders', ...fields });
const sources = (...fns: string[]): string => fns.map((fn) => `SOURCE '/aws/lambda/${fn}'`).join(' | ');

describe('runLogQuery over the lines the handlers printed', () => {
  const buffer = new LogBuffer();
  beforeAll(() => {
    // Prepare
    [
      line({ message: 'request completed', function_name: CREATE, timestamp: '2026-11-22T20:00:01.000Z', correlation_id: 'c1', statusCode: 201, durationMs: 40 }),
      line({ message: 'request refused', function_name: CREATE, timestamp: '2026-11-22T20:00:02.000Z', correlation_id: 'c2', statusCode: 400 }),
      line({ message: 'request completed', function_name: GET, timestamp: '2026-11-22T20:00:03.000Z', correlation_id: 'c3', statusCode: 404, durationMs: 9 }),
      line({
        level: 'ERROR',
        message: 'request failed',
        function_name: GET,
        timestamp: '2026-11-22T20:00:04.000Z',
        correlation_id: 'c4',
        statusCode: 500,
        error: { name: 'ServiceUnavailable', message: 'DynamoDB down' },
      }),
      line({ message: 'request completed', function_name: GET, timestamp: '2026-11-22T20:00:05.000Z', correlation_id: 'c5', statusCode: 200, durationMs: 120 }),
      '{"_aws":{"Timestamp":1,"CloudWatchMetrics":[]},"function_name":"periscope-orders-dev-getOrder"}',
      'POST /orders (λ: createOrder)',
    ].forEach((l) => {
      buffer.add(l);
    });
  });

  it("answers the dashboards' failed-requests query: the errors, newest first, with the fields asked for", () => {
    // Act
    const table = runLogQuery(`${sources(CREATE, GET)} | ${LogQueries.errors.replaceAll('\n', ' ')}`, buffer);

    // Assess
    expect(table.notes).toEqual([]);
    expect(table.columns.slice(0, 4)).toEqual(['@timestamp', 'level', 'correlation_id', 'route']);
    expect(table.rows.map((row) => row[2])).toEqual(['c4']);
    expect(table.rows[0]?.[0]).toBe('2026-11-22 20:00:04.000');
    expect(table.rows[0]?.[table.columns.indexOf('error.message')]).toBe('DynamoDB down');
  });

  it('answers the slowest-requests query: sorted by duration, limited, only completed requests', () => {
    // Act
    const table = runLogQuery(`${sources(CREATE, GET)} | ${LogQueries.slowest.replace('limit 20', 'limit 2').replaceAll('\n', ' ')}`, buffer);

    // Assess
    expect(table.rows.map((row) => [row[1], row[3]])).toEqual([
      ['c5', '120'],
      ['c1', '40'],
    ]);
  });

  it("answers the saved request query: one correlation id's lines across functions, oldest first", () => {
    // Prepare: a second line of c4's request, in another function
    const story = new LogBuffer();
    [
      line({ message: 'order read', function_name: GET, timestamp: '2026-11-22T20:00:06.000Z', correlation_id: 'c9' }),
      line({ message: 'request completed', function_name: CREATE, timestamp: '2026-11-22T20:00:08.000Z', correlation_id: 'c9', statusCode: 201 }),
      line({ message: 'request completed', function_name: CREATE, timestamp: '2026-11-22T20:00:07.000Z', correlation_id: 'c8', statusCode: 201 }),
    ].forEach((l) => {
      story.add(l);
    });

    // Act
    const table = runLogQuery(`${sources(CREATE, GET)} | ${LogQueries.request('c9').replaceAll('\n', ' ')}`, story);

    // Assess
    expect(table.notes).toEqual([]);
    expect(table.rows.map((row) => row[table.columns.indexOf('message')])).toEqual(['order read', 'request completed']);
  });

  it("finds the SQS consumer's batch line that lists the request's id, and not one listing an id that only starts like it", () => {
    // Prepare
    const story = new LogBuffer();
    [
      line({ message: 'request completed', function_name: CREATE, timestamp: '2026-11-22T20:00:06.000Z', correlation_id: 'c9', statusCode: 201 }),
      line({ message: 'batch completed', function_name: 'orders-fulfil', timestamp: '2026-11-22T20:00:07.000Z', correlation_id: 'req-1', correlation_ids: ['c8', 'c9'] }),
      line({ message: 'batch completed', function_name: 'orders-fulfil', timestamp: '2026-11-22T20:00:08.000Z', correlation_id: 'req-2', correlation_ids: ['c90'] }),
    ].forEach((l) => {
      story.add(l);
    });

    // Act
    const table = runLogQuery(`${sources(CREATE, 'orders-fulfil')} | ${LogQueries.request('c9').replaceAll('\n', ' ')}`, story);

    // Assess
    expect(table.rows.map((row) => row[table.columns.indexOf('message')])).toEqual(['request completed', 'batch completed']);
  });

  it('keeps a correlation id a quoted literal in the request query, and a placeholder when none is given', () => {
    expect(LogQueries.request('a"b')).toContain('| filter correlation_id = "a\\"b" or @message like "\\"a\\\\\\"b\\""');
    expect(LogQueries.request()).toContain('| filter correlation_id = "<x-correlation-id>" or @message like "\\"<x-correlation-id>\\""');
  });

  it('reads only the log groups the query names', () => {
    // Act
    const table = runLogQuery(`${sources(CREATE)} | fields correlation_id | filter statusCode >= 400 and not level = "ERROR"`, buffer);

    // Assess
    expect(table.logGroups).toEqual([`/aws/lambda/${CREATE}`]);
    expect(table.rows).toEqual([['c2']]);
  });

  it.each([
    ['like with a case-insensitive regex', 'filter message like /(?i)REFUSED/', ['c2']],
    ['not like with a string', 'filter message not like "request completed"', ['c4', 'c2']],
    ['ispresent and parentheses', 'filter ispresent(error.name) or (statusCode = 404 and durationMs < 10)', ['c4', 'c3']],
    ['inequality on a string', 'filter level != "INFO"', ['c4']],
  ])('filters with %s', (_what, filter, expected) => {
    expect(runLogQuery(`${sources(CREATE, GET)} | fields correlation_id | ${filter}`, buffer).rows.map((row) => row[0])).toEqual(expected);
  });

  it('shows no rows, and says why, for a command it does not run', () => {
    // Act
    const table = runLogQuery(`${sources(CREATE, GET)} | filter @type = "REPORT" | stats count() as coldStarts by @log`, buffer);

    // Assess
    expect(table.notes).toEqual(["not previewable locally: `stats` is not run here; in CloudWatch this widget shows the query's result"]);
    expect(table.rows).toEqual([]);
  });

  it('shows no rows, and says why, for a filter it cannot read', () => {
    // Act
    const table = runLogQuery(`${sources(GET)} | filter strlen(message) > 3`, buffer);

    // Assess
    expect(table.notes[0]).toMatch(/^not previewable locally: filter "strlen\(message\) > 3" uses "\(", which the local runner does not support/);
    expect(table.rows).toEqual([]);
  });

  it('keeps only JSON lines of a function, not EMF or serverless-offline lines', () => {
    // Assess
    expect(buffer.records([`/aws/lambda/${CREATE}`, `/aws/lambda/${GET}`])).toHaveLength(5);
  });
});
