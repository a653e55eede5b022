import { LogFormatter, Logger, LogItem } from '@aws-lambda-powertools/logger';
import { PeriscopeLogFormatter } from '../../../src/runtime/logging/log-formatter';
import { lambdaContext } from '../../../tools/emulators/lambda-sandbox/lambda-context';
import { type CapturedOutput, captureOutput } from '../../support/capture-stdout';

/** A formatter with Powertools' own timestamps, to compare against. */
class StockFormatter extends LogFormatter {
  public formatAttributes(): LogItem {
    return new LogItem({ attributes: {} });
  }
}

describe('PeriscopeLogFormatter', () => {
  let output: CapturedOutput;
  const savedTraceId = process.env._X_AMZN_TRACE_ID;
  beforeEach(() => {
    output = captureOutput();
    process.env._X_AMZN_TRACE_ID = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';
  });
  afterEach(() => {
    output.restore();
    process.env._X_AMZN_TRACE_ID = savedTraceId;
  });

  it('writes what queries and dashboards read, without the ARN and memory size every line repeated', () => {
    // Prepare
    const logger = new Logger({ serviceName: 'orders', logFormatter: new PeriscopeLogFormatter() });
    logger.addContext(lambdaContext({ functionName: 'periscope-orders-dev-createOrder', requestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678' }));
    logger.appendKeys({ correlation_id: 'corr-1' });

    // Act
    logger.info('request completed', { statusCode: 201 });

    // Assess
    const [line] = output.json();
    expect(line).toEqual({
      level: 'INFO',
      message: 'request completed',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      service: 'orders',
      cold_start: expect.any(Boolean),
      function_name: 'periscope-orders-dev-createOrder',
      function_request_id: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
      xray_trace_id: '1-5759e988-bd862e3fe1be46a994272793',
      correlation_id: 'corr-1',
      statusCode: 201,
    });
  });

  it('writes the timestamps Powertools writes, in UTC as Lambda runs and with the offset of another time zone', () => {
    // Prepare
    const now = new Date('2026-12-02T21:50:01.123Z');
    const savedTz = process.env.TZ;
    const stamps = (tz: string | undefined) => {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
      return [new PeriscopeLogFormatter().formatTimestamp(now), new StockFormatter().formatTimestamp(now)];
    };

    // Act
    const cases = [stamps(':UTC'), stamps(undefined), stamps('Europe/Paris')];
    stamps(savedTz);

    // Assess
    for (const [periscope, powertools] of cases) expect(periscope).toBe(powertools);
    expect(cases.slice(0, 2).map(([periscope]) => periscope)).toEqual(['2026-12-02T21:50:01.123Z', '2026-12-02T21:50:01.123Z']);
    expect(cases[2]?.[0]).not.toMatch(/Z$/);
  });

  it('keeps sampling_rate when debug sampling is on', () => {
    const logger = new Logger({ serviceName: 'orders', sampleRateValue: 1, logFormatter: new PeriscopeLogFormatter() });
    logger.info('sampled');
    expect(output.json().find((line) => line.message === 'sampled')).toMatchObject({ sampling_rate: 1 });
  });

  it('still formats errors as Powertools does', () => {
    const logger = new Logger({ serviceName: 'orders', logFormatter: new PeriscopeLogFormatter() });
    logger.error('request failed', new RangeError('out of range'));
    expect(output.json()[0]).toMatchObject({ level: 'ERROR', error: { name: 'RangeError', message: 'out of range', stack: expect.any(String) } });
  });
});
