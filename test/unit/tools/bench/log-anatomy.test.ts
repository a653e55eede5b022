import { FigureError } from '../../../../tools/bench/figures';
import { averageOutput, bytesByField, bytesByLineKind, emfSeriesOf, isEmfLine, lineBytes, lineKindOf } from '../../../../tools/bench/log-anatomy';

const emf = (currency: string): string =>
  JSON.stringify({
    _aws: { Timestamp: 1, CloudWatchMetrics: [{ Namespace: 'Periscope/Orders', Dimensions: [['service', 'currency']], Metrics: [{ Name: 'OrderValue', Unit: 'None' }] }] },
    service: 'orders',
    currency,
    OrderValue: 20,
  });
const log = JSON.stringify({ level: 'INFO', message: 'request completed', route: 'POST /orders' });

describe('reading what a request wrote', () => {
  it('counts a line as its UTF-8 bytes and its newline', () => {
    expect(lineBytes('abc')).toBe(4);
    expect(lineBytes('€')).toBe(4); // three bytes in UTF-8
  });

  it('names one series per namespace, dimension values and metric of an EMF blob', () => {
    // Act
    const series = [emf('EUR'), emf('USD'), emf('EUR'), log].flatMap(emfSeriesOf);

    // Assess
    expect(new Set(series)).toEqual(new Set(['Periscope/Orders|currency=EUR,service=orders|OrderValue', 'Periscope/Orders|currency=USD,service=orders|OrderValue']));
    expect([isEmfLine(emf('EUR')), isEmfLine(log), isEmfLine('not json')]).toEqual([true, false, false]);
  });

  it('averages bytes, lines and EMF blobs per request', () => {
    // Prepare
    const requests = [[log, emf('EUR')], [log]];

    // Act
    const output = averageOutput(requests);

    // Assess
    expect(output).toEqual({ bytes: (2 * (log.length + 1) + emf('EUR').length + 1) / 2, lines: 1.5, emfBlobs: 0.5 });
  });

  it('breaks a request down by line kind and by field, the parts summing to its bytes', () => {
    // Prepare
    const requests = [[log, emf('EUR'), 'plain text']];
    const total = averageOutput(requests).bytes;

    // Act
    const lines = bytesByLineKind(requests);
    const fields = bytesByField(requests);

    // Assess
    expect(lines.map((part) => part.part)).toEqual(['EMF OrderValue', 'log "request completed"', 'text']);
    expect(lines.reduce((sum, part) => sum + part.bytes, 0)).toBe(total);
    expect(fields.reduce((sum, part) => sum + part.bytes, 0)).toBe(total);
    expect(fields[0]?.part).toBe('_aws');
    expect(fields.find((part) => part.part === 'route')?.bytes).toBe('"route":"POST /orders"'.length);
    expect(lineKindOf('[1,2]')).toBe('text');
  });

  it('refuses to average no requests', () => {
    expect(() => averageOutput([])).toThrow(FigureError);
  });
});
