import type { CapturedRequest } from '../../../../tools/bench/log-bytes-worker';
import { LogBytesError, logFiguresOf } from '../../../../tools/bench/logs';

const emf = (metric: string, dimensions: Record<string, string> = {}): string =>
  JSON.stringify({
    _aws: { Timestamp: 1, CloudWatchMetrics: [{ Namespace: 'Periscope/Orders', Dimensions: [['service', ...Object.keys(dimensions)]], Metrics: [{ Name: metric, Unit: 'Count' }] }] },
    service: 'orders',
    ...dimensions,
    [metric]: 1,
  });
const completed = JSON.stringify({ level: 'INFO', message: 'request completed' });

describe('the logs figures', () => {
  it('averages measured requests only, takes the larger route, and counts series over every request', () => {
    // Prepare
    const requests: CapturedRequest[] = [
      { route: 'post', measured: false, status: 201, lines: [emf('ColdStart', { function_name: 'createOrder' }), completed] },
      { route: 'post', measured: true, status: 201, lines: [emf('OrderCreated'), completed] },
      { route: 'get', measured: true, status: 200, lines: [completed] },
    ];

    // Act
    const figures = logFiguresOf(requests);

    // Assess
    const postBytes = emf('OrderCreated').length + 1 + completed.length + 1;
    expect(figures.post).toEqual({ bytes: postBytes, lines: 2, emfBlobs: 1 });
    expect(figures.get).toEqual({ bytes: completed.length + 1, lines: 1, emfBlobs: 0 });
    expect(figures.logBytesPerRequest).toBe(postBytes);
    expect(figures.emfSeries).toBe(2);
  });

  it('refuses a measured request that did not succeed, naming its route and status', () => {
    // Prepare
    const requests: CapturedRequest[] = [
      { route: 'post', measured: true, status: 201, lines: [completed] },
      { route: 'get', measured: true, status: 404, lines: [completed] },
    ];

    // Act & Assess
    expect(() => logFiguresOf(requests)).toThrow(LogBytesError);
    expect(() => logFiguresOf(requests)).toThrow('a measured GET request answered 404, not 200');
  });
});
