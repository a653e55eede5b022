import type { CapturedBatch, CapturedRequest } from '../../../../tools/bench/log-bytes-worker';
import { LogBytesError, logFiguresOf } from '../../../../tools/bench/logs';

const emf = (metric: string, dimensions: Record<string, string> = {}): string =>
  JSON.stringify({
    _aws: { Timestamp: 1, CloudWatchMetrics: [{ Namespace: 'Periscope/Orders', Dimensions: [['service', ...Object.keys(dimensions)]], Metrics: [{ Name: metric, Unit: 'Count' }] }] },
    service: 'orders',
    ...dimensions,
    [metric]: 1,
  });
const completed = JSON.stringify({ level: 'INFO', message: 'request completed' });
const processed = JSON.stringify({ level: 'INFO', message: 'record processed' });
const batchCompleted = JSON.stringify({ level: 'INFO', message: 'batch completed' });
const bytes = (lines: readonly string[]): number => lines.reduce((sum, line) => sum + line.length + 1, 0);

/** fulfilOrder batches: a warm-up, one measured batch of 1 and one of 10. */
const batch = (records: number, measured = true, failed = 0): CapturedBatch => ({
  route: 'fulfil',
  measured,
  records,
  failed,
  lines: [...Array(records).fill(processed), emf('OrderFulfilled'), batchCompleted],
});
const BATCHES: CapturedRequest[] = [{ ...batch(1, false), lines: [emf('ColdStart', { function_name: 'fulfilOrder' }), ...batch(1).lines] }, batch(1), batch(10)];

describe('the logs figures', () => {
  it('averages measured requests only, takes the larger route, and counts series over every request', () => {
    // Prepare
    const requests: CapturedRequest[] = [
      { route: 'post', measured: false, status: 201, lines: [emf('ColdStart', { function_name: 'createOrder' }), completed] },
      { route: 'post', measured: true, status: 201, lines: [emf('OrderCreated'), completed] },
      { route: 'get', measured: true, status: 200, lines: [completed] },
      ...BATCHES,
    ];

    // Act
    const figures = logFiguresOf(requests);

    // Assess
    const postBytes = bytes([emf('OrderCreated'), completed]);
    expect(figures.post).toEqual({ bytes: postBytes, lines: 2, emfBlobs: 1 });
    expect(figures.get).toEqual({ bytes: completed.length + 1, lines: 1, emfBlobs: 0 });
    expect(figures.logBytesPerRequest).toBe(postBytes);
    expect(figures.emfSeries).toBe(4);
  });

  it("adds each order's share of a full fulfilOrder batch to the POST, and prices the larger of that and a GET", () => {
    // Act
    const figures = logFiguresOf([{ route: 'post', measured: true, status: 201, lines: [completed] }, { route: 'get', measured: true, status: 200, lines: [completed] }, ...BATCHES]);

    // Assess
    const full = bytes(batch(10).lines);
    expect(figures.fulfil).toEqual({
      batchOf1: { bytes: bytes(batch(1).lines), lines: 3, emfBlobs: 1 },
      batchOfFull: { bytes: full, lines: 12, emfBlobs: 1 },
      fullBatch: 10,
      bytesPerMessage: full / 10,
    });
    expect(figures.orderBytes).toBeCloseTo(completed.length + 1 + full / 10, 1);
    expect(figures.pricedBytesPerRequest).toBe(figures.orderBytes);
  });

  it('refuses a measured request that did not succeed, naming its route and status', () => {
    // Prepare
    const requests: CapturedRequest[] = [{ route: 'post', measured: true, status: 201, lines: [completed] }, { route: 'get', measured: true, status: 404, lines: [completed] }, ...BATCHES];

    // Act & Assess
    expect(() => logFiguresOf(requests)).toThrow(LogBytesError);
    expect(() => logFiguresOf(requests)).toThrow('a measured GET request answered 404, not 200');
  });

  it('refuses a measured fulfilOrder batch that failed a record, and a run without a full batch', () => {
    // Prepare
    const api: CapturedRequest[] = [
      { route: 'post', measured: true, status: 201, lines: [completed] },
      { route: 'get', measured: true, status: 200, lines: [completed] },
    ];

    // Act & Assess
    expect(() => logFiguresOf([...api, batch(1), batch(10, true, 1)])).toThrow('a measured fulfilOrder batch of 10 reported 1 failed');
    expect(() => logFiguresOf([...api, batch(1)])).toThrow('no measured fulfilOrder batch of 10 messages');
  });
});
