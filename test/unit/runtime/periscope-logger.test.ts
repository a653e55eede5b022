import { LogFormatter } from '@aws-lambda-powertools/logger';
import { boundedJson } from '../../../src/runtime/logging/bounded-json';
import { MAX_LOG_LINE_BYTES, PeriscopeLogger } from '../../../src/runtime/logging/periscope-logger';
import { PeriscopeLogFormatter } from '../../../src/runtime/logging/log-formatter';
import { type CapturedOutput, captureOutput } from '../../support/capture-stdout';

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
    const broken = { toJSON: () => { throw new RangeError('bad date'); } };
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

  it('makes children that are just as safe', () => {
    const child = logger.createChild({ serviceName: 'orders-child' });
    expect(child).toBeInstanceOf(PeriscopeLogger);
    expect(() => child.info('x', { order: withThrowingGetter() })).not.toThrow();
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
