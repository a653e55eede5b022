import { LogFormatter } from '@aws-lambda-powertools/logger';
import { boundedJson } from '../../../src/runtime/logging/bounded-json';
import { PeriscopeLogFormatter } from '../../../src/runtime/logging/log-formatter';
import { MAX_LOG_LINE_BYTES, PeriscopeLogger } from '../../../src/runtime/logging/periscope-logger';
import { type CapturedOutput, captureOutput } from '../../support/capture-stdout';
import { lambdaContext } from '../../support/lambda';

/** An object whose `secret` getter throws, as a proxy or a lazy ORM entity can. */
const withThrowingGetter = () =>
  Object.defineProperty({ id: 'o-1' }, 'secret', {
    enumerable: true,
    get() {
      throw new Error('not loaded');
    },
  });

describe('PeriscopeLogger', () => {
  let output: CapturedOutput;
  let logger: PeriscopeLogger;
  beforeEach(() => {
    output = captureOutput();
    logger = new PeriscopeLogger({ serviceName: 'orders', logFormatter: new PeriscopeLogFormatter() });
  });
  afterEach(() => output.restore());

  const lines = () => [...output.stdout, ...output.stderr];

  it('writes a circular object and a BigInt without throwing', () => {
    // Prepare
    const order: Record<string, unknown> = { id: 'o-1', total: 10n ** 30n };
    order.self = order;

    // Act
    logger.info('order', { order });

    // Assess
    expect(output.json()[0]).toMatchObject({ message: 'order', order: { id: 'o-1', total: '1000000000000000000000000000000' } });
  });

  it('writes around a getter that throws, marking the field, and keeps the rest', () => {
    // Act
    expect(() => logger.info('order', { order: withThrowingGetter(), route: 'POST /orders' })).not.toThrow();

    // Assess
    expect(output.json()[0]).toMatchObject({ level: 'INFO', message: 'order', route: 'POST /orders', order: { id: 'o-1', secret: '[Unreadable: Error: not loaded]' } });
  });

  it('writes around a toJSON that throws', () => {
    const broken = {
      toJSON: () => {
        throw new RangeError('bad date');
      },
    };
    logger.warn('when', { at: broken });
    expect(output.json()[0]).toMatchObject({ level: 'WARN', message: 'when', at: '[Unreadable: RangeError: bad date]' });
  });

  it('keeps a 1 MB string under the CloudWatch event limit, cut and marked', () => {
    // Act
    logger.info('request body', { body: 'x'.repeat(1024 * 1024), correlation_id: 'c-1' });

    // Assess
    const [line] = lines();
    expect(Buffer.byteLength(line ?? '')).toBeLessThanOrEqual(MAX_LOG_LINE_BYTES);
    const parsed = JSON.parse(line ?? '{}');
    expect(parsed).toMatchObject({ message: 'request body', correlation_id: 'c-1', log_truncated: ['body'] });
    expect(parsed.body).toMatch(/…\[cut \d+ of 1048576 chars\]$/);
  });

  it('keeps only the essential keys when a line is huge in many small pieces', () => {
    // Act
    logger.info('many', { rows: Array.from({ length: 40_000 }, (_, i) => ({ i, note: 'n'.repeat(20) })) });

    // Assess
    const [line] = lines();
    expect(Buffer.byteLength(line ?? '')).toBeLessThanOrEqual(MAX_LOG_LINE_BYTES);
    expect(JSON.parse(line ?? '{}')).toMatchObject({ level: 'INFO', message: 'many', service: 'orders', log_truncated: expect.arrayContaining(['rows']) });
  });

  it('writes a line saying why when the log call itself fails, instead of throwing', () => {
    // Prepare: a formatter that throws, as a buggy custom one would
    class BrokenFormatter extends LogFormatter {
      public formatAttributes(): never {
        throw new Error('formatter bug');
      }
    }
    const broken = new PeriscopeLogger({ serviceName: 'orders', logFormatter: new BrokenFormatter() });

    // Act
    expect(() => broken.error('payment failed')).not.toThrow();

    // Assess
    expect(output.json()[0]).toMatchObject({ level: 'ERROR', message: 'payment failed', log_fault: 'Error: formatter bug' });
  });

  describe('a child (createChild)', () => {
    // A parent as withObservability leaves it mid-invocation: a persistent key and the Lambda context.
    beforeEach(() => {
      logger.appendPersistentKeys({ team: 'checkout' });
      logger.addContext(lambdaContext('periscope-orders-test-createOrder'));
    });

    it("writes the parent's service, context and keys beside its own, through the parent's formatter, masked", () => {
      // Prepare
      const child = logger.createChild({ persistentKeys: { component: 'payments' } });
      const order: Record<string, unknown> = { id: 'o-2', payer: 'ann@example.com', total: 10n ** 30n };
      order.self = order;

      // Act
      child.info('charged', { order });

      // Assess: exactly these keys, so no function_arn, function_memory_size or sampling_rate
      expect(output.json()).toEqual([
        {
          level: 'INFO',
          message: 'charged',
          timestamp: expect.any(String),
          service: 'orders',
          cold_start: expect.any(Boolean),
          function_name: 'periscope-orders-test-createOrder',
          function_request_id: expect.any(String),
          team: 'checkout',
          component: 'payments',
          // The cycle is left out and the BigInt written as a string, as the parent writes them
          order: { id: 'o-2', payer: '***@example.com', total: '1000000000000000000000000000000' },
        },
      ]);
    });

    it('writes around a getter that throws exactly as the parent does, instead of throwing', () => {
      // Prepare
      const child = logger.createChild();

      // Act
      logger.info('charged', { payment: withThrowingGetter() });
      child.info('charged', { payment: withThrowingGetter() });

      // Assess
      const [parentLine, childLine] = output.json().map((line) => ({ ...line, timestamp: 'when written' }));
      expect(childLine).toMatchObject({ level: 'INFO', message: 'charged', payment: { id: 'o-1', secret: '[Unreadable: Error: not loaded]' }, log_fault: 'Error: not loaded' });
      expect(childLine).toEqual(parentLine);
      // The line still carries what queries find it by: the service, the function and the parent's keys
      expect(childLine).toMatchObject({ service: 'orders', function_name: 'periscope-orders-test-createOrder', team: 'checkout' });
    });
  });
});

describe('boundedJson', () => {
  it('lists what it cut and never exceeds the limit', () => {
    const { json, cut } = boundedJson({ message: 'm', a: 'y'.repeat(10_000), b: { c: 'z'.repeat(10_000) } }, { maxBytes: 2000 });
    expect(Buffer.byteLength(json)).toBeLessThanOrEqual(2000);
    expect(cut).toEqual(['a', 'b.c']);
    expect(JSON.parse(json)).toMatchObject({ message: 'm', log_truncated: ['a', 'b.c'] });
  });

  it('marks what is nested too deep', () => {
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 20; i += 1) deep = { deep };
    expect(boundedJson({ deep }, { maxBytes: 10_000, maxDepth: 3 }).json).toContain('[Depth limit]');
  });
});
